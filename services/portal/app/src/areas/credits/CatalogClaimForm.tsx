import { Alert, Button, Group, Stack, Text, Title } from '@mantine/core';
import { useEffect, useRef } from 'react';

import { ClaimFields } from './ClaimFields';
import { type ClaimDraft, localToday, validateClaim } from './claim-draft';
import { type Course, labelOf, type NewCredit, type Vocabularies } from './credits-api';
import { useClaimForm } from './use-claim-form';
import { type Submission } from './use-record-credit';

export const draftForCourse = (course: Course): ClaimDraft => ({
  completedOn: course.endsOn && course.endsOn <= localToday() ? course.endsOn : '',
  rows: course.credits.map((credit) => ({ type: credit.type, amount: credit.amount, max: credit.amount })),
  topicHours: {},
});

/** The claim of one catalog course: the date, the amounts (the designated ones to start with), topic hours. */
export function CatalogClaimForm({
  course,
  vocabularies,
  submission,
  onSubmit,
  onCancel,
}: {
  course: Course;
  vocabularies: Vocabularies;
  submission: Submission;
  onSubmit: (credit: NewCredit) => void;
  onCancel: () => void;
}) {
  const claim = useClaimForm(() => draftForCourse(course), submission.error);
  // The search results the course was picked from are gone: keyboard and screen reader users start here.
  const heading = useRef<HTMLHeadingElement>(null);
  useEffect(() => heading.current?.focus(), []);

  return (
    <Stack
      // The form's own messages stand next to the fields, not the browser's bubbles.
      renderRoot={(props) => <form noValidate {...props} />}
      gap="sm"
      aria-labelledby="claim-heading"
      onSubmit={(event) => {
        event.preventDefault();
        if (claim.check(validateClaim(claim.draft, localToday())))
          onSubmit({ courseId: course.id, completedOn: claim.body.completedOn, claimed: claim.body.claimed });
      }}
    >
      <div>
        <Title order={2} size="h3" id="claim-heading" ref={heading} tabIndex={-1}>
          Claim: {course.title}
        </Title>
        <Text size="sm" c="gray.7">
          {course.provider.name} ·{' '}
          {course.credits.map((c) => `${c.amount} ${labelOf(vocabularies.creditTypes, c.type)}`).join(', ')}
        </Text>
      </div>
      <ClaimFields {...claim.fields} vocabularies={vocabularies} topicCodes={course.topics} fixedTypes />
      {submission.error && (
        <Alert color="red" title="The credit was not recorded" role="alert">
          {submission.error.message}
        </Alert>
      )}
      <Group gap="sm">
        <Button type="submit" loading={submission.submitting}>
          Record this credit
        </Button>
        <Button variant="default" onClick={onCancel}>
          Choose another course
        </Button>
      </Group>
    </Stack>
  );
}
