/**
 * Work done at the command line (`sijpath`), outside any request: who it is recorded as, and its
 * audit event, written in the caller's transaction like a request's.
 */
import { userInfo } from 'node:os';
import type { Database } from '../../db/client.ts';
import { auditEvent } from '../../db/schema.ts';
import type { Actor } from '../../domain/actor.ts';
import type { AuditAction } from '../../shared/api/audit-actions.ts';

/** Who ran the command, as the operating system knows them (what the audit trail can say of them). */
function operator(): string {
  try {
    return userInfo().username;
  } catch {
    return process.env.USER ?? 'unknown user'; // a uid without a name (some containers)
  }
}

/** The actor the command line works as: recorded by name in the timeline and the audit trail. */
export function commandLineActor(clinicId: string, what: string, role: Actor['role'] = 'admin'): Actor {
  const who = operator();
  return {
    id: `cli:${who}`,
    name: `sijpath ${what} (command line, ${who})`,
    email: '',
    role,
    clinicId,
    patientId: null,
  };
}

/** An audit event for work done outside a request (the command line), in the caller's transaction. */
export async function auditCommandLine(
  db: Pick<Database, 'insert'>,
  actor: Actor,
  entry: { action: AuditAction; recordType: string; recordId: string | null },
) {
  await db.insert(auditEvent).values({
    clinicId: actor.clinicId,
    actorId: actor.id,
    actorName: actor.name,
    role: 'command-line',
    action: entry.action,
    recordType: entry.recordType,
    recordId: entry.recordId,
    status: null,
    clientAddress: null,
    requestId: null,
  });
}
