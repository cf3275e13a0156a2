import type { DischargeFacts } from './facts.ts';
import { type CodedFinding, finding } from './findings.ts';
import type { ClinicSettings } from './settings.ts';
import { cite } from './sources.ts';

export interface CodedDischarge {
  ready: boolean;
  missing: CodedFinding['code'][];
  findings: CodedFinding[];
}

/**
 * Discharge readiness after the injection: seed 003 ("helped to your feet, to check your walking";
 * legs numb or weak; "asked to pass water"; not driving yourself home), PADSS ([S41]: steady gait,
 * voided, a competent adult to accompany the patient) and DESIGN.md (advice given).
 */
export function dischargeReadiness(facts: DischargeFacts, settings: ClinicSettings): CodedDischarge {
  const missing: CodedFinding[] = [];
  const seed = cite('seed-003', 'before you are discharged');
  if (!facts.walkingChecked)
    missing.push(finding('discharge_walking_not_checked', 'stop', [seed, cite('S41')]));
  const legs: CodedFinding[] = [];
  if (facts.legNumbnessOrWeakness) {
    // Resolved or handled (DESIGN.md): unresolved leg symptoms need a clinician's assessment first.
    if (facts.legSymptomsReviewedBy) {
      legs.push(
        finding('discharge_leg_symptoms_reviewed', 'action', [seed, cite('DESIGN')], {
          reviewedBy: facts.legSymptomsReviewedBy,
        }),
      );
    } else {
      missing.push(finding('discharge_leg_numbness_or_weakness', 'stop', [seed, cite('S38')]));
    }
  }
  if (settings.rules.discharge.requireVoiding && !facts.passedUrine) {
    missing.push(finding('discharge_not_passed_urine', 'stop', [seed, cite('S41')]));
  }
  if (settings.rules.escort.required && !facts.escortPresent) {
    missing.push(finding('discharge_no_escort', 'stop', [seed, cite('S41'), cite('S42')]));
  }
  if (!facts.adviceGiven) missing.push(finding('discharge_advice_not_given', 'stop', [cite('DESIGN'), seed]));
  const ready = missing.length === 0;
  return {
    ready,
    missing: missing.map((f) => f.code),
    findings: [
      ...missing,
      ...legs,
      ...(ready ? [finding('discharge_ready', 'info', [seed, cite('S41')])] : []),
    ],
  };
}
