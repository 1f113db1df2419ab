/** Issue 17 (migration 0014): the console's audit — who unmasked which request's personal numbers, and when. */
import { bigserial, index, integer, pgTable, text, timestamp } from 'drizzle-orm/pg-core';
import { people, requests } from './core';

export const consoleAudit = pgTable('console_audit', {
  id: bigserial('id', { mode: 'number' }).primaryKey(),
  personId: integer('person_id').notNull().references(() => people.id),
  requestId: integer('request_id').notNull().references(() => requests.id),
  /** `unmask`: the phone and the unmasked text were shown (console 显示号码, or 查看 privately by a handler). */
  action: text('action').$type<'unmask'>().notNull(),
  /** Where: `console` or the chat channel. */
  via: text('via').notNull(),
  at: timestamp('at', { withTimezone: true, mode: 'date' }).notNull(),
}, (t) => [index('console_audit_request_idx').on(t.requestId, t.id), index('console_audit_at_idx').on(t.at)]);
