ALTER TABLE "outcome_summary" ADD COLUMN "triaged_on" date;--> statement-breakpoint
ALTER TABLE "outcome_summary" ADD COLUMN "procedure_on" date;--> statement-breakpoint
ALTER TABLE "outcome_summary" ADD COLUMN "relief_days" double precision[];--> statement-breakpoint
CREATE INDEX "outcome_summary_clinic_operator_idx" ON "outcome_summary" USING btree ("clinic_id","operator_id","operator_name");--> statement-breakpoint
-- What the dashboard used to work out for every episode on every request (the issue 12 bench at
-- 100,000 episodes spent about a quarter of its time there), kept on the summary row instead:
-- the triage and the procedure as days in the clinic's time zone, and for every pain m = 0 … 10 how
-- long relief lasted, the Kaplan–Meier time of the dashboard and the export's relief_duration_days
-- (docs/statistics.md): days, to one decimal, from the injection to relief's end, or to the last
-- diary entry while it had not ended (censored).
CREATE FUNCTION outcome_summary_derive(s outcome_summary, tz text,
  OUT triaged_on date, OUT procedure_on date, OUT relief_days float8[])
LANGUAGE sql STABLE SET search_path = public, pg_temp AS $fn$
  SELECT (s.triage_at AT TIME ZONE tz)::date, (s.procedure_at AT TIME ZONE tz)::date,
    CASE WHEN s.procedure_at IS NOT NULL AND s.last_at IS NOT NULL THEN
      array(SELECT round((date_part('epoch', coalesce(s.relief_end[m], s.last_at) - s.procedure_at)
        / 86400)::numeric, 1)::float8 FROM generate_series(1, 11) m ORDER BY m)
    END
$fn$;
--> statement-breakpoint
-- Kept by a row trigger, so that outcome_summary_refresh (0008) stays the one statement that reads
-- the records and the diary; an update recomputes only when a column they come from has changed.
CREATE FUNCTION outcome_summary_derived() RETURNS trigger
LANGUAGE plpgsql SECURITY DEFINER SET search_path = public, pg_temp AS $fn$
DECLARE
  tz text;
BEGIN
  IF TG_OP = 'UPDATE'
    AND (NEW.clinic_id, NEW.triage_at, NEW.procedure_at, NEW.last_at, NEW.relief_end)
      IS NOT DISTINCT FROM (OLD.clinic_id, OLD.triage_at, OLD.procedure_at, OLD.last_at, OLD.relief_end)
  THEN
    RETURN NEW;
  END IF;
  SELECT time_zone INTO tz FROM clinic WHERE id = NEW.clinic_id;
  SELECT d.triaged_on, d.procedure_on, d.relief_days INTO NEW.triaged_on, NEW.procedure_on, NEW.relief_days
  FROM outcome_summary_derive(NEW, tz) d;
  RETURN NEW;
END;
$fn$;
--> statement-breakpoint
CREATE TRIGGER outcome_summary_derived BEFORE INSERT OR UPDATE ON outcome_summary
  FOR EACH ROW EXECUTE FUNCTION outcome_summary_derived();
--> statement-breakpoint
-- A clinic that changes its time zone counts its days in the new one from then on (and the
-- backfill below): the derived columns of its rows, set directly.
CREATE FUNCTION outcome_summary_rederive(of_clinic uuid) RETURNS void
LANGUAGE sql SECURITY DEFINER SET search_path = public, pg_temp AS $fn$
  UPDATE outcome_summary s SET (triaged_on, procedure_on, relief_days) =
    (SELECT d.triaged_on, d.procedure_on, d.relief_days FROM outcome_summary_derive(s, c.time_zone) d)
  FROM clinic c WHERE c.id = s.clinic_id AND (s.clinic_id = of_clinic OR of_clinic IS NULL);
$fn$;
--> statement-breakpoint
CREATE FUNCTION outcome_summary_time_zone_changed() RETURNS trigger
LANGUAGE plpgsql SECURITY DEFINER SET search_path = public, pg_temp AS $fn$
BEGIN
  PERFORM outcome_summary_rederive(NEW.id);
  RETURN NULL;
END;
$fn$;
--> statement-breakpoint
CREATE TRIGGER clinic_time_zone_outcome_summary AFTER UPDATE OF time_zone ON clinic
  FOR EACH ROW WHEN (OLD.time_zone IS DISTINCT FROM NEW.time_zone)
  EXECUTE FUNCTION outcome_summary_time_zone_changed();
--> statement-breakpoint
-- Backfill: every row that exists, every clinic.
SELECT outcome_summary_rederive(NULL);
