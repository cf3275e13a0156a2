/**
 * The clinic's staff accounts as an admin manages them: add, disable and enable, change role,
 * reset a password. Names, emails and roles change only here. Every change carries the version it
 * was based on (a stale one gets 409).
 */
import { z } from 'zod';
import { staffRoles } from '../../domain/actor.ts';

export const StaffRoleSchema = z.enum(staffRoles);
const Password = z
  .string()
  .min(10, { message: 'At least 10 characters' })
  .max(128, { message: 'At most 128 characters' });

export const StaffUser = z.object({
  id: z.string(),
  name: z.string(),
  email: z.string(),
  role: StaffRoleSchema,
  /** When the account was disabled; a disabled user cannot sign in. */
  disabledAt: z.string().nullable(),
  /** Locked after failed sign-ins until then (an admin's password reset lifts it). */
  lockedUntil: z.string().nullable(),
  version: z.number().int(),
  createdAt: z.string(),
});

export const StaffUsers = z.object({ items: z.array(StaffUser) });

export const NewStaffUser = z
  .object({
    name: z.string().trim().min(1, { message: 'Required' }).max(200),
    email: z.email({ message: 'An email address, e.g. sam@clinic.example' }).max(200),
    role: StaffRoleSchema,
    /** Set it now, or leave it out to send a set-password link. */
    password: Password.optional(),
  })
  .strict();

export const StaffUserChange = z
  .object({
    version: z.number().int().min(1),
    name: z.string().trim().min(1, { message: 'Required' }).max(200).optional(),
    email: z.email({ message: 'An email address, e.g. sam@clinic.example' }).max(200).optional(),
    role: StaffRoleSchema.optional(),
    /** true disables the account (its sessions end at once); false enables it again. */
    disabled: z.boolean().optional(),
  })
  .strict();

export const PasswordReset = z
  .object({
    version: z.number().int().min(1),
    /** A new password; leave it out to send a set-password link instead. */
    password: Password.optional(),
  })
  .strict();

/** What a create or reset did about the password: set, or a link sent through the outbox. */
export const PasswordOutcome = z.object({
  user: StaffUser,
  passwordLinkSent: z.boolean(),
});
