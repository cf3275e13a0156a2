import { z } from 'zod';

/**
 * The sources a rule may cite. Keys follow /work/shared/clinical/sources.md ([S#]),
 * sources-addendum.md (A#, which wins where the two differ), the seed texts and the design.
 * `SOURCES` is the internal description (what the key means in those files, with their status
 * notes); `SOURCE_LIST` is what a clinician reads: the guideline or page, its year and its address
 * from the "Source list" of sources.md. A finding carries both: the key and internal note for the
 * audit trail and the hazard log, the readable citation for the screen and the letters.
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

interface SourceEntry {
  /** The guideline, paper or page as a clinician would look it up (without its year). */
  title: string;
  year?: number;
  /** The first address the source list gives for it. */
  url?: string;
  /** A rule of the service itself (its design or how it turns the facts into software). */
  own?: 'rule' | 'design';
}

const PLYMOUTH = 'https://www.plymouthhospitals.nhs.uk/display-pil/pil-sacroiliac-joint-injections-6657';

/** What a clinician reads for each key: clinical/sources.md "Source list". */
export const SOURCE_LIST: Record<SourceKey, SourceEntry> = {
  S1: {
    title:
      'ASRA/ESRA/AAPM/INS/NANS/WIP guideline: interventional spine and pain procedures in patients on antiplatelet and anticoagulant medications (Narouze et al., Reg Anesth Pain Med)',
    year: 2018,
    url: 'https://journals.lww.com/rapm/Fulltext/2018/04000/Interventional_Spine_and_Pain_Procedures_in.2.aspx',
  },
  S1a: {
    title:
      'ASRA summary table: periprocedural management of anticoagulants and antiplatelets for pain procedures',
    year: 2018,
    url: 'https://www.medilib.ir/uptodate/show/108918',
  },
  S2: {
    title:
      'ASIPP guideline: perioperative management of antiplatelet and anticoagulant therapy (Manchikanti et al., Pain Physician)',
    year: 2024,
    url: 'https://www.painphysicianjournal.com/current/abstracts?article=Nzg3NQ%3D%3D',
  },
  S3: {
    title: 'SIR consensus guideline on periprocedural haemostasis (Patel et al.), low-risk procedures',
    year: 2019,
    url: 'http://radiologyreviewarticles.com/interventional-radiology/anticoagulation-antiplatelet-medications-low-risk-procedures/',
  },
  S4: { title: 'ASRA 2018 pain-procedure intervals as encoded by an open-source calculator' },
  S6: {
    title: 'AnesKey: interventional pain procedures in patients on anticoagulants',
    url: 'https://aneskey.com/interventional-pain-procedures-in-patients-on-anticoagulants/',
  },
  S7: {
    title:
      'Pain practice discharge instructions (RA Pain Docs, First State Spine, Denver Back Pain Specialists)',
    url: 'http://www.rapaindocs.com/procedure-instructions/',
  },
  S8: {
    title: 'ASPN best-practice guideline for sacroiliac joint pain (Sayed et al., J Pain Res)',
    year: 2024,
    url: 'https://guidelinecentral.com/guideline/3686380',
  },
  S9: {
    title: 'Medicare LCD L39402: sacroiliac joint injections and procedures',
    year: 2023,
    url: 'https://cms.gov/medicare-coverage-database/view/lcd.aspx?lcdId=39402',
  },
  S10: {
    title: 'SI-BONE clinician page: SI joint injection',
    url: 'http://www.sijoint.com/physicians/diagnosis/si-joint-injection.html',
  },
  S11: {
    title: 'eviCore CMM-203 guideline: sacroiliac joint injections',
    url: 'https://verity.backworkai.com/policy/EVICORE-MSK_ADVANCED-6E4D9416',
  },
  S12: {
    title:
      'Consensus practice guidelines on sacroiliac joint complex pain (McCormick et al., Reg Anesth Pain Med)',
    year: 2025,
    url: 'https://painmed.org/clinical-guidelines/sacroiliac-joint-complex-pain-guideline',
  },
  S15: {
    title: 'Tzu Chi Med J review: sacroiliac joint injection (joint capacity 0.6–2.5 mL)',
    url: 'https://pmc.ncbi.nlm.nih.gov/articles/PMC6905244/',
  },
  S16: {
    title: 'Intra-articular SI joint injectate volume under live fluoroscopy (Yonsei)',
    url: 'https://ir.ymlib.yonsei.ac.kr/handle/22282913/138987',
  },
  S17: {
    title:
      'SIS Appropriate Use Criteria for fluoroscopically guided sacroiliac interventions (MacVicar et al., Pain Med)',
    year: 2017,
    url: 'https://www.clinicalpainadvisor.com/interventional-pain-management/fluoroscopically-guided-sacroiliac-interventions-appropriate-use-criteria/',
  },
  S25: {
    title:
      'Shin et al.: glucose after musculoskeletal steroid injection in type 2 diabetes (Ann Rehabil Med)',
    year: 2020,
    url: 'https://pmc.ncbi.nlm.nih.gov/articles/PMC7214140',
  },
  S26: {
    title: 'Moon et al.: glucose and cortisol after steroid injection (Am J Phys Med Rehabil)',
    year: 2014,
    url: 'https://www.ncbi.nlm.nih.gov/pubmed/24508924',
  },
  S27: {
    title: 'SIS FactFinder: epidural steroid injections and hyperglycaemia',
    url: 'http://www.spinalinjection.org/page/ESIDFF/Epidural-Steroid-Injections-and-Hyperglycemia-FactFinder-.htm',
  },
  S32: {
    title: 'RadiologyKey: sacroiliac joint injections',
    url: 'https://radiologykey.com/sacroiliac-joint-injections',
  },
  S33: {
    title: 'University Hospitals Plymouth NHS leaflet: sacro-iliac joint injections',
    year: 2023,
    url: PLYMOUTH,
  },
  S34: {
    title: 'Laslett et al.: diagnosis of sacroiliac joint pain, validity of provocation tests (Man Ther)',
    year: 2005,
    url: 'https://www.chiro.org/Subluxation/Diagnosis_of_Sacroiliac_Joint_Pain.shtml',
  },
  S35: {
    title: 'Laslett cluster of provocation tests (Physiotutors)',
    url: 'https://www.physiotutors.com/wiki/cluster-of-laslett/',
  },
  S37: {
    title: "Guy's and St Thomas' NHS leaflet: sacroiliac joint injections",
    url: 'https://guysandstthomas.nhs.uk/health-information/sacroiliac-joint-injections-treat-pain',
  },
  S38: {
    title: 'Hull University Teaching Hospitals NHS leaflet: sacroiliac joint injections',
    url: 'https://www.hey.nhs.uk/patient-leaflet/sacroiliac-joint-injections/',
  },
  S39: {
    title: 'Medscape: spinal epidural abscess',
    url: 'https://emedicine.medscape.com/article/1165840-clinical',
  },
  S40: {
    title: 'Pain and Neuromodulation practice page: sacroiliac joint injection',
    url: 'https://painandneuromodulation.com/sacroiliac-joint-injection',
  },
  S41: {
    title: 'Post-anaesthetic discharge scoring system, PADSS (Chung)',
    url: 'https://medicalalgorithms.com/padss-scoring-system',
  },
  S42: {
    title: 'Outpatient discharge policies (Memorial Health, Upstate Pain Clinic)',
    url: 'https://memorial.health/patients-visitors/during-your-stay/outpatient-discharge/',
  },
  S43: {
    title: 'ASA practice guidelines for preoperative fasting',
    year: 2017,
    url: 'https://accessanesthesiology.mhmedical.com/content.aspx?bookid=572&sectionid=42543585',
  },
  A2: {
    title: 'ASRA guidance on patient factors that raise the bleeding-risk category (Narouze, via AnesKey)',
    url: 'https://aneskey.com/regional-anesthesia-and-anticoagulation',
  },
  A4: { title: 'CMS ACCESS Model FHIR guide: PGIC coded in a model-local code system (no LOINC code)' },
  README: { title: "SIJ Pathway's own rule", own: 'rule' },
  'seed-001': { title: 'Pain clinic patient page: conditions treated with sacroiliac joint injections' },
  'seed-002': {
    title: 'Patient-education page: the diagnostic and therapeutic purposes of SI joint injections',
  },
  'seed-003': {
    title: 'University Hospitals Plymouth NHS leaflet: sacro-iliac joint injections',
    year: 2023,
    url: PLYMOUTH,
  },
  'seed-004': {
    title: 'Date H.: sacroiliac joint block, ultrasound- and fluoroscopy-guided (textbook chapter)',
  },
  DESIGN: { title: 'SIJ Pathway design', own: 'design' },
};

export const SourceRefSchema = z.object({
  /** The internal key ([S#], A#, seed, README, DESIGN): for the audit trail and the hazard log. */
  key: SourceKeySchema,
  /** The readable citation: title (year): section. */
  ref: z.string(),
  // The fields below were added later: findings recorded before them carry only key and ref (then the
  // internal reference), and readers fall back to SOURCE_LIST[key] for those.
  /** The guideline, paper or page. */
  title: z.string().optional(),
  year: z.number().int().optional(),
  /** The part of the source the rule relies on, in words. */
  section: z.string().optional(),
  /** Where to read it (from the source list). */
  url: z.string().optional(),
  /** True when the rule is the service's own (its design or a clinic setting), not a guideline's. */
  own: z.literal(true).optional(),
  /** Internal: where the fact is kept and its status there (e.g. UNCONFIRMED). Not for display. */
  note: z.string().optional(),
});
export type SourceRef = z.infer<typeof SourceRefSchema>;

function fileOf(key: SourceKey): string {
  if (key.startsWith('seed-')) return `seeds/${key.slice(5)}`;
  if (key === 'DESIGN') return 'DESIGN.md';
  if (key === 'README') return 'clinical/README.md';
  if (key.startsWith('A')) return 'clinical/sources-addendum.md';
  return 'clinical/sources.md';
}

/**
 * A citation: the key, a readable reference (e.g. "Medicare LCD L39402: sacroiliac joint injections
 * and procedures (2023): scores on the following days") with its address, and an internal note
 * (`clinical/sources.md [S9] …`, plus `internal`, e.g. "UNCONFIRMED") that is never shown.
 */
export function cite(key: SourceKey, section?: string, internal?: string): SourceRef {
  const entry = SOURCE_LIST[key];
  const year = entry.year === undefined ? '' : ` (${entry.year})`;
  const base = `${fileOf(key)} [${key}] ${SOURCES[key]}`;
  return {
    key,
    ref: `${entry.title}${year}${section ? `: ${section}` : ''}`,
    title: entry.title,
    ...(entry.year === undefined ? {} : { year: entry.year }),
    ...(section ? { section } : {}),
    ...(entry.url ? { url: entry.url } : {}),
    ...(entry.own ? { own: true as const } : {}),
    note: internal ? `${base}: ${internal}` : base,
  };
}
