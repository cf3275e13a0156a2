-- Every server process keeps a short cache of who is signed in (src/server/auth/sessions.ts).
-- These triggers tell all of them at once, through NOTIFY on the channel `sijpath_auth`, when a
-- cached answer stops being true: a session ended (sign-out, revoked, cut short), a user was
-- disabled or changed role, clinic, linked patient, name or email, or a clinic's name, time zone
-- or contacts changed. A session whose expiry is only extended needs no notice.
CREATE OR REPLACE FUNCTION auth_notify() RETURNS trigger AS $$
BEGIN
  IF TG_LEVEL = 'STATEMENT' THEN
    PERFORM pg_notify('sijpath_auth', 'all');
  ELSIF TG_TABLE_NAME = 'session' THEN
    PERFORM pg_notify('sijpath_auth', 'session:' || OLD.id);
  ELSIF TG_TABLE_NAME = 'user' THEN
    PERFORM pg_notify('sijpath_auth', 'user:' || OLD.id);
  ELSIF TG_TABLE_NAME = 'clinic' THEN
    PERFORM pg_notify('sijpath_auth', 'clinic:' || OLD.id);
  END IF;
  RETURN NULL;
END
$$ LANGUAGE plpgsql;
--> statement-breakpoint
CREATE TRIGGER session_deleted_notify AFTER DELETE ON "session"
  FOR EACH ROW EXECUTE FUNCTION auth_notify();
--> statement-breakpoint
CREATE TRIGGER session_changed_notify AFTER UPDATE ON "session"
  FOR EACH ROW WHEN (
    NEW.expires_at < OLD.expires_at
    OR NEW.token IS DISTINCT FROM OLD.token
    OR NEW.user_id IS DISTINCT FROM OLD.user_id
  ) EXECUTE FUNCTION auth_notify();
--> statement-breakpoint
CREATE TRIGGER session_truncated_notify AFTER TRUNCATE ON "session"
  FOR EACH STATEMENT EXECUTE FUNCTION auth_notify();
--> statement-breakpoint
CREATE TRIGGER user_changed_notify AFTER UPDATE ON "user"
  FOR EACH ROW WHEN (
    NEW.disabled_at IS DISTINCT FROM OLD.disabled_at
    OR NEW.role IS DISTINCT FROM OLD.role
    OR NEW.clinic_id IS DISTINCT FROM OLD.clinic_id
    OR NEW.patient_id IS DISTINCT FROM OLD.patient_id
    OR NEW.name IS DISTINCT FROM OLD.name
    OR NEW.email IS DISTINCT FROM OLD.email
  ) EXECUTE FUNCTION auth_notify();
--> statement-breakpoint
CREATE TRIGGER user_deleted_notify AFTER DELETE ON "user"
  FOR EACH ROW EXECUTE FUNCTION auth_notify();
--> statement-breakpoint
CREATE TRIGGER user_truncated_notify AFTER TRUNCATE ON "user"
  FOR EACH STATEMENT EXECUTE FUNCTION auth_notify();
--> statement-breakpoint
CREATE TRIGGER clinic_changed_notify AFTER UPDATE ON "clinic"
  FOR EACH ROW WHEN (
    NEW.name IS DISTINCT FROM OLD.name
    OR NEW.time_zone IS DISTINCT FROM OLD.time_zone
    OR NEW.contacts IS DISTINCT FROM OLD.contacts
  ) EXECUTE FUNCTION auth_notify();
