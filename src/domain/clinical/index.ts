/** The clinical core of SIJ Pathway: pure judgements, their schemas and their wording. */

export { ageInYears } from './age.ts';
export { drugsWithoutPlan } from './antithrombotics.ts';
export {
  type AssessmentRequest,
  type AssessmentRequestInput,
  AssessmentRequestSchema,
  afterCare,
  assess,
  assessOutcome,
  checkSide,
  type ParseResult,
  parseAssessmentRequest,
  screen,
  triageRedFlagReport,
} from './assess.ts';
export { type AssessJsonResult, assessJson } from './assess-json.ts';
export {
  type CodedBlockResponse,
  interpretBlock,
  meetsThreshold,
  reliefPercent,
  scoresDisagree,
  scoreTimeIssue,
} from './block.ts';
export { type DiaryPrompt, DiaryPromptSchema, type DiarySchedule, diarySchedule } from './diary-schedule.ts';
export {
  type CodedDischarge,
  type DischargeCriterion,
  dischargeOverriddenBy,
  dischargeOverrideRefused,
  dischargeReadiness,
} from './discharge.ts';
export {
  type Advice,
  type BleedingRisk,
  DRUG_TABLE,
  type DrugRow,
  drugsNamed,
  findDrug,
  normaliseDrugName,
} from './drugs.ts';
export {
  addDuration,
  DURATION_UNITS,
  type Duration,
  DurationSchema,
  type DurationUnit,
  durationParts,
  durationWords,
  parseDuration,
} from './duration.ts';
export * from './facts.ts';
export {
  type CodedFinding,
  CodedFindingSchema,
  FINDING_CODES,
  type Finding,
  type FindingAction,
  FindingActionSchema,
  type FindingCode,
  FindingCodeSchema,
  FindingSchema,
  hasCode,
  reviewSubject,
  type Severity,
  SeveritySchema,
  withDetails,
} from './findings.ts';
export {
  AFTER_CARE_CODES,
  type AfterCareCode,
  type AfterCareFacts,
  afterCareCoded,
  type CodedInstruction,
  type Instruction,
  LIFECYCLE,
  preparation,
} from './instructions.ts';
export {
  type CodedOutcome,
  type NextStep,
  NextStepSchema,
  outcome,
  PGIC_CODES,
  PGIC_SYSTEM,
} from './outcome.ts';
export * from './procedure.ts';
export {
  PROFILE_IDS,
  PROFILES,
  type ProfileId,
  ProfileIdSchema,
  type ProtocolOverrides,
  ProtocolOverridesSchema,
  type ProtocolValues,
  ProtocolValuesSchema,
  type ResolvedProtocol,
  ResolvedProtocolSchema,
} from './profiles.ts';
export { type RecordedRow, recordedInjection } from './recorded-injections.ts';
export * from './response.ts';
export {
  type CodedScreening,
  datedAfterToday,
  pregnancyQuestionApplies,
  screenCoded,
  type Verdict,
  VerdictSchema,
  verdictOf,
} from './screening.ts';
export {
  ANAESTHETICS,
  type Anaesthetic,
  type ClinicRules,
  ClinicRulesSchema,
  type ClinicSettings,
  type ClinicSettingsInput,
  ClinicSettingsSchema,
  defaultClinicSettings,
  LOCALES,
  type Locale as ClinicLocale,
  ResolvedClinicSettingsSchema,
  RULE_SOURCES,
  type RuleSource,
  resolveProtocol,
} from './settings.ts';
export {
  at as settingAt,
  explainSetting,
  explainSettings,
  flattenSettings,
  RULE_DEFAULTS,
  RULE_KEYS,
  type RuleKey,
  type SettingChange,
  type SettingExplained,
  SettingExplainedSchema,
  settingDefault,
  settingsChanges,
} from './settings-explained.ts';
export { checkSideConsistency } from './side.ts';
export { cite, SOURCES, type SourceKey, type SourceRef, SourceRefSchema } from './sources.ts';
export {
  type CodedSymptomTriage,
  triageSymptoms,
  URGENT_SYMPTOMS,
  type Urgency,
  UrgencySchema,
} from './symptoms.ts';
export {
  CLOCK_MARGIN_MINUTES,
  checkInIsLate,
  checkInTimingIssue,
  didNotAttendTimingIssue,
  performedAtIssues,
  sameLocalDay,
  type TimingIssue,
} from './timing.ts';
export { type CodedTriage, triage } from './triage.ts';
export {
  comparatorSymbol,
  comparatorWords,
  type Locale,
  lastedDaysWords,
  peakReliefWords,
  present,
  questionText,
  symptomName,
  WORDING,
  whenClosed,
  wordingContext,
} from './wording.ts';
export { formatLocal, fromLocal, isValidTimeZone, localDayAt, toLocal } from './zoned-time.ts';
