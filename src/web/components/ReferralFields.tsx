/**
 * A referral's details as a form: a new referral (ReferModal) and an amendment (the episode page)
 * show the same fields and check them the same way, the date by the domain's rule.
 */
import { Group, Radio, Textarea, TextInput } from '@mantine/core';
import { type ReferralDetails, referralDateProblem } from '../../domain/referral';
import type { NewReferral, Side } from '../api';
import { sideLabels } from '../format';
import { DateInput, type DateParts, isoToParts, partsToIso } from './DateInput';
import type { useFormFields } from './formBinding';

export type ReferralValues = {
  referrer: string;
  referrerAddress: string;
  referredOn: DateParts;
  reason: string;
  side: Side | 'unknown';
};

export const referralValues = (r: {
  referrer: string;
  referrerAddress?: string | null | undefined;
  referredOn: string;
  reason: string;
  side?: Side | null | undefined;
}): ReferralValues => ({
  referrer: r.referrer,
  referrerAddress: r.referrerAddress ?? '',
  referredOn: isoToParts(r.referredOn),
  reason: r.reason,
  side: r.side ?? 'unknown',
});

/** The referral the values say, or what is missing or wrong, by field. */
export function checkReferral(
  values: ReferralValues,
  today: string,
): { referral?: NewReferral & ReferralDetails; errors: Partial<Record<keyof ReferralValues, string>> } {
  const errors: Partial<Record<keyof ReferralValues, string>> = {};
  if (!values.referrer.trim()) errors.referrer = 'Enter who referred the patient';
  const referredOn = partsToIso(values.referredOn);
  if (!referredOn) errors.referredOn = 'Enter the date of the referral: day, month and a four-digit year';
  else {
    const future = referralDateProblem(referredOn, today);
    if (future) errors.referredOn = future;
  }
  if (!values.reason.trim()) errors.reason = 'Enter the reason for referral';
  if (Object.keys(errors).length > 0 || !referredOn) return { errors };
  return {
    errors,
    referral: {
      referrer: values.referrer.trim(),
      referrerAddress: values.referrerAddress.trim() || null,
      referredOn,
      reason: values.reason.trim(),
      side: values.side === 'unknown' ? null : values.side,
    },
  };
}

export function ReferralFields({
  id,
  form,
  sideNote,
}: {
  /** Prefixes the date's ids, unique on the page. */
  id: string;
  form: ReturnType<typeof useFormFields<ReferralValues>>;
  /** Why the side cannot be changed here, when it cannot. */
  sideNote?: string | undefined;
}) {
  const { values, errors, input, control, change } = form;
  return (
    <>
      <TextInput
        label="Referrer"
        description="Who referred the patient, e.g. GP name and practice"
        required
        data-autofocus
        {...input('referrer')}
      />
      <Textarea
        label="Referrer’s address"
        description="Where the letters to the referrer go, as it is written on an envelope"
        autosize
        minRows={2}
        {...input('referrerAddress')}
      />
      <DateInput
        label="Referred on"
        hint="The date on the referral letter"
        required
        {...control('referredOn', `${id}-referredOn`)}
      />
      <Textarea label="Reason for referral" required autosize minRows={3} {...input('reason')} />
      <Radio.Group
        label="Side"
        description={sideNote}
        value={values.side}
        onChange={change('side')}
        error={errors.side}
      >
        <Group gap="md" mt={6}>
          {(Object.keys(sideLabels) as Side[]).map((s) => (
            <Radio key={s} value={s} label={sideLabels[s]} disabled={Boolean(sideNote)} />
          ))}
          <Radio value="unknown" label="Not stated" disabled={Boolean(sideNote)} />
        </Group>
      </Radio.Group>
    </>
  );
}
