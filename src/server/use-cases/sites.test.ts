import { expect, test } from 'vitest';
import { resolveProtocol } from '../../domain/clinical/index.ts';
import { createTestDatabase } from '../../../test/support/database.ts';
import { seedDemo } from './demo.ts';
import { clinicSettings } from './sites.ts';

test('the demo clinic has settings the clinical rules accept: its contacts, zone and a cited profile', async () => {
  const { db } = await createTestDatabase();
  await seedDemo(db);
  const [site] = await db.query.site.findMany();
  const settings = await clinicSettings(db, site!.id);
  expect(settings.clinic).toMatchObject({
    name: 'Riverside Pain Service (demo)',
    timeZone: 'Europe/London',
    contacts: { urgentPhone: '01632 960 999' },
  });
  expect(settings.protocol.profile).toBe('lcd-2023');
  expect(settings.site.infectionLookbackDays).toBe(14);
  const protocol = resolveProtocol(settings);
  expect(protocol.profile).toBe('lcd-2023');
});
