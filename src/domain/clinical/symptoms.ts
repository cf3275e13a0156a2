import { type RedFlagReport, type Symptom, type Urgency, UrgencySchema } from './facts.ts';
import { type CodedFinding, finding, withDetails } from './findings.ts';
import type { ClinicSettings } from './settings.ts';
import { cite, type SourceRef } from './sources.ts';
import { laterBeyondMargin } from './timing.ts';
import { addHours, DAY_MS, HOUR_MS } from './zoned-time.ts';

export { type Urgency, UrgencySchema };
export type SymptomCode = 'symptom_urgent' | 'symptom_soon' | 'symptom_routine';
const RANK: Record<Urgency, number> = { routine: 0, soon: 1, urgent: 2 };

export interface CodedSymptomTriage {
  urgency: Urgency;
  findings: CodedFinding<SymptomCode>[];
}

const URGENT_SOURCES = [
  cite('README', 'urgent symptoms after an injection'),
  cite('S7'),
  cite('S17'),
  cite('seed-003'),
];

// clinical/README.md "Urgent symptoms", [S7], [S17], [S37]–[S39], seed 003: always urgent.
const ALWAYS_URGENT: Partial<Record<Symptom, SourceRef[]>> = {
  'new-leg-weakness': URGENT_SOURCES,
  'weakness-both-legs': [
    ...URGENT_SOURCES,
    cite('S17', 'bilateral leg weakness or numbness: a cauda equina red flag'),
  ],
  'saddle-numbness': [...URGENT_SOURCES, cite('S37')],
  'bladder-change': URGENT_SOURCES,
  'bowel-change': URGENT_SOURCES,
  'severe-new-back-pain': [...URGENT_SOURCES, cite('S39', 'haematoma or abscess')],
  'fever-or-feeling-unwell': [...URGENT_SOURCES, cite('S37'), cite('S39')],
  'injection-site-hot-red-swollen': [...URGENT_SOURCES, cite('S37')],
  'injection-site-discharge': [...URGENT_SOURCES, cite('S37')],
};

/** The symptoms that are always urgent, for leaflets and discharge advice (same sources as above). */
export const URGENT_SYMPTOMS = Object.keys(ALWAYS_URGENT) as Symptom[];
/** Each always-urgent symptom with its sources, for the after-care advice. */
export const URGENT_SYMPTOM_SOURCES = Object.entries(ALWAYS_URGENT) as [Symptom, SourceRef[]][];
/** Numbness or weakness that outlasts the anaesthetic: [S38] when it should wear off, [S7] urgent after. */
export const NUMBNESS_BEYOND_EXPECTED_SOURCES = [...URGENT_SOURCES, cite('S38')];

/**
 * Triage of a symptom report at any time after an injection. The report's urgency is the highest
 * of its symptoms: nothing else in a report can lower an urgent symptom. `steroidGiven` is whether
 * the injection had a steroid in it, where that is known (the procedure's record, or the episode's
 * plan): facial flushing is expected from a steroid ([S38]), not from an injection without one.
 */
export function triageSymptoms(
  report: RedFlagReport,
  procedureAt: Date | undefined,
  settings: ClinicSettings,
  steroidGiven?: boolean,
): CodedSymptomTriage {
  const reportedAt = new Date(report.reportedAt);
  // A report from before the injection cannot be about its effects (the anaesthetic's numbness, a
  // steroid flare): it is read as a report with no injection yet, so numbness is urgent, never
  // "expected". The few minutes' margin is for devices' clocks, as for the procedure's time.
  const given =
    procedureAt !== undefined && !laterBeyondMargin(procedureAt, reportedAt) ? procedureAt : undefined;
  const sinceHours = given ? (reportedAt.getTime() - given.getTime()) / HOUR_MS : undefined;
  const findings = [...new Set(report.symptoms)].map((symptom) =>
    classify(symptom, report, sinceHours, settings, given, steroidGiven),
  );
  const urgency = findings
    .map((f) => f.details.urgency)
    .reduce<Urgency>((a, b) => (RANK[b] > RANK[a] ? b : a), 'routine');
  return {
    urgency,
    findings: findings.sort((a, b) => RANK[b.details.urgency] - RANK[a.details.urgency]),
  };
}

function classify(
  symptom: Symptom,
  report: RedFlagReport,
  sinceHours: number | undefined,
  settings: ClinicSettings,
  procedureAt: Date | undefined,
  steroidGiven: boolean | undefined,
): CodedFinding<SymptomCode> {
  const s = settings.rules.symptoms;
  const make = (urgency: Urgency, sources: SourceRef[], reason: string) =>
    finding(
      urgency === 'urgent' ? 'symptom_urgent' : urgency === 'soon' ? 'symptom_soon' : 'symptom_routine',
      urgency === 'urgent' ? 'stop' : urgency === 'soon' ? 'review' : 'info',
      sources,
      {
        symptom,
        urgency,
        reason,
        hoursSinceProcedure: sinceHours === undefined ? null : Math.round(sinceHours * 10) / 10,
      },
      {
        blocksScheduling: urgency === 'urgent',
        action: { who: urgency === 'routine' ? 'patient' : 'clinician' },
      },
    );
  const urgent = ALWAYS_URGENT[symptom];
  if (urgent) return make('urgent', urgent, 'red-flag');
  switch (symptom) {
    case 'leg-numbness':
    case 'buttock-numbness': {
      // [S38]: leg or buttock numbness from the anaesthetic wears off within 4–6 h; beyond that it
      // is urgent ([S7]). Within it, the patient is told when it should have worn off, and what to do.
      const expected = procedureAt !== undefined && Number(sinceHours) <= s.expectedNumbnessHours;
      if (!expected) {
        const beyond = make('urgent', NUMBNESS_BEYOND_EXPECTED_SOURCES, 'numbness-beyond-expected');
        // "6 h after" (to a tenth of an hour) beside a 6 h limit reads as within it: say the limit.
        return procedureAt === undefined
          ? beyond
          : withDetails(beyond, { expectedNumbnessHours: s.expectedNumbnessHours });
      }
      const routine = make('routine', [cite('S38'), cite('seed-003')], 'within-expected-numbness');
      const wearsOffAt = addHours(procedureAt, s.expectedNumbnessHours).toISOString();
      return withDetails(
        routine,
        { expectedNumbnessHours: s.expectedNumbnessHours },
        { action: { who: 'patient', dueAt: wearsOffAt } },
      );
    }
    case 'pain-flare': {
      // seed 003 / [S38]: a flare of pain lasts up to about a week.
      // Expected only after an injection: without one, a flare is for the team. A start later than
      // the report (a slipped date) says nothing: the flare is counted from the procedure.
      const reportedAt = new Date(report.reportedAt);
      const startedAt = report.flareStartedAt ? new Date(report.flareStartedAt) : undefined;
      const started = startedAt && !laterBeyondMargin(startedAt, reportedAt) ? startedAt : undefined;
      const days =
        sinceHours === undefined
          ? undefined
          : started !== undefined
            ? (reportedAt.getTime() - started.getTime()) / DAY_MS
            : sinceHours / 24;
      return days !== undefined && days <= s.expectedFlareDays
        ? make('routine', [cite('seed-003'), cite('S38')], 'within-expected-flare')
        : make('soon', [cite('seed-003'), cite('S38')], 'flare-beyond-expected');
    }
    case 'severe-headache':
      return make('soon', [cite('S7', 'severe headache: contact the team')], 'contact-team');
    case 'facial-flushing':
      // [S38] names flushing among the expected effects as the steroid's: after an injection with
      // no steroid (or before any injection) it is not explained, so a person reads it today.
      if (steroidGiven === false || procedureAt === undefined)
        return make(
          'soon',
          [cite('S38', 'steroid flushing is expected'), cite('README')],
          'flushing-without-steroid',
        );
      return make('routine', [cite('S38', 'expected effects')], 'expected');
    case 'injection-site-soreness':
      // [S38]'s "local soreness for a few days" is the needle's: before any injection there is no
      // needle to explain it, so, as for flushing, a person reads it today.
      if (procedureAt === undefined)
        return make('soon', [cite('S38', 'expected effects'), cite('README')], 'soreness-before-injection');
      return make('routine', [cite('S38', 'expected effects')], 'expected');
    default:
      // Anything the list does not name is read by a person the same day, never filed as routine.
      return make('soon', [cite('README')], 'not-recognised');
  }
}
