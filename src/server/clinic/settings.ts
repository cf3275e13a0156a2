/**
 * A clinic's settings: as the clinical rules take them, as an admin reads and changes them
 * (every change a new, kept version with who, when and why), and a new clinic with cited defaults.
 */
import { and, desc, eq, lt } from 'drizzle-orm';
import type { z } from 'zod';
import type { Database, Tx } from '../../db/client.ts';
import { clinic, clinicSettingsVersion } from '../../db/schema.ts';
import type { Actor } from '../../domain/actor.ts';
import type { ClinicContacts, ClinicSettingsStored } from '../../domain/clinic.ts';
import {
  type ClinicSettings,
  ClinicSettingsSchema,
  defaultClinicSettings,
  explainSettings,
  settingsChanges,
} from '../../domain/clinical/index.ts';
import type { ClinicAdmin, SettingsVersions } from '../../shared/api/clinic.ts';
import { ClinicUpdate } from '../../shared/api/clinic.ts';
import { DomainError, notFound } from '../errors.ts';
import { assertVersion } from '../records.ts';

export interface NewClinic {
  /** Given only by the synthetic clinic, whose ids come from its seed; otherwise drawn at random. */
  id?: string;
  name: string;
  timeZone: string;
  contacts: ClinicContacts;
  /** The language of patient texts; en-GB when not given. */
  locale?: ClinicSettings['clinic']['locale'];
  profile?: ClinicSettings['protocol']['profile'];
}

type Executor = Pick<Database, 'insert' | 'select'>;

/** A new clinic starts on a shipped protocol profile with every rule at its cited default. */
export async function createClinic(
  db: Executor,
  input: NewClinic,
  now: Date = new Date(),
): Promise<{ id: string }> {
  const {
    protocol,
    rules,
    clinic: identity,
  } = defaultClinicSettings({ ...identityOf(input), locale: input.locale }, input.profile);
  const settings: ClinicSettingsStored = { protocol, rules, locale: identity.locale };
  const [row] = await db
    .insert(clinic)
    .values({
      ...(input.id ? { id: input.id } : {}),
      name: input.name,
      timeZone: input.timeZone,
      contacts: input.contacts,
      settings,
      createdAt: now,
      updatedAt: now,
    })
    .returning({ id: clinic.id });
  await db.insert(clinicSettingsVersion).values({
    clinicId: row!.id,
    version: 1,
    name: input.name,
    timeZone: input.timeZone,
    contacts: input.contacts,
    settings,
    changedAt: now,
    reason: 'New clinic: the profile and rules at their defaults',
  });
  return row!;
}

export interface ClinicSettingsInForce {
  settings: ClinicSettings;
  /** The settings version every verdict made with them records. */
  settingsVersion: number;
  /** Every contact detail, the letterhead's too (the rules need only some). */
  contacts: ClinicContacts;
}

type ClinicRow = typeof clinic.$inferSelect;

function settingsOf(row: Pick<ClinicRow, 'name' | 'timeZone' | 'contacts' | 'settings'>): ClinicSettings {
  const { locale, ...stored } = row.settings;
  return ClinicSettingsSchema.parse({ ...stored, clinic: { ...identityOf(row), locale } });
}

/**
 * Parsed settings by clinic and row version. Every change to a clinic's row bumps its version, so
 * a key can never name stale settings; parsing them on every step save cost more than the save's
 * SQL. The parsed settings are frozen: a rule that changed them would change them for everyone.
 */
const parsed = new Map<string, ClinicSettings>();
const PARSED_KEPT = 64;

/** The full settings the clinical rules take, from a clinic's row (its columns and stored settings). */
export function settingsInForce(row: ClinicRow): ClinicSettingsInForce {
  const key = `${row.id}:${row.version}`;
  let settings = parsed.get(key);
  if (!settings) {
    settings = deepFreeze(settingsOf(row));
    if (parsed.size >= PARSED_KEPT) parsed.delete(parsed.keys().next().value!);
    parsed.set(key, settings);
  }
  return { settings, settingsVersion: row.settingsVersion, contacts: row.contacts };
}

function deepFreeze<T>(value: T): T {
  if (value && typeof value === 'object' && !Object.isFrozen(value)) {
    Object.freeze(value);
    for (const inner of Object.values(value)) deepFreeze(inner);
  }
  return value;
}

/** The full settings the clinical rules take, from a clinic's columns and its stored settings. */
export async function clinicSettings(db: Executor, clinicId: string): Promise<ClinicSettingsInForce> {
  const [row] = await db.select().from(clinic).where(eq(clinic.id, clinicId));
  if (!row) throw notFound('clinic');
  return settingsInForce(row);
}

function identityOf(c: { name: string; timeZone: string; contacts: ClinicContacts }) {
  const { phone, urgentPhone, outOfHours } = c.contacts;
  return { name: c.name, timeZone: c.timeZone, contacts: { phone, urgentPhone, outOfHours } };
}

/** The settings as an admin sees them: every value with its default, source and whether it differs. */
export function presentClinic(row: ClinicRow): z.output<typeof ClinicAdmin> {
  const settings = settingsOf(row);
  return {
    id: row.id,
    clinic: {
      name: row.name,
      timeZone: row.timeZone,
      locale: settings.clinic.locale,
      contacts: row.contacts,
    },
    protocol: settings.protocol,
    rules: settings.rules,
    version: row.version,
    settingsVersion: row.settingsVersion,
    updatedAt: row.updatedAt.toISOString(),
    settings: explainSettings(settings),
  };
}

export async function clinicForAdmin(db: Executor, clinicId: string) {
  const [row] = await db.select().from(clinic).where(eq(clinic.id, clinicId));
  if (!row) throw notFound('clinic');
  return presentClinic(row);
}

export type ClinicUpdateInput = z.input<typeof ClinicUpdate>;

/**
 * Replaces the clinic's settings with a new version: the clinic record's version must be the one
 * the change was based on, the reason is kept with the version, and every value is validated by
 * the domain's schemas (a value the code cannot honour is refused with a sentence naming the field).
 * A change that changes nothing writes no version.
 */
export async function updateClinic(tx: Tx, actor: Actor, input: ClinicUpdateInput, now: Date) {
  const parsed = ClinicUpdate.safeParse(input);
  if (!parsed.success) {
    const errors = parsed.error.issues.map((i) => ({ field: i.path.join('.'), message: i.message }));
    throw new DomainError('validation_failed', errors.map((e) => `${e.field}: ${e.message}`).join('; '), {
      errors,
    });
  }
  const change = parsed.data;
  const [row] = await tx.select().from(clinic).where(eq(clinic.id, actor.clinicId)).for('update');
  if (!row) throw notFound('clinic');
  assertVersion('clinic', row, change.version, presentClinic(row));
  const reason = change.reason.trim();
  if (!reason) {
    throw new DomainError(
      'reason_required',
      'Say why the settings change: the reason is kept with the version.',
    );
  }
  const settings: ClinicSettingsStored = {
    protocol: change.protocol,
    rules: change.rules,
    locale: change.clinic.locale,
  };
  const next = { ...change.clinic, settings };
  const before = snapshot(row);
  if (settingsChanges(before, snapshot({ ...row, ...next })).length === 0) return presentClinic(row);
  const settingsVersion = row.settingsVersion + 1;
  const [updated] = await tx
    .update(clinic)
    .set({
      name: next.name,
      timeZone: next.timeZone,
      contacts: next.contacts,
      settings,
      settingsVersion,
      version: row.version + 1,
      updatedAt: now,
    })
    .where(eq(clinic.id, row.id))
    .returning();
  await tx.insert(clinicSettingsVersion).values({
    clinicId: row.id,
    version: settingsVersion,
    name: next.name,
    timeZone: next.timeZone,
    contacts: next.contacts,
    settings,
    changedById: actor.id,
    changedByName: actor.name,
    changedAt: now,
    reason,
  });
  return presentClinic(updated!);
}

/** A version as the settings page names its parts: clinic details, protocol, rules. */
function snapshot(v: Pick<ClinicRow, 'name' | 'timeZone' | 'contacts' | 'settings'>) {
  const clinicPart = {
    name: v.name,
    timeZone: v.timeZone,
    locale: v.settings.locale ?? 'en-GB',
    contacts: v.contacts,
  };
  const parsed = ClinicSettingsSchema.safeParse({ ...v.settings, clinic: identityOf(v) });
  // An old version today's schemas refuse (e.g. a fraction of a month) is still shown as it was kept.
  if (!parsed.success) return { clinic: clinicPart, protocol: v.settings.protocol, rules: v.settings.rules };
  return { clinic: clinicPart, protocol: parsed.data.protocol, rules: parsed.data.rules };
}

/** The versions of a clinic's settings, newest first, each with what changed from the one before. */
export async function settingsHistory(
  db: Executor,
  clinicId: string,
  { before, limit }: { before?: number | undefined; limit: number },
): Promise<z.output<typeof SettingsVersions>> {
  const rows = await db
    .select()
    .from(clinicSettingsVersion)
    .where(
      and(
        eq(clinicSettingsVersion.clinicId, clinicId),
        before ? lt(clinicSettingsVersion.version, before) : undefined,
      ),
    )
    .orderBy(desc(clinicSettingsVersion.version))
    // One more than the page, to tell what the page's oldest version changed.
    .limit(limit + 1);
  const items = rows.slice(0, limit).map((row, i) => {
    const previous = rows[i + 1];
    return {
      version: row.version,
      changedAt: row.changedAt.toISOString(),
      changedByName: row.changedByName,
      reason: row.reason,
      changes: previous ? settingsChanges(snapshot(previous), snapshot(row)) : [],
    };
  });
  const oldest = items.at(-1);
  return { items, nextBefore: oldest && oldest.version > 1 ? oldest.version : null };
}
