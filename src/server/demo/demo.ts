/**
 * The demo clinic: one site with its settings, one user per staff role and a handful of patients
 * whose episodes stand at different stages, each step recorded through the same use cases the
 * API uses — so a demo episode looks exactly like one a clinic made. Seeded once: a second run
 * finds the site and stops. Identifiers use the 999 range, which the NHS never issues.
 */
import { sql } from 'drizzle-orm';
import type { Database } from '../../db/client.ts';
import { site } from '../../db/schema.ts';
import { nhsCheckDigit } from '../../domain/identifiers.ts';
import { addUser } from '../auth/users.ts';
import { createSite } from '../clinic/settings.ts';
import { type EpisodeRow, referPatient, type Tx, transitionEpisode } from '../episodes/episodes.ts';
import {
  bookEpisode,
  createProcedureList,
  discharge,
  recordCheckIn,
  recordProcedure,
  recordRecovery,
  recordScreening,
  recordTriage,
} from '../episodes/steps/steps.ts';
import { createPatient } from '../patients/patients.ts';
import type { Actor } from '../plugins/access.ts';

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
    address: 'Day Surgery Unit, Riverside Hospital\nRiver Road, Exampletown EX1 2AB',
  },
};

type Stop =
  | 'referred'
  | 'triaged'
  | 'screened'
  | 'scheduled'
  | 'followed-up'
  | 'declined'
  | 'apixaban'
  | 'infection';

const demoPatients: {
  givenName: string;
  familyName: string;
  birthDate: string;
  sex: 'female' | 'male';
  stop: Stop;
  reason: string;
  side: 'left' | 'right';
}[] = [
  {
    givenName: 'Margaret',
    familyName: 'Ellis',
    birthDate: '1958-04-12',
    sex: 'female',
    stop: 'referred',
    side: 'right',
    reason:
      'Right buttock pain for 8 months, worse on standing from sitting; 3 of 5 provocation tests positive.',
  },
  {
    givenName: 'David',
    familyName: 'Achebe',
    birthDate: '1971-09-30',
    sex: 'male',
    stop: 'triaged',
    side: 'left',
    reason: 'Left SI joint pain after L4-S1 fusion; lumbar epidural without benefit.',
  },
  {
    givenName: 'Fiona',
    familyName: 'McLeod',
    birthDate: '1985-01-22',
    sex: 'female',
    stop: 'screened',
    side: 'right',
    reason: 'Pelvic girdle pain persisting 14 months after pregnancy.',
  },
  {
    givenName: 'Tomasz',
    familyName: 'Nowak',
    birthDate: '1966-06-05',
    sex: 'male',
    stop: 'scheduled',
    side: 'right',
    reason: 'Sacroiliitis with ankylosing spondylitis, not settling with physiotherapy.',
  },
  {
    givenName: 'Aisha',
    familyName: 'Rahman',
    birthDate: '1979-11-17',
    sex: 'female',
    stop: 'followed-up',
    side: 'left',
    reason: 'Left SI joint dysfunction; leg-length difference; MRI without a distinct finding.',
  },
  {
    givenName: 'George',
    familyName: 'Patel',
    birthDate: '1949-02-28',
    sex: 'male',
    stop: 'declined',
    side: 'right',
    reason: 'Low back pain radiating below the knee with numbness.',
  },
  {
    givenName: 'Helen',
    familyName: 'Okoro',
    birthDate: '1954-08-09',
    sex: 'female',
    stop: 'apixaban',
    side: 'left',
    reason: 'Left SI joint pain for a year; takes apixaban for atrial fibrillation.',
  },
  {
    givenName: 'Peter',
    familyName: 'Lindqvist',
    birthDate: '1962-03-14',
    sex: 'male',
    stop: 'infection',
    side: 'right',
    reason: 'Right SI joint pain; recently treated for a chest infection.',
  },
];

const order: Stop[] = ['referred', 'triaged', 'screened', 'scheduled', 'followed-up'];
const reaches = (stop: Stop, step: Stop) => {
  if (stop === 'apixaban' || stop === 'infection') return step === 'triaged';
  if (stop === 'declined') return false;
  return order.indexOf(stop) >= order.indexOf(step);
};

export type SeedProgress = (step: string) => void;

const DAY = 24 * 3600 * 1000;
const HOUR = 3600 * 1000;
const isoDay = (d: Date) => d.toISOString().slice(0, 10);

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
    const staff: Record<string, Actor> = {};
    for (const u of demoUsers) {
      progress(`user ${u.email}`);
      const { id } = await addUser(txDb, { ...u, siteId, password: demoPassword });
      staff[u.role] = { id, name: u.name, email: u.email, role: u.role, siteId, patientId: null };
    }
    const clinician = staff.clinician!;
    const nurse = staff.nurse!;
    const lists = {
      past: await createProcedureList(txDb, clinician, list(now, -20)),
      next: await createProcedureList(txDb, clinician, list(now, 7)),
    };
    for (const [i, p] of demoPatients.entries()) {
      progress(`patient ${i + 1} of ${demoPatients.length}`);
      const { stop, reason, side, ...person } = p;
      const created = await createPatient(tx, siteId, {
        ...person,
        nhsNumber: demoNhsNumber(i),
        mrn: `RPS-${1001 + i}`,
        email: null,
        phone: null,
      });
      // A believable history: referred some weeks ago, each step a few days after the last.
      let at = new Date(now.getTime() - (60 - i * 4) * DAY);
      const referred = {
        referrer: 'Dr J. Whitfield, Riverside Medical Practice',
        referredOn: isoDay(at),
        reason,
        side,
      };
      const { id } = await referPatient(tx, clinician, created.id, referred, at);
      const later = (days: number) => {
        at = new Date(at.getTime() + days * DAY);
        return at;
      };
      const v = async () =>
        (await tx.query.episode.findFirst({ where: (e, { eq }) => eq(e.id, id) })) as EpisodeRow;
      if (stop === 'declined') {
        await recordTriage(
          tx,
          clinician,
          id,
          {
            purpose: 'diagnostic',
            facts: negativeExam,
            decision: 'decline',
            reason: 'Radicular symptoms: referred to the spinal team.',
            version: (await v()).version,
          },
          later(3),
        );
        continue;
      }
      if (!reaches(stop, 'triaged')) continue;
      await recordTriage(
        tx,
        clinician,
        id,
        { purpose: 'both', facts: positiveExam, decision: 'accept', version: (await v()).version },
        later(3),
      );
      if (stop === 'apixaban') {
        await screen(
          tx,
          nurse,
          id,
          { antithrombotics: [{ name: 'apixaban 5 mg twice daily' }] },
          {},
          side,
          (await v()).version,
          later(4),
        );
        continue;
      }
      if (stop === 'infection') {
        const infection = {
          description: 'chest infection treated with antibiotics',
          startedAt: new Date(now.getTime() - 10 * DAY).toISOString(),
          resolvedAt: new Date(now.getTime() - 5 * DAY).toISOString(),
        };
        await screen(
          tx,
          nurse,
          id,
          {},
          { infections: [infection] },
          side,
          (await v()).version,
          new Date(now.getTime() - 2 * DAY),
        );
        continue;
      }
      if (!reaches(stop, 'screened')) continue;
      const done = stop === 'followed-up';
      // A finished episode happened before the past list; an open one is screened recently.
      if (done) at = new Date(now.getTime() - 35 * DAY);
      await screen(tx, nurse, id, {}, {}, side, (await v()).version, later(4));
      if (!reaches(stop, 'scheduled')) continue;
      const target = done ? lists.past : lists.next;
      await bookEpisode(
        tx,
        nurse,
        id,
        { procedureListId: target.id, time: '09:30', version: (await v()).version },
        later(2),
      );
      if (!done) continue;
      const day = new Date(`${target.date}T09:00:00Z`);
      await recordCheckIn(
        tx,
        nurse,
        id,
        {
          consentConfirmed: true,
          sideMarked: side,
          escortPresent: true,
          fastingAsInstructed: true,
          version: (await v()).version,
        },
        day,
      );
      const performedAt = new Date(day.getTime() + HOUR);
      await recordProcedure(
        tx,
        clinician,
        id,
        {
          checklist: checklist(side),
          record: procedureRecord(side, performedAt),
          version: (await v()).version,
        },
        performedAt,
      );
      const scores = [1, 2, 4].map((h, k) => ({
        at: new Date(performedAt.getTime() + h * HOUR).toISOString(),
        pain: [1, 1, 3][k]!,
      }));
      const dischargeFacts = {
        walkingChecked: true,
        legNumbnessOrWeakness: false,
        passedUrine: true,
        escortPresent: true,
        adviceGiven: true,
      };
      await recordRecovery(
        tx,
        nurse,
        id,
        {
          baselinePain: 7,
          scores,
          provocationRetest: { thighThrust: 'negative', compression: 'negative' },
          discharge: dischargeFacts,
          version: (await v()).version,
        },
        new Date(performedAt.getTime() + 4 * HOUR),
      );
      await discharge(
        tx,
        nurse,
        id,
        { version: (await v()).version },
        new Date(performedAt.getTime() + 4.5 * HOUR),
      );
      await transitionEpisode(
        tx,
        nurse,
        id,
        { action: 'start-follow-up', version: (await v()).version },
        new Date(performedAt.getTime() + DAY),
      );
    }
    return true;
  });
}

function screen(
  tx: Tx,
  nurse: Actor,
  id: string,
  patient: object,
  screening: object,
  side: 'left' | 'right',
  version: number,
  at: Date,
) {
  return recordScreening(
    tx,
    nurse,
    id,
    {
      patient: {
        allergies: [],
        bleedingDisorder: false,
        bleedingRiskFactors: [],
        antithrombotics: [],
        previousInjections: [],
        diabetes: null,
        ...patient,
      },
      screening: {
        escortArranged: true,
        adultAtHomeArranged: true,
        infections: [],
        feverNow: false,
        injectionSiteInfection: false,
        labs: {},
        agreedPlans: [],
        clinicianReviews: [],
        ...screening,
      },
      plan: { side, plannedGuidance: 'fluoroscopy', plannedContrast: true, anaesthetic: 'bupivacaine' },
      version,
    },
    at,
  );
}

const positiveExam = {
  indications: ['si-joint-dysfunction' as const],
  priorTreatments: { lumbarEpiduralWithoutBenefit: true, imagingWithoutDistinctFinding: true },
  provocationTests: {
    distraction: 'positive',
    compression: 'positive',
    thighThrust: 'positive',
    sacralThrust: 'negative',
  } as const,
  conservativeCareWeeks: 12,
};
const negativeExam = {
  indications: [],
  priorTreatments: {},
  provocationTests: { distraction: 'negative', compression: 'negative', thighThrust: 'negative' } as const,
};

function list(now: Date, days: number) {
  return {
    date: isoDay(new Date(now.getTime() + days * DAY)),
    startTime: '08:30',
    operator: 'Dr Priya Shah',
    room: 'Day unit theatre 2',
    capacity: 6,
  };
}

function checklist(side: 'left' | 'right') {
  return {
    signIn: {
      identityConfirmed: true,
      consentConfirmed: true,
      siteMarked: true,
      allergiesChecked: true,
      anticoagulationChecked: true,
    },
    timeOut: { teamIntroduced: true, sideConfirmed: side, procedureConfirmed: true, imagingAvailable: true },
    signOut: { drugsAndDosesRecorded: true, equipmentAccountedFor: true, concernsForRecovery: '' },
  };
}

function procedureRecord(side: 'left' | 'right', performedAt: Date) {
  return {
    performedAt: performedAt.toISOString(),
    side,
    guidance: 'fluoroscopy' as const,
    target: 'intra-articular' as const,
    contrast: { used: true, spread: 'intra-articular' as const },
    drugs: [
      { kind: 'contrast' as const, agent: 'iohexol', volumeMl: 0.5 },
      {
        kind: 'local-anaesthetic' as const,
        agent: 'bupivacaine',
        concentration: { value: 0.5, unit: '%' as const },
        volumeMl: 1.5,
        doseMg: 7.5,
      },
      {
        kind: 'steroid' as const,
        agent: 'triamcinolone',
        concentration: { value: 40, unit: 'mg/mL' as const },
        volumeMl: 1,
        doseMg: 40,
      },
    ],
    radiationDose: { value: 14.2, unit: 'mGy·cm²' as const },
    fluoroscopySeconds: 22,
    durationMinutes: 15,
    complications: [],
    notes: '',
  };
}

function demoNhsNumber(index: number): string {
  for (let n = 999_000_100 + index * 37; ; n++) {
    const check = nhsCheckDigit(String(n));
    if (check !== null) return `${n}${check}`;
  }
}
