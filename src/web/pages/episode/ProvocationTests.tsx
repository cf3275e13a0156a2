import { Group, Radio, SimpleGrid } from '@mantine/core';
import { PROVOCATION_TESTS } from '../../../domain/clinical';
import { provocationLabels, type TestResult, testResultLabels } from './fields';

export type TestValues = Partial<Record<(typeof PROVOCATION_TESTS)[number], TestResult>>;

/** Each provocation test as positive / negative / not done: arrow keys move within a test. */
export function ProvocationTests({
  idPrefix,
  values,
  onChange,
}: {
  idPrefix: string;
  values: TestValues;
  onChange: (values: TestValues) => void;
}) {
  return (
    <SimpleGrid cols={{ base: 1, sm: 2 }} spacing="sm" verticalSpacing="sm">
      {PROVOCATION_TESTS.map((test) => (
        <Radio.Group
          key={test}
          id={`${idPrefix}-${test}`}
          label={provocationLabels[test]}
          value={values[test] ?? 'not-done'}
          onChange={(v) => onChange({ ...values, [test]: v as TestResult })}
        >
          <Group gap="md" mt={4}>
            {(Object.keys(testResultLabels) as TestResult[]).map((r) => (
              <Radio key={r} value={r} label={testResultLabels[r]} />
            ))}
          </Group>
        </Radio.Group>
      ))}
    </SimpleGrid>
  );
}
