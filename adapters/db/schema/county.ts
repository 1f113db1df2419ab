/** Issue 14: the county's working tools — canned replies (常用语) per unit, editable in the console. */
import { boolean, index, integer, pgTable, serial, text, timestamp } from 'drizzle-orm/pg-core';

/**
 * 常用语: one row per canned reply of a unit (`area` or `department` + code). Rows from the org
 * file keep the org text in `orgText`, so importing again neither duplicates them nor brings
 * back one the console edited or deleted (a deleted row stays as a tombstone).
 */
export const cannedReplies = pgTable('canned_replies', {
  id: serial('id').primaryKey(),
  unitKind: text('unit_kind').$type<'area' | 'department'>().notNull(),
  unitCode: text('unit_code').notNull(),
  position: integer('position').notNull().default(0),
  category: text('category'),
  /** `reply` (答复), `resolve` (办结) or null (either): a label for people, not a rule. */
  use: text('use').$type<'reply' | 'resolve'>(),
  text: text('text').notNull(),
  orgText: text('org_text'),
  deleted: boolean('deleted').notNull().default(false),
  updatedAt: timestamp('updated_at', { withTimezone: true, mode: 'date' }).notNull().defaultNow(),
}, (t) => [index('canned_replies_unit_idx').on(t.unitKind, t.unitCode, t.position, t.id)]);
