/**
 * The bookings left open (src/domain/procedure-lists.ts): a day passed with the patient neither
 * recorded as treated nor as not attending. The worklist names them until each is closed on its
 * episode's page, oldest first.
 */
import { and, asc, eq, inArray, lt, sql } from 'drizzle-orm';
import type { z } from 'zod';
import type { Executor } from '../../db/client.ts';
import { booking, episode, patient } from '../../db/schema.ts';
import { isLeftOpen, leftOpenStages, startOfToday } from '../../domain/procedure-lists.ts';
import { LEFT_OPEN_LIMIT, type LeftOpen } from '../../shared/api/core.ts';
import { clinicSettings } from '../clinic/settings.ts';

export async function leftOpen(db: Executor, clinicId: string, now: Date): Promise<z.infer<typeof LeftOpen>> {
  const { settings } = await clinicSettings(db, clinicId);
  const rows = await db
    .select({
      episodeId: episode.id,
      stage: episode.stage,
      plannedAt: booking.plannedAt,
      givenName: patient.givenName,
      familyName: patient.familyName,
      total: sql<number>`(count(*) over ())::int`,
    })
    .from(booking)
    .innerJoin(episode, eq(episode.id, booking.episodeId))
    .innerJoin(patient, eq(patient.id, episode.patientId))
    .where(
      and(
        eq(booking.clinicId, clinicId),
        eq(booking.status, 'booked'),
        lt(booking.plannedAt, startOfToday(now, settings.clinic.timeZone)),
        inArray(episode.stage, [...leftOpenStages]),
      ),
    )
    .orderBy(asc(booking.plannedAt), asc(episode.id))
    .limit(LEFT_OPEN_LIMIT);
  return {
    items: rows.flatMap(({ stage, ...r }) =>
      isLeftOpen(stage)
        ? [
            {
              episodeId: r.episodeId,
              name: `${r.givenName} ${r.familyName}`,
              plannedAt: r.plannedAt.toISOString(),
              stage,
            },
          ]
        : [],
    ),
    total: rows[0]?.total ?? 0,
  };
}
