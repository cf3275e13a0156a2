/**
 * Where an episode stands, in a patient's words: a title and what happens next. No staff wording,
 * no reasons a clinician wrote: only what the pathway's stage itself says.
 */
import { type LeftOpenStage, leftOpenStages } from '../procedure-lists.ts';
import type { Stage } from '../stages.ts';

export interface PatientStage {
  title: string;
  next: string;
}

export const patientStages: Record<Stage, PatientStage> = {
  referred: {
    title: 'Referral received',
    next: 'The pain team will look at your referral and contact you about the next step.',
  },
  triaged: {
    title: 'Referral accepted',
    next: 'A nurse will call you to go through your health and medicines and check it is safe to go ahead.',
  },
  declined: {
    title: 'Not going ahead',
    next: 'The pain team decided this injection is not the right next step for you. They will write to you and to the person who referred you.',
  },
  screened: {
    title: 'Ready to book',
    next: 'Your health check is done. The clinic will book a date for your injection and let you know.',
  },
  'not-safe-yet': {
    title: 'Not yet',
    next: 'Your injection has to wait for now. The clinic will contact you when it is safe to go ahead.',
  },
  scheduled: {
    title: 'Booked',
    next: 'Your injection is booked. Please read how to get ready and tick your checklist.',
  },
  'checked-in': {
    title: 'Today',
    next: 'You have arrived for your injection.',
  },
  performed: {
    title: 'Injection done',
    next: 'Rest while the team looks after you. Read what to expect afterwards.',
  },
  discharged: {
    title: 'Home',
    next: 'You have gone home. Read what to expect and keep your pain diary.',
  },
  'following-up': {
    title: 'Follow-up',
    next: 'Keep your pain diary: it shows how well the injection worked. The clinic will contact you about what happens next.',
  },
  'outcome-reviewed': {
    title: 'Reviewed',
    next: 'Your clinician has reviewed how the injection worked. The clinic will tell you about the next step.',
  },
  closed: {
    title: 'Finished',
    next: 'This episode of care is finished.',
  },
};

/**
 * A booking left open (src/domain/procedure-lists.ts) as its patient reads it: the day has passed
 * and the clinic has recorded nothing since, so "get ready" is no longer for a day to come and is
 * not shown. The patient is sent to a person: whether to take a medicine they stopped again is the
 * clinic's to say (no source covers restarting after a procedure that did not happen), as when a
 * list is cancelled (src/domain/portal/list-messages.ts).
 */
export const leftOpenPatientStages: Record<LeftOpenStage, PatientStage> = {
  scheduled: {
    title: 'The booked day has passed',
    next: 'If you did not have your injection, please call the clinic to arrange a new date, and ask them about any medicine you stopped to get ready.',
  },
  'checked-in': {
    title: 'After your visit',
    next: 'The clinic is finishing the record of your visit. If anything worries you since, call the clinic.',
  },
};

/**
 * Stages at which the patient prepares for the procedure (the preparation and checklist apply): a
 * booking in force and the procedure not recorded, the stages a booking is left open in once its
 * day has passed.
 */
export const beforeProcedure: readonly Stage[] = leftOpenStages;
/** From discharge until the episode closes the diary takes entries. */
export const diaryOpen: readonly Stage[] = ['discharged', 'following-up', 'outcome-reviewed'];
/** Stages after the procedure (after-care applies). */
export const afterProcedure: readonly Stage[] = [
  'performed',
  'discharged',
  'following-up',
  'outcome-reviewed',
  'closed',
];
