/**
 * The leaflet as a PDF, on the clinic's letterhead: the same rendered leaflet the page shows (only
 * the sections that apply, the person's own dates), laid out by the letters' renderDocument, with
 * its document control (reference, version, issued, review date, owner) at the end.
 */
import { documentControlLine } from '../../content/control.ts';
import type { RenderedLeaflet } from '../../content/render.ts';
import type { ClinicSettingsInForce } from '../clinic/settings.ts';
import type { Line, Section, Summary } from '../episodes/pdf/discharge-summary.ts';

export function leafletSummary(l: RenderedLeaflet, patientName: string): Summary {
  const lines = (blocks: RenderedLeaflet['intro']): Line[] =>
    blocks.flatMap((b) =>
      b.kind === 'paragraph' ? [{ text: b.text }] : b.items.map((text) => ({ text, bullet: true })),
    );
  const sections: Section[] = [
    { heading: '', lines: lines(l.intro) },
    ...l.sections.map(
      (s): Section => ({
        heading: s.heading,
        lines: lines(s.blocks),
        ...(s.tone === 'urgent' ? { tone: 'urgent' as const } : {}),
      }),
    ),
    { heading: 'About this leaflet', lines: [{ text: documentControlLine(l) }] },
  ];
  return { title: l.title, identity: [{ label: 'For', value: patientName }], sections };
}

export async function leafletPdf(
  l: RenderedLeaflet,
  patientName: string,
  clinic: ClinicSettingsInForce,
  now: Date,
): Promise<Buffer> {
  // The layout (pdfkit, fontkit and the fonts) loads on the first PDF, not when the server starts.
  const { renderDocument } = await import('../episodes/pdf/discharge-summary.ts');
  const { settings, contacts } = clinic;
  return renderDocument(
    {
      clinic: { name: settings.clinic.name, timeZone: settings.clinic.timeZone, contacts },
      generatedAt: now.toISOString(),
    },
    leafletSummary(l, patientName),
  );
}
