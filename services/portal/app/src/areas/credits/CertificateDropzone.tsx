import '@mantine/dropzone/styles.css';

import { Anchor, Button, Group, Progress, Stack, Text } from '@mantine/core';
import { Dropzone, type FileRejection, MIME_TYPES } from '@mantine/dropzone';
import { useId, useRef, useState } from 'react';

import { ApiError } from '../../api/api-client';
import { certificateUrl, uploadCertificate, type UploadedCertificate } from './credits-api';

/** The credits service's limit (services/credits, certificate-limits.ts). */
const MAX_BYTES = 10 * 1024 * 1024;
const ACCEPTED = [MIME_TYPES.pdf, MIME_TYPES.png, MIME_TYPES.jpeg];

export function rejectionMessage(rejection: FileRejection): string {
  const name = rejection.file.name;
  const codes = rejection.errors.map((error) => error.code);
  if (codes.includes('file-invalid-type')) return `${name} is not a PDF, PNG or JPEG file.`;
  if (codes.includes('file-too-large')) return `${name} is larger than 10 MB. Scan it at a lower resolution.`;
  if (codes.includes('too-many-files')) return 'Choose one file.';
  return `${name} cannot be uploaded.`;
}

/**
 * A certificate file dropped or chosen, uploaded at once with its progress shown; `onChange` gets it once it is
 * on file. Type and size are checked here first; the service checks the content and says why it refuses one.
 */
export function CertificateDropzone({
  certificate,
  onChange,
  onUploading,
  error: fieldError,
  upload = uploadCertificate,
}: {
  certificate: (UploadedCertificate & { name: string }) | undefined;
  onChange: (certificate: (UploadedCertificate & { name: string }) | undefined) => void;
  onUploading: (uploading: boolean) => void;
  error?: string;
  upload?: typeof uploadCertificate;
}) {
  const [progress, setProgress] = useState<number>();
  const [error, setError] = useState<string>();
  const hintId = useId();
  const openPicker = useRef<() => void>(null);
  const errorId = useId();
  const shownError = error ?? fieldError;

  async function send(file: File) {
    setError(undefined);
    onChange(undefined);
    setProgress(0);
    onUploading(true);
    try {
      const uploaded = await upload(file, setProgress);
      onChange({ ...uploaded, name: file.name });
    } catch (failure) {
      setError(failure instanceof ApiError ? failure.message : `${file.name} could not be uploaded.`);
    } finally {
      setProgress(undefined);
      onUploading(false);
    }
  }

  return (
    <Stack gap="xs">
      <Text fw={500} size="sm">
        Certificate (optional)
      </Text>
      <Dropzone
        onDrop={(files) => files[0] && void send(files[0])}
        onReject={(rejections) => {
          onChange(undefined);
          setError(rejectionMessage(rejections[0]));
        }}
        accept={ACCEPTED}
        maxSize={MAX_BYTES}
        multiple={false}
        loading={progress !== undefined}
        // The area is for the mouse; keyboard users have the button below (a focusable area holding the
        // file input would be a control nested in a control).
        activateOnKeyboard={false}
        openRef={openPicker}
        inputProps={{ 'aria-label': 'Certificate file' }}
        data-testid="certificate-dropzone"
        style={shownError ? { borderColor: 'var(--mantine-color-red-8)' } : undefined}
      >
        <Text ta="center" size="sm" id={hintId} py="md">
          Drop the certificate here or click to choose it: PDF, PNG or JPEG, up to 10 MB.
        </Text>
      </Dropzone>
      <div>
        <Button
          variant="default"
          size="xs"
          onClick={() => openPicker.current?.()}
          disabled={progress !== undefined}
          aria-describedby={shownError ? `${hintId} ${errorId}` : hintId}
        >
          Choose a certificate file
        </Button>
      </div>
      {progress !== undefined && (
        <Progress value={progress * 100} aria-label="Certificate upload progress" size="md" animated />
      )}
      {shownError && (
        <Text c="red.8" size="sm" id={errorId} role="alert">
          {shownError}
        </Text>
      )}
      {certificate && (
        <Group gap="xs" data-testid="certificate-on-file">
          <Text size="sm">
            On file:{' '}
            <Anchor href={certificateUrl(certificate.id)} target="_blank" rel="noopener">
              {certificate.name}
            </Anchor>
          </Text>
          <Button variant="subtle" size="compact-sm" onClick={() => onChange(undefined)}>
            Remove
          </Button>
        </Group>
      )}
    </Stack>
  );
}
