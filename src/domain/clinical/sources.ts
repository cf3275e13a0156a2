import { z } from 'zod';

/**
 * The sources a rule may cite. Keys follow /work/shared/clinical/sources.md ([S#]),
 * sources-addendum.md (A#, which wins where the two differ), the seed texts and the design.
 * A finding carries the key and a readable reference so a person can follow it up.
 */
export const SOURCES = {
  S1: 'ASRA/ESRA/AAPM/INS/NANS/WIP 2018, interventional spine and pain procedures on antithrombotics (Narouze et al.)',
  S1a: 'ASRA 2018 summary table of periprocedural antithrombotic management (UpToDate reproduction)',
  S2: 'ASIPP 2024 perioperative antithrombotic guideline (Manchikanti et al.)',
  S3: 'SIR 2019 consensus on periprocedural haemostasis (low-risk list)',
  S4: 'open-source encoding of ASRA pain-procedure intervals (secondary, unverified)',
  S6: 'AnesKey chapter summary of ASRA pain guidance (NOAC restart 24 h)',
  S7: 'practice discharge sheets (red flags; never stop anticoagulants on your own)',
  S8: 'ASPN 2024 best-practice guideline for SI joint pain (Sayed et al.)',
  S9: 'US Medicare SI joint LCDs 2023 (L39402 and siblings)',
  S10: 'SI-BONE clinician page (ASIPP 2009 threshold; comparative blocks with different anaesthetics)',
  S11: 'eviCore CMM-203 (interval and yearly cap for therapeutic injections)',
  S12: '2025 multisociety SI joint complex pain consensus (McCormick … Cohen)',
  S15: 'Tzu Chi Med J review: SI joint capacity 0.6–2.5 mL',
  S16: 'Yonsei fluoroscopy study: fill volume 0.7–2.5 mL',
  S17: 'SIS Appropriate Use Criteria for SI interventions 2017 (red flags, exclusions)',
  S25: 'Shin 2020: glucose after musculoskeletal steroid injection in type 2 diabetes',
  S26: 'Moon 2014: glucose and cortisol after steroid injection',
  S27: 'SIS FactFinder: glucose rises after steroid injection in diabetics',
  S32: 'RadiologyKey: SI joint injection contraindications',
  S33: 'Plymouth NHS leaflet: SI joint injections (fasting, infection in the 14 days before)',
  S34: 'Laslett 2005: provocation tests, ≥3 of 6 positive, all negative rules out',
  S35: 'Laslett cluster summaries (Physiotutors, PhysioHub)',
  S37: "Guy's and St Thomas' NHS SI joint leaflet (red flags)",
  S38: 'Hull (HEY) NHS leaflet: expected effects and numbness wearing off in 4–6 h',
  S39: 'Medscape: spinal epidural abscess',
  S40: 'practice page: raised glucose for a few days in diabetics',
  S41: 'PADSS discharge scoring (Chung); modified PADSS drops voiding',
  S42: 'outpatient discharge policies: escort, no driving, adult at home',
  S43: 'ASA 2017 preoperative fasting guideline',
  A2: 'sources-addendum §2: DOAC/P2Y12 low-risk cells unconfirmed; patient factors raise the risk one step',
  A4: 'sources-addendum §4: no LOINC for PGIC; local code system (CMS ACCESS order)',
  README: 'how the facts become software (profiles, settings, never tell a patient to stop a drug)',
  'seed-001': 'seed 001: conditions treated with SI joint injections',
  'seed-002': 'seed 002: diagnostic and therapeutic purposes of the injection',
  'seed-003': 'seed 003: Plymouth NHS patient leaflet (infection 14 days, escort, 24 h, urgent symptoms)',
  'seed-004': 'seed 004: Date, SI joint block (epidural without benefit, imaging without distinct finding)',
  DESIGN: 'the pathway, procedure record and safety checklist',
} as const;

export type SourceKey = keyof typeof SOURCES;
export const SourceKeySchema = z.enum(Object.keys(SOURCES) as [SourceKey, ...SourceKey[]]);

export const SourceRefSchema = z.object({
  key: SourceKeySchema,
  ref: z.string(),
});
export type SourceRef = z.infer<typeof SourceRefSchema>;

function fileOf(key: SourceKey): string {
  if (key.startsWith('seed-')) return `seeds/${key.slice(5)}`;
  if (key === 'DESIGN') return 'DESIGN.md';
  if (key === 'README') return 'clinical/README.md';
  if (key.startsWith('A')) return 'clinical/sources-addendum.md';
  return 'clinical/sources.md';
}

/** A readable citation, e.g. `clinical/sources.md [S9] US Medicare SI joint LCDs 2023 …`. */
export function cite(key: SourceKey, detail?: string): SourceRef {
  const base = `${fileOf(key)} [${key}] ${SOURCES[key]}`;
  return { key, ref: detail ? `${base}: ${detail}` : base };
}
