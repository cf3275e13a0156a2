/**
 * Whom a patient calls about a worrying symptom when their own pages cannot tell them: before
 * signing in, or when the server or its database is not answering. The clinic this phone last
 * showed them is remembered (its name and urgent number: nothing about the patient) until they
 * sign out, so the number is right there; otherwise the words say where to find it.
 */
import { Anchor, Text } from '@mantine/core';
import { useEffect } from 'react';
import { isRecord } from '../drafts';
import { telHref } from '../format';

const key = 'sijpath:clinic-urgent';

interface UrgentContact {
  clinic: string;
  urgentPhone: string;
}

/** Kept while the patient's pages show their clinic (PatientShell). */
export function RememberUrgentContact({ clinic, urgentPhone }: UrgentContact) {
  useEffect(() => {
    try {
      window.localStorage.setItem(key, JSON.stringify({ clinic, urgentPhone }));
    } catch {
      // No storage: the words below say where the number is.
    }
  }, [clinic, urgentPhone]);
  return null;
}

/** Forgotten at sign-out, with the drafts: a shared phone keeps no trace of which clinic. */
export function forgetUrgentContact(): void {
  try {
    window.localStorage.removeItem(key);
  } catch {
    // No storage: nothing to forget.
  }
}

function remembered(): UrgentContact | null {
  try {
    const stored: unknown = JSON.parse(window.localStorage.getItem(key) ?? 'null');
    return isRecord(stored) && typeof stored.clinic === 'string' && typeof stored.urgentPhone === 'string'
      ? { clinic: stored.clinic, urgentPhone: stored.urgentPhone }
      : null;
  } catch {
    return null;
  }
}

/** `lead`: the question that opens the sentence, as the page's situation puts it. */
export function UrgentHelp({ lead }: { lead: string }) {
  const known = remembered();
  return (
    <Text size="sm">
      {lead} Do not wait: call{' '}
      {known ? (
        <>
          {known.clinic}’s urgent number,{' '}
          <Anchor href={telHref(known.urgentPhone)} fw={700}>
            {known.urgentPhone}
          </Anchor>
        </>
      ) : (
        'the clinic’s urgent number, given in every email we send you'
      )}
      . If you cannot get through, go to your nearest emergency department.
    </Text>
  );
}
