/**
 * Work done at the command line (`sijpath`), outside any request: who it is recorded as, and its
 * audit event, written in the caller's transaction like a request's.
 */
import type { Database } from '../../db/client.ts';
import { auditEvent } from '../../db/schema.ts';
import type { Actor } from '../../domain/actor.ts';

/** The actor the command line works as: recorded by name in the timeline and the audit trail. */
export function commandLineActor(clinicId: string, what: string, role: Actor['role'] = 'admin'): Actor {
  return {
    id: 'cli',
    name: `sijpath ${what} (command line)`,
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
  entry: { action: string; recordType: string; recordId: string | null },
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
