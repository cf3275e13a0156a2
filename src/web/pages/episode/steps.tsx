/**
 * The step registry, web half: each step's form and its recorded section on the episode page.
 * Who may record a step and when comes from the domain (src/domain/steps.ts); this says how the
 * page shows it. Typed as a complete record: a new step does not compile without its entry here.
 */
import type { ComponentType } from 'react';
import type { Stage } from '../../../domain/stages';
import type { StepName } from '../../../domain/steps';
import { BookingStep, BookingSummary } from './BookingStep';
import { CheckInStep, CheckInSummary } from './CheckInStep';
import { DischargeStep, DischargeSummaryLinks } from './DischargeStep';
import { OutcomeReviewStep, OutcomeReviewSummary } from './OutcomeReviewStep';
import { ProcedureStep, ProcedureSummary } from './ProcedureStep';
import { RecoveryStep, RecoverySummary } from './RecoveryStep';
import { ScreeningStep } from './ScreeningStep';
import { ScreeningSummary } from './ScreeningSummary';
import type { StepFormProps, StepSummaryProps } from './step-props';
import { TriageStep, TriageSummary } from './TriageStep';

export interface StepPage {
  /** The heading of its form. */
  title: string | ((episode: StepFormProps['episode']) => string);
  Form: ComponentType<StepFormProps>;
  /** The heading and body of its recorded section; absent when another section shows it. */
  recorded?: { title: string; Summary: ComponentType<StepSummaryProps> };
  /** Stages where the form is the work to do now, open without a click. */
  openIn: readonly Stage[];
  /** Elsewhere in the step's own stages, a button opens the form (e.g. to reschedule). */
  again?: string;
  /** What those who may not record the step read while it is the work to do. */
  waiting?: string;
  /** Shown only once the episode has what the step needs (e.g. discharge after recovery). */
  ready?: (episode: StepFormProps['episode']) => boolean;
}

export const stepPages: { [S in StepName]: StepPage } = {
  triage: {
    title: 'Triage',
    Form: TriageStep,
    recorded: {
      title: 'Triage (recorded)',
      Summary: ({ episode, timeZone }) =>
        episode.steps.triage && <TriageSummary record={episode.steps.triage} timeZone={timeZone} />,
    },
    openIn: ['referred'],
    waiting: 'A clinician triages the referral.',
  },
  screening: {
    title: (e) => (e.steps.screenings.length > 0 ? 'Repeat screening' : 'Screening (pre-assessment call)'),
    Form: ({ episode, clinic, timeZone }) => (
      <ScreeningStep
        episode={episode}
        settings={clinic.settings}
        protocol={clinic.protocol}
        timeZone={timeZone}
      />
    ),
    recorded: {
      title: 'Screening (recorded)',
      Summary: ({ episode, timeZone, canOverride }) =>
        episode.steps.screenings[0] && (
          <ScreeningSummary
            episode={episode}
            record={episode.steps.screenings[0]}
            canOverride={canOverride}
            timeZone={timeZone}
          />
        ),
    },
    openIn: ['triaged', 'not-safe-yet'],
    again: 'Repeat screening or record a plan',
  },
  booking: {
    title: 'Booking',
    Form: ({ episode, timeZone }) => <BookingStep episode={episode} timeZone={timeZone} />,
    recorded: {
      title: 'Booking (recorded)',
      Summary: BookingSummary,
    },
    openIn: ['screened'],
    again: 'Reschedule',
  },
  'check-in': {
    title: 'Check-in',
    Form: CheckInStep,
    recorded: {
      title: 'Check-in (recorded)',
      Summary: ({ episode, timeZone }) =>
        episode.steps.checkIn && <CheckInSummary record={episode.steps.checkIn} timeZone={timeZone} />,
    },
    openIn: ['scheduled'],
  },
  procedure: {
    title: 'Procedure: checklist and record',
    Form: ProcedureStep,
    recorded: {
      title: 'Procedure (recorded)',
      Summary: ({ episode, timeZone }) =>
        episode.steps.procedure && <ProcedureSummary record={episode.steps.procedure} timeZone={timeZone} />,
    },
    openIn: ['checked-in'],
    waiting: 'The clinician records the checklist and the procedure.',
  },
  recovery: {
    title: 'Recovery and discharge',
    Form: ({ episode, timeZone }) => (
      <RecoveryStep key={episode.steps.recovery?.recordedAt ?? 'new'} episode={episode} timeZone={timeZone} />
    ),
    recorded: {
      title: 'Recovery (recorded)',
      Summary: ({ episode, timeZone }) =>
        episode.steps.recovery && <RecoverySummary record={episode.steps.recovery} timeZone={timeZone} />,
    },
    openIn: ['performed'],
  },
  discharge: {
    title: 'Discharge',
    Form: ({ episode }) => <DischargeStep episode={episode} />,
    recorded: {
      title: 'Discharge summary',
      Summary: ({ episode, timeZone }) => <DischargeSummaryLinks episode={episode} timeZone={timeZone} />,
    },
    openIn: ['performed'],
    ready: (episode) => episode.steps.recovery !== null,
  },
  'outcome-review': {
    title: 'Outcome review',
    Form: OutcomeReviewStep,
    recorded: { title: 'Outcome review (recorded)', Summary: OutcomeReviewSummary },
    openIn: ['following-up'],
    waiting: 'A clinician reviews the outcome.',
  },
};
