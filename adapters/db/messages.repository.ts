/** The messages port on PostgreSQL: queueing outgoing messages inside a use case's transaction. */
import { and, eq, sql } from 'drizzle-orm';
import type { MessagesPort } from '../../bots/ports';
import { toStorable } from '../../core/text-cut';
import type { Tx } from './requests.repository';
import { rowsOf } from './sql-helpers';
import { outbox } from './schema';

export function createMessagesRepository(tx: Tx): MessagesPort {
  return {
    async enqueueNew(messages) {
      if (messages.length === 0) return new Set();
      // One JSON array parameter instead of five parameters a row: big batches (a tick, a
      // broadcast) insert several times faster.
      const result = await tx.execute(sql`
        insert into outbox (channel, chat_id, message, ref, dedupe_key)
        select m->>'channel', m->>'chatId', m, m->>'ref', m->>'dedupeKey' from jsonb_array_elements(${JSON.stringify(toStorable(messages))}::jsonb) m
        on conflict do nothing returning dedupe_key`);
      return new Set(rowsOf<{ dedupe_key: string | null }>(result).map((r) => r.dedupe_key).filter((k): k is string => k !== null));
    },
    async recentlyQueued(channel, chatId, ref, since) {
      const rows = await tx.select({ id: outbox.id }).from(outbox)
        .where(and(eq(outbox.channel, channel), eq(outbox.chatId, chatId), eq(outbox.ref, ref), sql`${outbox.createdAt} >= ${new Date(since)}`)).limit(1);
      return rows.length > 0;
    },
    async findSentRef(channel, chatId, providerMessageId) {
      const [row] = await tx.select({ ref: outbox.ref }).from(outbox)
        .where(and(eq(outbox.channel, channel), eq(outbox.chatId, chatId), eq(outbox.providerMessageId, providerMessageId))).limit(1);
      return row?.ref ?? null;
    },
  };
}
