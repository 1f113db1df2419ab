/** Issue 19: other systems — integration keys, Open311 caller ids, webhook subscribers (migration 0016). */
import { boolean, index, integer, jsonb, pgTable, primaryKey, serial, text, timestamp, uniqueIndex } from 'drizzle-orm/pg-core';
import { people, requests } from './core';

const ts = (name: string) => timestamp(name, { withTimezone: true, mode: 'date' });

/**
 * A key an integrating system presents: `open311` (the api_key of Open311 POST) or `api` (a
 * bearer token of /api/v1, acting as a staff identity with a role and area). Only the SHA-256
 * of the key is kept; `key_prefix` (its first 8 characters) names it in lists.
 */
export const integrationKeys = pgTable('integration_keys', {
  id: serial('id').primaryKey(),
  kind: text('kind').$type<'open311' | 'api'>().notNull(),
  /** The system's code (letters, digits, `-`, `_`): part of the Open311 channel ids. */
  system: text('system').notNull(),
  name: text('name').notNull(),
  keyHash: text('key_hash').notNull(),
  keyPrefix: text('key_prefix').notNull(),
  role: text('role'),
  areaCode: text('area_code'),
  departmentCode: text('department_code'),
  /** The staff identity an `api` token acts as (its name shows on timelines). */
  personId: integer('person_id').references(() => people.id),
  createdAt: ts('created_at').notNull().defaultNow(),
  revokedAt: ts('revoked_at'),
}, (t) => [uniqueIndex('integration_keys_hash_idx').on(t.keyHash)]);

/** One row per Open311 POST with a caller id: its token, and the request once registered. */
export const open311Requests = pgTable('open311_requests', {
  system: text('system').notNull(),
  externalId: text('external_id').notNull(),
  token: text('token').notNull(),
  requestId: integer('request_id').references(() => requests.id),
  createdAt: ts('created_at').notNull().defaultNow(),
}, (t) => [primaryKey({ columns: [t.system, t.externalId] }), uniqueIndex('open311_requests_token_idx').on(t.token), index('open311_requests_request_idx').on(t.requestId)]);

/** A system that hears events by signed webhooks; its deliveries are outbox rows (channel `webhook`). */
export const webhookSubscribers = pgTable('webhook_subscribers', {
  id: serial('id').primaryKey(),
  name: text('name').notNull(),
  url: text('url').notNull(),
  /** The HMAC-SHA256 key; kept as is (it signs every delivery), shown once when created. */
  secret: text('secret').notNull(),
  events: jsonb('events').$type<string[]>().notNull(),
  /** Only requests raised within this area (null: all). */
  areaCode: text('area_code'),
  includeSensitive: boolean('include_sensitive').notNull().default(false),
  active: boolean('active').notNull().default(true),
  createdAt: ts('created_at').notNull().defaultNow(),
});
