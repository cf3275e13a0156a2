import type { Role } from '../api';

/** Each role as the app names it, from the header's badge to the audit page. */
export const roleLabels: Record<Role, string> = {
  admin: 'Admin',
  clinician: 'Clinician',
  nurse: 'Nurse',
  patient: 'Patient',
};

/** Who else an audit event can name as its caller: no one signed in, the command line, an EHR. */
const callerLabels: Record<string, string> = {
  anonymous: 'Not signed in',
  'command-line': 'Command line',
  'cds-client': 'EHR (CDS Hooks)',
};

/** A caller's role in words; one this version does not know reads as stored. */
export const callerLabel = (role: string): string =>
  Object.hasOwn(roleLabels, role) ? roleLabels[role as Role] : (callerLabels[role] ?? role);
