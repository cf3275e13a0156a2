import { describe, expect, test } from 'vitest';
import { describeEvent, type TimelineEvent } from './timeline.ts';

const event = (e: Partial<TimelineEvent>): TimelineEvent => ({
  event: 'move',
  move: null,
  fromStage: 'referred',
  toStage: 'referred',
  details: null,
  ...e,
});

describe('the timeline in words', () => {
  test.each<[string, Partial<TimelineEvent>, string]>([
    ['a referral', { event: 'refer', fromStage: null }, 'Referred'],
    // An imported referral shows the nurse the medicines it brought, antithrombotics named apart.
    [
      'an imported referral with medicines',
      {
        event: 'refer',
        fromStage: null,
        details: {
          source: 'fhir',
          medicines: 'apixaban 5 mg twice daily; paracetamol',
          antithrombotics: 'apixaban 5 mg twice daily',
        },
      },
      'Referred (imported); medicines: apixaban 5 mg twice daily; paracetamol; anticoagulant or antiplatelet to ask about at screening: apixaban 5 mg twice daily',
    ],
    ['an updated referral', { event: 'referral.updated', details: { source: 'fhir' } }, 'Referral updated'],
    [
      'an episode closed for a repeat',
      { event: 'repeat', move: 'close', fromStage: 'outcome-reviewed', toStage: 'closed' },
      'Closed: the injection is repeated in a new episode',
    ],
    [
      'triage accepting for both purposes',
      { event: 'triage.recorded', details: { decision: 'accept', purpose: 'both' } },
      'Triage: accepted for a diagnostic and therapeutic injection',
    ],
    [
      'triage declining',
      { event: 'triage.recorded', details: { decision: 'decline' } },
      'Triage: referral declined',
    ],
    // Booking was blocked for a plan: the timeline says so, not "safe to proceed".
    [
      'a screening that needs a plan before booking',
      {
        event: 'screening.recorded',
        details: { seq: 1, verdict: 'go-with-actions', blocksScheduling: true },
      },
      'Screening 1: go with actions; booking waits for a recorded plan or a clinician’s review',
    ],
    [
      'a screening that is not safe yet',
      { event: 'screening.recorded', details: { seq: 2, verdict: 'not-safe-yet', blocksScheduling: true } },
      'Screening 2: not safe yet',
    ],
    [
      'a booking',
      { event: 'booking.recorded', details: { plannedAtLocal: 'Monday 7 December 2026 at 09:30' } },
      'Booked for Monday 7 December 2026 at 09:30',
    ],
    [
      'a reschedule',
      { event: 'booking.rescheduled', details: { plannedAtLocal: 'Tuesday' } },
      'Rescheduled to Tuesday',
    ],
    ['a cancellation', { event: 'booking.cancelled' }, 'Booking cancelled'],
    [
      'a patient who did not attend',
      { event: 'booking.did-not-attend' },
      'Did not attend the booked procedure',
    ],
    [
      'a check-in',
      { event: 'check-in.recorded', details: { sideMarked: 'left' } },
      'Checked in (left side marked)',
    ],
    [
      'an amended check-in',
      { event: 'check-in.amended', details: { version: 2 } },
      'Check-in amended (version 2)',
    ],
    [
      'a procedure',
      { event: 'procedure.recorded', details: { side: 'right', guidance: 'fluoroscopy' } },
      'Procedure recorded: right side under fluoroscopy',
    ],
    [
      'recovery with a block result',
      { event: 'recovery.recorded', details: { block: 'positive' } },
      'Recovery recorded: block positive',
    ],
    ['recovery without one', { event: 'recovery.recorded', details: {} }, 'Recovery recorded'],
    ['a discharge', { event: 'discharge.recorded', details: { overridden: false } }, 'Discharged'],
    [
      'a discharge despite the checklist',
      { event: 'discharge.recorded', details: { overridden: true } },
      'Discharged although the checklist was not complete',
    ],
    [
      'an outcome review',
      { event: 'outcome-review.recorded', details: { decision: 'refer-rf-denervation' } },
      'Outcome reviewed: refer for radiofrequency denervation',
    ],
    ['an override', { event: 'screening.overridden' }, 'Clinician override of the screening'],
    ['a deferral', { event: 'move', move: 'defer' }, 'Not safe yet: the injection is deferred'],
    ['a plain move', { event: 'move', move: 'schedule' }, 'Schedule'],
    [
      'an unknown event that changed stage',
      { event: 'other', fromStage: 'screened', toStage: 'scheduled' },
      'Screened → Scheduled',
    ],
    [
      "a step replayed from another clinic's export",
      { event: 'procedure.recorded', details: { side: 'left', guidance: 'ultrasound', imported: true } },
      'Procedure recorded: left side under ultrasound (imported)',
    ],
    [
      "a move replayed from another clinic's export",
      { event: 'move', move: 'withdraw', details: { imported: true } },
      'Withdrawn (imported)',
    ],
    [
      'an imported referral, which says so once',
      { event: 'refer', details: { source: 'ServiceRequest/1', imported: true } },
      'Referred (imported)',
    ],
    [
      'a referral corrected: the short details with what they said, an address and a reason named',
      {
        event: 'referral.amended',
        details: {
          fields: 'referrer,referrerAddress,referredOn,reason,side',
          referrer: 'Dr K. Osei',
          referrerAddress: null,
          referredOn: '2026-11-20',
          reason: 'Buttock pain',
          side: null,
        },
      },
      'Referral amended: referrer (was Dr K. Osei), referrer’s address, referral date (was 2026-11-20), reason for referral, side (was not stated)',
    ],
    ['a referral corrected, its fields not known', { event: 'referral.amended' }, 'Referral amended'],
    [
      'an unknown event that did not',
      { event: 'other', fromStage: 'screened', toStage: 'screened' },
      'Screened',
    ],
  ])('%s', (_case, e, sentence) => {
    expect(describeEvent(event(e))).toBe(sentence);
  });
});
