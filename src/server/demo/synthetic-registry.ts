/**
 * What makes a synthetic clinic look like a registry: the mixes of guidance, purpose, injectate
 * and operator, the patients' pain trajectories after the injection, and diaries that stop early.
 *
 * EVERY NUMBER HERE IS SYNTHETIC. They are made up so that the outcomes dashboard, the export and
 * the benchmark have something shaped like a service's registry to work on (relief that decays
 * over weeks, patients who differ, follow-up that is censored). None of them is a clinical fact,
 * an estimate from a study or a threshold: nothing clinical may cite this file.
 */
import { createHash } from 'node:crypto';
import type { Anaesthetic, Purpose } from '../../domain/clinical/index.ts';
import type { Drug } from '../../domain/clinical/procedure.ts';

/** The seeded random source (synthetic.ts prng). */
export interface Rnd {
  next(): number;
  int(n: number): number;
}
type Guidance = 'fluoroscopy' | 'ultrasound' | 'ct';

/** SYNTHETIC: share of procedures by guidance (weights). */
export const SYNTHETIC_GUIDANCE_MIX: readonly [Guidance, number][] = [
  ['fluoroscopy', 55],
  ['ultrasound', 35],
  ['ct', 10],
];

/** SYNTHETIC: share of episodes by purpose at triage (weights). */
export const SYNTHETIC_PURPOSE_MIX: readonly [Purpose, number][] = [
  ['diagnostic', 25],
  ['therapeutic', 35],
  ['both', 40],
];

/** SYNTHETIC: the local anaesthetics used (weights); each is one the clinical core knows the duration of. */
export const SYNTHETIC_ANAESTHETIC_MIX: readonly [Anaesthetic, number][] = [
  ['bupivacaine', 50],
  ['levobupivacaine', 25],
  ['lidocaine', 15],
  ['ropivacaine', 10],
];

/** SYNTHETIC: the steroids given when the purpose is therapeutic (weights), as agent and dose. */
export const SYNTHETIC_STEROID_MIX: readonly [
  { agent: string; mgPerMl: number; volumeMl: number },
  number,
][] = [
  [{ agent: 'triamcinolone', mgPerMl: 40, volumeMl: 1 }, 50],
  [{ agent: 'methylprednisolone', mgPerMl: 40, volumeMl: 1 }, 30],
  [{ agent: 'dexamethasone', mgPerMl: 3.3, volumeMl: 2 }, 20],
];

/** SYNTHETIC: share of therapeutic injections with no steroid (local anaesthetic alone). */
export const SYNTHETIC_NO_STEROID_SHARE = 0.1;

/** SYNTHETIC: operators on the procedure lists, one per list of a day. */
export const SYNTHETIC_OPERATORS = [
  'Dr A. Okonkwo',
  'Dr B. Lindqvist',
  'Dr C. Haddad',
  'Dr D. Murray',
  'Dr E. Tanaka',
  'Dr F. Moreau',
] as const;

/** SYNTHETIC: the probability of each coded complication at a procedure. */
export const SYNTHETIC_COMPLICATION_RATES = {
  vasovagal: 0.02,
  bleeding: 0.005,
  'leg-numbness': 0.01,
} as const;

/**
 * SYNTHETIC: the pain trajectory after the injection. Each patient has a baseline pain, a peak
 * relief and a duration of relief drawn from these; relief then fades as a Weibull curve,
 * relief(t) = peak × exp(−(t / duration)^shape), and each diary score is the baseline less that
 * relief plus noise, on the 0–10 scale.
 */
export const SYNTHETIC_TRAJECTORY = {
  /** Pain before the injection: a whole number from … to … */
  baselinePain: [5, 9] as const,
  /** Share of patients whose block works (scores 1–3 in recovery), by guidance. */
  responderShare: { fluoroscopy: 0.6, ultrasound: 0.55, ct: 0.6 } satisfies Record<Guidance, number>,
  /** Peak relief as a fraction: mean and spread (normal, clipped to 0–1), responders and not. */
  peakRelief: { responder: [0.75, 0.12], nonResponder: [0.15, 0.1] } as const,
  /** Median weeks of relief (log-normal, sigma below) for a responder, by guidance. */
  durationWeeks: { fluoroscopy: 9, ultrasound: 7, ct: 9 } satisfies Record<Guidance, number>,
  durationSigma: 0.6,
  /** A non-responder's little relief wears off within about a week. */
  nonResponderDurationWeeks: 1,
  /** The Weibull shape: above 1, relief holds for a while, then fades. */
  shape: 2,
  /** Day-to-day noise on a diary score, NRS points (normal, standard deviation). */
  noise: 0.8,
} as const;

/** SYNTHETIC: how patients keep the diary (the censoring of the registry). */
export const SYNTHETIC_DIARY = {
  /** Share of prompts answered while the patient still keeps the diary. */
  answered: 0.88,
  /** Weekly hazard of giving up the diary for good: follow-up ends there (censored). */
  dropoutPerWeek: 0.03,
  /** Share of patients who also score their pain without a prompt, every few days. */
  keenShare: 0.7,
  /** Days between those unprompted entries, and the week they stop. */
  keenEveryDays: 4,
  keenUntilWeek: 26,
  /** Share of patients taking opioids before the injection, and their daily doses (from … to …). */
  opioidShare: 0.35,
  opioidDoses: [1, 4] as const,
} as const;

/** A draw from weighted choices. */
export function weighted<T>(rnd: Rnd, mix: readonly (readonly [T, number])[]): T {
  const total = mix.reduce((n, [, w]) => n + w, 0);
  let r = rnd.next() * total;
  for (const [value, w] of mix) {
    r -= w;
    if (r < 0) return value;
  }
  return mix.at(-1)![0];
}

/** A standard normal draw (Box–Muller). */
export function normal(rnd: Rnd): number {
  const u = 1 - rnd.next();
  return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * rnd.next());
}

const clip = (x: number, lo: number, hi: number) => Math.max(lo, Math.min(hi, x));

/** One patient's course after the injection. */
export interface Trajectory {
  baselinePain: number;
  responder: boolean;
  peakRelief: number;
  durationWeeks: number;
  /** The week the patient stops keeping the diary (Infinity: never). */
  dropoutWeek: number;
  keen: boolean;
  opioidBaseline: number;
}

export function drawTrajectory(rnd: Rnd, guidance: Guidance): Trajectory {
  const t = SYNTHETIC_TRAJECTORY;
  const [lo, hi] = t.baselinePain;
  const baselinePain = lo + rnd.int(hi - lo + 1);
  const responder = rnd.next() < t.responderShare[guidance];
  const [mean, sd] = responder ? t.peakRelief.responder : t.peakRelief.nonResponder;
  const peakRelief = clip(mean + sd * normal(rnd), 0, 1);
  const durationWeeks = responder
    ? t.durationWeeks[guidance] * Math.exp(t.durationSigma * normal(rnd))
    : t.nonResponderDurationWeeks;
  const weekly = SYNTHETIC_DIARY.dropoutPerWeek;
  const dropoutWeek = -Math.log(1 - rnd.next()) / -Math.log(1 - weekly);
  const keen = rnd.next() < SYNTHETIC_DIARY.keenShare;
  const [dlo, dhi] = SYNTHETIC_DIARY.opioidDoses;
  const opioidBaseline = rnd.next() < SYNTHETIC_DIARY.opioidShare ? dlo + rnd.int(dhi - dlo + 1) : 0;
  return { baselinePain, responder, peakRelief, durationWeeks, dropoutWeek, keen, opioidBaseline };
}

/** Relief (0–1) `weeks` after the injection. */
export function reliefAt(t: Trajectory, weeks: number): number {
  if (weeks <= 0) return t.peakRelief;
  return t.peakRelief * Math.exp(-((weeks / t.durationWeeks) ** SYNTHETIC_TRAJECTORY.shape));
}

/** A diary score `weeks` after the injection, with the day's noise. */
export function painAt(rnd: Rnd, t: Trajectory, weeks: number): number {
  const pain = t.baselinePain * (1 - reliefAt(t, weeks)) + SYNTHETIC_TRAJECTORY.noise * normal(rnd);
  return clip(Math.round(pain), 0, 10);
}

/** Opioid doses a day: fewer while the pain is less, in proportion. */
export function opioidsAt(rnd: Rnd, t: Trajectory, pain: number): number {
  if (t.opioidBaseline === 0) return 0;
  return clip(Math.round((t.opioidBaseline * pain) / t.baselinePain + (rnd.next() - 0.5)), 0, 50);
}

/** The injectate: the local anaesthetic always, a steroid when therapeutic, contrast under fluoroscopy or CT. */
export function drawDrugs(rnd: Rnd, purpose: Purpose, guidance: Guidance): Drug[] {
  const drugs: Drug[] = [];
  if (guidance !== 'ultrasound') drugs.push({ kind: 'contrast', agent: 'iohexol', volumeMl: 0.5 });
  const agent = weighted(rnd, SYNTHETIC_ANAESTHETIC_MIX);
  const percent = agent === 'lidocaine' ? 1 : agent === 'ropivacaine' ? 0.75 : 0.5;
  drugs.push({
    kind: 'local-anaesthetic',
    agent,
    concentration: { value: percent, unit: '%' },
    volumeMl: 1.5,
    doseMg: Number((percent * 10 * 1.5).toFixed(2)),
  });
  if (purpose !== 'diagnostic' && rnd.next() >= SYNTHETIC_NO_STEROID_SHARE) {
    const s = weighted(rnd, SYNTHETIC_STEROID_MIX);
    drugs.push({
      kind: 'steroid',
      agent: s.agent,
      concentration: { value: s.mgPerMl, unit: 'mg/mL' },
      volumeMl: s.volumeMl,
      doseMg: Number((s.mgPerMl * s.volumeMl).toFixed(2)),
    });
  }
  return drugs;
}

/**
 * Ids that come from the seed and the clinic's name: the same seed makes the same rows, ids and
 * all, and two synthetic clinics with different names never share one. Shaped as UUIDs (version 4
 * bits set); the last 32 bits count up, so rows are written in index order.
 */
export function seededIds(seed: number, clinicName: string): { next: () => string; tag: string } {
  const h = createHash('sha256').update(`${seed}\u0000${clinicName}`).digest('hex');
  const variant = '89ab'[Number.parseInt(h[16]!, 16) & 3];
  const prefix = `${h.slice(0, 8)}-${h.slice(8, 12)}-4${h.slice(13, 16)}-${variant}${h.slice(17, 20)}-${h.slice(20, 24)}`;
  let n = 0;
  return {
    next: () => `${prefix}${(n++).toString(16).padStart(8, '0')}`,
    tag: h.slice(0, 8),
  };
}
