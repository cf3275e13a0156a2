import { Stack, Textarea } from '@mantine/core';
import { type FormEvent, type ReactNode, useState } from 'react';
import { SaveButton } from './FormParts';

/**
 * The reason a person gives for a step that ends, holds up or overrides care (decline, withdraw,
 * discharge without the checklist, override a verdict). It goes into the record, so it is required.
 */
export function ReasonForm({
  label = 'Reason',
  description,
  missing = 'A reason is needed for the record',
  formLabel,
  submitLabel = 'Confirm',
  cancelLabel,
  color,
  pending,
  onSubmit,
  onCancel,
  children,
}: {
  label?: string;
  description?: string;
  /** The error when the reason is left empty. */
  missing?: string;
  /** The form's accessible name, when the dialog around it does not give one. */
  formLabel?: string;
  submitLabel?: string;
  /** The word for leaving without it, where "Cancel" would read as the action. */
  cancelLabel?: string;
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
    // A dialog is portalled, but React events still bubble to a form around its opener.
    event.stopPropagation();
    if (!reason.trim()) {
      setError(missing);
      return;
    }
    onSubmit(reason.trim());
  };
  return (
    <form onSubmit={submit} noValidate aria-label={formLabel}>
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
        <SaveButton
          label={submitLabel}
          saving={pending}
          color={color}
          gap="sm"
          onCancel={onCancel}
          {...(cancelLabel ? { cancelLabel } : {})}
        />
      </Stack>
    </form>
  );
}
