-- Wave 2: one word per concept (site → clinic, deferred → not-safe-yet), typed stages, every step
-- version kept (step_record), bookings with a life of their own, an audit chain sealed outside the
-- request path, and the tables the follow-up half of the pathway needs. Existing records are
-- carried over; nothing is lost. Hand-written (drizzle-kit would drop and recreate renamed
-- tables); the snapshot beside it is what drizzle-kit generates from src/db/schema.ts.
CREATE EXTENSION IF NOT EXISTS pg_trgm;
--> statement-breakpoint
CREATE TYPE "public"."booking_status" AS ENUM('booked', 'rescheduled', 'cancelled', 'did-not-attend');
--> statement-breakpoint
CREATE TYPE "public"."stage" AS ENUM('referred', 'triaged', 'declined', 'screened', 'not-safe-yet', 'scheduled', 'checked-in', 'performed', 'discharged', 'following-up', 'outcome-reviewed', 'closed');
--> statement-breakpoint
CREATE TYPE "public"."step" AS ENUM('triage', 'screening', 'booking', 'check-in', 'procedure', 'recovery', 'discharge', 'outcome-review');
--> statement-breakpoint
-- The old audit chain took a per-site lock on every insert; the sealer replaces it.
DROP TRIGGER IF EXISTS audit_event_chain ON audit_event;
--> statement-breakpoint
DROP FUNCTION IF EXISTS audit_event_chain();
--> statement-breakpoint
-- site → clinic
ALTER TABLE "site" RENAME TO "clinic";
--> statement-breakpoint
ALTER TABLE "clinic" ALTER COLUMN "settings" DROP DEFAULT;
--> statement-breakpoint
ALTER TABLE "clinic" ADD COLUMN "settings_version" integer DEFAULT 1 NOT NULL;
--> statement-breakpoint
UPDATE "clinic" SET "settings" = ("settings" - 'site') || jsonb_build_object('rules', "settings"->'site') WHERE "settings" ? 'site';
--> statement-breakpoint
ALTER TABLE "clinic" RENAME CONSTRAINT "site_pkey" TO "clinic_pkey";
--> statement-breakpoint
ALTER TABLE "patient" RENAME COLUMN "site_id" TO "clinic_id";
--> statement-breakpoint
ALTER TABLE "patient" RENAME CONSTRAINT "patient_site_id_site_id_fk" TO "patient_clinic_id_clinic_id_fk";
--> statement-breakpoint
ALTER TABLE "user" RENAME COLUMN "site_id" TO "clinic_id";
--> statement-breakpoint
ALTER TABLE "user" RENAME CONSTRAINT "user_site_id_site_id_fk" TO "user_clinic_id_clinic_id_fk";
--> statement-breakpoint
ALTER TABLE "episode" RENAME COLUMN "site_id" TO "clinic_id";
--> statement-breakpoint
ALTER TABLE "episode" RENAME CONSTRAINT "episode_site_id_site_id_fk" TO "episode_clinic_id_clinic_id_fk";
--> statement-breakpoint
ALTER TABLE "episode_event" RENAME COLUMN "site_id" TO "clinic_id";
--> statement-breakpoint
ALTER TABLE "episode_event" RENAME CONSTRAINT "episode_event_site_id_site_id_fk" TO "episode_event_clinic_id_clinic_id_fk";
--> statement-breakpoint
ALTER TABLE "audit_event" RENAME COLUMN "site_id" TO "clinic_id";
--> statement-breakpoint
ALTER TABLE "audit_event" RENAME CONSTRAINT "audit_event_site_id_site_id_fk" TO "audit_event_clinic_id_clinic_id_fk";
--> statement-breakpoint
ALTER TABLE "procedure_list" RENAME COLUMN "site_id" TO "clinic_id";
--> statement-breakpoint
ALTER TABLE "procedure_list" RENAME CONSTRAINT "procedure_list_site_id_site_id_fk" TO "procedure_list_clinic_id_clinic_id_fk";
--> statement-breakpoint
ALTER TABLE "booking" RENAME COLUMN "site_id" TO "clinic_id";
--> statement-breakpoint
ALTER TABLE "booking" RENAME CONSTRAINT "booking_site_id_site_id_fk" TO "booking_clinic_id_clinic_id_fk";
--> statement-breakpoint
ALTER INDEX "patient_site_nhs_number_key" RENAME TO "patient_clinic_nhs_number_key";
--> statement-breakpoint
ALTER INDEX "patient_site_mrn_key" RENAME TO "patient_clinic_mrn_key";
--> statement-breakpoint
DROP INDEX "patient_site_family_name_idx";
--> statement-breakpoint
ALTER TABLE "patient" ADD COLUMN "address" text;
--> statement-breakpoint
CREATE INDEX "patient_given_name_trgm_idx" ON "patient" USING gin ("given_name" gin_trgm_ops);
--> statement-breakpoint
CREATE INDEX "patient_family_name_trgm_idx" ON "patient" USING gin ("family_name" gin_trgm_ops);
--> statement-breakpoint
ALTER INDEX "episode_site_stage_idx" RENAME TO "episode_clinic_stage_idx";
--> statement-breakpoint
ALTER INDEX "procedure_list_site_date_idx" RENAME TO "procedure_list_clinic_date_idx";
--> statement-breakpoint
ALTER INDEX "audit_event_site_idx" RENAME TO "audit_event_clinic_idx";
--> statement-breakpoint
ALTER TABLE "user" ADD COLUMN "disabled_at" timestamp with time zone;
--> statement-breakpoint
ALTER TABLE "user" ADD COLUMN "failed_sign_ins" integer DEFAULT 0 NOT NULL;
--> statement-breakpoint
ALTER TABLE "user" ADD COLUMN "locked_until" timestamp with time zone;
--> statement-breakpoint
ALTER TABLE "user" ADD COLUMN "version" integer DEFAULT 1 NOT NULL;
--> statement-breakpoint
CREATE INDEX "verification_identifier_idx" ON "verification" USING btree ("identifier");
--> statement-breakpoint
-- Stages as a type; "deferred" is now called what the verdict calls it.
ALTER TABLE "episode" ALTER COLUMN "stage" TYPE "stage" USING (CASE "stage" WHEN 'deferred' THEN 'not-safe-yet' ELSE "stage" END)::"stage";
--> statement-breakpoint
ALTER TABLE "episode" ADD COLUMN "referrer_address" text;
--> statement-breakpoint
ALTER TABLE "episode" ADD COLUMN "previous_episode_id" uuid;
--> statement-breakpoint
ALTER TABLE "episode" ADD COLUMN "source_system" text;
--> statement-breakpoint
ALTER TABLE "episode" ADD COLUMN "source_id" text;
--> statement-breakpoint
CREATE UNIQUE INDEX "episode_clinic_source_key" ON "episode" USING btree ("clinic_id","source_system","source_id");
--> statement-breakpoint
ALTER TABLE "episode_event" ALTER COLUMN "from_stage" TYPE "stage" USING (CASE "from_stage" WHEN 'deferred' THEN 'not-safe-yet' ELSE "from_stage" END)::"stage";
--> statement-breakpoint
ALTER TABLE "episode_event" ALTER COLUMN "to_stage" TYPE "stage" USING (CASE "to_stage" WHEN 'deferred' THEN 'not-safe-yet' ELSE "to_stage" END)::"stage";
--> statement-breakpoint
ALTER TABLE "episode_event" RENAME COLUMN "action" TO "event";
--> statement-breakpoint
ALTER TABLE "episode_event" ADD COLUMN "move" text;
--> statement-breakpoint
ALTER TABLE "episode_event" ADD COLUMN "details" jsonb;
--> statement-breakpoint
UPDATE "episode_event" SET "move" = "event", "event" = 'move'
  WHERE "event" IN ('accept', 'decline', 'screen-safe', 'defer', 'schedule', 'check-in', 'perform', 'discharge', 'start-follow-up', 'review-outcome', 'close', 'withdraw');
--> statement-breakpoint
UPDATE "episode_event" SET "event" = 'booking.recorded' WHERE "event" = 'booking.changed';
--> statement-breakpoint
ALTER TABLE "audit_event" DROP COLUMN "prev_hash";
--> statement-breakpoint
ALTER TABLE "audit_event" DROP COLUMN "hash";
--> statement-breakpoint
ALTER TABLE "audit_event" ADD COLUMN "status" smallint;
--> statement-breakpoint
ALTER TABLE "audit_event" ADD COLUMN "request_id" text;
--> statement-breakpoint
CREATE TABLE "alert" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"clinic_id" uuid NOT NULL,
	"episode_id" uuid NOT NULL,
	"symptom_report_id" uuid,
	"raised_at" timestamp with time zone DEFAULT now() NOT NULL,
	"urgency" text NOT NULL,
	"escalated_at" timestamp with time zone,
	"acknowledged_at" timestamp with time zone,
	"acknowledged_by_id" text,
	"acknowledged_by_name" text,
	"note" text,
	"version" integer DEFAULT 1 NOT NULL
);
--> statement-breakpoint
CREATE TABLE "audit_head" (
	"chain" text PRIMARY KEY NOT NULL,
	"seq" bigint NOT NULL,
	"hash" text NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "audit_pending" (
	"event_id" bigint PRIMARY KEY NOT NULL,
	"chain" text NOT NULL
);
--> statement-breakpoint
CREATE TABLE "audit_seal" (
	"chain" text NOT NULL,
	"seq" bigint NOT NULL,
	"event_id" bigint NOT NULL,
	"prev_hash" text NOT NULL,
	"hash" text NOT NULL,
	"sealed_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "audit_seal_chain_seq_pk" PRIMARY KEY("chain","seq"),
	CONSTRAINT "audit_seal_event_id_unique" UNIQUE("event_id")
);
--> statement-breakpoint
CREATE TABLE "clinic_settings_version" (
	"clinic_id" uuid NOT NULL,
	"version" integer NOT NULL,
	"name" text NOT NULL,
	"time_zone" text NOT NULL,
	"contacts" jsonb NOT NULL,
	"settings" jsonb NOT NULL,
	"changed_by_id" text,
	"changed_by_name" text,
	"changed_at" timestamp with time zone DEFAULT now() NOT NULL,
	"reason" text,
	CONSTRAINT "clinic_settings_version_clinic_id_version_pk" PRIMARY KEY("clinic_id","version")
);
--> statement-breakpoint
CREATE TABLE "diary_entry" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"clinic_id" uuid NOT NULL,
	"episode_id" uuid NOT NULL,
	"at" timestamp with time zone NOT NULL,
	"prompt_at" timestamp with time zone,
	"late" boolean DEFAULT false NOT NULL,
	"pain" smallint NOT NULL,
	"pgic" smallint,
	"opioid_doses" smallint,
	"facts" jsonb DEFAULT '{}'::jsonb NOT NULL,
	"entered_by_id" text NOT NULL,
	"entered_by_role" text NOT NULL,
	"entered_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "job" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"clinic_id" uuid,
	"kind" text NOT NULL,
	"run_at" timestamp with time zone NOT NULL,
	"payload" jsonb DEFAULT '{}'::jsonb NOT NULL,
	"dedupe_key" text,
	"status" text DEFAULT 'pending' NOT NULL,
	"attempts" integer DEFAULT 0 NOT NULL,
	"locked_until" timestamp with time zone,
	"last_error" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"done_at" timestamp with time zone,
	CONSTRAINT "job_dedupe_key_unique" UNIQUE("dedupe_key")
);
--> statement-breakpoint
CREATE TABLE "leaflet_issue" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"clinic_id" uuid NOT NULL,
	"episode_id" uuid NOT NULL,
	"leaflet" text NOT NULL,
	"leaflet_version" text NOT NULL,
	"given_at" timestamp with time zone DEFAULT now() NOT NULL,
	"helpful" boolean,
	"feedback_at" timestamp with time zone
);
--> statement-breakpoint
CREATE TABLE "message" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"clinic_id" uuid NOT NULL,
	"channel" text NOT NULL,
	"to" text NOT NULL,
	"subject" text NOT NULL,
	"text" text NOT NULL,
	"kind" text NOT NULL,
	"episode_id" uuid,
	"status" text DEFAULT 'queued' NOT NULL,
	"attempts" integer DEFAULT 0 NOT NULL,
	"last_error" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"sent_at" timestamp with time zone
);
--> statement-breakpoint
CREATE TABLE "patient_pseudonym" (
	"patient_id" uuid PRIMARY KEY NOT NULL,
	"clinic_id" uuid NOT NULL,
	"study_id" text NOT NULL,
	"shift_days" integer NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "patient_pseudonym_study_id_unique" UNIQUE("study_id")
);
--> statement-breakpoint
CREATE TABLE "rate_limit" (
	"id" text PRIMARY KEY NOT NULL,
	"key" text NOT NULL,
	"count" integer NOT NULL,
	"last_request" bigint NOT NULL,
	CONSTRAINT "rate_limit_key_unique" UNIQUE("key")
);
--> statement-breakpoint
CREATE TABLE "step_record" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"clinic_id" uuid NOT NULL,
	"episode_id" uuid NOT NULL,
	"step" "step" NOT NULL,
	"version" integer NOT NULL,
	"facts" jsonb NOT NULL,
	"assessment" jsonb,
	"protocol_profile" text,
	"protocol_version" text,
	"settings_version" integer,
	"override" jsonb,
	"amend_reason" text,
	"superseded_at" timestamp with time zone,
	"recorded_by_id" text NOT NULL,
	"recorded_by_name" text NOT NULL,
	"recorded_by_role" text NOT NULL,
	"recorded_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "symptom_report" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"clinic_id" uuid NOT NULL,
	"episode_id" uuid NOT NULL,
	"reported_at" timestamp with time zone DEFAULT now() NOT NULL,
	"facts" jsonb NOT NULL,
	"assessment" jsonb,
	"urgency" text,
	"reported_by_id" text NOT NULL,
	"reported_by_role" text NOT NULL
);
--> statement-breakpoint
-- Every step version, carried over from the one-table-per-step layout.
INSERT INTO "step_record" ("id", "clinic_id", "episode_id", "step", "version", "facts", "assessment", "protocol_profile", "protocol_version", "recorded_by_id", "recorded_by_name", "recorded_by_role", "recorded_at")
  SELECT "id", "site_id", "episode_id", 'triage', 1,
    jsonb_strip_nulls(jsonb_build_object('purpose', "purpose", 'facts', "facts", 'decision', "decision", 'reason', "reason")),
    jsonb_build_object('triage', "assessment"), "profile", "profile_version",
    "recorded_by_id", "recorded_by_name", "recorded_by_role", "recorded_at"
  FROM "triage";
--> statement-breakpoint
INSERT INTO "step_record" ("id", "clinic_id", "episode_id", "step", "version", "facts", "assessment", "protocol_profile", "protocol_version", "override", "superseded_at", "recorded_by_id", "recorded_by_name", "recorded_by_role", "recorded_at")
  SELECT s."id", s."site_id", s."episode_id", 'screening', s."seq", s."facts",
    jsonb_build_object('screening', s."assessment"), s."profile", s."profile_version",
    CASE WHEN s."override_reason" IS NULL THEN NULL ELSE jsonb_build_object(
      'reason', s."override_reason", 'byId', s."override_by_id", 'byName', s."override_by_name",
      'at', to_char(s."override_at" AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"')) END,
    (SELECT n."recorded_at" FROM "screening" n WHERE n."episode_id" = s."episode_id" AND n."seq" = s."seq" + 1),
    s."recorded_by_id", s."recorded_by_name", s."recorded_by_role", s."recorded_at"
  FROM "screening" s;
--> statement-breakpoint
INSERT INTO "step_record" ("id", "clinic_id", "episode_id", "step", "version", "facts", "recorded_by_id", "recorded_by_name", "recorded_by_role", "recorded_at")
  SELECT "id", "site_id", "episode_id", 'check-in', 1, "facts", "recorded_by_id", "recorded_by_name", "recorded_by_role", "recorded_at"
  FROM "check_in";
--> statement-breakpoint
INSERT INTO "step_record" ("id", "clinic_id", "episode_id", "step", "version", "facts", "assessment", "recorded_by_id", "recorded_by_name", "recorded_by_role", "recorded_at")
  SELECT "id", "site_id", "episode_id", 'procedure', 1,
    jsonb_build_object('checklist', "checklist", 'record', "record" - 'sideCheck'),
    jsonb_build_object('side', "record"->'sideCheck'),
    "recorded_by_id", "recorded_by_name", "recorded_by_role", "recorded_at"
  FROM "procedure";
--> statement-breakpoint
INSERT INTO "step_record" ("id", "clinic_id", "episode_id", "step", "version", "facts", "assessment", "protocol_profile", "protocol_version", "recorded_by_id", "recorded_by_name", "recorded_by_role", "recorded_at")
  SELECT "id", "site_id", "episode_id", 'recovery', 1, "facts",
    jsonb_strip_nulls(jsonb_build_object('blockResponse', "assessment"->'blockResponse', 'discharge', "assessment"->'discharge')),
    "assessment"->'protocol'->>'profile', "assessment"->'protocol'->>'version',
    "recorded_by_id", "recorded_by_name", "recorded_by_role", "recorded_at"
  FROM "recovery";
--> statement-breakpoint
INSERT INTO "step_record" ("clinic_id", "episode_id", "step", "version", "facts", "assessment", "protocol_profile", "protocol_version", "recorded_by_id", "recorded_by_name", "recorded_by_role", "recorded_at")
  SELECT r."site_id", r."episode_id", 'discharge', 1,
    jsonb_strip_nulls(jsonb_build_object('overrideReason', r."discharge_override_reason")),
    jsonb_build_object('discharge', r."assessment"->'discharge'),
    r."assessment"->'protocol'->>'profile', r."assessment"->'protocol'->>'version',
    coalesce(e."actor_id", r."recorded_by_id"), coalesce(e."actor_name", r."recorded_by_name"),
    coalesce(e."actor_role", r."recorded_by_role"), r."discharged_at"
  FROM "recovery" r
  LEFT JOIN LATERAL (SELECT * FROM "episode_event" x WHERE x."episode_id" = r."episode_id" AND x."move" = 'discharge' ORDER BY x."at" LIMIT 1) e ON true
  WHERE r."discharged_at" IS NOT NULL;
--> statement-breakpoint
ALTER TABLE "booking" DROP CONSTRAINT "booking_screening_id_screening_id_fk";
--> statement-breakpoint
ALTER TABLE "booking" DROP CONSTRAINT "booking_episode_id_unique";
--> statement-breakpoint
ALTER TABLE "booking" DROP COLUMN "version";
--> statement-breakpoint
ALTER TABLE "booking" ADD COLUMN "settings_version" integer;
--> statement-breakpoint
ALTER TABLE "booking" ADD COLUMN "status" "booking_status" DEFAULT 'booked' NOT NULL;
--> statement-breakpoint
ALTER TABLE "booking" ADD COLUMN "status_reason" text;
--> statement-breakpoint
ALTER TABLE "booking" ADD COLUMN "status_changed_at" timestamp with time zone;
--> statement-breakpoint
ALTER TABLE "booking" ADD COLUMN "status_changed_by_name" text;
--> statement-breakpoint
-- Booking instructions become an assessment-shaped record, as every stored judgement is.
UPDATE "booking" SET "instructions" = jsonb_build_object('screening', "instructions"->'screening');
--> statement-breakpoint
DROP TABLE "triage";
--> statement-breakpoint
DROP TABLE "screening";
--> statement-breakpoint
DROP TABLE "check_in";
--> statement-breakpoint
DROP TABLE "procedure";
--> statement-breakpoint
DROP TABLE "recovery";
--> statement-breakpoint
INSERT INTO "clinic_settings_version" ("clinic_id", "version", "name", "time_zone", "contacts", "settings", "changed_at", "reason")
  SELECT "id", 1, "name", "time_zone", "contacts", "settings", "updated_at", 'Settings as they were before versions were kept'
  FROM "clinic";
--> statement-breakpoint
ALTER TABLE "alert" ADD CONSTRAINT "alert_clinic_id_clinic_id_fk" FOREIGN KEY ("clinic_id") REFERENCES "public"."clinic"("id") ON DELETE no action ON UPDATE no action;
--> statement-breakpoint
ALTER TABLE "alert" ADD CONSTRAINT "alert_episode_id_episode_id_fk" FOREIGN KEY ("episode_id") REFERENCES "public"."episode"("id") ON DELETE no action ON UPDATE no action;
--> statement-breakpoint
ALTER TABLE "alert" ADD CONSTRAINT "alert_symptom_report_id_symptom_report_id_fk" FOREIGN KEY ("symptom_report_id") REFERENCES "public"."symptom_report"("id") ON DELETE no action ON UPDATE no action;
--> statement-breakpoint
ALTER TABLE "audit_pending" ADD CONSTRAINT "audit_pending_event_id_audit_event_id_fk" FOREIGN KEY ("event_id") REFERENCES "public"."audit_event"("id") ON DELETE no action ON UPDATE no action;
--> statement-breakpoint
ALTER TABLE "audit_seal" ADD CONSTRAINT "audit_seal_event_id_audit_event_id_fk" FOREIGN KEY ("event_id") REFERENCES "public"."audit_event"("id") ON DELETE no action ON UPDATE no action;
--> statement-breakpoint
ALTER TABLE "clinic_settings_version" ADD CONSTRAINT "clinic_settings_version_clinic_id_clinic_id_fk" FOREIGN KEY ("clinic_id") REFERENCES "public"."clinic"("id") ON DELETE no action ON UPDATE no action;
--> statement-breakpoint
ALTER TABLE "diary_entry" ADD CONSTRAINT "diary_entry_clinic_id_clinic_id_fk" FOREIGN KEY ("clinic_id") REFERENCES "public"."clinic"("id") ON DELETE no action ON UPDATE no action;
--> statement-breakpoint
ALTER TABLE "diary_entry" ADD CONSTRAINT "diary_entry_episode_id_episode_id_fk" FOREIGN KEY ("episode_id") REFERENCES "public"."episode"("id") ON DELETE no action ON UPDATE no action;
--> statement-breakpoint
ALTER TABLE "job" ADD CONSTRAINT "job_clinic_id_clinic_id_fk" FOREIGN KEY ("clinic_id") REFERENCES "public"."clinic"("id") ON DELETE no action ON UPDATE no action;
--> statement-breakpoint
ALTER TABLE "leaflet_issue" ADD CONSTRAINT "leaflet_issue_clinic_id_clinic_id_fk" FOREIGN KEY ("clinic_id") REFERENCES "public"."clinic"("id") ON DELETE no action ON UPDATE no action;
--> statement-breakpoint
ALTER TABLE "leaflet_issue" ADD CONSTRAINT "leaflet_issue_episode_id_episode_id_fk" FOREIGN KEY ("episode_id") REFERENCES "public"."episode"("id") ON DELETE no action ON UPDATE no action;
--> statement-breakpoint
ALTER TABLE "message" ADD CONSTRAINT "message_clinic_id_clinic_id_fk" FOREIGN KEY ("clinic_id") REFERENCES "public"."clinic"("id") ON DELETE no action ON UPDATE no action;
--> statement-breakpoint
ALTER TABLE "message" ADD CONSTRAINT "message_episode_id_episode_id_fk" FOREIGN KEY ("episode_id") REFERENCES "public"."episode"("id") ON DELETE no action ON UPDATE no action;
--> statement-breakpoint
ALTER TABLE "patient_pseudonym" ADD CONSTRAINT "patient_pseudonym_patient_id_patient_id_fk" FOREIGN KEY ("patient_id") REFERENCES "public"."patient"("id") ON DELETE no action ON UPDATE no action;
--> statement-breakpoint
ALTER TABLE "patient_pseudonym" ADD CONSTRAINT "patient_pseudonym_clinic_id_clinic_id_fk" FOREIGN KEY ("clinic_id") REFERENCES "public"."clinic"("id") ON DELETE no action ON UPDATE no action;
--> statement-breakpoint
ALTER TABLE "step_record" ADD CONSTRAINT "step_record_clinic_id_clinic_id_fk" FOREIGN KEY ("clinic_id") REFERENCES "public"."clinic"("id") ON DELETE no action ON UPDATE no action;
--> statement-breakpoint
ALTER TABLE "step_record" ADD CONSTRAINT "step_record_episode_id_episode_id_fk" FOREIGN KEY ("episode_id") REFERENCES "public"."episode"("id") ON DELETE no action ON UPDATE no action;
--> statement-breakpoint
ALTER TABLE "symptom_report" ADD CONSTRAINT "symptom_report_clinic_id_clinic_id_fk" FOREIGN KEY ("clinic_id") REFERENCES "public"."clinic"("id") ON DELETE no action ON UPDATE no action;
--> statement-breakpoint
ALTER TABLE "symptom_report" ADD CONSTRAINT "symptom_report_episode_id_episode_id_fk" FOREIGN KEY ("episode_id") REFERENCES "public"."episode"("id") ON DELETE no action ON UPDATE no action;
--> statement-breakpoint
ALTER TABLE "booking" ADD CONSTRAINT "booking_screening_id_step_record_id_fk" FOREIGN KEY ("screening_id") REFERENCES "public"."step_record"("id") ON DELETE no action ON UPDATE no action;
--> statement-breakpoint
CREATE INDEX "alert_open_idx" ON "alert" USING btree ("clinic_id","raised_at") WHERE acknowledged_at is null;
--> statement-breakpoint
CREATE INDEX "booking_list_idx" ON "booking" USING btree ("procedure_list_id","status");
--> statement-breakpoint
CREATE UNIQUE INDEX "booking_current_key" ON "booking" USING btree ("episode_id") WHERE status = 'booked';
--> statement-breakpoint
CREATE INDEX "booking_episode_idx" ON "booking" USING btree ("episode_id");
--> statement-breakpoint
CREATE INDEX "diary_entry_episode_idx" ON "diary_entry" USING btree ("episode_id","at");
--> statement-breakpoint
CREATE INDEX "job_due_idx" ON "job" USING btree ("run_at") WHERE status = 'pending';
--> statement-breakpoint
CREATE INDEX "leaflet_issue_episode_idx" ON "leaflet_issue" USING btree ("episode_id");
--> statement-breakpoint
CREATE INDEX "message_clinic_idx" ON "message" USING btree ("clinic_id","created_at");
--> statement-breakpoint
CREATE UNIQUE INDEX "step_record_version_key" ON "step_record" USING btree ("episode_id","step","version");
--> statement-breakpoint
CREATE UNIQUE INDEX "step_record_current_key" ON "step_record" USING btree ("episode_id","step") WHERE superseded_at is null;
--> statement-breakpoint
CREATE INDEX "step_record_clinic_step_idx" ON "step_record" USING btree ("clinic_id","step") WHERE superseded_at is null;
--> statement-breakpoint
CREATE INDEX "symptom_report_episode_idx" ON "symptom_report" USING btree ("episode_id","reported_at");
--> statement-breakpoint
-- The audit trail and its chain are append-only: no UPDATE, DELETE or TRUNCATE, whoever asks.
CREATE OR REPLACE FUNCTION audit_append_only() RETURNS trigger AS $$
BEGIN
  RAISE EXCEPTION '% is append-only: % is not allowed', TG_TABLE_NAME, TG_OP USING ERRCODE = 'insufficient_privilege';
END;
$$ LANGUAGE plpgsql;
--> statement-breakpoint
DROP TRIGGER IF EXISTS audit_event_append_only ON audit_event;
--> statement-breakpoint
DROP FUNCTION IF EXISTS audit_event_append_only();
--> statement-breakpoint
CREATE TRIGGER audit_event_append_only BEFORE UPDATE OR DELETE ON audit_event
  FOR EACH ROW EXECUTE FUNCTION audit_append_only();
--> statement-breakpoint
CREATE TRIGGER audit_event_no_truncate BEFORE TRUNCATE ON audit_event
  FOR EACH STATEMENT EXECUTE FUNCTION audit_append_only();
--> statement-breakpoint
CREATE TRIGGER audit_seal_append_only BEFORE UPDATE OR DELETE ON audit_seal
  FOR EACH ROW EXECUTE FUNCTION audit_append_only();
--> statement-breakpoint
CREATE TRIGGER audit_seal_no_truncate BEFORE TRUNCATE ON audit_seal
  FOR EACH STATEMENT EXECUTE FUNCTION audit_append_only();
--> statement-breakpoint
-- Every new event joins the sealer's queue in its own transaction: no path can skip the chain.
CREATE OR REPLACE FUNCTION audit_event_enqueue() RETURNS trigger AS $$
BEGIN
  INSERT INTO audit_pending (event_id, chain) VALUES (NEW.id, coalesce(NEW.clinic_id::text, 'system'));
  RETURN NULL;
END;
$$ LANGUAGE plpgsql;
--> statement-breakpoint
CREATE TRIGGER audit_event_enqueue AFTER INSERT ON audit_event
  FOR EACH ROW EXECUTE FUNCTION audit_event_enqueue();
--> statement-breakpoint
INSERT INTO audit_pending (event_id, chain) SELECT id, coalesce(clinic_id::text, 'system') FROM audit_event;
