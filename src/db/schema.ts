/**
 * The database schema. Every table carries site_id so that a site can become the distribution
 * column of a distributed PostgreSQL; every clinical record carries `version` for optimistic
 * concurrency. Times are UTC (`timestamptz`); the clinic's time zone lives in site settings.
 * The auth tables (user, session, account, verification) are better-auth's, declared here so
 * that one set of committed migrations builds the whole database.
 */
import { sql } from 'drizzle-orm';
import {
  bigserial,
  boolean,
  date,
  index,
  integer,
  jsonb,
  pgTable,
  text,
  timestamp,
  uniqueIndex,
  uuid,
} from 'drizzle-orm/pg-core';

const createdAt = () => timestamp('created_at', { withTimezone: true }).notNull().defaultNow();
const updatedAt = () => timestamp('updated_at', { withTimezone: true }).notNull().defaultNow();

export interface SiteContacts {
  phone: string;
  urgentPhone: string;
  /** What to do when the clinic is closed, in words a patient can act on. */
  outOfHours: string;
  email?: string;
  address?: string;
}

export const site = pgTable('site', {
  id: uuid('id').primaryKey().defaultRandom(),
  name: text('name').notNull(),
  timeZone: text('time_zone').notNull(),
  contacts: jsonb('contacts').$type<SiteContacts>().notNull(),
  /**
   * The clinic's protocol profile, overrides and site rules (the `protocol` and `site` parts of
   * the domain's ClinicSettings; name, zone and contacts are the columns above).
   */
  settings: jsonb('settings').$type<Record<string, unknown>>().notNull().default({}),
  version: integer('version').notNull().default(1),
  createdAt: createdAt(),
  updatedAt: updatedAt(),
});

export const patient = pgTable(
  'patient',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    siteId: uuid('site_id')
      .notNull()
      .references(() => site.id),
    givenName: text('given_name').notNull(),
    familyName: text('family_name').notNull(),
    birthDate: date('birth_date', { mode: 'string' }).notNull(),
    sex: text('sex', { enum: ['female', 'male', 'other', 'unknown'] }).notNull(),
    nhsNumber: text('nhs_number'),
    mrn: text('mrn'),
    email: text('email'),
    phone: text('phone'),
    version: integer('version').notNull().default(1),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [
    uniqueIndex('patient_site_nhs_number_key').on(t.siteId, t.nhsNumber),
    uniqueIndex('patient_site_mrn_key').on(t.siteId, t.mrn),
    index('patient_site_family_name_idx').on(t.siteId, sql`lower(${t.familyName})`),
  ],
);

/** better-auth's user, extended with our role, site and (for patients) the patient record. */
export const user = pgTable('user', {
  id: text('id').primaryKey(),
  name: text('name').notNull(),
  email: text('email').notNull().unique(),
  emailVerified: boolean('email_verified').notNull().default(false),
  image: text('image'),
  role: text('role', { enum: ['admin', 'clinician', 'nurse', 'patient'] }).notNull(),
  siteId: uuid('site_id')
    .notNull()
    .references(() => site.id),
  patientId: uuid('patient_id').references(() => patient.id),
  createdAt: createdAt(),
  updatedAt: updatedAt(),
});

export const session = pgTable(
  'session',
  {
    id: text('id').primaryKey(),
    expiresAt: timestamp('expires_at', { withTimezone: true }).notNull(),
    token: text('token').notNull().unique(),
    ipAddress: text('ip_address'),
    userAgent: text('user_agent'),
    userId: text('user_id')
      .notNull()
      .references(() => user.id, { onDelete: 'cascade' }),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [index('session_user_idx').on(t.userId)],
);

export const account = pgTable('account', {
  id: text('id').primaryKey(),
  accountId: text('account_id').notNull(),
  providerId: text('provider_id').notNull(),
  userId: text('user_id')
    .notNull()
    .references(() => user.id, { onDelete: 'cascade' }),
  accessToken: text('access_token'),
  refreshToken: text('refresh_token'),
  idToken: text('id_token'),
  accessTokenExpiresAt: timestamp('access_token_expires_at', { withTimezone: true }),
  refreshTokenExpiresAt: timestamp('refresh_token_expires_at', { withTimezone: true }),
  scope: text('scope'),
  password: text('password'),
  createdAt: createdAt(),
  updatedAt: updatedAt(),
});

export const verification = pgTable('verification', {
  id: text('id').primaryKey(),
  identifier: text('identifier').notNull(),
  value: text('value').notNull(),
  expiresAt: timestamp('expires_at', { withTimezone: true }).notNull(),
  createdAt: createdAt(),
  updatedAt: updatedAt(),
});

export const episode = pgTable(
  'episode',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    siteId: uuid('site_id')
      .notNull()
      .references(() => site.id),
    patientId: uuid('patient_id')
      .notNull()
      .references(() => patient.id),
    stage: text('stage').notNull(),
    referrer: text('referrer').notNull(),
    referredOn: date('referred_on', { mode: 'string' }).notNull(),
    reason: text('reason').notNull(),
    side: text('side', { enum: ['left', 'right', 'both'] }),
    version: integer('version').notNull().default(1),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [
    index('episode_site_stage_idx').on(t.siteId, t.stage, t.referredOn),
    index('episode_patient_idx').on(t.patientId),
  ],
);

/** The episode's timeline: every stage change, who made it and why. */
export const episodeEvent = pgTable(
  'episode_event',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    siteId: uuid('site_id')
      .notNull()
      .references(() => site.id),
    episodeId: uuid('episode_id')
      .notNull()
      .references(() => episode.id),
    at: timestamp('at', { withTimezone: true }).notNull().defaultNow(),
    action: text('action').notNull(),
    fromStage: text('from_stage'),
    toStage: text('to_stage').notNull(),
    reason: text('reason'),
    actorId: text('actor_id').notNull(),
    actorName: text('actor_name').notNull(),
    actorRole: text('actor_role').notNull(),
  },
  (t) => [index('episode_event_episode_idx').on(t.episodeId, t.at)],
);

/**
 * Append-only audit trail. A trigger (migration 0001) forbids UPDATE and DELETE and chains each
 * site's events by hash, so a removed or edited row shows as a break in the chain.
 */
export const auditEvent = pgTable(
  'audit_event',
  {
    id: bigserial('id', { mode: 'number' }).primaryKey(),
    siteId: uuid('site_id').references(() => site.id),
    at: timestamp('at', { withTimezone: true }).notNull().defaultNow(),
    actorId: text('actor_id'),
    actorName: text('actor_name'),
    role: text('role'),
    action: text('action').notNull(),
    recordType: text('record_type').notNull(),
    recordId: text('record_id'),
    clientAddress: text('client_address'),
    prevHash: text('prev_hash'),
    hash: text('hash'),
  },
  (t) => [index('audit_event_site_idx').on(t.siteId, t.id)],
);
