/**
 * A referral's details amended on the episode page, with a reason: the referrer's name and
 * address (where the letters go), the date the waits count from, the reason and the side. The
 * timeline keeps what each said before; once a screening call plans the side, it is changed by
 * screening again (src/domain/referral.ts, which the server applies too).
 */
import { Alert, Button, Stack } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { type FormEvent, useState } from 'react';
import { referralAmendment } from '../../../domain/referral';
import { ApiError, api, type EpisodeDetail } from '../../api';
import { useAmendReason } from '../../components/AmendReason';
import { Dialog } from '../../components/Dialog';
import { SaveButton } from '../../components/FormParts';
import { useFormFields } from '../../components/formBinding';
import { MergedNotice } from '../../components/MergedNotice';
import { type Merge, mergeThreeWay } from '../../components/merge';
import {
  checkReferral,
  ReferralFields,
  type ReferralValues,
  referralValues,
} from '../../components/ReferralFields';
import { SaveError } from '../../components/StepFrame';
import { todayIn } from '../../format';

const fieldNames: Record<keyof ReferralValues, string> = {
  referrer: 'Referrer',
  referrerAddress: 'Referrer’s address',
  referredOn: 'Referred on',
  reason: 'Reason for referral',
  side: 'Side',
};

const amendmentWords = {
  id: 'referral-amend-reason',
  label: 'Why is the referral being amended?',
  description: 'Kept on the timeline with what the referral said before.',
  missing: 'Say why the referral is amended',
};

const SIDE_PLANNED = 'Planned at the screening call: record the screening again to change it.';

export function AmendReferral({ episode, timeZone }: { episode: EpisodeDetail; timeZone: string }) {
  const [opened, setOpened] = useState(false);
  return (
    <>
      <Button variant="default" size="xs" onClick={() => setOpened(true)}>
        Amend the referral
      </Button>
      <Dialog opened={opened} onClose={() => setOpened(false)} title="Amend the referral" size="lg">
        {opened && (
          <AmendReferralForm episode={episode} timeZone={timeZone} onDone={() => setOpened(false)} />
        )}
      </Dialog>
    </>
  );
}

function AmendReferralForm({
  episode,
  timeZone,
  onDone,
}: {
  episode: EpisodeDetail;
  timeZone: string;
  onDone: () => void;
}) {
  const queryClient = useQueryClient();
  const today = todayIn(timeZone);
  const form = useFormFields<ReferralValues>(() => referralValues(episode));
  const { values, set, setErrors } = form;
  const reason = useAmendReason(true, amendmentWords);
  // The referral the form started from (then as a colleague's save left it), and its version.
  const [base, setBase] = useState(() => ({ episode, values: referralValues(episode) }));
  const [merged, setMerged] = useState<Merge<ReferralValues> | null>(null);
  const [unchanged, setUnchanged] = useState(false);
  const screened = base.episode.steps.screenings.length > 0;

  const save = useMutation({
    mutationFn: (body: Parameters<typeof api.amendReferral>[1]) => api.amendReferral(episode.id, body),
    onSuccess: async (page) => {
      queryClient.setQueryData(['episode', episode.id], page);
      await Promise.all([
        queryClient.invalidateQueries({ queryKey: ['episodes'] }),
        queryClient.invalidateQueries({ queryKey: ['patient', episode.patientId] }),
      ]);
      notifications.show({ color: 'green', message: 'Referral amended.' });
      onDone();
    },
    onError: (error) => {
      if (!(error instanceof ApiError)) return;
      setErrors(error.fieldErrors());
      const theirs =
        error.code === 'version_conflict' ? (error.current as EpisodeDetail | undefined) : undefined;
      if (theirs) {
        const merge = mergeThreeWay(base.values, referralValues(theirs), values);
        set(merge.merged);
        setBase({ episode: theirs, values: referralValues(theirs) });
        setMerged(merge);
        queryClient.setQueryData(['episode', episode.id], theirs);
      }
    },
  });

  const submit = (event: FormEvent) => {
    event.preventDefault();
    const { referral, errors: found } = checkReferral(values, today);
    let nothing = false;
    if (referral) {
      const { changed, problems } = referralAmendment(base.episode, referral, { screened, today });
      for (const p of problems) found[p.field as keyof ReferralValues] ??= p.message;
      nothing = changed.length === 0 && problems.length === 0;
    }
    setUnchanged(nothing);
    setErrors(found);
    const why = reason.check();
    if (!referral || nothing || Object.keys(found).length > 0 || !why?.amendReason) return;
    setMerged(null);
    save.mutate({ ...referral, version: base.episode.version, amendReason: why.amendReason });
  };

  return (
    <form onSubmit={submit} noValidate>
      <Stack gap="md">
        {merged ? (
          <MergedNotice merge={merged} fieldNames={fieldNames} record="referral" />
        ) : (
          save.error &&
          !(save.error instanceof ApiError && save.error.errors.length > 0) && (
            <SaveError error={save.error} title="Could not amend the referral" />
          )
        )}
        {unchanged && (
          <Alert color="red" role="alert">
            Nothing to amend: the referral already says this. Change a detail, or cancel.
          </Alert>
        )}
        <ReferralFields
          id="amend-referral"
          form={form}
          sideNote={screened && base.values.side === values.side ? SIDE_PLANNED : undefined}
        />
        {reason.field}
        <SaveButton label="Save the amendment" saving={save.isPending} gap="sm" onCancel={onDone} />
      </Stack>
    </form>
  );
}
