import { Alert, Textarea } from '@mantine/core';
import { useState } from 'react';

/** How the reason is asked for: a step's amendment by default, or another correction's own words. */
export interface AmendWords {
  id: string;
  label: string;
  description: string;
  missing: string;
  /** Said above the field (a step's amendment); none for a correction that says so in its title. */
  banner?: { title: string; text: string };
}

const stepAmendment: AmendWords = {
  id: 'amend-reason',
  label: 'Why is this record being amended?',
  description: 'Recorded with the new version and shown in the timeline.',
  missing: 'Give a reason for the amendment',
  banner: {
    title: 'Amending a recorded step',
    text: 'You are correcting what was recorded. The earlier version is kept and shown as superseded.',
  },
};

/**
 * Amending a recorded step: the form starts from the record and asks why it is being changed.
 * The earlier version is kept; the reason is shown with the new one and in the timeline.
 */
export function useAmendReason(amend: boolean, words: AmendWords = stepAmendment) {
  const [reason, setReason] = useState('');
  const [error, setError] = useState<string | undefined>();
  const field = amend ? (
    <>
      {words.banner && (
        <Alert color="yellow" variant="light" title={words.banner.title}>
          {words.banner.text}
        </Alert>
      )}
      <Textarea
        id={words.id}
        label={words.label}
        description={words.description}
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
        setError(words.missing);
        requestAnimationFrame(() => document.getElementById(words.id)?.focus());
        return null;
      }
      return { amendReason: reason.trim() };
    },
  };
}
