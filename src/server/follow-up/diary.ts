/**
 * The pain diary: prompts queued at discharge on the schedule the clinical core computes, each a
 * job that sends the patient a message (when they have an email) and that staff can see; entries
 * from the patient (or staff on the phone for them), on time or late; and the diary as the patient
 * and the clinician read it, with the prompts that were missed.
 */
import { and, asc, eq, like, ne, sql } from 'drizzle-orm';
import type { Executor, Tx } from '../../db/client.ts';
import { diaryEntry, episode, job, patient } from '../../db/schema.ts';
import type { Actor } from '../../domain/actor.ts';
import { diarySchedule, knownAnaesthetic, whenClosed } from '../../domain/clinical/index.ts';
import {
  type DiaryEntryFacts,
  type DiaryPromptDue,
  entryTiming,
  type PromptKind,
  promptStates,
  windowEndsAt,
} from '../../domain/diary.ts';
import { diaryOpen } from '../../domain/portal/patient-stage.ts';
import type { Diary, DiaryEntryRecord } from '../../shared/api/follow-up.ts';
import { clinicSettings } from '../clinic/settings.ts';
import type { StepContext } from '../episodes/steps/context.ts';
import { DomainError } from '../errors.ts';
import { enqueue, type JobHandler } from '../jobs/queue.ts';
import { queueMessage } from '../messages/outbox.ts';
import { followUpEpisode, followUpSteps } from './episode.ts';

type DiaryOut = typeof Diary._output;
type EntryOut = typeof DiaryEntryRecord._output;

export const DIARY_PROMPT = 'diary-prompt';
/** Every prompt of an episode shares this dedupe-key prefix; the rest is the prompt's due time. */
const promptKeyPrefix = (episodeId: string) => `diary:${episodeId}:`;
export const promptKey = (episodeId: string, dueAt: Date) =>
  `${promptKeyPrefix(episodeId)}${dueAt.toISOString()}`;

/**
 * Called as the patient is discharged: queues the diary's prompts from now on (the hours before
 * discharge are the recovery's scores). Each is queued once, whatever calls this again.
 */
export async function queueDiaryPrompts(ctx: StepContext): Promise<number> {
  const triage = ctx.current('triage');
  const procedure = ctx.current('procedure');
  if (!triage || !procedure) return 0;
  const { record } = procedure.facts;
  const schedule = diarySchedule(
    new Date(record.performedAt),
    triage.facts.purpose,
    knownAnaesthetic(record.drugs),
    ctx.settings,
  );
  const due = schedule.prompts.filter((p) => new Date(p.dueAt) >= ctx.now);
  for (const p of due) {
    const dueAt = new Date(p.dueAt);
    await enqueue(ctx.tx, {
      kind: DIARY_PROMPT,
      runAt: dueAt,
      payload: { episodeId: ctx.episode.id, promptAt: dueAt.toISOString(), kind: p.kind, after: p.after },
      dedupeKey: promptKey(ctx.episode.id, dueAt),
      clinicId: ctx.episode.clinicId,
    });
  }
  return due.length;
}

/** The prompts queued for an episode (cancelled ones were never asked). */
async function promptsOf(db: Executor, clinicId: string, episodeId: string): Promise<DiaryPromptDue[]> {
  const rows = await db
    .select({ runAt: job.runAt, payload: job.payload })
    .from(job)
    .where(
      and(
        eq(job.kind, DIARY_PROMPT),
        eq(job.clinicId, clinicId),
        like(job.dedupeKey, `${promptKeyPrefix(episodeId)}%`),
        ne(job.status, 'cancelled'),
      ),
    )
    .orderBy(asc(job.runAt));
  return rows.map((r) => ({
    dueAt: r.runAt,
    kind: r.payload.kind as PromptKind,
    after: Number(r.payload.after),
  }));
}

type EntryRow = typeof diaryEntry.$inferSelect;

function entriesOf(db: Executor, episodeId: string): Promise<EntryRow[]> {
  return db
    .select()
    .from(diaryEntry)
    .where(eq(diaryEntry.episodeId, episodeId))
    .orderBy(asc(diaryEntry.at), asc(diaryEntry.enteredAt));
}

const text = (v: unknown) => (typeof v === 'string' && v !== '' ? v : null);

function presentEntry(e: EntryRow): EntryOut {
  const f = e.facts as Partial<DiaryEntryFacts>;
  return {
    id: e.id,
    at: e.at.toISOString(),
    promptAt: e.promptAt?.toISOString() ?? null,
    late: e.late,
    pain: e.pain,
    activity: typeof f.activity === 'number' ? f.activity : null,
    pgic: e.pgic,
    opioidDoses: e.opioidDoses,
    otherMedicines: text(f.otherMedicines),
    glucose: f.glucose ?? null,
    sideEffects: text(f.sideEffects),
    enteredAt: e.enteredAt.toISOString(),
    enteredBy: { role: e.enteredByRole, name: e.enteredByName },
    imported: e.imported,
  };
}

/** A closed episode's diary ends when it closed: the prompts after that were never asked. */
const diaryEnd = (row: { stage: string; updatedAt: Date }) =>
  row.stage === 'closed' ? row.updatedAt : undefined;

/** The diary as its page shows it: entries, each prompt's state, and how many were missed. */
export async function diaryOf(db: Executor, actor: Actor, episodeId: string, now: Date): Promise<DiaryOut> {
  const row = await followUpEpisode(db, actor, episodeId);
  // One after another: in a transaction these share one connection, which runs one query at a time.
  const steps = await followUpSteps(db, episodeId);
  const prompts = await promptsOf(db, row.clinicId, episodeId);
  const entries = await entriesOf(db, episodeId);
  const { settings } = await clinicSettings(db, row.clinicId);
  const states = promptStates(prompts, entries, now, settings.rules.diary.hourlyEveryMinutes, diaryEnd(row));
  return {
    episodeId,
    timeZone: settings.clinic.timeZone,
    procedureAt: steps.procedure?.facts.record.performedAt
      ? new Date(steps.procedure.facts.record.performedAt).toISOString()
      : null,
    baselinePain: steps.recovery?.facts.baselinePain ?? null,
    open: diaryOpen.includes(row.stage),
    askGlucose: Boolean(steps.screening?.facts.patient.diabetes),
    entries: entries.map(presentEntry),
    prompts: states.map((s) => ({
      dueAt: s.dueAt.toISOString(),
      kind: s.kind,
      after: s.after,
      windowEndsAt: s.windowEndsAt.toISOString(),
      status: s.status,
      entryId: s.entryId,
    })),
    missed: states.filter((s) => s.status === 'missed').length,
  };
}

const refusal = {
  'not-a-prompt': 'That is not one of this diary’s prompts.',
  'not-due-yet': 'That prompt is not due yet.',
} as const;

/**
 * Records an entry: by the patient, or by staff for them (their role is kept). An answer to a
 * prompt is on time inside the prompt's window and late after it (src/domain/diary.ts).
 */
export async function recordDiaryEntry(
  tx: Tx,
  actor: Actor,
  episodeId: string,
  facts: DiaryEntryFacts,
  now: Date,
): Promise<EntryOut> {
  // Locked, so that two taps on a slow phone cannot both answer the same prompt.
  const row = await followUpEpisode(tx, actor, episodeId, { lock: true });
  if (!diaryOpen.includes(row.stage)) {
    throw new DomainError(
      'diary_closed',
      'The pain diary is kept from discharge until the episode closes; it takes no entries now.',
    );
  }
  const { settings } = await clinicSettings(tx, row.clinicId);
  const prompts = await promptsOf(tx, row.clinicId, episodeId);
  const entries = await entriesOf(tx, episodeId);
  const states = promptStates(prompts, entries, now, settings.rules.diary.hourlyEveryMinutes);
  const timing = entryTiming(facts.promptAt ? new Date(facts.promptAt) : undefined, states, now);
  if (!timing.ok) {
    if (timing.reason === 'already-answered')
      throw new DomainError('already_answered', 'This prompt has been answered already.');
    throw new DomainError('validation_failed', refusal[timing.reason], {
      errors: [{ field: 'promptAt', message: refusal[timing.reason] }],
    });
  }
  const { promptAt, pain, pgic, opioidDoses, ...rest } = facts;
  const [inserted] = await tx
    .insert(diaryEntry)
    .values({
      clinicId: row.clinicId,
      episodeId,
      at: timing.at,
      promptAt: promptAt ? new Date(promptAt) : null,
      late: timing.late,
      pain,
      pgic: pgic ?? null,
      opioidDoses: opioidDoses ?? null,
      facts: rest,
      enteredById: actor.id,
      enteredByName: actor.name,
      enteredByRole: actor.role,
      enteredAt: now,
    })
    .returning();
  return presentEntry(inserted!);
}

const PROMPT_WORDS: Record<PromptKind, (after: number) => string> = {
  hour: (m) =>
    `${m % 60 === 0 ? `${m / 60} hour${m === 60 ? '' : 's'}` : `${m} minutes`} after your injection`,
  day: (d) => `day ${d} after your injection`,
  week: (w) => `week ${w} after your injection`,
};

/** A prompt in words: "2 hours after your injection", "day 3 …", "week 6 …". */
export const promptWords = (kind: PromptKind, after: number) => PROMPT_WORDS[kind](after);

/**
 * The prompt job: asks the patient for their score by message, when they have an email and the
 * prompt still means something — the diary is open, nobody has answered it, and its window has
 * not closed (a server that was down does not send a burst of stale prompts).
 */
export function diaryPromptHandler(baseUrl: string): JobHandler {
  return async (claimed, db) => {
    const episodeId = String(claimed.payload.episodeId);
    const promptAt = new Date(String(claimed.payload.promptAt));
    const [row] = await db
      .select({ episode, patient })
      .from(episode)
      .innerJoin(patient, eq(patient.id, episode.patientId))
      .where(eq(episode.id, episodeId));
    if (!row || !diaryOpen.includes(row.episode.stage) || !row.patient.email) return;
    const clinicId = row.episode.clinicId;
    const [prompts, answered, { settings }] = await Promise.all([
      promptsOf(db, clinicId, episodeId),
      db
        .select({ id: diaryEntry.id })
        .from(diaryEntry)
        .where(and(eq(diaryEntry.episodeId, episodeId), eq(diaryEntry.promptAt, promptAt)))
        .limit(1),
      clinicSettings(db, clinicId),
    ]);
    if (answered.length > 0) return;
    const i = prompts.findIndex((p) => p.dueAt.getTime() === promptAt.getTime());
    const prompt = prompts[i];
    if (!prompt) return;
    const closes = windowEndsAt(prompt, prompts[i + 1], settings.rules.diary.hourlyEveryMinutes);
    if (new Date() >= closes) return;
    const link = new URL(`/my/episodes/${episodeId}/diary`, baseUrl).toString();
    const { contacts, name } = settings.clinic;
    await queueMessage(db, {
      clinicId,
      channel: 'email',
      to: row.patient.email,
      kind: 'diary-prompt',
      episodeId,
      subject: 'Your pain diary',
      text: [
        `Dear ${row.patient.givenName},`,
        '',
        `It is time for your pain diary (${promptWords(prompt.kind, prompt.after)}). It takes a few seconds:`,
        link,
        '',
        `If you have a worrying symptom, do not wait for the diary: call ${contacts.urgentPhone}. ${whenClosed(contacts.outOfHours)}`,
        '',
        name,
      ].join('\n'),
    });
  };
}

/** How many prompts are queued for an episode (for tests and the demo). */
export async function countPrompts(db: Executor, episodeId: string): Promise<number> {
  const [row] = await db
    .select({ n: sql<number>`count(*)::int` })
    .from(job)
    .where(and(eq(job.kind, DIARY_PROMPT), like(job.dedupeKey, `${promptKeyPrefix(episodeId)}%`)));
  return row?.n ?? 0;
}
