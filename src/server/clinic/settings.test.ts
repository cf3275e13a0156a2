import { eq, inArray, sql } from 'drizzle-orm';
import { expect, test } from 'vitest';
import { createTestDatabase } from '../../../test/support/database.ts';
import { episode, patient } from '../../db/schema.ts';
import { resolveProtocol } from '../../domain/clinical/index.ts';
import { demoPatients, seedDemo } from '../demo/demo.ts';
import { clinicSettings } from './settings.ts';

test('the demo clinic has settings the clinical rules accept: its contacts, zone and a cited profile', async () => {
  const { db } = await createTestDatabase();
  await seedDemo(db);
  const [c] = await db.query.clinic.findMany();
  const { settings } = await clinicSettings(db, c!.id);
  expect(settings.clinic).toMatchObject({
    name: 'Riverside Pain Service (demo)',
    timeZone: 'Europe/London',
    contacts: { urgentPhone: '01632 960 999' },
  });
  expect(settings.protocol.profile).toBe('lcd-2023');
  expect(settings.rules.infectionLookbackDays).toBe(14);
  const protocol = resolveProtocol(settings);
  expect(protocol.profile).toBe('lcd-2023');
});

test('the demo clinic sets anaesthetic durations as its own choice (a settings version with the reason), so its blocks read positive and negative', async () => {
  const { db } = await createTestDatabase();
  await seedDemo(db);
  const [c] = await db.query.clinic.findMany();
  const { settings, settingsVersion } = await clinicSettings(db, c!.id);
  expect(settings.rules.anaesthetics.bupivacaine).toEqual({ minHours: 4, maxHours: 8 });
  expect(settings.rules.anaesthetics.lidocaine).toEqual({ minHours: 1, maxHours: 2 });
  expect(settingsVersion).toBe(2);
  const versions = await db.query.clinicSettingsVersion.findMany();
  const chosen = versions.find((v) => v.version === 2)!;
  expect(chosen.reason).toContain("demo clinic's choice");
  expect(chosen.changedByName).toBe('Alex Morgan');
  // A new clinic has them off: the values are the demo clinic's, never a default.
  expect(versions.find((v) => v.version === 1)!.settings.rules?.anaesthetics?.bupivacaine ?? null).toBeNull();

  const recoveries = await db.query.stepRecord.findMany({ where: (r, { eq }) => eq(r.step, 'recovery') });
  const ours = await db
    .select({ id: episode.id })
    .from(episode)
    .innerJoin(patient, eq(patient.id, episode.patientId))
    .where(
      inArray(
        sql`${patient.givenName} || ' ' || ${patient.familyName}`,
        demoPatients.map((p) => `${p.givenName} ${p.familyName}`),
      ),
    );
  const demoEpisodes = new Set(ours.map((e) => e.id));
  const blocks = recoveries
    .filter((r) => demoEpisodes.has(r.episodeId))
    .map(
      (r) => (r.assessment as { blockResponse?: { classification: string } }).blockResponse?.classification,
    );
  // Every block of the demo's own patients reads positive or negative; none is left indeterminate.
  expect([...new Set(blocks)].sort()).toEqual(['negative', 'positive']);
  expect(recoveries.every((r) => r.settingsVersion === 2)).toBe(true);
});

test('the demo history is believable: referrals in the past, each episode timeline in the order it happened', async () => {
  const { db } = await createTestDatabase();
  const now = new Date('2026-11-22T12:00:00Z');
  await seedDemo(db, () => {}, now);
  const episodes = await db.query.episode.findMany();
  for (const e of episodes) expect(e.referredOn < '2026-11-22').toBe(true);
  const events = await db.query.episodeEvent.findMany();
  const following = episodes.find((e) => e.stage === 'following-up')!;
  const timeline = events
    .filter((e) => e.episodeId === following.id)
    .sort((a, b) => a.at.getTime() - b.at.getTime())
    .map((e) => e.toStage);
  expect(timeline).toEqual([
    'referred',
    'triaged',
    'screened',
    'scheduled',
    'checked-in',
    'performed',
    'performed', // recovery recorded
    'discharged',
    'following-up',
  ]);
  for (const e of episodes) {
    const times = events.filter((v) => v.episodeId === e.id).map((v) => v.at.getTime());
    expect(new Set(times).size, 'one episode never has two steps at the same moment').toBe(times.length);
  }
});
