/**
 * Issue 12 — WeCom households: the 微信客服 (kf) sync cursor per account, each household's
 * service window (48 h after their last message, at most 5 replies), the per-grid contact links,
 * and the corp's customer groups (客户群) with their member counts. Migration 0010_kf.
 */
import { sql } from 'drizzle-orm';
import { bigint, boolean, index, integer, pgTable, primaryKey, text, timestamp, uniqueIndex } from 'drizzle-orm/pg-core';

const ts = (name: string) => timestamp(name, { withTimezone: true, mode: 'date' });

/** One row per kf account: where `kf/sync_msg` goes on, the latest event token, and who is pulling now. */
export const kfCursors = pgTable('kf_cursors', {
  openKfid: text('open_kfid').primaryKey(),
  cursor: text('cursor').notNull().default(''),
  /** The token of the latest `kf_msg_or_event` (valid 10 minutes). */
  token: text('token'),
  tokenAt: ts('token_at'),
  /** Events seen; `done` is the value of `wanted` when a pull last reached the end (has_more 0). */
  wanted: bigint('wanted', { mode: 'number' }).notNull().default(0),
  done: bigint('done', { mode: 'number' }).notNull().default(0),
  /** The process pulling now, until when (taken under the row lock; a crashed puller's lease runs out). */
  leaseOwner: text('lease_owner'),
  leaseUntil: ts('lease_until'),
  syncedAt: ts('synced_at'),
  lastError: text('last_error'),
});

/** A household's kf service window: replies allowed until last_in_at + 48 h, at most 5 of them. */
export const kfWindows = pgTable('kf_windows', {
  openKfid: text('open_kfid').notNull(),
  externalUserid: text('external_userid').notNull(),
  lastInAt: ts('last_in_at').notNull(),
  sent: integer('sent').notNull().default(0),
}, (t) => [primaryKey({ columns: [t.openKfid, t.externalUserid] })]);

/** The kf link of each grid (`kf/add_contact_way`, scene = the grid code), created once. */
export const kfLinks = pgTable('kf_links', {
  areaCode: text('area_code').notNull(),
  openKfid: text('open_kfid').notNull(),
  scene: text('scene').notNull(),
  url: text('url').notNull(),
  createdAt: ts('created_at').notNull().defaultNow(),
}, (t) => [primaryKey({ columns: [t.openKfid, t.areaCode] }), uniqueIndex('kf_links_scene_idx').on(t.openKfid, t.scene)]);

/** The corp's customer groups as `externalcontact/groupchat/get` last described them. */
export const wecomGroups = pgTable('wecom_groups', {
  chatId: text('chat_id').primaryKey(),
  name: text('name').notNull().default(''),
  owner: text('owner').notNull().default(''),
  /** Members of type 1 (corp members: staff) and type 2 (WeChat users: households). */
  corpMembers: integer('corp_members').notNull().default(0),
  externalMembers: integer('external_members').notNull().default(0),
  dismissed: boolean('dismissed').notNull().default(false),
  /** A `change_external_chat` event arrived: the counts are fetched again. */
  stale: boolean('stale').notNull().default(false),
  syncedAt: ts('synced_at'),
  changedAt: ts('changed_at').notNull().defaultNow(),
}, (t) => [index('wecom_groups_stale_idx').on(t.changedAt).where(sql`stale`)]);
