import { z } from 'zod';
import type { Purpose } from './facts.ts';
import { type CodedFinding, finding } from './findings.ts';
import type { Anaesthetic, ClinicSettings, HoursRange } from './settings.ts';
import { cite } from './sources.ts';
import { addHours, formatLocal, localDayAt } from './zoned-time.ts';

export const DiaryPromptSchema = z.object({
  kind: z.enum(['hour', 'day', 'week']),
  /** Minutes, days or weeks after the procedure. */
  after: z.number(),
  dueAt: z.iso.datetime({ offset: true }),
  dueLocal: z.string(),
});
export type DiaryPrompt = z.infer<typeof DiaryPromptSchema>;

export interface DiarySchedule {
  timeZone: string;
  prompts: DiaryPrompt[];
  findings: CodedFinding[];
}

/**
 * When the pain diary asks for scores. [S9]: index pain before, after the procedure the same day
 * and on the following days; a repeat needs relief for ≥ 3 months. A diagnostic block is read
 * inside its anaesthetic's window (hours); a steroid's effect over days and weeks. Day and week
 * prompts fall at the clinic's local prompt time, so 09:00 stays 09:00 across clock changes.
 */
export function diarySchedule(
  procedureAt: Date,
  purpose: Purpose,
  anaesthetic: Anaesthetic | undefined,
  settings: ClinicSettings,
  expectedDuration?: HoursRange,
): DiarySchedule {
  const { diary } = settings.rules;
  const tz = settings.clinic.timeZone;
  const locale = settings.clinic.locale;
  const prompts: Array<Omit<DiaryPrompt, 'dueLocal'> & { date: Date }> = [];
  const findings: CodedFinding[] = [];
  const push = (kind: DiaryPrompt['kind'], after: number, date: Date) =>
    prompts.push({ kind, after, date, dueAt: date.toISOString() });

  if (purpose !== 'therapeutic') {
    const window = expectedDuration ?? (anaesthetic ? settings.rules.anaesthetics[anaesthetic] : null);
    if (window === null) {
      findings.push(
        finding(
          'diary_anaesthetic_window_unknown',
          'action',
          [
            cite(
              'README',
              "the anaesthetic's expected duration is set by the clinic",
              'sources.md §2c UNCONFIRMED durations',
            ),
          ],
          {
            anaesthetic: anaesthetic ?? null,
          },
          { action: { who: 'staff' } },
        ),
      );
    } else {
      for (let m = diary.hourlyEveryMinutes; m <= window.maxHours * 60; m += diary.hourlyEveryMinutes) {
        push('hour', m, addHours(procedureAt, m / 60));
      }
    }
  }
  for (const d of new Set(diary.days)) push('day', d, localDayAt(procedureAt, d, diary.promptTime, tz));
  if (purpose !== 'diagnostic') {
    for (const w of new Set(diary.weeks))
      push('week', w, localDayAt(procedureAt, w * 7, diary.promptTime, tz));
  }
  const seen = new Set<string>();
  return {
    timeZone: tz,
    prompts: prompts
      .sort((a, b) => a.date.getTime() - b.date.getTime())
      .filter((p) => !seen.has(p.dueAt) && seen.add(p.dueAt) !== undefined)
      .map(({ date, ...p }) => ({ ...p, dueLocal: formatLocal(date, tz, locale) })),
    findings,
  };
}
