/**
 * The PostgreSQL store: implements the StoreTx port with drizzle. Each `transaction`
 * is one database transaction, so state, timeline and outbox commit together.
 */
import { and, asc, desc, eq, inArray, sql } from 'drizzle-orm';
import type { DialogState } from '../../core/intake-dialog';
import type { Actor, Channel, Role } from '../../core/model';
import type { ChatBinding, Store, StoreTx } from '../../bots/ports';
import type { Db } from './client';
import { toRequest, toRow } from './request-mapper';
import { chats, dialogSessions, identities, outbox, people, processedMessages, requestEvents, requests } from './schema';

type Tx = Parameters<Parameters<Db['transaction']>[0]>[0];

/** Creates the Store over a drizzle database. */
export function createStore(db: Db): Store {
  return { transaction: (fn) => db.transaction((tx) => fn(createStoreTx(tx))) };
}

function toActor(p: typeof people.$inferSelect): Actor {
  return { personId: p.id, name: p.name, role: p.role as Role, areaCode: p.areaCode, departmentCode: p.departmentCode };
}

/** The StoreTx for one open transaction (also usable on the plain db outside one). */
export function createStoreTx(tx: Tx | Db): StoreTx {
  return {
    async claimMessage(channel, messageId) {
      const rows = await tx.insert(processedMessages).values({ channel, messageId }).onConflictDoNothing().returning({ id: processedMessages.messageId });
      return rows.length === 1;
    },
    async findChat(channel, chatId) {
      const [row] = await tx.select().from(chats).where(and(eq(chats.channel, channel), eq(chats.externalId, chatId)));
      return row ? { channel: row.channel as Channel, chatId: row.externalId, areaCode: row.areaCode, departmentCode: row.departmentCode, title: row.title } : null;
    },
    async bindChat(b: ChatBinding) {
      const values = { channel: b.channel, externalId: b.chatId, areaCode: b.areaCode, departmentCode: b.departmentCode, title: b.title };
      await tx.insert(chats).values(values).onConflictDoUpdate({ target: [chats.channel, chats.externalId], set: { areaCode: b.areaCode, departmentCode: b.departmentCode, title: b.title } });
    },
    async findPerson(channel, externalId) {
      const [row] = await tx.select({ p: people }).from(identities).innerJoin(people, eq(people.id, identities.personId))
        .where(and(eq(identities.channel, channel), eq(identities.externalId, externalId)));
      return row ? toActor(row.p) : null;
    },
    async registerHousehold(channel, externalId, name, areaCode) {
      const [p] = await tx.insert(people).values({ name, role: 'household', areaCode }).returning();
      await tx.insert(identities).values({ channel, externalId, personId: p.id });
      return toActor(p);
    },
    async loadDialog(channel, chatId, userId) {
      const [row] = await tx.select().from(dialogSessions)
        .where(and(eq(dialogSessions.channel, channel), eq(dialogSessions.chatId, chatId), eq(dialogSessions.userId, userId))).for('update');
      return row ? (row.state as DialogState) : { phase: 'idle' };
    },
    async saveDialog(channel, chatId, userId, state: DialogState) {
      const key = and(eq(dialogSessions.channel, channel), eq(dialogSessions.chatId, chatId), eq(dialogSessions.userId, userId));
      if (state.phase === 'idle') {
        await tx.delete(dialogSessions).where(key);
        return;
      }
      const expiresAt = new Date(state.expiresAt);
      await tx.insert(dialogSessions).values({ channel, chatId, userId, state, expiresAt })
        .onConflictDoUpdate({ target: [dialogSessions.channel, dialogSessions.chatId, dialogSessions.userId], set: { state, expiresAt } });
    },
    async nextRequestId() {
      const result = await tx.execute(sql`select nextval(pg_get_serial_sequence('requests', 'id')) as id`);
      return Number(rowsOf<{ id: string | number }>(result)[0].id);
    },
    async insertRequest(request) {
      await tx.insert(requests).values(toRow(request));
    },
    async getRequest(id) {
      if (!Number.isSafeInteger(id) || id > 2_147_483_647 || id < 1) return null;
      const [row] = await tx.select().from(requests).where(eq(requests.id, id)).for('update');
      return row ? toRequest(row) : null;
    },
    async updateRequest(request) {
      const { id, ...rest } = toRow(request);
      await tx.update(requests).set(rest).where(eq(requests.id, id!));
    },
    async appendEvents(events) {
      if (events.length === 0) return;
      await tx.insert(requestEvents).values(events.map((e) => ({ ...e, at: new Date(e.at) })));
    },
    async enqueue(messages) {
      if (messages.length === 0) return;
      const rows = messages.map((m) => ({ channel: m.channel, chatId: m.chatId, message: m, ref: m.ref ?? null, dedupeKey: m.dedupeKey ?? null }));
      await tx.insert(outbox).values(rows).onConflictDoNothing();
    },
    async listQueue(areaCode, statuses, limit) {
      const rows = await tx.select().from(requests)
        .where(and(inArray(requests.status, [...statuses]), sql`${requests.queueArea} in (${subtree(areaCode)})`))
        .orderBy(asc(requests.createdAt)).limit(limit);
      return rows.map(toRequest);
    },
    async listByReporter(personId, limit) {
      const rows = await tx.select().from(requests).where(eq(requests.reporterId, personId)).orderBy(desc(requests.id)).limit(limit);
      return rows.map(toRequest);
    },
    async timeline(requestId) {
      const rows = await tx.select({ e: requestEvents, name: people.name }).from(requestEvents)
        .leftJoin(people, eq(people.id, requestEvents.actorId)).where(eq(requestEvents.requestId, requestId)).orderBy(asc(requestEvents.id));
      return rows.map(({ e, name }) => ({
        requestId: e.requestId, type: e.type as never, at: e.at.getTime(), actorId: e.actorId,
        fromStatus: e.fromStatus as never, toStatus: e.toStatus as never, note: e.note, actorName: name,
      }));
    },
    async findSentRef(channel, chatId, providerMessageId) {
      const [row] = await tx.select({ ref: outbox.ref }).from(outbox)
        .where(and(eq(outbox.channel, channel), eq(outbox.chatId, chatId), eq(outbox.providerMessageId, providerMessageId))).limit(1);
      return row?.ref ?? null;
    },
    async personName(personId) {
      const [row] = await tx.select({ name: people.name }).from(people).where(eq(people.id, personId));
      return row?.name ?? null;
    },
  };
}

/** SQL for the codes of an area and everything below it. */
export function subtree(areaCode: string) {
  return sql`with recursive sub(code) as (select ${areaCode}::text union all select a.code from areas a join sub on a.parent_code = sub.code) select code from sub`;
}

/** node-postgres returns `{ rows }`, PGlite returns `{ rows }` too; both are normalised here. */
export function rowsOf<T>(result: unknown): T[] {
  return (result as { rows: T[] }).rows;
}
