/**
 * The demo clinic: one site with its settings, one user per staff role and a handful of patients
 * whose episodes stand at different stages, each step recorded through the same use cases the
 * API uses — so a demo episode looks exactly like one a clinic made. Seeded once: a second run
 * finds the site and stops. Identifiers use the 999 range, which the NHS never issues.
 */
import { randomUUID } from 'node:crypto';
import { and, eq, sql } from 'drizzle-orm';
import type { Database } from '../../db/client.ts';
import { clinic, patient, user } from '../../db/schema.ts';
import type { Actor } from '../../domain/actor.ts';
import { nhsCheckDigit } from '../../domain/identifiers.ts';
import type { StepName } from '../../domain/pathway.ts';
import type { StepInput } from '../../shared/api/steps.ts';
import { PATIENT_HOME } from '../auth/auth.ts';
import { addUser } from '../auth/users.ts';
import { clinicForAdmin, createClinic, updateClinic } from '../clinic/settings.ts';
import { episodeVersion, moveEpisode, referPatient } from '../episodes/episodes.ts';
import { runStep } from '../episodes/steps/registry.ts';
import { createPatient } from '../patients/patients.ts';
import { cancelProcedureList } from '../procedure-lists/cancel.ts';
import { createProcedureList } from '../procedure-lists/lists.ts';
import { type DemoFollowUp, seedFollowUp } from './follow-up.ts';
import { seedDemoHistory } from './history.ts';
import {
  checkInFacts,
  type Facts,
  negativeExam,
  positiveExam,
  procedureFacts,
  recoveryFacts,
  screeningFacts,
  triageFacts,
} from './payloads.ts';
import { seedTransferred } from './transferred.ts';

export const demoPassword = 'sij-demo-2026';
/** The demo patient (booked): signs in at /my/sign-in with a code read from the admin's Outbox page. */
export const demoPatientEmail = 'tomasz.nowak@demo.sijpath.test';
export const demoUsers = [
  { role: 'admin', name: 'Alex Morgan', email: 'admin@demo.sijpath.test' },
  { role: 'clinician', name: 'Dr Priya Shah', email: 'clinician@demo.sijpath.test' },
  { role: 'nurse', name: 'Sam Okafor', email: 'nurse@demo.sijpath.test' },
] as const;

// UK numbers from the range Ofcom keeps for drama, so the demo rings nobody.
export const demoClinic = {
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

/**
 * How long each local anaesthetic is expected to work: the demo clinic's own choice. The sources
 * give no confirmed durations (clinical/sources.md §2c: lidocaine about 1–2 h and bupivacaine about
 * 4–8 h are UNCONFIRMED general knowledge), so a new clinic starts with them off; the demo clinic
 * sets them, as any clinic would on its settings page, so that its blocks can be read.
 */
export const demoAnaesthetics = {
  lidocaine: { minHours: 1, maxHours: 2 },
  bupivacaine: { minHours: 4, maxHours: 8 },
};
export const demoAnaestheticsReason =
  "The demo clinic's choice: lidocaine about 1–2 h and bupivacaine about 4–8 h (clinical/sources.md §2c, unconfirmed general knowledge), so that blocks can be read as positive or negative.";

type Stop =
  | 'referred'
  | 'triaged'
  | 'screened'
  | 'scheduled'
  | 'left-open'
  | 'followed-up'
  | 'declined'
  | 'apixaban'
  | 'infection';

/** The demo's own patients, each chosen to show something (not its year of history, history.ts). */
export const demoPatients: {
  givenName: string;
  familyName: string;
  birthDate: string;
  sex: 'female' | 'male';
  stop: Stop;
  reason: string;
  side: 'left' | 'right';
  /** Pain scores (hours after the block, pain 0–10 from 7 before) for an episode that reaches recovery. */
  scores?: [number, number][];
  /** The pain diary after discharge (and a worrying-symptom report) for an episode in follow-up. */
  followUp?: DemoFollowUp;
  /** Injected on a list this many weeks ago (a finished episode; else the past list, 20 days ago). */
  injectedWeeksAgo?: number;
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
    // Relief ≥ 75 % through the bupivacaine's 4 hours: a positive block.
    scores: [
      [1, 1],
      [2, 1],
      [4, 1],
    ],
    // The relief lasts: a diary of low scores, one prompt in four missed.
    followUp: { pain: (kind) => (kind === 'hour' ? 1 : 2), missEvery: 4 },
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
  {
    givenName: 'Grace',
    familyName: 'Whitmore',
    birthDate: '1968-07-21',
    sex: 'female',
    stop: 'followed-up',
    side: 'right',
    reason: 'Right buttock pain after a fall; 3 of 5 provocation tests positive.',
    // Relief never reaches the threshold: a negative block.
    scores: [
      [1, 6],
      [2, 5],
      [4, 6],
    ],
    // No relief, and a fever reported this morning: an urgent alert still waiting for a clinician.
    followUp: {
      pain: (kind, after) => (kind === 'week' ? 7 : 6 + (after % 2)),
      report: {
        symptoms: ['fever-or-feeling-unwell', 'injection-site-hot-red-swollen'],
        freeText: 'Temperature 38.4 since last night and the injection site is red and hot.',
        when: { minutesAgo: 50 },
      },
    },
  },
  {
    givenName: 'Nikhil',
    familyName: 'Sharma',
    birthDate: '1975-10-03',
    sex: 'male',
    stop: 'followed-up',
    side: 'right',
    reason:
      'Right SI joint pain for 2 years; 4 of 5 provocation tests positive; physiotherapy without benefit.',
    // A positive block (relief at or above the profile's threshold until the 4-hour score),
    // injected 7 weeks ago: the outcome review has the 6-week diary to read.
    scores: [
      [1, 1],
      [2, 1],
      [4, 1],
    ],
    // A responder at 6 weeks: every prompt answered, pain well under half the baseline throughout.
    // A bad headache two days after, which a clinician phoned him about within the hour.
    followUp: {
      pain: (kind) => (kind === 'hour' ? 1 : 2),
      report: {
        symptoms: ['severe-headache'],
        freeText: 'Bad headache since this morning, worse when I stand up.',
        // Two days after the injection, mid-morning.
        when: { hoursAfterInjection: 48 + 1.5 },
        acknowledged: {
          minutesLater: 40,
          note: 'Phoned him: headache easing lying flat, no fever or neck stiffness. Fluids and paracetamol; to call back if it is not better tomorrow.',
        },
      },
    },
    injectedWeeksAgo: 7,
  },
  {
    // Booked on the past list, and nothing recorded since (treated? not come?): the worklist names
    // her booking as left open until someone closes it on her page.
    givenName: 'Rosa',
    familyName: 'Bianchi',
    birthDate: '1962-03-08',
    sex: 'female',
    stop: 'left-open',
    side: 'left',
    reason: 'Left buttock pain for a year, worse turning in bed; 3 of 5 provocation tests positive.',
  },
];

const order: Stop[] = ['referred', 'triaged', 'screened', 'scheduled', 'left-open', 'followed-up'];
const reaches = (stop: Stop, step: Stop) => {
  if (stop === 'apixaban' || stop === 'infection') return step === 'triaged';
  if (stop === 'declined') return false;
  return order.indexOf(stop) >= order.indexOf(step);
};

export type SeedProgress = (step: string) => void;

const DAY = 24 * 3600 * 1000;
const HOUR = 3600 * 1000;
const isoDay = (d: Date) => d.toISOString().slice(0, 10);
/**
 * `days` before `now`, at 10:00 UTC (10:00 or 11:00 in the demo's London): the clinic's records
 * in working hours, not at whatever minute the demo was seeded (a triage at 02:44 read oddly).
 */
const workingDayBefore = (now: Date, days: number) => {
  const day = weekday(new Date(now.getTime() - days * DAY), -1);
  day.setUTCHours(10, 0, 0, 0);
  return day;
};

/** The day itself on a weekday, else the nearest weekday after it (`1`) or before it (`-1`). */
function weekday(day: Date, direction: 1 | -1): Date {
  let d = day;
  while (d.getUTCDay() === 0 || d.getUTCDay() === 6) d = new Date(d.getTime() + direction * DAY);
  return d;
}

/** Seeds the demo clinic unless any clinic exists. Returns false when there was nothing to do. */
export async function seedDemo(
  db: Database,
  progress: SeedProgress = () => {},
  now: Date = new Date(),
): Promise<boolean> {
  return db.transaction(async (tx) => {
    // Two processes starting together must not both seed.
    await tx.execute(sql`select pg_advisory_xact_lock(hashtext('sijpath:seed'))`);
    const [existing] = await tx.select({ id: clinic.id }).from(clinic).limit(1);
    if (existing) return false;
    progress('clinic');
    const { id: clinicId } = await createClinic(tx, demoClinic, new Date(now.getTime() - 91 * DAY));
    const staff: Record<string, Actor> = {};
    for (const u of demoUsers) {
      progress(`user ${u.email}`);
      const { id } = await addUser(tx, { ...u, clinicId, password: demoPassword });
      staff[u.role] = { id, name: u.name, email: u.email, role: u.role, clinicId, patientId: null };
    }
    // The demo clinic's admin sets the anaesthetic durations, as settings version 2.
    const current = await clinicForAdmin(tx, clinicId);
    await updateClinic(
      tx,
      staff.admin!,
      {
        version: current.version,
        reason: demoAnaestheticsReason,
        clinic: current.clinic,
        protocol: current.protocol,
        rules: { ...current.rules, anaesthetics: { ...current.rules.anaesthetics, ...demoAnaesthetics } },
      },
      new Date(now.getTime() - 90 * DAY),
    );
    const clinician = staff.clinician!;
    const nurse = staff.nurse!;
    const lists = {
      past: await createProcedureList(tx, clinician, list(now, -20)),
      next: await createProcedureList(tx, clinician, list(now, 7)),
    };
    // A list called off before anyone was booked on it: the day's lists show it cancelled.
    const offSick = await createProcedureList(tx, clinician, {
      ...list(now, 14),
      room: 'Day unit theatre 1',
    });
    await cancelProcedureList(
      tx,
      nurse,
      offSick.id,
      { reason: 'Dr Shah is on leave that week', version: offSick.version, episodes: [] },
      // Nobody is booked on it, so no patient is written to.
      { now, portalUrl: PATIENT_HOME },
    );
    for (const [i, p] of demoPatients.entries()) {
      progress(`patient ${i + 1} of ${demoPatients.length}`);
      const { stop, reason, side, scores, followUp, injectedWeeksAgo, ...person } = p;
      const created = await createPatient(tx, clinicId, {
        ...person,
        nhsNumber: demoNhsNumber(i),
        mrn: `RPS-${1001 + i}`,
        email: null,
        phone: null,
      });
      // A believable history: referred some weeks ago, each step a few days after the last. One
      // on a past list (finished, or booked and left open) starts earliest: it is screened 35
      // days ago, see below.
      const onPastList = stop === 'followed-up' || stop === 'left-open';
      const referredDaysAgo = injectedWeeksAgo ? injectedWeeksAgo * 7 + 30 : onPastList ? 70 - i : 60 - i * 4;
      let at = workingDayBefore(now, referredDaysAgo);
      const referred = {
        referrer: 'Dr J. Whitfield',
        referrerAddress: 'Riverside Medical Practice\n12 Mill Lane, Exampletown EX1 4CD',
        referredOn: isoDay(at),
        reason,
        side,
      };
      const { id } = await referPatient(tx, clinician, created.id, referred, at);
      const later = (days: number) => {
        at = new Date(at.getTime() + days * DAY);
        return at;
      };
      const record = async <S extends StepName>(who: Actor, step: S, facts: Facts<S>, when: Date) => {
        const version = await episodeVersion(tx, id);
        await runStep(tx, who, id, step, { ...facts, version } as StepInput<S>, when);
      };
      if (stop === 'declined') {
        const decline = triageFacts({
          purpose: 'diagnostic',
          facts: negativeExam,
          decision: 'decline',
          reason: 'Radicular symptoms: referred to the spinal team.',
        });
        await record(clinician, 'triage', decline, later(3));
        continue;
      }
      if (!reaches(stop, 'triaged')) continue;
      // Peter Lindqvist's chest infection is a red flag at referral ([S17]): accepted, with why.
      const triage =
        stop === 'infection'
          ? triageFacts({
              facts: { ...positiveExam, redFlags: ['recent-bacterial-infection'], noRedFlags: false },
              reason:
                'Chest infection treated with antibiotics; screening will hold the injection until it has cleared.',
            })
          : triageFacts();
      await record(clinician, 'triage', triage, later(3));
      if (stop === 'apixaban') {
        const apixaban = { patient: { antithrombotics: [{ name: 'apixaban 5 mg twice daily' }] } };
        await record(nurse, 'screening', screeningFacts(side, apixaban), later(4));
        continue;
      }
      if (stop === 'infection') {
        const infection = {
          description: 'chest infection treated with antibiotics',
          startedAt: new Date(now.getTime() - 10 * DAY).toISOString(),
          resolvedAt: new Date(now.getTime() - 5 * DAY).toISOString(),
        };
        const recent = screeningFacts(side, { screening: { infections: [infection] } });
        await record(nurse, 'screening', recent, workingDayBefore(now, 2));
        continue;
      }
      if (!reaches(stop, 'screened')) continue;
      if (stop === 'screened') {
        // A dated result the clinic set no limit for: the nurse's call asks for a clinician, whose
        // review on a second call lets booking go ahead (the page shows both calls).
        const labs = { platelets: 245, takenAt: { platelets: later(2).toISOString() } };
        await record(nurse, 'screening', screeningFacts(side, { screening: { labs } }), later(2));
        const review = {
          code: 'lab_no_limit_set' as const,
          subject: 'platelets',
          note: 'Platelets normal: no action needed before the injection.',
          recordedBy: clinician.name,
          recordedAt: later(1).toISOString(),
        };
        const reviewed = screeningFacts(side, { screening: { labs, clinicianReviews: [review] } });
        await record(clinician, 'screening', reviewed, at);
        continue;
      }
      const done = stop === 'followed-up';
      // One on a past list was screened before it; one still to come, recently.
      if (onPastList) at = workingDayBefore(now, injectedWeeksAgo ? injectedWeeksAgo * 7 + 15 : 35);
      await record(nurse, 'screening', screeningFacts(side), later(4));
      if (!reaches(stop, 'scheduled')) continue;
      const target = injectedWeeksAgo
        ? await createProcedureList(tx, clinician, list(now, -7 * injectedWeeksAgo))
        : onPastList
          ? lists.past
          : lists.next;
      await record(nurse, 'booking', { procedureListId: target.id, time: '09:30' }, later(2));
      if (stop === 'scheduled') {
        // The demo patient: booked, with their own pages to read and a checklist to tick.
        progress(`patient access for ${demoPatientEmail}`);
        await tx.update(patient).set({ email: demoPatientEmail }).where(eq(patient.id, created.id));
        await tx.insert(user).values({
          id: randomUUID(),
          name: `${person.givenName} ${person.familyName}`,
          email: demoPatientEmail,
          role: 'patient',
          clinicId,
          patientId: created.id,
        });
      }
      if (!done) continue;
      const day = new Date(`${target.date}T09:00:00Z`);
      await record(nurse, 'check-in', checkInFacts(side), day);
      const performedAt = new Date(day.getTime() + HOUR);
      await record(clinician, 'procedure', procedureFacts(side, performedAt), performedAt);
      await record(
        nurse,
        'recovery',
        recoveryFacts(performedAt, scores),
        new Date(performedAt.getTime() + 4.25 * HOUR),
      );
      await record(nurse, 'discharge', {}, new Date(performedAt.getTime() + 4.5 * HOUR));
      const version = await episodeVersion(tx, id);
      await moveEpisode(
        tx,
        nurse,
        id,
        { move: 'start-follow-up', version },
        new Date(performedAt.getTime() + DAY),
      );
      if (followUp) {
        progress(`patient ${i + 1}: pain diary`);
        const who = { clinicId, patientId: created.id, name: `${person.givenName} ${person.familyName}` };
        await seedFollowUp(tx, who, id, followUp, { now, injected: performedAt }, clinician);
      }
    }
    // Nikhil Sharma's record, as another clinic would send it for a patient who moved here.
    progress('a patient transferred from another clinic');
    const [nikhil] = await tx
      .select({ id: patient.id })
      .from(patient)
      .where(and(eq(patient.clinicId, clinicId), eq(patient.familyName, 'Sharma')));
    await seedTransferred(tx, clinician, nikhil!.id, demoNhsNumber(demoPatients.length), now);
    // A year of finished episodes behind these, for the outcomes dashboard.
    progress('past episodes for the outcomes dashboard');
    await seedDemoHistory(tx, { clinicId, clinician, nurse, now });
    return true;
  });
}

/** A procedure list `days` from `now`, on a weekday (a clinic's lists are not at the weekend). */
function list(now: Date, days: number) {
  return {
    date: isoDay(weekday(new Date(now.getTime() + days * DAY), days > 0 ? 1 : -1)),
    startTime: '08:30',
    operator: 'Dr Priya Shah',
    room: 'Day unit theatre 2',
    capacity: 6,
  };
}

function demoNhsNumber(index: number): string {
  for (let n = 999_000_100 + index * 37; ; n++) {
    const check = nhsCheckDigit(String(n));
    if (check !== null) return `${n}${check}`;
  }
}
