import { Alert, Textarea } from '@mantine/core';
import { useState } from 'react';

/**
 * Amending a recorded step: the form starts from the record and asks why it is being changed.
 * The earlier version is kept; the reason is shown with the new one and in the timeline.
 */
export function useAmendReason(amend: boolean) {
  const [reason, setReason] = useState('');
  const [error, setError] = useState<string | undefined>();
  const field = amend ? (
    <>
      <Alert color="yellow" variant="light" title="Amending a recorded step">
        You are correcting what was recorded. The earlier version is kept and shown as superseded.
      </Alert>
      <Textarea
        id="amend-reason"
        label="Why is this record being amended?"
        description="Recorded with the new version and shown in the timeline."
        required
        autosize
        minRows={2}
        value={reason}
        onChange={(e) => {
          setReason(e.currentTarget.value);
          setError(undefined);
        }}
        error={error}
      />
    </>
  ) : null;
  return {
    field,
    /** The reason to send, `{}` when not amending, or null (and the field says why) when it is missing. */
    check(): { amendReason?: string } | null {
      if (!amend) return {};
      if (!reason.trim()) {
        setError('Give a reason for the amendment');
        requestAnimationFrame(() => document.getElementById('amend-reason')?.focus());
        return null;
      }
      return { amendReason: reason.trim() };
    },
  };
}
