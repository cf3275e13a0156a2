-- Every step save updates its episode (a new version, often a new stage), and the trigger of 0008
-- recomputed the whole summary row for it: the records' joins and the diary's windows, planned
-- afresh by EXECUTE, on every save of every step (a screening save's database time went from
-- about 6 to 8.5 ms). Of the episode's own columns the summary keeps only its stage and referral
-- date (the clinic never changes): an update sets those. The steps and the diary that feed the
-- rest keep their own triggers.
CREATE FUNCTION outcome_summary_episode_updated() RETURNS trigger
LANGUAGE plpgsql SECURITY DEFINER SET search_path = public, pg_temp AS $fn$
BEGIN
  UPDATE outcome_summary s SET stage = c.stage, referred_on = c.referred_on
  FROM changed c
  WHERE s.episode_id = c.id AND (s.stage, s.referred_on) IS DISTINCT FROM (c.stage, c.referred_on);
  RETURN NULL;
END;
$fn$;
--> statement-breakpoint
DROP TRIGGER episode_update_outcome_summary ON episode;
--> statement-breakpoint
CREATE TRIGGER episode_update_outcome_summary AFTER UPDATE ON episode
  REFERENCING NEW TABLE AS changed FOR EACH STATEMENT EXECUTE FUNCTION outcome_summary_episode_updated();
