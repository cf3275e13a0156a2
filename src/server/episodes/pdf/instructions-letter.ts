/**
 * The letter a patient is sent once booked: when and where, and how to prepare — the preparation
 * the clinical core gives for the booked time (src/domain/clinical/instructions.ts), never an
 * instruction nobody agreed. Rendered on the clinic's letterhead like the discharge summary.
 */
import type { Database } from '../../../db/client.ts';
import type { Actor } from '../../../domain/actor.ts';
import { clinicSettings } from '../../clinic/settings.ts';
import { DomainError } from '../../errors.ts';
import { episodeDetail } from '../read.ts';
import type { Line, Summary } from './discharge-summary.ts';
import { formatCalendarDate, formatDateTime, formatNhsNumber } from './format.ts';

export async function instructionsLetterPdf(db: Database, actor: Actor, episodeId: string, now: Date) {
  const e = await episodeDetail(db, actor, episodeId);
  const booked = e.steps.booking;
  if (!booked) {
    throw new DomainError(
      'step_out_of_order',
      'The instruction letter is ready once the procedure is booked.',
    );
  }
  const { settings, contacts } = await clinicSettings(db, actor.clinicId);
  const tz = settings.clinic.timeZone;
  const list = booked.procedureList;
  const where = [list.room, contacts.address?.replace(/\s*\n\s*/g, ', ')].filter(Boolean).join(', ');
  const prepare = booked.instructions.forPatient;
  const bullet = (text: string): Line => ({ text, bullet: true });
  const summary: Summary = {
    title: 'Your SI joint injection: how to prepare',
    identity: [
      { label: 'Name', value: `${e.patient.givenName} ${e.patient.familyName}` },
      { label: 'Date of birth', value: formatCalendarDate(e.patient.birthDate, 'patient.birthDate') },
      {
        label: 'NHS number',
        value: e.patient.nhsNumber ? formatNhsNumber(e.patient.nhsNumber) : 'Not recorded',
      },
      { label: 'MRN', value: e.patient.mrn ?? 'Not recorded' },
    ],
    sections: [
      {
        heading: 'Your appointment',
        lines: [
          { label: 'When', text: formatDateTime(booked.plannedAt, tz, 'plannedAt'), strong: true },
          { label: 'Where', text: where || settings.clinic.name },
        ],
      },
      {
        heading: 'Before you come',
        lines:
          prepare.length > 0
            ? prepare.map(bullet)
            : [{ text: 'There is nothing special to do before you come.' }],
      },
      {
        heading: 'If you cannot come, or you are unwell',
        lines: [
          {
            text: `Please ring us on ${contacts.phone}${contacts.hours ? ` (${contacts.hours})` : ''}: tell us about any infection, a new medicine that thins the blood, or a change in your health before the day.`,
          },
          { text: 'Do not stop any medicine on your own unless we have agreed a plan with you.' },
        ],
      },
    ],
  };
  // The layout (pdfkit, fontkit and the fonts) loads on the first PDF, not when the server starts.
  const { renderDocument } = await import('./discharge-summary.ts');
  return renderDocument(
    { clinic: { name: settings.clinic.name, timeZone: tz, contacts }, generatedAt: now.toISOString() },
    summary,
  );
}
