/**
 * The demo clinic's past year: finished episodes under ultrasound and under fluoroscopy guidance,
 * each with its steps and its pain diary, so that the outcomes dashboard has something to show
 * (responders at 2, 6 and 12 weeks, Kaplan–Meier curves long enough to read, a log-rank test).
 * Built in bulk by the synthetic clinic's episode builder (synthetic.ts) from a fixed seed.
 *
 * The numbers are made up for the demonstration. The ultrasound group is given fewer responders,
 * whose relief fades sooner, than the fluoroscopy group only so that the two curves can be told apart; it is not a
 * finding, and the dashboard says so nowhere.
 */
import { randomUUID } from 'node:crypto';
import type { Tx } from '../../db/client.ts';
import type { Actor } from '../../domain/actor.ts';
import type { Stage } from '../../domain/pathway.ts';
import { clinicSettings } from '../clinic/settings.ts';
import { createProcedureList } from '../procedure-lists/lists.ts';
import {
  addToBatch,
  buildEpisode,
  emptyBatch,
  insertRows,
  prng,
  type SeedClinic,
  seedHelpers,
  tables,
} from './synthetic.ts';

const DAY = 86_400_000;

export interface DemoHistoryOptions {
  clinicId: string;
  clinician: Actor;
  nurse: Actor;
  now: Date;
  /** Episodes per guidance (default 40). */
  perGuidance?: number;
}

/** One past list a fortnight for a year, each with ultrasound and fluoroscopy patients. */
export async function seedDemoHistory(tx: Tx, options: DemoHistoryOptions): Promise<number> {
  const { clinicId, clinician, nurse, now } = options;
  const perGuidance = options.perGuidance ?? 40;
  const rnd = prng(2026);
  const { settings, settingsVersion } = await clinicSettings(tx, clinicId);
  const clinicSeed: SeedClinic = {
    rnd,
    now,
    clinicId,
    settings,
    settingsVersion,
    clinician,
    nurse,
    diaries: true,
    nextId: randomUUID,
    ...seedHelpers(999_300_000),
  };
  const rows = emptyBatch();
  const total = perGuidance * 2;
  const perList = 8;
  let made = 0;
  for (let list = 0; made < total; list++) {
    // Lists from 16 weeks ago back: every diary has run its 13 weeks.
    const day = new Date(now.getTime() - (112 + list * 14) * DAY);
    while (day.getUTCDay() === 0 || day.getUTCDay() === 6) day.setTime(day.getTime() - DAY);
    const date = day.toISOString().slice(0, 10);
    const { id: listId } = await createProcedureList(tx, clinician, {
      date,
      startTime: '08:30',
      operator: clinician.name,
      room: 'Day unit theatre 2',
      capacity: perList,
    });
    for (let slot = 0; slot < perList && made < total; slot++, made++) {
      const ultrasound = made % 2 === 0;
      const final: Stage = rnd.next() < 0.85 ? 'closed' : 'outcome-reviewed';
      const episode = buildEpisode(clinicSeed, {
        i: made,
        final,
        slot: { day: date, listId, slot },
        guidance: ultrasound ? 'ultrasound' : 'fluoroscopy',
      });
      addToBatch(rows, episode);
    }
  }
  for (const t of tables) await insertRows(tx, t, rows[t]);
  return made;
}
