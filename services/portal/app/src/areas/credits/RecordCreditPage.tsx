import { SegmentedControl, Stack, Text, Title } from '@mantine/core';
import { useState } from 'react';

import { useResource } from '../../api/use-resource';
import { ErrorNotice, Loading } from '../../components/LoadState';
import { CatalogClaimForm } from './CatalogClaimForm';
import { CatalogSearch } from './CatalogSearch';
import { type Course, loadVocabularies, type Vocabularies } from './credits-api';
import { OutsideCreditForm } from './OutsideCreditForm';
import { useRecordCredit } from './use-record-credit';

type Way = 'catalog' | 'outside';

/** `/credits/new`: a catalog course claimed, or an activity outside the catalog with its certificate. */
export function RecordCreditPage() {
  const [vocabularies, reload] = useResource(loadVocabularies);
  const [way, setWay] = useState<Way>('catalog');
  return (
    <Stack gap="md">
      <Title order={1} size="h2">
        Record a credit
      </Title>
      <SegmentedControl
        aria-label="What you completed"
        value={way}
        onChange={(value) => setWay(value as Way)}
        data={[
          { value: 'catalog', label: 'A catalog course' },
          { value: 'outside', label: 'An outside activity' },
        ]}
        style={{ alignSelf: 'flex-start', maxWidth: '100%' }}
      />
      {vocabularies.state === 'loading' && <Loading label="Loading the form" />}
      {vocabularies.state === 'error' && (
        <ErrorNotice message={vocabularies.error.message} onRetry={reload} />
      )}
      {vocabularies.state === 'ready' &&
        (way === 'catalog' ? (
          <CatalogClaim vocabularies={vocabularies.data} />
        ) : (
          <OutsideActivity vocabularies={vocabularies.data} />
        ))}
    </Stack>
  );
}

function CatalogClaim({ vocabularies }: { vocabularies: Vocabularies }) {
  const [course, setCourse] = useState<Course>();
  const { submission, submit, reset } = useRecordCredit();
  if (course) {
    return (
      <CatalogClaimForm
        key={course.id}
        course={course}
        vocabularies={vocabularies}
        submission={submission}
        onSubmit={(credit) => void submit(credit)}
        onCancel={() => setCourse(undefined)}
      />
    );
  }
  return (
    <>
      <Text>Find the course you completed, then claim its credits.</Text>
      <CatalogSearch
        vocabularies={vocabularies}
        onPick={(picked) => {
          reset();
          setCourse(picked);
        }}
      />
    </>
  );
}

function OutsideActivity({ vocabularies }: { vocabularies: Vocabularies }) {
  const { submission, submit } = useRecordCredit();
  return (
    <>
      <Text>An activity that is not in the catalog: enter it as its certificate describes it.</Text>
      <OutsideCreditForm
        vocabularies={vocabularies}
        submission={submission}
        onSubmit={(credit) => void submit(credit)}
      />
    </>
  );
}
