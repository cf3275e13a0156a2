/** Procedure lists: a day's session with its operator, room and number of places. */
import { and, asc, eq, gte, lte, sql } from 'drizzle-orm';
import type { z } from 'zod';
import type { Database, Tx } from '../../db/client.ts';
import { booking, procedureList } from '../../db/schema.ts';
import type { Actor } from '../../domain/actor.ts';
import type { ProcedureList, ProcedureListInput } from '../../shared/api/steps.ts';

type Row = typeof procedureList.$inferSelect;

export const presentList = (row: Row, booked: number): z.infer<typeof ProcedureList> => ({
  id: row.id,
  date: row.date,
  startTime: row.startTime,
  operator: row.operator,
  room: row.room,
  capacity: row.capacity,
  version: row.version,
  booked,
});

export async function createProcedureList(
  db: Database | Tx,
  actor: Actor,
  input: z.infer<typeof ProcedureListInput>,
) {
  const [row] = await db
    .insert(procedureList)
    .values({ ...input, clinicId: actor.clinicId })
    .returning();
  return presentList(row!, 0);
}

/** The clinic's lists between two days, each with its places taken, in one query. */
export async function listsBetween(db: Database, clinicId: string, from?: string, to?: string) {
  const booked = sql<number>`(select count(*)::int from ${booking} where ${booking.procedureListId} = ${procedureList.id} and ${booking.status} = 'booked')`;
  const rows = await db
    .select({ list: procedureList, booked })
    .from(procedureList)
    .where(
      and(
        eq(procedureList.clinicId, clinicId),
        from ? gte(procedureList.date, from) : undefined,
        to ? lte(procedureList.date, to) : undefined,
      ),
    )
    .orderBy(asc(procedureList.date), asc(procedureList.startTime))
    .limit(200);
  return rows.map((r) => presentList(r.list, r.booked));
}
