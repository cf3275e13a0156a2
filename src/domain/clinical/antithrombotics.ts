import {
  type BleedingRisk,
  type DrugRow,
  drugsNamed,
  findDrug,
  leadsWithDrug,
  listedWords,
  normaliseDrugName,
} from './drugs.ts';
import type { AgreedPlan, Antithrombotic, PatientFacts } from './facts.ts';
import type { DrugNamed, KnownDrug } from './finding-details.ts';
import { type CodedFinding, finding } from './findings.ts';
import type { ClinicSettings } from './settings.ts';
import { cite } from './sources.ts';
import { addHours, hoursBetween } from './zoned-time.ts';

/**
 * Antithrombotic screening. SI joint procedures are low bleeding risk ([S1]–[S3]); patient factors
 * raise the category one step ([A2]). The patient is never told to stop a drug on their own
 * (clinical/README.md, [S7]): only a plan staff have recorded reaches the patient's text.
 */

export interface BleedingRiskResult {
  risk: BleedingRisk;
  factors: string[];
  /** The patient's age and the clinic's age for "older age", when that rule made it a factor. */
  olderAge: { ageYears: number; olderAgeFromYears: number } | null;
}

export function bleedingRisk(patient: PatientFacts, settings: ClinicSettings): BleedingRiskResult {
  const factors = new Set<string>(patient.bleedingRiskFactors);
  // Taking several antithrombotics is itself one of the factors ([A2], [S4]): several drugs, not
  // several lines — a list copied from a referral and a GP letter may name one drug twice.
  const drugs = new Set(antithromboticsOf(patient).flatMap(({ drug }) => drugKeys(drug)));
  if (drugs.size > 1) factors.add('multiple-antithrombotics');
  // [A2], [S4] name older age but give no age: a clinic rule, off (null) by default.
  const from = settings.rules.bleedingRisk.olderAgeFromYears;
  const age = patient.ageYears;
  const older = from !== null && age !== undefined && age >= from;
  if (older) factors.add('older-age');
  return {
    risk: factors.size > 0 ? 'intermediate' : 'low',
    factors: [...factors].sort(),
    olderAge: older ? { ageYears: age, olderAgeFromYears: from } : null,
  };
}

/**
 * The antithrombotics to screen: those staff listed as such, and any the table recognises in the
 * general medication list that is not listed already (a patient who names "Eliquis" among their
 * medicines takes an antithrombotic, whatever box it was written in). A medicine the table does
 * not know is not assumed to be an antithrombotic.
 */
export function antithromboticsOf(
  patient: PatientFacts,
): Array<{ drug: Antithrombotic; fromMedications: boolean; line?: string }> {
  const listed = patient.antithrombotics.map((drug) => ({ drug, fromMedications: false }));
  const seen = new Set(patient.antithrombotics.flatMap(drugKeys));
  const found: Array<{ drug: Antithrombotic; fromMedications: boolean; line: string }> = [];
  for (const m of patient.medications ?? []) {
    // A medicine list names every medicine: one drug after the others ("Co-codamol, ibuprofen when
    // needed") is that drug, by its generic, so that the patient is told to keep taking their
    // ibuprofen, not the whole line. A line naming two ("Aspirin, clopidogrel") is for a person.
    const generics = drugsNamed(m.name).map((row) => row.generic);
    if (generics.length === 0 || generics.every((g) => seen.has(g))) continue;
    for (const g of generics) seen.add(g);
    const name = generics.length === 1 && !leadsWithDrug(m.name) ? generics[0]! : m.name;
    found.push({ drug: { name }, fromMedications: true, line: m.name });
  }
  return [...listed, ...found];
}

/**
 * Which drugs a line names: the table's generics (a brand is its generic; a line may name two),
 * or the name itself for a drug the table does not know.
 */
const drugKeys = (d: Antithrombotic): string[] => {
  const generics = drugsNamed(d.name, d.regimen).map((row) => row.generic);
  return generics.length > 0 ? generics : [normaliseDrugName(d.name)];
};

type Regimen = Antithrombotic['regimen'];
const REGIMENS: readonly Regimen[] = [undefined, 'prophylactic', 'therapeutic'];

/**
 * The latest recorded plan for each drug, found in one look-up per drug: by the table's generic
 * (read with each regimen a drug may name, as findDrug reads it) or, for a drug the table does not
 * know, by its normalised name. Built once, so screening costs drugs + plans, not drugs × plans.
 */
function latestPlans<P extends Pick<AgreedPlan, 'drug'> & { recordedAt?: string }>(plans: readonly P[]) {
  const byGeneric = new Map(REGIMENS.map((r) => [r, new Map<string, P>()]));
  const byName = new Map<string, P>();
  // The latest recorded plan stands (by instant: times may carry different offsets); of two
  // recorded at the same time, the later in the list. (A plan still being typed has no time yet.)
  const keep = (map: Map<string, P>, key: string, plan: P) => {
    const current = map.get(key);
    if (!current || Date.parse(plan.recordedAt ?? '') >= Date.parse(current.recordedAt ?? '')) {
      map.set(key, plan);
    }
  };
  for (const plan of plans) {
    for (const regimen of REGIMENS) {
      const generic = findDrug(plan.drug, regimen)?.generic;
      if (generic !== undefined) keep(byGeneric.get(regimen)!, generic, plan);
    }
    keep(byName, normaliseDrugName(plan.drug), plan);
  }
  return (drug: Antithrombotic, row: DrugRow | undefined): P | undefined =>
    row ? byGeneric.get(drug.regimen)!.get(row.generic) : byName.get(normaliseDrugName(drug.name));
}

/**
 * The drugs a plan may still be recorded for, as the screening form offers them: each line the
 * rules find no plan for, and for a line naming several drugs ("Aspirin + clopidogrel") each drug
 * without its own. Read by the look-up the rules use, so a plan for Eliquis covers "apixaban 5 mg"
 * and one for the line covers the drugs it names. Each drug is offered once.
 */
export function drugsWithoutPlan(
  antithrombotics: readonly Antithrombotic[],
  plans: readonly Pick<AgreedPlan, 'drug'>[],
): string[] {
  const planFor = latestPlans(plans);
  const offered = new Map<string, string>();
  const offer = (key: string, name: string) => offered.has(key) || offered.set(key, name);
  for (const drug of antithrombotics) {
    const name = drug.name.trim();
    if (!name) continue;
    // Words listed beside the drugs ("apixaban, tinzaparin") need a plan for the line as written,
    // which (read as the rules read a plan) is also the plan for a drug the line starts with.
    if (listedWords(name).length > 0) {
      if (!planFor(drug, undefined)) offer(normaliseDrugName(name), name);
      continue;
    }
    const row = findDrug(name, drug.regimen);
    if (row) {
      if (!planFor(drug, row)) offer(row.generic, name);
      continue;
    }
    const rows = drugsNamed(name, drug.regimen);
    if (planFor(drug, undefined) || (rows.length > 0 && rows.every((r) => planFor(drug, r)))) continue;
    if (rows.length > 1) {
      for (const r of rows) if (!planFor(drug, r)) offer(r.generic, r.generic);
    } else offer(normaliseDrugName(name), name);
  }
  return [...offered.values()];
}

export function screenAntithrombotics(
  patient: PatientFacts,
  plans: AgreedPlan[],
  settings: ClinicSettings,
  procedureAt: Date | undefined,
): CodedFinding[] {
  const { risk, factors, olderAge } = bleedingRisk(patient, settings);
  const out: CodedFinding[] = [];
  if (risk !== 'low') {
    const sources = [cite('A2'), cite('S1')];
    if (olderAge) {
      sources.push(
        cite('README', 'older age from the date of birth is a clinic rule (no source gives an age)'),
      );
    }
    out.push(
      finding('bleeding_risk_raised', 'info', sources, { risk, factors: factors.join(', '), ...olderAge }),
    );
  }
  const planFor = latestPlans(plans);
  for (const { drug, fromMedications, line } of antithromboticsOf(patient)) {
    const row = findDrug(drug.name, drug.regimen);
    // Words listed beside the drugs the table knows ("apixaban, tinzaparin") may be a drug it does
    // not: for a clinician, until a plan names the line. The drugs are still checked as themselves.
    // A medication list names other medicines by nature: its words are not asked about.
    const linePlan = planFor(drug, undefined);
    const listed = fromMedications ? [] : listedWords(drug.name);
    const askForLine = listed.length > 0 && !linePlan;
    if (askForLine) {
      out.push(...unknown(drug, undefined, procedureAt, drugsNamed(drug.name, drug.regimen), listed));
    }
    if (!row) {
      // A drug the table does not know, a line naming two ("Aspirin + clopidogrel"; read as its
      // first drug, a DOAC beside aspirin went unheld), or one after other words ("Tab. Apixaban").
      // A clinician decides, unless a plan names the line, or each drug it names has its own
      // plan: then each is checked as itself.
      const rows = drugsNamed(drug.name, drug.regimen);
      const plans = rows.map((r) => planFor(drug, r));
      if (rows.length > 0 && !linePlan && plans.every((p) => p !== undefined)) {
        for (const [i, r] of rows.entries()) {
          out.push(...known({ ...drug, name: r.generic }, r, risk, plans[i], settings, procedureAt));
        }
      } else if (!askForLine) {
        out.push(...unknown(drug, linePlan, procedureAt, rows, []));
      }
      continue;
    }
    if (fromMedications) {
      // clinical/README.md: a drug is never ignored for the box it was written in.
      out.push(
        finding(
          'medication_is_antithrombotic',
          'info',
          [cite('README', 'an antithrombotic in the medication list is screened as one'), cite('S33')],
          { drug: line ?? drug.name, generic: row.generic },
        ),
      );
    }
    out.push(...known(drug, row, risk, planFor(drug, row), settings, procedureAt));
  }
  return out;
}

const reported = (drug: Antithrombotic): Pick<DrugNamed, 'reportedLastDoseAt'> =>
  drug.reportedLastDoseAt ? { reportedLastDoseAt: drug.reportedLastDoseAt } : {};

function unknown(
  drug: Antithrombotic,
  plan: AgreedPlan | undefined,
  procedureAt: Date | undefined,
  named: DrugRow[],
  listed: readonly string[],
): CodedFinding[] {
  // clinical/README.md: a drug the table does not know goes to a clinician, never ignored.
  if (plan) {
    const sources = [cite('README')];
    return [...holdEndsAfter(drug, plan, sources, procedureAt), recorded(drug.name, plan, sources)];
  }
  return [
    finding(
      'antithrombotic_unknown',
      'review',
      [cite('README'), cite('S1')],
      {
        drug: drug.name,
        ...reported(drug),
        ...(named.length ? { generics: named.map((r) => r.generic).join(', ') } : {}),
        ...(listed.length ? { otherWords: listed.join(' ') } : {}),
      },
      {
        action: { who: 'clinician' },
      },
    ),
  ];
}

function known(
  drug: Antithrombotic,
  row: DrugRow,
  risk: BleedingRisk,
  plan: AgreedPlan | undefined,
  settings: ClinicSettings,
  procedureAt: Date | undefined,
): CodedFinding[] {
  const advice = row.advice[risk];
  const sources = row.sources.map((k) => cite(k, `${row.generic}, ${risk} bleeding risk`));
  const restart = row.restart[risk];
  const base: KnownDrug = {
    drug: drug.name,
    generic: row.generic,
    drugClass: row.drugClass,
    risk,
    status: row.status,
    restartMinHours: restart?.minHours ?? null,
    restartMaxHours: restart?.maxHours ?? null,
    ...reported(drug),
  };
  // A firm hold ([S1a] heparins, VKAs at intermediate risk), or the hold the clinic suggests for a
  // shared-assessment drug (sources.md §1c rows marked S: a clinic setting, off by default).
  const suggested = settings.rules.antithrombotics.suggestedHoldHours[row.key] ?? null;
  const firm = advice.kind === 'hold';
  const holdHours = advice.kind === 'hold' ? advice.hours : suggested;
  const referenceHold = advice.kind === 'shared-assessment' ? (advice.referenceHold ?? null) : null;
  if (plan) return withPlan(drug, plan, sources, base, { firm, holdHours, referenceHold }, procedureAt);
  if (advice.kind === 'continue') {
    return [finding('antithrombotic_continue', 'info', sources, base)];
  }
  const latestLastDose = holdHours !== null && procedureAt ? addHours(procedureAt, -holdHours) : undefined;
  return [
    finding(
      'antithrombotic_plan_needed',
      'review',
      sources,
      {
        ...base,
        advice: advice.kind,
        holdHours,
        holdIsClinicSetting: advice.kind !== 'hold' && suggested !== null,
        referenceHold: advice.kind === 'shared-assessment' ? (advice.referenceHold ?? null) : null,
        requiresNormalInr: advice.kind === 'hold' && advice.requiresNormalInr === true,
      },
      { action: { who: 'staff', ...(latestLastDose ? { dueAt: latestLastDose.toISOString() } : {}) } },
    ),
  ];
}

/**
 * A recorded plan, checked against the procedure time: a hold must be long enough before it — a
 * firm hold ([S1a]) is a stop; the clinic's suggested hold for a shared-assessment drug is for a
 * clinician to review (the prescriber may have agreed less, ASRA allows even "continue" at low
 * risk). A dose the patient reports after the plan's last dose moves the last dose, and a
 * clinician must look at it. Booking and rescheduling re-run this with the booked time.
 */
function withPlan(
  drug: Antithrombotic,
  plan: AgreedPlan,
  sources: CodedFinding['sources'],
  base: KnownDrug,
  hold: { firm: boolean; holdHours: number | null; referenceHold: string | null },
  procedureAt: Date | undefined,
): CodedFinding[] {
  const out: CodedFinding[] = [];
  // A dose the patient reports after the agreed last dose breaks the plan: holds are measured from
  // the last dose actually taken (clinical/sources.md §1c [S1a]), and only a plan staff recorded
  // reaches the patient (clinical/README.md "Principles"), so a clinician reviews it.
  const reportedAt = drug.reportedLastDoseAt;
  const planLastDoseAt = plan.decision === 'hold' ? plan.lastDoseAt : undefined;
  const takenAfterPlan =
    planLastDoseAt !== undefined &&
    reportedAt !== undefined &&
    new Date(reportedAt) > new Date(planLastDoseAt);
  if (takenAfterPlan) {
    out.push(
      finding(
        'antithrombotic_dose_after_plan',
        'review',
        [...sources, cite('README', 'only a plan staff recorded reaches the patient')],
        { ...base, planLastDoseAt },
        { action: { who: 'clinician' } },
      ),
    );
  }
  const lastDoseAt = takenAfterPlan ? reportedAt : plan.lastDoseAt;
  const heldHours =
    plan.decision === 'hold' && lastDoseAt && procedureAt
      ? hoursBetween(new Date(lastDoseAt), procedureAt)
      : undefined;
  if (hold.holdHours !== null) {
    const continuedThroughFirmHold = hold.firm && plan.decision === 'continue';
    if (continuedThroughFirmHold || (heldHours !== undefined && heldHours < hold.holdHours)) {
      out.push(
        finding(
          'antithrombotic_plan_too_short',
          hold.firm ? 'stop' : 'review',
          hold.firm
            ? sources
            : [...sources, cite('README', "the clinic's suggested hold (a clinic setting)")],
          {
            ...base,
            holdHours: hold.holdHours,
            plannedHoldHours: heldHours ?? 0,
            holdIsClinicSetting: !hold.firm,
            lastDoseAt: lastDoseAt ?? null,
          },
          { action: { who: 'clinician' } },
        ),
      );
      return out;
    }
  }
  return [
    ...out,
    ...holdEndsAfter(drug, plan, sources, procedureAt, base),
    recorded(
      drug.name,
      plan,
      sources,
      // A shared-assessment hold is the prescriber's to agree, so it is not checked against the
      // published hold; it is shown beside it, for whoever reads the plan.
      hold.referenceHold !== null && plan.decision === 'hold'
        ? { ...base, referenceHold: hold.referenceHold, heldHours: heldHours ?? null }
        : base,
    ),
  ];
}

/**
 * A hold whose last dose is after the procedure holds nothing: a slipped date. Where the hold has
 * a length to check, that check says so (`antithrombotic_plan_too_short`); for a drug with none (a
 * shared assessment the clinic sets no hold for, or a drug the table does not know) it would pass
 * as agreed, so a clinician checks it before the patient is booked (the plan stands as recorded,
 * as a reported dose after the plan leaves it).
 */
function holdEndsAfter(
  drug: Antithrombotic,
  plan: AgreedPlan,
  sources: CodedFinding['sources'],
  procedureAt: Date | undefined,
  base: DrugNamed = { drug: drug.name, ...reported(drug) },
): CodedFinding[] {
  if (plan.decision !== 'hold' || !plan.lastDoseAt || !procedureAt) return [];
  if (new Date(plan.lastDoseAt) <= procedureAt) return [];
  return [
    finding(
      'antithrombotic_last_dose_after_procedure',
      'review',
      [...sources, cite('README', 'only a plan staff recorded reaches the patient')],
      { ...base, lastDoseAt: plan.lastDoseAt, procedureAt: procedureAt.toISOString() },
      { action: { who: 'clinician' } },
    ),
  ];
}

function recorded(
  drugName: string,
  plan: AgreedPlan,
  sources: CodedFinding['sources'],
  base: DrugNamed & { referenceHold?: string | null; heldHours?: number | null } = { drug: drugName },
): CodedFinding {
  return finding(
    'antithrombotic_plan_recorded',
    'action',
    [...sources, cite('README', 'only a recorded plan reaches the patient')],
    {
      ...base,
      decision: plan.decision,
      lastDoseAt: plan.lastDoseAt ?? null,
      restartAfterHours: plan.restartAfterHours ?? null,
      recordedBy: plan.recordedBy,
      agreedWith: plan.agreedWith ?? null,
    },
    { action: { who: 'patient', ...(plan.lastDoseAt ? { dueAt: plan.lastDoseAt } : {}) } },
  );
}
