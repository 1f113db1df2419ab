/**
 * The inbox and the dead letters on PostgreSQL. Rows are unique on (channel, message_id), so a
 * redelivered message is stored once; rows are taken with FOR UPDATE SKIP LOCKED under a lease,
 * so several minhu processes share the work without processing a row twice while its lease holds.
 */
import { and, desc, eq, lt, sql } from 'drizzle-orm';
import type { InboundMessage } from '../../core/model';
import type { DeadLetter, DeadLetters, Inbox, InboxItem } from '../../bots/inbox/ports';
import { cleanInbound, cleanInboundText, toPayloadText } from '../channels/inbound-text';
import type { Db } from './client';
import { deadLetters, inbox } from './schema';
import { rowsOf } from './sql-helpers';

type Row = { id: string | number; attempts: number; message: InboundMessage };
const toItem = (r: Row): InboxItem => ({ id: Number(r.id), attempts: r.attempts, message: r.message });

/** Creates the Inbox port over a drizzle database. */
export function createInbox(db: Db): Inbox {
  return {
    async put(message, leaseMs) {
      // Cleaned again here: whatever a channel let through, the jsonb write must not fail.
      const safe = cleanInbound(message);
      const result = await db.execute(sql`
        insert into inbox (channel, message_id, message, attempts, locked_until)
        values (${safe.channel}, ${safe.messageId}, ${JSON.stringify(safe)}::jsonb, 1, now() + (${leaseMs}::int * interval '1 millisecond'))
        on conflict do nothing returning id, attempts, message`);
      const row = rowsOf<Row>(result)[0];
      return row ? toItem(row) : null;
    },
    async take(limit, leaseMs) {
      const result = await db.execute(sql`
        update inbox set locked_until = now() + (${leaseMs}::int * interval '1 millisecond'), attempts = attempts + 1
        where id in (
          select id from inbox
          where status = 'pending' and next_attempt_at <= now() and (locked_until is null or locked_until < now())
          order by next_attempt_at, id limit ${limit} for update skip locked)
        returning id, attempts, message`);
      return rowsOf<Row>(result).map(toItem).sort((a, b) => a.id - b.id);
    },
    async markDone(id) {
      await db.update(inbox).set({ status: 'done', doneAt: new Date(), lockedUntil: null }).where(eq(inbox.id, id));
    },
    async markRetry(id, at, error) {
      await db.update(inbox).set({ nextAttemptAt: at, lockedUntil: null, lastError: error.slice(0, 500) }).where(and(eq(inbox.id, id), eq(inbox.status, 'pending')));
    },
    async markDead(id, reason) {
      await db.execute(sql`
        with dead as (
          update inbox set status = 'dead', locked_until = null, last_error = ${reason.slice(0, 500)}
          where id = ${id} and status = 'pending' returning channel, message_id, message)
        insert into dead_letters (channel, reason, message_id, payload)
        select channel, ${reason.slice(0, 500)}, message_id, message::text from dead`);
    },
    async purgeDone(before) {
      const rows = await db.delete(inbox).where(and(eq(inbox.status, 'done'), lt(inbox.doneAt, before))).returning({ id: inbox.id });
      return rows.length;
    },
  };
}

/** Creates the DeadLetters port over a drizzle database. */
export function createDeadLetters(db: Db): DeadLetters {
  return {
    async park(channel, reason, payload, messageId = null) {
      const short = (v: string, n: number) => cleanInboundText(String(v)).slice(0, n);
      await db.insert(deadLetters).values({
        channel: short(channel, 32), reason: short(reason, 500), messageId: messageId === null ? null : short(messageId, 200), payload: toPayloadText(payload),
      });
    },
    async list(limit, beforeId) {
      const rows = await db.select().from(deadLetters)
        .where(beforeId ? lt(deadLetters.id, beforeId) : undefined).orderBy(desc(deadLetters.id)).limit(limit);
      return rows.map((r): DeadLetter => ({ id: r.id, channel: r.channel, reason: r.reason, messageId: r.messageId, payload: r.payload, at: r.createdAt.getTime() }));
    },
  };
}
