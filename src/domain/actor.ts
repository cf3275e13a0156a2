/**
 * Who is acting: the roles of SIJ Pathway and the signed-in person every command takes.
 * The one list of roles; the database, the access rules and the pathway all use it.
 */
import { z } from 'zod';

export const roles = ['admin', 'clinician', 'nurse', 'patient'] as const;
export const RoleSchema = z.enum(roles);
export type Role = z.infer<typeof RoleSchema>;

/** The clinic's staff; a patient is the only role that is not. */
export const staffRoles = ['admin', 'clinician', 'nurse'] as const satisfies readonly Role[];
export type StaffRole = (typeof staffRoles)[number];
/** Those who care for patients on the pathway (admins keep the clinic running but move no episode). */
export const careTeam = ['clinician', 'nurse'] as const satisfies readonly StaffRole[];
/** Clinical decisions: triage, the procedure, overrides, the outcome review. */
export const clinicianOnly = ['clinician'] as const satisfies readonly StaffRole[];
/** The clinic's settings and staff accounts. */
export const adminOnly = ['admin'] as const satisfies readonly StaffRole[];
/** A patient's own pages, scoped to their own record. */
export const patientOnly = ['patient'] as const satisfies readonly Role[];

export const isStaff = (role: Role): role is StaffRole => (staffRoles as readonly Role[]).includes(role);

/** The signed-in person a command acts for. Every query is scoped to `clinicId`. */
export interface Actor {
  id: string;
  name: string;
  email: string;
  role: Role;
  clinicId: string;
  /** For a patient: their own patient record. */
  patientId: string | null;
}

/**
 * A patient who has no account, as the author of their own diary entries and reports when they
 * are recorded for them in their own name (the demo seed, an import's replay).
 */
export function patientActor(clinicId: string, patient: { id: string; name: string }): Actor {
  return { id: patient.id, name: patient.name, email: '', role: 'patient', clinicId, patientId: patient.id };
}

/** An actor who is one of the clinic's staff. */
export type StaffActor = Actor & { role: StaffRole };
