/**
 * The pain diary between the clinical core's schedule (clinical/diary-schedule.ts: when the diary
 * asks) and the patient's answers: what an entry records, how long a prompt stays open, whether an
 * answer is on time or late, and which prompts were missed. Pure: the clock is an argument.
 *
 * A prompt's window is a service choice about how an answer is labelled, not a clinical rule: a
 * prompt is answered on time until the next prompt is due, and never longer than one spacing of
 * its own kind (an hourly prompt: the clinic's hourly spacing; a daily prompt: a day; a weekly
 * prompt: a week). An answer inside the window scores the pain at the moment it is given; an answer
 * after it is allowed, marked late, and stands for the prompt's time (the pain as the patient
 * recalls it then), so the clinician reading the outcome knows which scores were recalled.
 */
import { z } from 'zod';
import { PainScoreSchema, PgicSchema } from './clinical/facts.ts';
import { GlucoseSchema } from './clinical/settings.ts';

const MINUTE = 60_000;
const DAY = 24 * 60 * MINUTE;

/** The kinds of prompt the clinical core schedules. */
export const PromptKindSchema = z.enum(['hour', 'day', 'week']);
export type PromptKind = z.infer<typeof PromptKindSchema>;

/** A prompt as it was queued: when it is due, and which of the schedule's prompts it is. */
export interface DiaryPromptDue {
  dueAt: Date;
  kind: PromptKind;
  /** Minutes (hourly), days or weeks after the procedure. */
  after: number;
}

/** What a diary entry records, as the patient (or staff on the phone for them) enters it. */
export const DiaryEntryFactsSchema = z.object({
  /** The prompt it answers (its due time); absent for an entry made without a prompt. */
  promptAt: z.iso.datetime({ offset: true }).optional(),
  /** Pain now on the 0–10 numeric rating scale (0 no pain … 10 worst pain imaginable). */
  pain: PainScoreSchema,
  /** How much pain got in the way of usual activities, 0 (not at all) … 10 (completely). */
  activity: z.number().int().min(0).max(10).optional(),
  /** Patient Global Impression of Change, 1 very much improved … 7 very much worse (addendum §4). */
  pgic: PgicSchema.optional(),
  /** Opioid doses taken since the last entry. */
  opioidDoses: z.number().int().min(0).max(50).optional(),
  /** Other pain medicines taken since the last entry, in the patient's words. */
  otherMedicines: z.string().trim().max(500).optional(),
  /** Blood glucose, for a patient with diabetes. */
  glucose: GlucoseSchema.optional(),
  /** Side effects since the last entry, in the patient's words. */
  sideEffects: z.string().trim().max(1000).optional(),
});
export type DiaryEntryFacts = z.infer<typeof DiaryEntryFactsSchema>;

/** The longest a prompt of each kind stays open (see the module comment). */
export function kindSpanMs(kind: PromptKind, hourlyEveryMinutes: number): number {
  switch (kind) {
    case 'hour':
      return hourlyEveryMinutes * MINUTE;
    case 'day':
      return DAY;
    case 'week':
      return 7 * DAY;
  }
}

/** When a prompt's window closes: the next prompt's due time, or one spacing of its kind, whichever is first. */
export function windowEndsAt(
  prompt: DiaryPromptDue,
  next: DiaryPromptDue | undefined,
  hourlyEveryMinutes: number,
): Date {
  const own = prompt.dueAt.getTime() + kindSpanMs(prompt.kind, hourlyEveryMinutes);
  return new Date(next ? Math.min(own, next.dueAt.getTime()) : own);
}

export type PromptStatus = 'upcoming' | 'open' | 'answered' | 'answered-late' | 'missed';

export interface PromptState extends DiaryPromptDue {
  windowEndsAt: Date;
  status: PromptStatus;
  /** The entry that answers it, if any. */
  entryId: string | null;
}

/**
 * Each prompt's state now: not yet due, open for an answer, answered (on time or late), or
 * missed (its window has closed without an answer). `until` ends the diary early (an episode
 * closed): prompts due after it are dropped, since they were never asked.
 */
export function promptStates(
  prompts: readonly DiaryPromptDue[],
  entries: readonly { id: string; promptAt: Date | null; late: boolean }[],
  now: Date,
  hourlyEveryMinutes: number,
  until?: Date,
): PromptState[] {
  const sorted = [...prompts]
    .filter((p) => !until || p.dueAt <= until)
    .sort((a, b) => a.dueAt.getTime() - b.dueAt.getTime());
  const answers = new Map<number, { id: string; late: boolean }>();
  for (const e of entries) {
    if (e.promptAt && !answers.has(e.promptAt.getTime())) answers.set(e.promptAt.getTime(), e);
  }
  return sorted.map((p, i) => {
    const end = windowEndsAt(p, sorted[i + 1], hourlyEveryMinutes);
    const answer = answers.get(p.dueAt.getTime());
    const status: PromptStatus = answer
      ? answer.late
        ? 'answered-late'
        : 'answered'
      : now < p.dueAt
        ? 'upcoming'
        : now < end
          ? 'open'
          : 'missed';
    return { ...p, windowEndsAt: end, status, entryId: answer?.id ?? null };
  });
}

export type EntryTiming =
  | { ok: true; late: boolean; at: Date }
  | { ok: false; reason: 'not-a-prompt' | 'not-due-yet' | 'already-answered' };

/**
 * When an entry counts and whether it is late: without a prompt it scores the pain now; for a
 * prompt, now while its window is open, else (late) the prompt's own time.
 */
export function entryTiming(
  promptAt: Date | undefined,
  states: readonly PromptState[],
  now: Date,
): EntryTiming {
  if (!promptAt) return { ok: true, late: false, at: now };
  const prompt = states.find((p) => p.dueAt.getTime() === promptAt.getTime());
  if (!prompt) return { ok: false, reason: 'not-a-prompt' };
  if (now < prompt.dueAt) return { ok: false, reason: 'not-due-yet' };
  if (prompt.entryId) return { ok: false, reason: 'already-answered' };
  const late = now >= prompt.windowEndsAt;
  return { ok: true, late, at: late ? prompt.dueAt : now };
}
