-- The audit trail is append-only and hash-chained per site: each event's hash covers the previous
-- event's hash and its own fields, so an edited or deleted row breaks the chain visibly.
-- A transaction-scoped advisory lock per site orders concurrent inserts from several processes.
CREATE OR REPLACE FUNCTION audit_event_chain() RETURNS trigger AS $$
DECLARE
  previous text;
BEGIN
  PERFORM pg_advisory_xact_lock(hashtext('audit_event:' || coalesce(NEW.site_id::text, '-')));
  SELECT hash INTO previous FROM audit_event
    WHERE site_id IS NOT DISTINCT FROM NEW.site_id ORDER BY id DESC LIMIT 1;
  NEW.prev_hash := previous;
  NEW.hash := encode(sha256(convert_to(concat_ws('|',
    coalesce(previous, ''), NEW.id::text, coalesce(NEW.site_id::text, ''),
    to_char(NEW.at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US'), coalesce(NEW.actor_id, ''),
    coalesce(NEW.role, ''), NEW.action, NEW.record_type, coalesce(NEW.record_id, ''),
    coalesce(NEW.client_address, '')), 'UTF8')), 'hex');
  RETURN NEW;
END;
$$ LANGUAGE plpgsql;
--> statement-breakpoint
CREATE TRIGGER audit_event_chain BEFORE INSERT ON audit_event
  FOR EACH ROW EXECUTE FUNCTION audit_event_chain();
--> statement-breakpoint
CREATE OR REPLACE FUNCTION audit_event_append_only() RETURNS trigger AS $$
BEGIN
  RAISE EXCEPTION 'audit_event is append-only: % is not allowed', TG_OP USING ERRCODE = 'insufficient_privilege';
END;
$$ LANGUAGE plpgsql;
--> statement-breakpoint
CREATE TRIGGER audit_event_append_only BEFORE UPDATE OR DELETE ON audit_event
  FOR EACH ROW EXECUTE FUNCTION audit_event_append_only();
