import { randomUUID } from 'node:crypto';
import { sql } from 'drizzle-orm';
import { expect, test } from 'vitest';
import { createTestDatabase } from '../../../test/support/database.ts';
import { checkReferences, seedSynthetic } from './synthetic.ts';

// The seed skips PostgreSQL's per-row key checks (a superuser's session_replication_role); this
// check, at the end, is what stands in for them.
test('a synthetic clinic whose rows break a foreign key is refused at the end of the seed', async () => {
  const { db } = await createTestDatabase();
  const clinic = await seedSynthetic(db, { episodes: 40, seed: 3, diaries: true });
  await expect(checkReferences(db, clinic.clinicId)).resolves.toBeUndefined();

  // A diary entry of an episode that does not exist, written as the seed writes (no per-row check).
  await db.transaction(async (tx) => {
    await tx.execute(sql`set local session_replication_role = replica`);
    await tx.execute(sql`insert into diary_entry (id, clinic_id, episode_id, at, late, pain, facts,
        entered_by_id, entered_by_role, entered_at)
      values (${randomUUID()}, ${clinic.clinicId}, ${randomUUID()}, now(), false, 3, '{}', 'x', 'patient', now())`);
  });
  await expect(checkReferences(db, clinic.clinicId)).rejects.toThrow(
    /diary_entry rows break a foreign key to episode/,
  );
});
