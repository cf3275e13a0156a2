-- Whether a diary entry or a symptom report came in by a FHIR import, as step records and
-- bookings say (0012): staff's entries name the importer, and the diary says so.
ALTER TABLE "diary_entry" ADD COLUMN "imported" boolean DEFAULT false NOT NULL;--> statement-breakpoint
ALTER TABLE "symptom_report" ADD COLUMN "imported" boolean DEFAULT false NOT NULL;--> statement-breakpoint
-- Entries an import made before this column: a replay writes the whole record in one transaction
-- and ends by marking every line of the episode's timeline imported, so an entry imported then was
-- written by the transaction that last wrote those lines (the same xmin). Entries are not updated.
-- (round-trip.test.ts checks the rule finds exactly an import's entries.)
UPDATE "diary_entry" d SET "imported" = true WHERE EXISTS (SELECT 1 FROM "episode_event" v
  WHERE v.episode_id = d.episode_id AND v.details ? 'imported' AND v.xmin = d.xmin);
-- A symptom report imported before this column stays unmarked: its advice was written to it in a
-- subtransaction of its own, so nothing left in the row ties it to the import. Import of a record
-- came with 0012, days before this, so few if any exist.
