/**
 * A leaflet's document control in a line, as its PDF and its page print it (seed 003: an NHS
 * leaflet carries its reference, issue and review dates). Apart from the renderer so that the
 * browser can print it without the leaflet parser.
 */
import type { RenderedLeaflet } from './render.ts';

/** "Leaflet SIJ-1 version 2 · Issued 20 November 2026 · Review by 20 November 2027 · Owner: …" */
export function documentControlLine(
  l: Pick<RenderedLeaflet, 'reference' | 'version' | 'issued' | 'reviewDate' | 'owner' | 'locale'>,
): string {
  const day = (iso: string) => calendarDay(iso, l.locale);
  return `Leaflet ${l.reference} version ${l.version} · Issued ${day(l.issued)} · Review by ${day(l.reviewDate)} · Owner: ${l.owner}`;
}

/** A calendar day in the clinic's words: "20 November 2026" (en-GB), "November 20, 2026" (en-US). */
function calendarDay(iso: string, locale: string): string {
  const day = new Date(`${iso}T12:00:00Z`);
  if (!/^\d{4}-\d{2}-\d{2}$/.test(iso) || Number.isNaN(day.getTime())) return iso;
  return new Intl.DateTimeFormat(locale, {
    day: 'numeric',
    month: 'long',
    year: 'numeric',
    timeZone: 'UTC',
  }).format(day);
}
