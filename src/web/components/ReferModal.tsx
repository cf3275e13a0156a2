import { Alert, Anchor, Stack, Text } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { type FormEvent, useEffect, useMemo, useState } from 'react';
import { Link } from 'react-router';
import { isOpen, stageLabels } from '../../domain/pathway';
import { ApiError, api, type Episode, type NewReferral } from '../api';
import { draftKey, isRecord, keepDraft, readDraft } from '../drafts';
import { formatDate, sideLabels } from '../format';
import { Dialog } from './Dialog';
import { SaveButton } from './FormParts';
import { useFormFields } from './formBinding';
import { checkReferral, ReferralFields, type ReferralValues, referralValues } from './ReferralFields';
import { DraftNotice } from './StepFrame';

interface Props {
  patientId: string;
  /** The patient's episodes: a referral while one is still open is said so before it is recorded. */
  episodes: Episode[];
  opened: boolean;
  today: string;
  onClose: () => void;
}

/** A new referral: creates an episode at the "Referred" stage. */
export function ReferModal({ patientId, episodes, opened, today, onClose }: Props) {
  const open = episodes.filter((e) => isOpen(e.stage));
  return (
    <Dialog opened={opened} onClose={onClose} title="Refer for SI joint injection" size="lg">
      {/* Mounted only while open, so each referral starts from a clean form. */}
      {opened && (
        <Stack gap="md">
          {open.length > 0 && <StillOpen episodes={open} />}
          <ReferForm patientId={patientId} today={today} onDone={onClose} />
        </Stack>
      )}
    </Dialog>
  );
}

/**
 * A second letter about the same problem, or a colleague's referral recorded twice, would open a
 * second episode beside the first: both on the worklist, both screened. Said before, not refused:
 * a referral for the other side, or a new problem, is a new episode.
 */
function StillOpen({ episodes }: { episodes: Episode[] }) {
  return (
    <Alert color="yellow" role="status" title="This patient already has an open episode">
      <Stack gap={4}>
        {episodes.map((e) => (
          <Text key={e.id} size="sm">
            <Anchor component={Link} to={`/episodes/${e.id}`}>
              Referred {formatDate(e.referredOn)}
              {e.side ? `, ${sideLabels[e.side].toLowerCase()} side` : ''}
            </Anchor>{' '}
            · {stageLabels[e.stage]}
          </Text>
        ))}
        <Text size="sm">
          Record this referral only if it is a new one (the other side, a new problem); a letter about the
          same problem belongs to the episode above.
        </Text>
      </Stack>
    </Alert>
  );
}

/**
 * A referral typed and not recorded is kept on this computer (as the step forms' drafts are, under
 * their prefix, so signing out removes it): a session that ended, a closed dialog or a reload does
 * not lose a letter half typed in. Recording it, or "Discard", removes it.
 */
const draftOf = (patientId: string) => draftKey('refer', patientId);
const asValues = (stored: unknown): ReferralValues | null =>
  isRecord(stored) && typeof stored.referrer === 'string' && typeof stored.reason === 'string'
    ? // A draft kept before the address was asked has none.
      { referrerAddress: '', ...(stored as Omit<ReferralValues, 'referrerAddress'>) }
    : null;

function ReferForm({ patientId, today, onDone }: { patientId: string; today: string; onDone: () => void }) {
  const queryClient = useQueryClient();
  const blank: ReferralValues = referralValues({ referrer: '', referredOn: today, reason: '' });
  const [restored, setRestored] = useState(() => readDraft(draftOf(patientId), asValues) !== null);
  const form = useFormFields<ReferralValues>(() => readDraft(draftOf(patientId), asValues) ?? blank);
  const { values, set, setErrors } = form;
  const typed = JSON.stringify(values) !== JSON.stringify(blank);
  useEffect(() => keepDraft(draftOf(patientId), typed ? values : null), [patientId, typed, values]);
  const discard = () => {
    set(blank);
    setRestored(false);
  };

  const refer = useMutation({
    mutationFn: (referral: NewReferral) => api.refer(patientId, referral),
    onSuccess: async () => {
      await Promise.all([
        queryClient.invalidateQueries({ queryKey: ['patient', patientId] }),
        queryClient.invalidateQueries({ queryKey: ['episodes'] }),
      ]);
      keepDraft(draftOf(patientId), null);
      notifications.show({ color: 'green', message: 'Referral recorded.' });
      onDone();
    },
    onError: (error) => {
      if (error instanceof ApiError) setErrors(error.fieldErrors());
    },
  });
  const serverProblem = useMemo(
    () =>
      refer.error && !(refer.error instanceof ApiError && refer.error.errors.length > 0)
        ? refer.error.message
        : null,
    [refer.error],
  );

  const submit = (event: FormEvent) => {
    event.preventDefault();
    const { referral, errors: found } = checkReferral(values, today);
    setErrors(found);
    if (!referral) return;
    refer.mutate(referral);
  };

  return (
    <form onSubmit={submit} noValidate>
      <Stack gap="md">
        {restored && <DraftNotice onDiscard={discard} />}
        {serverProblem && (
          <Alert color="red" title="Could not record the referral">
            {serverProblem}
          </Alert>
        )}
        <ReferralFields id="referral" form={form} />
        <SaveButton label="Record referral" saving={refer.isPending} gap="sm" onCancel={onDone} />
      </Stack>
    </form>
  );
}
