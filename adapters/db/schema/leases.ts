/**
 * Issue 16 — leases: what one instance of the fleet does at a time (a channel's sender, Telegram
 * polling, the WeCom long connection). Migration 0017_leases.
 */
import { pgTable, text, timestamp } from 'drizzle-orm/pg-core';

const ts = (name: string) => timestamp(name, { withTimezone: true, mode: 'date' });

/** One row per lease: its holder (an instance id) and when it lapses unless renewed. */
export const leases = pgTable('leases', {
  name: text('name').primaryKey(),
  holder: text('holder').notNull(),
  expiresAt: ts('expires_at').notNull(),
  acquiredAt: ts('acquired_at').notNull().defaultNow(),
});
