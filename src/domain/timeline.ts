/**
 * The episode's timeline in words. Each event is stored coded (`screening.recorded` with its
 * verdict, `check-in.amended`, a bare `move`), and worded here, once, for the page and the PDFs:
 * the sentence says what the record says ("booking waits for a plan"), never only the move a
 * form happened to make.
 */
import { type Purpose, purposeWords } from './clinical/facts.ts';
import { type MoveName, moves, type Stage, type StepName, stageLabels } from './pathway.ts';
import { stepRules } from './steps.ts';

export type EventDetails = Record<string, string | number | boolean | null>;

export interface TimelineEvent {
  event: string;
  move: MoveName | null;
  fromStage: Stage | null;
  toStage: Stage;
  details: EventDetails | null;
}

const verdictWords: Record<string, string> = {
  go: 'go',
  'go-with-actions': 'go with actions',
  'not-safe-yet': 'not safe yet',
};

const decisionWords: Record<string, string> = {
  'repeat-injection': 'repeat the injection',
  'refer-rf-denervation': 'refer for radiofrequency denervation',
  physiotherapy: 'physiotherapy',
  'reconsider-diagnosis': 'reconsider the diagnosis',
  'discharge-from-service': 'discharge from the service',
};

const moveWords: Partial<Record<MoveName, string>> = {
  defer: 'Not safe yet: the injection is deferred',
  'start-follow-up': 'Follow-up started',
  close: 'Episode closed',
  withdraw: 'Withdrawn',
  'cancel-booking': 'Booking cancelled: waiting for a new date',
  'did-not-attend': 'Did not attend: waiting for a new date',
};

function recorded(step: StepName, d: EventDetails): string {
  switch (step) {
    case 'triage':
      return d.decision === 'decline'
        ? 'Triage: referral declined'
        : `Triage: accepted for a ${purposeWords[d.purpose as Purpose] ?? String(d.purpose)} injection`;
    case 'screening': {
      const verdict = verdictWords[String(d.verdict)] ?? String(d.verdict);
      const waits = d.verdict !== 'not-safe-yet' && d.blocksScheduling;
      const then = waits ? '; booking waits for a recorded plan or a clinician’s review' : '';
      return `Screening${d.seq ? ` ${d.seq}` : ''}: ${verdict}${then}`;
    }
    case 'booking':
      return `Booked for ${d.plannedAtLocal ?? 'a procedure list'}`;
    case 'check-in':
      return `Checked in (${d.sideMarked ?? 'side'} side marked)`;
    case 'procedure':
      return `Procedure recorded: ${d.side ?? ''} side under ${d.guidance ?? 'guidance'}`;
    case 'recovery':
      return d.block ? `Recovery recorded: block ${d.block}` : 'Recovery recorded';
    case 'discharge':
      return d.overridden ? 'Discharged although the checklist was not complete' : 'Discharged';
    case 'outcome-review':
      return `Outcome reviewed: ${decisionWords[String(d.decision)] ?? String(d.decision)}`;
  }
}

const referralWords: Record<string, string> = {
  referrer: 'referrer',
  referrerAddress: 'referrer’s address',
  referredOn: 'referral date',
  reason: 'reason for referral',
  side: 'side',
};
/** The earlier value is said where it is short; an address or a reason is kept, not repeated. */
const sayEarlier = new Set(['referrer', 'referredOn', 'side']);

/** "Referral amended: referrer (was Dr K. Osei), side (was not stated)". */
function corrected(d: EventDetails): string {
  const fields = String(d.fields ?? '')
    .split(',')
    .filter((f) => f in referralWords);
  const said = fields.map((f) =>
    sayEarlier.has(f)
      ? `${referralWords[f]} (was ${d[f] === null ? 'not stated' : String(d[f])})`
      : referralWords[f],
  );
  return said.length > 0 ? `Referral amended: ${said.join(', ')}` : 'Referral amended';
}

/** One sentence for one event of the timeline. */
export function describeEvent(e: TimelineEvent): string {
  const words = describe(e);
  // A history replayed from another clinic's export (src/server/fhir/replay.ts) was recorded by
  // whoever imported it, at the times the sending clinic recorded: say so on every line.
  return e.details?.imported && e.event !== 'refer' ? `${words} (imported)` : words;
}

function describe(e: TimelineEvent): string {
  const d = e.details ?? {};
  const [subject, what] = e.event.split('.') as [string, string | undefined];
  if (e.event === 'refer' || e.event === 'referral.updated') {
    // A referral imported from another system carries its conditions and medicines as received
    // (src/fhir/referral-note.ts): the screening nurse reads them here and still asks the patient.
    const head = e.event === 'refer' ? (d.source ? 'Referred (imported)' : 'Referred') : 'Referral updated';
    const parts = [
      d.conditions ? `conditions: ${d.conditions}` : '',
      d.medicines ? `medicines: ${d.medicines}` : '',
      d.antithrombotics
        ? `anticoagulant or antiplatelet to ask about at screening: ${d.antithrombotics}`
        : '',
    ].filter(Boolean);
    return parts.length ? `${head}; ${parts.join('; ')}` : head;
  }
  if (e.event === 'referral.amended') return corrected(d);
  if (e.event === 'repeat') return 'Closed: the injection is repeated in a new episode';
  if (e.event === 'move' && e.move) return moveWords[e.move] ?? moves[e.move].label;
  if (subject in stepRules) {
    const step = subject as StepName;
    if (what === 'recorded') return recorded(step, d);
    if (what === 'amended') return `${stepRules[step].label} amended (version ${d.version ?? '?'})`;
    if (what === 'overridden') return `Clinician override of the ${stepRules[step].label.toLowerCase()}`;
    if (what === 'cancelled') return 'Booking cancelled';
    if (what === 'did-not-attend') return 'Did not attend the booked procedure';
    if (what === 'rescheduled') return `Rescheduled to ${d.plannedAtLocal ?? 'another list'}`;
  }
  if (e.fromStage !== e.toStage && e.fromStage) {
    return `${stageLabels[e.fromStage]} → ${stageLabels[e.toStage]}`;
  }
  return stageLabels[e.toStage];
}
