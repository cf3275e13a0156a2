import { eq } from 'drizzle-orm';
import { expect, test } from 'vitest';
import { createTestDatabase } from '../../../test/support/database.ts';
import { alert, diaryEntry, episode, patient } from '../../db/schema.ts';
import { seedDemo } from './demo.ts';

test('the demo clinic has a diary to read and an open alert waiting for a clinician after npm start', async () => {
  const { db } = await createTestDatabase();
  await seedDemo(db);
  const entriesOf = async (familyName: string) => {
    const [row] = await db
      .select({ id: episode.id })
      .from(episode)
      .innerJoin(patient, eq(patient.id, episode.patientId))
      .where(eq(patient.familyName, familyName));
    return db.select().from(diaryEntry).where(eq(diaryEntry.episodeId, row!.id));
  };
  const aisha = await entriesOf('Rahman');
  expect(aisha.length).toBeGreaterThan(5);
  expect(aisha.every((e) => e.pain <= 2 && e.enteredByRole === 'patient')).toBe(true);
  expect(aisha.some((e) => e.late)).toBe(true);
  expect((await entriesOf('Whitmore')).every((e) => e.pain >= 6)).toBe(true);
  const alerts = await db.select().from(alert);
  expect(alerts).toHaveLength(1);
  expect(alerts[0]).toMatchObject({ urgency: 'urgent', acknowledgedAt: null });
});
