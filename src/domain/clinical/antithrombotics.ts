import { type BleedingRisk, type DrugRow, findDrug, normaliseDrugName } from './drugs.ts';
import type { AgreedPlan, Antithrombotic, PatientFacts } from './facts.ts';
import { type CodedFinding, finding } from './findings.ts';
import type { ClinicSettings } from './settings.ts';
import { cite } from './sources.ts';
import { addHours, hoursBetween } from './zoned-time.ts';

/**
 * Antithrombotic screening. SI joint procedures are low bleeding risk ([S1]–[S3]); patient factors
 * raise the category one step ([A2]). The patient is never told to stop a drug on their own
 * (clinical/README.md, [S7]): only a plan staff have recorded reaches the patient's text.
 */

export function bleedingRisk(patient: PatientFacts): { risk: BleedingRisk; factors: string[] } {
  const factors = new Set<string>(patient.bleedingRiskFactors);
  // Taking several antithrombotics is itself one of the factors ([A2], [S4]).
  if (patient.antithrombotics.length > 1) factors.add('multiple-antithrombotics');
  return { risk: factors.size > 0 ? 'intermediate' : 'low', factors: [...factors].sort() };
}

function planFor(
  drug: Antithrombotic,
  row: DrugRow | undefined,
  plans: AgreedPlan[],
): AgreedPlan | undefined {
  const matches = plans.filter((p) =>
    row
      ? findDrug(p.drug, drug.regimen)?.generic === row.generic
      : normaliseDrugName(p.drug) === normaliseDrugName(drug.name),
  );
  // The latest recorded plan stands.
  return matches.sort((a, b) => a.recordedAt.localeCompare(b.recordedAt)).at(-1);
}

export function screenAntithrombotics(
  patient: PatientFacts,
  plans: AgreedPlan[],
  settings: ClinicSettings,
  procedureAt: Date | undefined,
): CodedFinding[] {
  const { risk, factors } = bleedingRisk(patient);
  const out: CodedFinding[] = [];
  if (risk !== 'low') {
    out.push(
      finding('bleeding_risk_raised', 'info', [cite('A2'), cite('S1')], {
        risk,
        factors: factors.join(', '),
      }),
    );
  }
  for (const drug of patient.antithrombotics) {
    const row = findDrug(drug.name, drug.regimen);
    const plan = planFor(drug, row, plans);
    out.push(row ? known(drug, row, risk, plan, settings, procedureAt) : unknown(drug, plan));
  }
  return out;
}

function unknown(drug: Antithrombotic, plan: AgreedPlan | undefined): CodedFinding {
  // clinical/README.md: a drug the table does not know goes to a clinician, never ignored.
  if (plan) return recorded(drug.name, plan, [cite('README')]);
  return finding(
    'antithrombotic_unknown',
    'review',
    [cite('README'), cite('S1')],
    { drug: drug.name },
    {
      action: { who: 'clinician' },
    },
  );
}

function known(
  drug: Antithrombotic,
  row: DrugRow,
  risk: BleedingRisk,
  plan: AgreedPlan | undefined,
  settings: ClinicSettings,
  procedureAt: Date | undefined,
): CodedFinding {
  const advice = row.advice[risk];
  const sources = row.sources.map((k) => cite(k, `${row.generic}, ${risk} bleeding risk`));
  const restart = row.restart[risk];
  const base = {
    drug: drug.name,
    generic: row.generic,
    drugClass: row.drugClass,
    risk,
    status: row.status,
    restartMinHours: restart?.minHours ?? null,
    restartMaxHours: restart?.maxHours ?? null,
  };
  if (plan) {
    // A firm hold ([S1a] heparins, VKAs at intermediate risk) must be long enough before the procedure.
    if (advice.kind === 'hold') {
      const heldHours =
        plan.decision === 'hold' && plan.lastDoseAt && procedureAt
          ? hoursBetween(new Date(plan.lastDoseAt), procedureAt)
          : undefined;
      if (plan.decision === 'continue' || (heldHours !== undefined && heldHours < advice.hours)) {
        return finding(
          'antithrombotic_plan_too_short',
          'stop',
          sources,
          { ...base, holdHours: advice.hours, plannedHoldHours: heldHours ?? 0 },
          { action: { who: 'clinician' } },
        );
      }
    }
    return recorded(drug.name, plan, sources, base);
  }
  if (advice.kind === 'continue') {
    return finding('antithrombotic_continue', 'info', sources, base);
  }
  const suggested = settings.rules.antithrombotics.suggestedHoldHours[row.key] ?? null;
  const holdHours = advice.kind === 'hold' ? advice.hours : suggested;
  const latestLastDose = holdHours !== null && procedureAt ? addHours(procedureAt, -holdHours) : undefined;
  return finding(
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
  );
}

function recorded(
  drugName: string,
  plan: AgreedPlan,
  sources: CodedFinding['sources'],
  base: Record<string, string | number | null> = { drug: drugName },
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
