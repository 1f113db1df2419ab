/**
 * The outbox as a PostgreSQL queue: rows are leased with FOR UPDATE SKIP LOCKED, so several
 * minhu processes drain it without sending a row twice while its lease holds.
 */
import { eq, inArray, sql } from 'drizzle-orm';
import type { OutboundMessage } from '../../core/model';
import type { Outbox, OutboxItem } from '../../bots/ports';
import type { Db } from './client';
import { outbox } from './schema';
import { rowsOf } from './sql-helpers';

/** Creates the Outbox port over a drizzle database. */
export function createOutbox(db: Db): Outbox {
  return {
    async take(limit, leaseMs, channels): Promise<OutboxItem[]> {
      if (channels && channels.length === 0) return [];
      const only = channels ? sql`and o.channel in ${channels}` : sql``;
      const result = await db.execute(sql`
        update outbox set locked_until = now() + (${leaseMs}::int * interval '1 millisecond'), attempts = attempts + 1
        where id in (
          select o.id from outbox o
          where o.status = 'pending' and o.next_attempt_at <= now() and (o.locked_until is null or o.locked_until < now()) ${only}
            -- Only the head of its lane: the lane's earlier rows are sent (or given up) first.
            and not exists (select 1 from outbox p where p.status = 'pending' and p.channel = o.channel
              and p.chat_id = o.chat_id and p.lane = o.lane and p.id < o.id)
          order by o.priority, o.id limit ${limit} for update skip locked)
        returning id, attempts, message, route`);
      return rowsOf<{ id: string | number; attempts: number; message: OutboundMessage; route: string | null }>(result)
        .map((r) => ({ id: Number(r.id), attempts: r.attempts, message: r.message, route: r.route }))
        .sort((a, b) => a.id - b.id);
      // One row per lane and round: lanes of a chat are served in turn; replies (priority 0) were taken first.
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
    async defer(ids, at) {
      if (ids.length === 0) return;
      await db.update(outbox).set({ nextAttemptAt: at, lockedUntil: null, attempts: sql`greatest(${outbox.attempts} - 1, 0)` }).where(inArray(outbox.id, ids));
    },
    async markFailed(id, error) {
      await db.update(outbox).set({ status: 'failed', lockedUntil: null, lastError: error.slice(0, 500) }).where(eq(outbox.id, id));
    },
  };
}

/** Pending rows per channel and the age of the oldest in seconds (issue 16: metrics). */
export async function outboxDepth(db: Db): Promise<{ channel: string; depth: number; oldestSeconds: number }[]> {
  const result = await db.execute(sql`
    select channel, count(*)::int as depth, extract(epoch from now() - min(created_at))::float8 as oldest
    from outbox where status = 'pending' group by channel`);
  return rowsOf<{ channel: string; depth: number; oldest: number }>(result).map((r) => ({ channel: r.channel, depth: Number(r.depth), oldestSeconds: Number(r.oldest) }));
}
