/**
 * The outbox as a PostgreSQL queue: rows are leased with FOR UPDATE SKIP LOCKED, so several
 * minhu processes drain it without sending a row twice while its lease holds.
 */
import { eq, sql } from 'drizzle-orm';
import type { OutboundMessage } from '../../core/model';
import type { Outbox, OutboxItem } from '../../bots/ports';
import type { Db } from './client';
import { outbox } from './schema';
import { rowsOf } from './sql-helpers';

/** Creates the Outbox port over a drizzle database. */
export function createOutbox(db: Db): Outbox {
  return {
    async take(limit, leaseMs): Promise<OutboxItem[]> {
      const result = await db.execute(sql`
        update outbox set locked_until = now() + (${leaseMs}::int * interval '1 millisecond'), attempts = attempts + 1
        where id in (
          select id from outbox
          where status = 'pending' and next_attempt_at <= now() and (locked_until is null or locked_until < now())
          order by priority, id limit ${limit} for update skip locked)
        returning id, attempts, message, route`);
      return rowsOf<{ id: string | number; attempts: number; message: OutboundMessage; route: string | null }>(result)
        .map((r) => ({ id: Number(r.id), attempts: r.attempts, message: r.message, route: r.route }))
        .sort((a, b) => a.id - b.id);
      // Within a chat the order of ids is kept; across chats replies (priority 0) were taken first.
    },
    async markSent(id, providerMessageId) {
      await db.update(outbox).set({ status: 'sent', sentAt: new Date(), providerMessageId, lockedUntil: null }).where(eq(outbox.id, id));
    },
    async markRetry(id, at, error) {
      await db.update(outbox).set({ nextAttemptAt: at, lockedUntil: null, lastError: error.slice(0, 500) }).where(eq(outbox.id, id));
    },
    async markRoute(id, route) {
      await db.update(outbox).set({ route }).where(eq(outbox.id, id));
    },
    async markFailed(id, error) {
      await db.update(outbox).set({ status: 'failed', lockedUntil: null, lastError: error.slice(0, 500) }).where(eq(outbox.id, id));
    },
  };
}
