CREATE TABLE "outcome_summary" (
	"episode_id" uuid PRIMARY KEY NOT NULL,
	"clinic_id" uuid NOT NULL,
	"stage" "stage" NOT NULL,
	"referred_on" date,
	"triage_at" timestamp with time zone,
	"purpose" text,
	"indications" jsonb,
	"procedure_at" timestamp with time zone,
	"guidance" text,
	"steroid" boolean,
	"complicated" boolean,
	"operator_id" text,
	"operator_name" text,
	"baseline" integer,
	"block" text,
	"answered" integer,
	"last_at" timestamp with time zone,
	"w2" smallint,
	"w6" smallint,
	"w12" smallint,
	"o1" smallint,
	"o2" smallint,
	"o6" smallint,
	"o12" smallint,
	"pgic" smallint,
	"relief_start" timestamp with time zone[],
	"relief_end" timestamp with time zone[]
);
--> statement-breakpoint
ALTER TABLE "outcome_summary" ADD CONSTRAINT "outcome_summary_episode_id_episode_id_fk" FOREIGN KEY ("episode_id") REFERENCES "public"."episode"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "outcome_summary" ADD CONSTRAINT "outcome_summary_clinic_id_clinic_id_fk" FOREIGN KEY ("clinic_id") REFERENCES "public"."clinic"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "outcome_summary_clinic_referred_idx" ON "outcome_summary" USING btree ("clinic_id","referred_on");
--> statement-breakpoint
-- The summary of the episodes in `episodes`, recomputed from the records and the diary in one
-- set-based statement (docs/statistics.md, "The outcomes dashboard"). Every expression is the one
-- the dashboard used to evaluate per request: the score nearest each time point within 7 days
-- (WINDOW_DAYS in src/server/dashboard/query.ts; ties go to the lower score), and for every pain
-- m = 0 … 10 when the pain first fell to m or less and when it first rose above m after that, so that
-- any response threshold (half, or the clinic's protocol's, whatever its settings say now) picks
-- its element by the baseline pain without a recount. Runs in UTC so that "14 days after" does not
-- depend on the writer's session. EXECUTE plans it for the episodes at hand: one for a diary
-- entry, a clinic's worth for a rebuild.
CREATE FUNCTION outcome_summary_refresh(episodes uuid[]) RETURNS void
LANGUAGE plpgsql SECURITY DEFINER SET search_path = public, pg_temp SET timezone = 'UTC' AS $fn$
BEGIN
  IF episodes IS NULL OR cardinality(episodes) = 0 THEN RETURN; END IF;
  EXECUTE $sql$
    with b as materialized (
      select e.id, e.clinic_id, e.stage, e.referred_on,
        t.recorded_at as triage_at, t.facts->>'purpose' as purpose, t.facts->'facts'->'indications' as indications,
        r.guidance, r.steroid, r.complicated, r.procedure_at,
        pr.recorded_by_id as operator_id, pr.recorded_by_name as operator_name,
        (rc.facts->>'baselinePain')::int as baseline,
        rc.assessment->'blockResponse'->>'classification' as block
      from episode e
      left join step_record t on t.episode_id = e.id and t.clinic_id = e.clinic_id
        and t.step = 'triage' and t.superseded_at is null
      left join step_record pr on pr.episode_id = e.id and pr.clinic_id = e.clinic_id
        and pr.step = 'procedure' and pr.superseded_at is null
      left join step_record rc on rc.episode_id = e.id and rc.clinic_id = e.clinic_id
        and rc.step = 'recovery' and rc.superseded_at is null
      left join lateral (
        select rec->>'guidance' as guidance, rec->'drugs' @> '[{"kind":"steroid"}]' as steroid,
          jsonb_array_length(coalesce(rec->'complications', '[]'::jsonb)) > 0 as complicated,
          (rec->>'performedAt')::timestamptz as procedure_at
        from (select pr.facts->'record' as rec offset 0) p
      ) r on true
      where e.id = any($1)
    ),
    d as materialized (
      select de.episode_id, b.clinic_id,
      count(*) filter (where de.prompt_at is not null)::int as answered,
      max(de.at) as last_at,
      ((min(abs(date_part('epoch', de.at) - date_part('epoch', b.procedure_at + make_interval(days => 14)))::bigint * 64 + de.pain)
        filter (where true and de.at between b.procedure_at + make_interval(days => 14) - make_interval(days => 7)
          and b.procedure_at + make_interval(days => 14) + make_interval(days => 7))) % 64)::smallint as w2,
      ((min(abs(date_part('epoch', de.at) - date_part('epoch', b.procedure_at + make_interval(days => 42)))::bigint * 64 + de.pain)
        filter (where true and de.at between b.procedure_at + make_interval(days => 42) - make_interval(days => 7)
          and b.procedure_at + make_interval(days => 42) + make_interval(days => 7))) % 64)::smallint as w6,
      ((min(abs(date_part('epoch', de.at) - date_part('epoch', b.procedure_at + make_interval(days => 84)))::bigint * 64 + de.pain)
        filter (where true and de.at between b.procedure_at + make_interval(days => 84) - make_interval(days => 7)
          and b.procedure_at + make_interval(days => 84) + make_interval(days => 7))) % 64)::smallint as w12,
      ((min(abs(date_part('epoch', de.at) - date_part('epoch', b.procedure_at + make_interval(days => 7)))::bigint * 64 + de.opioid_doses)
        filter (where de.opioid_doses is not null and de.at between b.procedure_at + make_interval(days => 7) - make_interval(days => 7)
          and b.procedure_at + make_interval(days => 7) + make_interval(days => 7))) % 64)::smallint as o1,
      ((min(abs(date_part('epoch', de.at) - date_part('epoch', b.procedure_at + make_interval(days => 14)))::bigint * 64 + de.opioid_doses)
        filter (where de.opioid_doses is not null and de.at between b.procedure_at + make_interval(days => 14) - make_interval(days => 7)
          and b.procedure_at + make_interval(days => 14) + make_interval(days => 7))) % 64)::smallint as o2,
      ((min(abs(date_part('epoch', de.at) - date_part('epoch', b.procedure_at + make_interval(days => 42)))::bigint * 64 + de.opioid_doses)
        filter (where de.opioid_doses is not null and de.at between b.procedure_at + make_interval(days => 42) - make_interval(days => 7)
          and b.procedure_at + make_interval(days => 42) + make_interval(days => 7))) % 64)::smallint as o6,
      ((min(abs(date_part('epoch', de.at) - date_part('epoch', b.procedure_at + make_interval(days => 84)))::bigint * 64 + de.opioid_doses)
        filter (where de.opioid_doses is not null and de.at between b.procedure_at + make_interval(days => 84) - make_interval(days => 7)
          and b.procedure_at + make_interval(days => 84) + make_interval(days => 7))) % 64)::smallint as o12,
      (max(date_part('epoch', de.at)::bigint * 8 + de.pgic) filter (where de.pgic is not null) % 8)::smallint as pgic,
      array[
        min(de.at) filter (where de.pain <= 0),
        min(de.at) filter (where de.pain <= 1),
        min(de.at) filter (where de.pain <= 2),
        min(de.at) filter (where de.pain <= 3),
        min(de.at) filter (where de.pain <= 4),
        min(de.at) filter (where de.pain <= 5),
        min(de.at) filter (where de.pain <= 6),
        min(de.at) filter (where de.pain <= 7),
        min(de.at) filter (where de.pain <= 8),
        min(de.at) filter (where de.pain <= 9),
        min(de.at) filter (where de.pain <= 10)
      ] as relief_start
      from diary_entry de join b on b.id = de.episode_id
      where de.clinic_id = b.clinic_id and b.procedure_at is not null and de.at >= b.procedure_at
      group by de.episode_id, b.clinic_id
    ),
    ends as (
      select d.episode_id, array[
        min(de.at) filter (where de.at > d.relief_start[1] and de.pain > 0),
        min(de.at) filter (where de.at > d.relief_start[2] and de.pain > 1),
        min(de.at) filter (where de.at > d.relief_start[3] and de.pain > 2),
        min(de.at) filter (where de.at > d.relief_start[4] and de.pain > 3),
        min(de.at) filter (where de.at > d.relief_start[5] and de.pain > 4),
        min(de.at) filter (where de.at > d.relief_start[6] and de.pain > 5),
        min(de.at) filter (where de.at > d.relief_start[7] and de.pain > 6),
        min(de.at) filter (where de.at > d.relief_start[8] and de.pain > 7),
        min(de.at) filter (where de.at > d.relief_start[9] and de.pain > 8),
        min(de.at) filter (where de.at > d.relief_start[10] and de.pain > 9),
        min(de.at) filter (where de.at > d.relief_start[11] and de.pain > 10)
      ] as relief_end
      from d join diary_entry de on de.episode_id = d.episode_id and de.clinic_id = d.clinic_id
      where de.at > d.relief_start[11]
      group by d.episode_id
    )
    insert into outcome_summary (episode_id, clinic_id, stage, referred_on, triage_at, purpose, indications,
      procedure_at, guidance, steroid, complicated, operator_id, operator_name, baseline, block,
      answered, last_at, w2, w6, w12, o1, o2, o6, o12, pgic, relief_start, relief_end)
    select b.id, b.clinic_id, b.stage, b.referred_on, b.triage_at, b.purpose, b.indications,
      b.procedure_at, b.guidance, b.steroid, b.complicated, b.operator_id, b.operator_name, b.baseline, b.block,
      d.answered, d.last_at, d.w2, d.w6, d.w12, d.o1, d.o2, d.o6, d.o12, d.pgic, d.relief_start, ends.relief_end
    from b left join d on d.episode_id = b.id left join ends on ends.episode_id = b.id
    on conflict (episode_id) do update set clinic_id = excluded.clinic_id, stage = excluded.stage,
      referred_on = excluded.referred_on, triage_at = excluded.triage_at, purpose = excluded.purpose,
      indications = excluded.indications, procedure_at = excluded.procedure_at, guidance = excluded.guidance,
      steroid = excluded.steroid, complicated = excluded.complicated, operator_id = excluded.operator_id,
      operator_name = excluded.operator_name, baseline = excluded.baseline, block = excluded.block,
      answered = excluded.answered, last_at = excluded.last_at, w2 = excluded.w2, w6 = excluded.w6,
      w12 = excluded.w12, o1 = excluded.o1, o2 = excluded.o2, o6 = excluded.o6, o12 = excluded.o12,
      pgic = excluded.pgic, relief_start = excluded.relief_start, relief_end = excluded.relief_end
  $sql$ USING episodes;
END;
$fn$;
--> statement-breakpoint
-- A whole clinic at once: after a bulk load that bypassed the triggers (the synthetic seed as a
-- superuser runs with session_replication_role = replica), and to backfill this migration.
CREATE FUNCTION outcome_summary_rebuild(clinic uuid) RETURNS void
LANGUAGE sql SECURITY DEFINER SET search_path = public, pg_temp AS $fn$
  select outcome_summary_refresh(array(select id from episode where clinic_id = clinic));
$fn$;
--> statement-breakpoint
-- Statement-level triggers with transition tables: a write of many rows (a COPY, a batch insert)
-- recomputes each episode it touched once, in the writer's transaction; the app sends no extra
-- statement. PostgreSQL allows transition tables only on single-event triggers, hence three each.
CREATE FUNCTION outcome_summary_episode_changed() RETURNS trigger
LANGUAGE plpgsql SECURITY DEFINER SET search_path = public, pg_temp AS $fn$
BEGIN
  PERFORM outcome_summary_refresh(array(select distinct id from changed));
  RETURN NULL;
END;
$fn$;
--> statement-breakpoint
CREATE FUNCTION outcome_summary_step_changed() RETURNS trigger
LANGUAGE plpgsql SECURITY DEFINER SET search_path = public, pg_temp AS $fn$
BEGIN
  PERFORM outcome_summary_refresh(array(select distinct episode_id from changed
    where step in ('triage', 'procedure', 'recovery')));
  RETURN NULL;
END;
$fn$;
--> statement-breakpoint
CREATE FUNCTION outcome_summary_diary_changed() RETURNS trigger
LANGUAGE plpgsql SECURITY DEFINER SET search_path = public, pg_temp AS $fn$
BEGIN
  PERFORM outcome_summary_refresh(array(select distinct episode_id from changed));
  RETURN NULL;
END;
$fn$;
--> statement-breakpoint
CREATE TRIGGER episode_insert_outcome_summary AFTER INSERT ON episode
  REFERENCING NEW TABLE AS changed FOR EACH STATEMENT EXECUTE FUNCTION outcome_summary_episode_changed();
--> statement-breakpoint
CREATE TRIGGER episode_update_outcome_summary AFTER UPDATE ON episode
  REFERENCING NEW TABLE AS changed FOR EACH STATEMENT EXECUTE FUNCTION outcome_summary_episode_changed();
--> statement-breakpoint
CREATE TRIGGER step_record_insert_outcome_summary AFTER INSERT ON step_record
  REFERENCING NEW TABLE AS changed FOR EACH STATEMENT EXECUTE FUNCTION outcome_summary_step_changed();
--> statement-breakpoint
CREATE TRIGGER step_record_update_outcome_summary AFTER UPDATE ON step_record
  REFERENCING NEW TABLE AS changed FOR EACH STATEMENT EXECUTE FUNCTION outcome_summary_step_changed();
--> statement-breakpoint
CREATE TRIGGER step_record_delete_outcome_summary AFTER DELETE ON step_record
  REFERENCING OLD TABLE AS changed FOR EACH STATEMENT EXECUTE FUNCTION outcome_summary_step_changed();
--> statement-breakpoint
CREATE TRIGGER diary_entry_insert_outcome_summary AFTER INSERT ON diary_entry
  REFERENCING NEW TABLE AS changed FOR EACH STATEMENT EXECUTE FUNCTION outcome_summary_diary_changed();
--> statement-breakpoint
CREATE TRIGGER diary_entry_update_outcome_summary AFTER UPDATE ON diary_entry
  REFERENCING NEW TABLE AS changed FOR EACH STATEMENT EXECUTE FUNCTION outcome_summary_diary_changed();
--> statement-breakpoint
CREATE TRIGGER diary_entry_delete_outcome_summary AFTER DELETE ON diary_entry
  REFERENCING OLD TABLE AS changed FOR EACH STATEMENT EXECUTE FUNCTION outcome_summary_diary_changed();
--> statement-breakpoint
-- Backfill: every existing episode, every clinic, in one pass.
SELECT outcome_summary_refresh(array(select id from episode));
