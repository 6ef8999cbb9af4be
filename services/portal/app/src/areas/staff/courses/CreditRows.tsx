import { Button, Group, Input, NativeSelect, NumberInput, Stack } from '@mantine/core';

import { type CreditTypeEntry } from './course-api';
import { type CreditRow } from './course-draft';

/**
 * The credits a course designates: one row per credit type with its amount. Only designatable types are
 * offered (a type the course already has stays, so the catalog's error about it can be read and fixed).
 */
export function CreditRows({
  rows,
  creditTypes,
  onChange,
  errorAt,
  readOnly,
}: {
  rows: CreditRow[];
  creditTypes: CreditTypeEntry[];
  onChange: (rows: CreditRow[]) => void;
  errorAt: (path: string) => string | undefined;
  readOnly: boolean;
}) {
  const change = (index: number, row: Partial<CreditRow>) =>
    onChange(rows.map((current, at) => (at === index ? { ...current, ...row } : current)));
  const unused = creditTypes.find((type) => type.designatable && !rows.some((row) => row.type === type.code));
  return (
    <Stack gap="xs">
      {rows.map((row, index) => {
        const selected = creditTypes.find((type) => type.code === row.type);
        const options = creditTypes.filter((type) => type.designatable || type.code === row.type);
        return (
          <Group key={index} align="flex-start" gap="sm" data-testid="credit-row">
            <NativeSelect
              label={`Credit ${index + 1} type`}
              value={row.type}
              onChange={(event) => change(index, { type: event.currentTarget.value })}
              data={options.map((type) => ({ value: type.code, label: type.label }))}
              error={errorAt(`credits[${index}].type`)}
              disabled={readOnly}
              style={{ flex: '1 1 14rem' }}
            />
            <NumberInput
              label={`Credit ${index + 1} amount`}
              description={
                selected?.designatable
                  ? `Hours, in steps of ${selected.step}, at most ${selected.maxPerCourse}`
                  : undefined
              }
              value={row.amount}
              onChange={(amount) => change(index, { amount })}
              min={0}
              step={selected?.step ?? 0.25}
              decimalScale={2}
              error={errorAt(`credits[${index}].amount`)}
              disabled={readOnly}
              style={{ flex: '1 1 10rem' }}
            />
            {!readOnly && rows.length > 1 && (
              <Button
                variant="subtle"
                color="red.9"
                mt={26}
                onClick={() => onChange(rows.filter((_row, at) => at !== index))}
                aria-label={`Remove credit ${index + 1}`}
              >
                Remove
              </Button>
            )}
          </Group>
        );
      })}
      {errorAt('credits') && <Input.Error>{errorAt('credits')}</Input.Error>}
      {!readOnly && unused && (
        <div>
          <Button variant="default" onClick={() => onChange([...rows, { type: unused.code, amount: '' }])}>
            Add a credit type
          </Button>
        </div>
      )}
    </Stack>
  );
}
