-- Triage records stored before the red flags were asked at triage (bbacf98) have no "redFlags":
-- the API answers them as stored, and readers that expect the list (the episode page's triage
-- summary, the letters, the FHIR export) failed on every such episode. Give them the list the
-- schema's default gives a new record: empty. `noRedFlags` stays absent, so they read "red flags not
-- recorded as asked", which is what they are.
-- (A triage step's record keeps the triage's facts under "facts", beside its purpose and decision.)
UPDATE "step_record" SET "facts" = jsonb_set("facts", '{facts,redFlags}', '[]'::jsonb)
WHERE "step" = 'triage' AND jsonb_typeof("facts" -> 'facts') = 'object' AND NOT ("facts" -> 'facts' ? 'redFlags');
