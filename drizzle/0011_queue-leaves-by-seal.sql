-- An event leaves the sealer's queue only by being sealed. Inserting its seal takes it off the
-- queue, in a trigger that runs as the tables' owner; the app's login keeps SELECT and INSERT on
-- the queue but no longer UPDATE or DELETE (src/db/roles.ts). Before, a request's login could
-- empty the queue, leaving events that would never be chained (verify reports such an event as
-- inserted outside the application; now only the owner could make one).
CREATE FUNCTION audit_seal_dequeue() RETURNS trigger
LANGUAGE plpgsql SECURITY DEFINER SET search_path = public, pg_temp AS $fn$
BEGIN
  DELETE FROM audit_pending p USING sealed s WHERE p.event_id = s.event_id;
  RETURN NULL;
END;
$fn$;
--> statement-breakpoint
CREATE TRIGGER audit_seal_dequeue AFTER INSERT ON audit_seal
  REFERENCING NEW TABLE AS sealed FOR EACH STATEMENT EXECUTE FUNCTION audit_seal_dequeue();
