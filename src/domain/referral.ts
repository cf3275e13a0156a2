/**
 * A referral's details and their amendments. The letter is dated by whoever wrote it, never after
 * today; a detail typed wrong (the referrer's name or address, where the letters go; the date the
 * waits count from; the side) is amended with a reason, the earlier value kept on the timeline.
 */
import type { FieldIssue } from './field-issue.ts';

export type Side = 'left' | 'right' | 'both';

/** What a referral says, as the episode keeps it. */
export interface ReferralDetails {
  referrer: string;
  referrerAddress: string | null;
  referredOn: string;
  reason: string;
  side: Side | null;
}

export const referralFields = ['referrer', 'referrerAddress', 'referredOn', 'reason', 'side'] as const;
export type ReferralField = (typeof referralFields)[number];

/** The date on a referral: not after today in the clinic's zone (every wait counts from it). */
export function referralDateProblem(referredOn: string, today: string): string | undefined {
  return referredOn > today ? 'The referral date cannot be in the future' : undefined;
}

/**
 * An amendment of a referral: the fields it changes, and why it may not be made. Once a screening
 * call is recorded the side is the screening's to plan (check-in and the procedure are checked
 * against the planned side), so a different side is recorded by screening again, not here.
 */
export function referralAmendment(
  before: ReferralDetails,
  after: ReferralDetails,
  context: { screened: boolean; today: string },
): { changed: ReferralField[]; problems: FieldIssue[] } {
  const changed = referralFields.filter((f) => (before[f] ?? null) !== (after[f] ?? null));
  const problems: FieldIssue[] = [];
  const future = changed.includes('referredOn')
    ? referralDateProblem(after.referredOn, context.today)
    : undefined;
  if (future) problems.push({ field: 'referredOn', message: future });
  if (changed.includes('side') && context.screened)
    problems.push({
      field: 'side',
      message: 'The side is planned at the screening call now: record the screening again to change it',
    });
  return { changed, problems };
}
