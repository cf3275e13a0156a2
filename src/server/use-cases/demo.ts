/**
 * The demo clinic: one site with its settings, one user per staff role and a handful of patients
 * whose episodes stand at different stages. Seeded once: a second run finds the site and stops.
 * Identifiers use the 999 range, which the NHS never issues, so no real person can be matched.
 */
import { sql } from 'drizzle-orm';
import type { Database } from '../../db/client.ts';
import { site } from '../../db/schema.ts';
import { nhsCheckDigit } from '../../domain/identifiers.ts';
import type { Action } from '../../domain/pathway.ts';
import type { Actor } from '../plugins/access.ts';
import { referPatient, transitionEpisode } from './episodes.ts';
import { createPatient } from './patients.ts';
import { createSite } from './sites.ts';
import { addUser } from './users.ts';

export const demoPassword = 'sij-demo-2026';
export const demoUsers = [
  { role: 'admin', name: 'Alex Morgan', email: 'admin@demo.sijpath.test' },
  { role: 'clinician', name: 'Dr Priya Shah', email: 'clinician@demo.sijpath.test' },
  { role: 'nurse', name: 'Sam Okafor', email: 'nurse@demo.sijpath.test' },
] as const;

// UK numbers from the range Ofcom keeps for drama, so the demo rings nobody.
export const demoSite = {
  name: 'Riverside Pain Service (demo)',
  timeZone: 'Europe/London',
  contacts: {
    phone: '01632 960 001',
    urgentPhone: '01632 960 999',
    outOfHours: 'When we are closed, call NHS 111; in an emergency call 999.',
    email: 'pain.service@demo.sijpath.test',
  },
};

const demoPatients: {
  givenName: string;
  familyName: string;
  birthDate: string;
  sex: 'female' | 'male';
  steps: Action[];
  reason: string;
  side: 'left' | 'right' | 'both';
}[] = [
  {
    givenName: 'Margaret',
    familyName: 'Ellis',
    birthDate: '1958-04-12',
    sex: 'female',
    steps: [],
    side: 'right',
    reason:
      'Right buttock pain for 8 months, worse on standing from sitting; 3 of 5 provocation tests positive.',
  },
  {
    givenName: 'David',
    familyName: 'Achebe',
    birthDate: '1971-09-30',
    sex: 'male',
    steps: ['accept'],
    side: 'left',
    reason: 'Left SI joint pain after L4-S1 fusion; lumbar epidural without benefit.',
  },
  {
    givenName: 'Fiona',
    familyName: 'McLeod',
    birthDate: '1985-01-22',
    sex: 'female',
    steps: ['accept', 'screen-safe'],
    side: 'both',
    reason: 'Pelvic girdle pain persisting 14 months after pregnancy.',
  },
  {
    givenName: 'Tomasz',
    familyName: 'Nowak',
    birthDate: '1966-06-05',
    sex: 'male',
    steps: ['accept', 'screen-safe', 'schedule'],
    side: 'right',
    reason: 'Sacroiliitis with ankylosing spondylitis, not settling with physiotherapy.',
  },
  {
    givenName: 'Aisha',
    familyName: 'Rahman',
    birthDate: '1979-11-17',
    sex: 'female',
    steps: ['accept', 'screen-safe', 'schedule', 'check-in', 'perform', 'discharge', 'start-follow-up'],
    side: 'left',
    reason: 'Left SI joint dysfunction; leg-length difference; MRI without a distinct finding.',
  },
  {
    givenName: 'George',
    familyName: 'Patel',
    birthDate: '1949-02-28',
    sex: 'male',
    steps: ['decline'],
    side: 'right',
    reason: 'Low back pain radiating below the knee with numbness.',
  },
];

export type SeedProgress = (step: string) => void;

/** Seeds the demo clinic unless any site exists. Returns false when there was nothing to do. */
export async function seedDemo(
  db: Database,
  progress: SeedProgress = () => {},
  now: Date = new Date(),
): Promise<boolean> {
  return db.transaction(async (tx) => {
    // Two processes starting together must not both seed.
    await tx.execute(sql`select pg_advisory_xact_lock(hashtext('sijpath:seed'))`);
    const [existing] = await tx.select({ id: site.id }).from(site).limit(1);
    if (existing) return false;
    progress('clinic');
    const { id: siteId } = await createSite(tx, demoSite);
    const txDb = tx as unknown as Database;
    const ids: Record<string, string> = {};
    for (const u of demoUsers) {
      progress(`user ${u.email}`);
      ids[u.role] = (await addUser(txDb, { ...u, siteId, password: demoPassword })).id;
    }
    const clinician: Actor = {
      id: ids.clinician!,
      name: demoUsers[1].name,
      email: demoUsers[1].email,
      role: 'clinician',
      siteId,
      patientId: null,
    };
    for (const [i, p] of demoPatients.entries()) {
      progress(`patient ${i + 1} of ${demoPatients.length}`);
      const { steps, reason, side, ...person } = p;
      const created = await createPatient(tx, siteId, {
        ...person,
        nhsNumber: demoNhsNumber(i),
        mrn: `RPS-${1001 + i}`,
        email: null,
        phone: null,
      });
      // A believable history: referred some weeks ago, each step a few days after the last.
      let at = new Date(now.getTime() - (70 - i * 9) * DAY);
      let episode = await referPatient(
        tx,
        clinician,
        created.id,
        { referrer: 'Dr J. Whitfield, Riverside Medical Practice', referredOn: isoDay(at), reason, side },
        at,
      );
      for (const action of steps) {
        at = new Date(at.getTime() + 3 * DAY);
        const reasonFor =
          action === 'decline'
            ? 'Symptoms point to a lumbar radiculopathy: referred to the spinal team.'
            : undefined;
        episode = await transitionEpisode(
          tx,
          clinician,
          episode.id,
          {
            action,
            reason: reasonFor,
            version: episode.version,
          },
          at,
        );
      }
    }
    return true;
  });
}

const DAY = 24 * 3600 * 1000;
const isoDay = (d: Date) => d.toISOString().slice(0, 10);

function demoNhsNumber(index: number): string {
  for (let n = 999_000_100 + index * 37; ; n++) {
    const check = nhsCheckDigit(String(n));
    if (check !== null) return `${n}${check}`;
  }
}
