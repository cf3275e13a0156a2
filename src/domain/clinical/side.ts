import type { SideCheck } from './facts.ts';
import type { Sides } from './finding-details.ts';
import { type CodedFinding, finding } from './findings.ts';
import { cite } from './sources.ts';

/**
 * Wrong-side check across the safety checklist (DESIGN.md: planned side, site marked at check-in,
 * side confirmed at time-out, side recorded). Every step must be present and name the same side.
 * The checklist screens themselves belong to the procedure record; this is the rule they call.
 */
export function checkSideConsistency(check: SideCheck): CodedFinding {
  const sources = [cite('DESIGN', 'safety checklist: sign-in, time-out with side confirmed, sign-out')];
  const steps = ['planned', 'markedAtCheckIn', 'confirmedAtTimeOut', 'recorded'] as const;
  const missing = steps.filter((s) => check[s] === undefined);
  const sides = new Set(steps.map((s) => check[s]).filter((s) => s !== undefined));
  const details: Sides = {
    planned: check.planned ?? null,
    markedAtCheckIn: check.markedAtCheckIn ?? null,
    confirmedAtTimeOut: check.confirmedAtTimeOut ?? null,
    recorded: check.recorded ?? null,
  };
  if (sides.size > 1) return finding('side_mismatch', 'stop', sources, details);
  if (missing.length > 0)
    return finding('side_not_confirmed', 'stop', sources, { ...details, missing: missing.join(', ') });
  return finding('side_consistent', 'info', sources, details);
}
