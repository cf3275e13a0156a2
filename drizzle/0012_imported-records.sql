-- Whether a step record or a booking came in by a FHIR import: it names the importer as its maker,
-- at the sending clinic's time, and the forms say so (src/db/schema.ts `imported`).
ALTER TABLE "booking" ADD COLUMN "imported" boolean DEFAULT false NOT NULL;--> statement-breakpoint
ALTER TABLE "step_record" ADD COLUMN "imported" boolean DEFAULT false NOT NULL;--> statement-breakpoint
-- Records an import made before this column: each was written with its timeline line, at the same
-- instant, and that line was marked imported (fhir/replay.ts).
UPDATE "step_record" s SET "imported" = true WHERE EXISTS (SELECT 1 FROM "episode_event" v
  WHERE v.episode_id = s.episode_id AND v.at = s.recorded_at AND v.details ? 'imported');
--> statement-breakpoint
UPDATE "booking" b SET "imported" = true WHERE EXISTS (SELECT 1 FROM "episode_event" v
  WHERE v.episode_id = b.episode_id AND v.at = b.recorded_at AND v.details ? 'imported');
