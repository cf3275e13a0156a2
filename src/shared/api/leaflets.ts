/**
 * Leaflets over HTTP: the leaflet rendered for one person (patient and staff see the same), the
 * version each patient was given and whether they found it helpful, and the document-control list.
 */
import { z } from 'zod';
import { LOCALES } from '../../domain/clinical/index.ts';

const Block = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('paragraph'), text: z.string() }),
  z.object({ kind: z.literal('list'), items: z.array(z.string()) }),
]);

const DocumentControlFields = {
  /** The leaflet's reference, the same across versions (e.g. SIJ-1). */
  reference: z.string(),
  version: z.number().int(),
  title: z.string(),
  issued: z.string(),
  reviewDate: z.string(),
  owner: z.string(),
  /** Source keys (src/domain/clinical/sources.ts) its statements cite. */
  sources: z.array(z.string()),
};

/** The leaflet as this person reads it: only the sections that apply, in the clinic's locale. */
export const RenderedLeaflet = z.object({
  ...DocumentControlFields,
  locale: z.enum(LOCALES),
  clinicName: z.string(),
  intro: z.array(Block),
  sections: z.array(
    z.object({
      id: z.string(),
      level: z.union([z.literal(2), z.literal(3)]),
      heading: z.string(),
      tone: z.enum(['urgent', 'notice']).nullable(),
      blocks: z.array(Block),
    }),
  ),
});

/** A version of a leaflet given to the patient of an episode. */
export const LeafletIssue = z.object({
  leaflet: z.string(),
  version: z.string(),
  givenAt: z.string(),
  /** "Was this helpful?": null until the patient answers. */
  helpful: z.boolean().nullable(),
  feedbackAt: z.string().nullable(),
});

/** GET /api/my/episodes/:id/leaflet: the patient's leaflet and the issue it is recorded as. */
export const MyLeaflet = z.object({ leaflet: RenderedLeaflet, issue: LeafletIssue });

/** GET /api/episodes/:id/leaflet: what the patient sees, and every version they were given. */
export const EpisodeLeaflet = z.object({ leaflet: RenderedLeaflet, issues: z.array(LeafletIssue) });

/** POST /api/my/episodes/:id/leaflet/feedback */
export const LeafletFeedback = z.object({ helpful: z.boolean() });

/** GET /api/leaflets: document control of every leaflet, for admins. */
export const LeafletList = z.object({
  items: z.array(
    z.object({
      ...DocumentControlFields,
      audience: z.string().nullable(),
      /** The review date has passed (in the clinic's time zone): the leaflet must be reviewed. */
      pastReview: z.boolean(),
      /** Flesch–Kincaid grade of its prose in the clinic's locale (target 8 or easier). */
      readingGrade: z.number(),
    }),
  ),
  targetGrade: z.number(),
});
