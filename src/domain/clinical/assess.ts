import { z } from 'zod';
import { interpretBlock } from './block.ts';
import { diarySchedule } from './diary-schedule.ts';
import { dischargeReadiness } from './discharge.ts';
import {
  BlockResponseFactsSchema,
  DiaryFactsSchema,
  DischargeFactsSchema,
  EpisodeFactsSchema,
  InstantSchema,
  PatientFactsSchema,
  type RedFlagReport,
  RedFlagReportSchema,
  ScreeningFactsSchema,
  type SideCheck,
  SideCheckSchema,
  TriageFactsSchema,
} from './facts.ts';
import type { CodedFinding, Finding } from './findings.ts';
import { type AfterCareFacts, afterCareCoded, type Instruction } from './instructions.ts';
import { outcome } from './outcome.ts';
import type { Assessment } from './response.ts';
import { type ScreeningContext, screenCoded, usesSteroid } from './screening.ts';
import { type ClinicSettings, ClinicSettingsSchema, resolveProtocol } from './settings.ts';
import { checkSideConsistency } from './side.ts';
import { triageSymptoms } from './symptoms.ts';
import { triage } from './triage.ts';
import { present, presentInstruction, wordingContext } from './wording.ts';

export const AssessmentRequestSchema = z.object({
  /** The current time, passed in: nothing in the clinical core reads a clock. */
  now: InstantSchema,
  settings: ClinicSettingsSchema,
  patient: PatientFactsSchema.prefault({}),
  episode: EpisodeFactsSchema,
  triage: TriageFactsSchema.optional(),
  screening: ScreeningFactsSchema.optional(),
  blockResponse: BlockResponseFactsSchema.optional(),
  discharge: DischargeFactsSchema.optional(),
  diary: DiaryFactsSchema.optional(),
  redFlagReport: RedFlagReportSchema.optional(),
  sideCheck: SideCheckSchema.optional(),
});
export type AssessmentRequest = z.infer<typeof AssessmentRequestSchema>;
export type AssessmentRequestInput = z.input<typeof AssessmentRequestSchema>;

function worded<T extends { findings: CodedFinding[] }>(
  result: T,
  settings: ClinicSettings,
): Omit<T, 'findings'> & { findings: Finding[] } {
  const c = wordingContext(settings);
  return { ...result, findings: result.findings.map((f) => present(f, c)) };
}

/**
 * The outcome alone, as assess() gives it: for the outcome review, which keeps nothing else and so
 * need not pay for the diary schedule (a few hundred zoned dates) assess() would add beside it.
 * Undefined before a procedure or without a diary, as in assess().
 */
export function assessOutcome(request: AssessmentRequest): Assessment['outcome'] {
  const { settings, episode } = request;
  if (!episode.procedureAt || !request.diary) return undefined;
  const protocol = resolveProtocol(settings);
  const block = request.blockResponse
    ? interpretBlock(request.blockResponse, episode.purpose, settings, protocol, new Date(request.now))
    : undefined;
  return wordedOutcome(request, new Date(episode.procedureAt), block, protocol);
}

function wordedOutcome(
  request: AssessmentRequest,
  procedureAt: Date,
  block: ReturnType<typeof interpretBlock> | undefined,
  protocol: ReturnType<typeof resolveProtocol>,
) {
  const { settings, patient, episode } = request;
  return worded(
    outcome({
      now: new Date(request.now),
      procedureAt,
      purpose: episode.purpose,
      diary: request.diary!,
      block: block?.classification,
      patient,
      settings,
      protocol,
    }),
    settings,
  );
}

/**
 * The full assessment: every judgement whose inputs are present, worded for staff and patient,
 * recording the protocol profile and version used. Pure: the same request gives the same answer.
 */
export function assess(request: AssessmentRequest): Assessment {
  const { settings, patient, episode } = request;
  const now = new Date(request.now);
  const protocol = resolveProtocol(settings);
  const procedureAt = episode.procedureAt ? new Date(episode.procedureAt) : undefined;
  const result: Assessment = {
    assessedAt: now.toISOString(),
    clinic: { name: settings.clinic.name, timeZone: settings.clinic.timeZone },
    protocol: { profile: protocol.profile, version: protocol.version },
  };
  if (request.triage) result.triage = worded(triage(request.triage, episode.purpose, protocol), settings);
  if (request.screening) {
    result.screening = worded(
      screenCoded({ now, settings, protocol, patient, episode, facts: request.screening }),
      settings,
    );
  }
  const block = request.blockResponse
    ? interpretBlock(request.blockResponse, episode.purpose, settings, protocol, now)
    : undefined;
  if (block) result.blockResponse = worded(block, settings);
  if (request.discharge) result.discharge = worded(dischargeReadiness(request.discharge, settings), settings);
  if (procedureAt) {
    result.diarySchedule = worded(
      diarySchedule(
        procedureAt,
        episode.purpose,
        episode.anaesthetic ?? request.blockResponse?.anaesthetic,
        settings,
        request.blockResponse?.expectedDuration,
      ),
      settings,
    );
    if (request.diary) result.outcome = wordedOutcome(request, procedureAt, block, protocol);
  }
  if (request.redFlagReport)
    result.redFlag = triageRedFlagReport(
      request.redFlagReport,
      procedureAt,
      settings,
      // Whether the plan has a steroid, as the screening reads it.
      usesSteroid(episode),
    );
  if (request.sideCheck) result.side = checkSide(request.sideCheck, settings);
  return result;
}

/** Safety screening on its own, worded: the call the screening screen makes. */
export function screen(input: Omit<ScreeningContext, 'protocol'>) {
  return worded(screenCoded({ ...input, protocol: resolveProtocol(input.settings) }), input.settings);
}

/** A symptom report triaged and worded with the clinic's contacts. */
export function triageRedFlagReport(
  report: RedFlagReport,
  procedureAt: Date | undefined,
  settings: ClinicSettings,
  steroidGiven?: boolean,
) {
  return worded(triageSymptoms(report, procedureAt, settings, steroidGiven), settings);
}

/** After-care for a procedure that has been done, worded for the patient in the clinic's locale. */
export function afterCare(facts: AfterCareFacts, settings: ClinicSettings): Instruction[] {
  const c = wordingContext(settings);
  return afterCareCoded(facts, settings).map((i) => presentInstruction(i, c));
}

/** The wrong-side check, worded. */
export function checkSide(check: SideCheck, settings: ClinicSettings): Finding {
  return present(checkSideConsistency(check), wordingContext(settings));
}

export type ParseResult =
  | { ok: true; request: AssessmentRequest }
  | { ok: false; issues: Array<{ path: string; message: string }> };

/** Validate raw JSON into a request, with each issue's field path for a person to fix. */
export function parseAssessmentRequest(json: unknown): ParseResult {
  const parsed = AssessmentRequestSchema.safeParse(json);
  if (parsed.success) return { ok: true, request: parsed.data };
  return {
    ok: false,
    issues: parsed.error.issues.map((i) => ({
      path: i.path.map(String).join('.') || '(root)',
      message: i.message,
    })),
  };
}
