import { Button, Group, Stack, Textarea } from '@mantine/core';
import { type FormEvent, type ReactNode, useState } from 'react';

/**
 * The reason a person gives for a step that ends, holds up or overrides care (decline, withdraw,
 * discharge without the checklist, override a verdict). It goes into the record, so it is required.
 */
export function ReasonForm({
  label = 'Reason',
  description,
  submitLabel = 'Confirm',
  color,
  pending,
  onSubmit,
  onCancel,
  children,
}: {
  label?: string;
  description?: string;
  submitLabel?: string;
  color?: string;
  pending: boolean;
  onSubmit: (reason: string) => void;
  onCancel: () => void;
  /** Shown above the reason: what the step will do, or why the last try failed. */
  children?: ReactNode;
}) {
  const [reason, setReason] = useState('');
  const [error, setError] = useState<string | undefined>();
  const submit = (event: FormEvent) => {
    event.preventDefault();
    if (!reason.trim()) {
      setError('A reason is needed for the record');
      return;
    }
    onSubmit(reason.trim());
  };
  return (
    <form onSubmit={submit} noValidate>
      <Stack gap="md">
        {children}
        <Textarea
          label={label}
          description={description}
          required
          autosize
          minRows={3}
          data-autofocus
          value={reason}
          onChange={(e) => {
            setReason(e.currentTarget.value);
            setError(undefined);
          }}
          error={error}
        />
        <Group gap="sm">
          <Button type="submit" color={color} loading={pending}>
            {submitLabel}
          </Button>
          <Button variant="default" onClick={onCancel}>
            Cancel
          </Button>
        </Group>
      </Stack>
    </form>
  );
}
