/**
 * The episode as its patient sees it (and the checklist as staff see it): built from the episode
 * page's read model (src/server/episodes/read.ts), so the preparation is exactly the one staff see
 * on the booking, then cut down to what was written for the patient.
 */
import { eq } from 'drizzle-orm';
import type { z } from 'zod';
import type { Executor } from '../../db/client.ts';
import { patientChecklistItem } from '../../db/schema.ts';
import type { ClinicContacts } from '../../domain/clinic.ts';
import {
  type ClinicSettings,
  formatLocal,
  type Instruction,
  LIFECYCLE,
  preparation,
} from '../../domain/clinical/index.ts';
import { checklistComplete, checklistItems, checklistState } from '../../domain/portal/checklist.ts';
import {
  afterProcedure,
  beforeProcedure,
  leftOpenPatientStages,
  patientStages,
} from '../../domain/portal/patient-stage.ts';
import { isLeftOpen, startOfToday } from '../../domain/procedure-lists.ts';
import type { EpisodeDetail } from '../../shared/api/core.ts';
import type { MyEpisode, PatientChecklist } from '../../shared/api/portal.ts';
import { afterCareOf } from '../episodes/pdf/discharge-summary-data.ts';

/**
 * The preparation of the booking in force, with each instruction's code (the checklist needs
 * them). The booking's `forPatient` is empty exactly when the procedure is not going ahead as
 * booked (not safe yet and not overridden: src/server/episodes/steps/present.ts); otherwise it is
 * this same list's wording.
 */
export function preparationOf(e: EpisodeDetail): Instruction[] {
  const b = e.steps.booking;
  if (!b || b.instructions.forPatient.length === 0) return [];
  return preparation(b.instructions.screening, { overridden: true });
}

/** The checklist of the booking in force with the patient's ticks (empty without a booking). */
export async function checklistOf(db: Executor, e: EpisodeDetail): Promise<z.infer<typeof PatientChecklist>> {
  const b = e.steps.booking;
  if (!b) return { bookingId: null, items: [], complete: false };
  const items = checklistItems(preparationOf(e));
  const ticks = await db.select().from(patientChecklistItem).where(eq(patientChecklistItem.bookingId, b.id));
  const state = checklistState(
    items,
    ticks.map((t) => ({
      key: t.item,
      checked: t.checked,
      instruction: t.instruction,
      at: t.changedAt.toISOString(),
    })),
  );
  return { bookingId: b.id, items: state, complete: checklistComplete(state) };
}

/** Why the procedure must wait, in the words written for the patient (never a staff reason). */
function notYet(e: EpisodeDetail): string[] {
  if (e.stage !== 'not-safe-yet') return [];
  const latest = e.steps.screenings[0];
  const texts = (latest?.assessment.findings ?? [])
    .filter((f) => LIFECYCLE[f.code] === 'deferral' && f.patientText)
    .map((f) => f.patientText!);
  return [...new Set(texts)];
}

export async function patientView(
  db: Executor,
  e: EpisodeDetail,
  clinic: { settings: ClinicSettings; contacts: ClinicContacts },
  now: Date,
): Promise<z.infer<typeof MyEpisode>> {
  const tz = clinic.settings.clinic.timeZone;
  const booking = e.steps.booking;
  // A booking left open: its day passed with nothing recorded; its preparation is for no day to come.
  const leftOpen =
    isLeftOpen(e.stage) && booking !== null && new Date(booking.plannedAt) < startOfToday(now, tz)
      ? e.stage
      : null;
  const before = beforeProcedure.includes(e.stage) && !leftOpen;
  const care = afterProcedure.includes(e.stage) ? afterCareOf(e, clinic.settings) : null;
  const checklist = before
    ? await checklistOf(db, e)
    : { bookingId: booking?.id ?? null, items: [], complete: false };
  const c = clinic.contacts;
  return {
    id: e.id,
    stage: e.stage,
    status: leftOpen ? leftOpenPatientStages[leftOpen] : patientStages[e.stage],
    referredOn: e.referredOn,
    referrer: e.referrer,
    side: e.side,
    booking: booking
      ? {
          plannedAt: booking.plannedAt,
          plannedAtLocal: formatLocal(new Date(booking.plannedAt), tz, clinic.settings.clinic.locale),
          room: booking.procedureList.room,
        }
      : null,
    checklistProgress: {
      done: checklist.items.filter((i) => i.checked).length,
      total: checklist.items.length,
    },
    preparation: before ? preparationOf(e).map((i) => i.text) : [],
    notYet: notYet(e),
    afterCare: care
      ? {
          instructions: care.filter((i) => !i.urgent).map((i) => i.text),
          urgent: care.filter((i) => i.urgent && i.code !== 'urgent_call').map((i) => i.text),
        }
      : null,
    checklist,
    clinic: {
      name: clinic.settings.clinic.name,
      contacts: {
        phone: c.phone,
        hours: c.hours ?? null,
        urgentPhone: c.urgentPhone,
        outOfHours: c.outOfHours,
        email: c.email ?? null,
        address: c.address ?? null,
      },
    },
  };
}
