/**
 * The PostgreSQL store: implements the StoreTx port with drizzle. Each `transaction`
 * is one database transaction, so state, timeline and outbox commit together.
 */
import { and, asc, desc, eq, inArray, isNotNull, lte, sql, type SQL } from 'drizzle-orm';
import type { DialogState } from '../../core/intake-dialog';
import type { CategoryCode } from '../../core/categories';
import type { Actor, Channel, Role } from '../../core/model';
import type { Changes, ChatBinding, Store, StoreTx, TimelineEntry } from '../../bots/ports';
import { geoOfRef } from '../../bots/ports/blobs';
import type { Db } from './client';
import { toRequest, toRow } from './request-mapper';
import { toStorable, toStorableText } from '../../core/text-cut';
import { createNoticeStore } from './notice.repository';
import { createReportStore } from './report.repository';
import { createIntakeGuardStore } from './intake-guard.repository';
import { insertCorrection } from './corrections.repository';
import { rowsOf, subtree } from './sql-helpers';
import { chats, consoleTokens, dialogSessions, identities, outbox, people, requestEvents, requests } from './schema';

/**
 * Links the `blob:` and `geo:` references of written requests to `request_attachments`
 * (issue 13). Existing links stay; a `blob:` reference with no stored blob is not linked.
 */
function attachmentRows(changes: Changes): SQL | null {
  const actorOf = new Map(changes.events.map((e) => [e.requestId, e.actorId]));
  const rows = [...changes.created, ...changes.updated].flatMap((r) => r.photos.filter((ref) => /^(blob|geo):/.test(ref)).map((ref) => {
    const geo = geoOfRef(ref);
    const by = actorOf.get(r.id) ?? r.reporterId;
    return sql`(${r.id}::int, ${ref}::text, ${geo?.lat ?? null}::float8, ${geo?.lng ?? null}::float8, ${by}::int)`;
  }));
  if (rows.length === 0) return null;
  return sql`insert into request_attachments (request_id, ref, blob_sha, kind, lat, lng, added_by)
    select v.request_id, v.ref, b.sha256, case when v.ref like 'geo:%' then 'location' when b.mime like 'audio/%' then 'voice' else 'photo' end, v.lat, v.lng, v.added_by
    from (values ${sql.join(rows, sql`, `)}) as v(request_id, ref, lat, lng, added_by)
    left join blobs b on v.ref like 'blob:%' and b.sha256 = substr(v.ref, 6)
    where (v.ref like 'geo:%' and v.lat is not null) or b.sha256 is not null
    on conflict do nothing`;
}

type Tx = Parameters<Parameters<Db['transaction']>[0]>[0];

/** Creates the Store over a drizzle database. */
export function createStore(db: Db): Store {
  return { transaction: (fn) => db.transaction((tx) => fn(createStoreTx(tx))) };
}

function toActor(p: typeof people.$inferSelect): Actor {
  return { personId: p.id, name: p.name, role: p.role as Role, areaCode: p.areaCode, departmentCode: p.departmentCode, sensitiveReader: p.sensitiveReader };
}

/** The StoreTx for one open transaction (also usable on the plain db outside one). */
export function createStoreTx(tx: Tx | Db): StoreTx {
  return {
    async openInbound(channel, rawMessageId, rawChatId, rawSenderId) {
      // Ids come from channels: never let a NUL or a lone surrogate fail the transaction (issue 11.2).
      const [messageId, chatId, senderId] = [rawMessageId, rawChatId, rawSenderId].map(toStorableText);
      const result = await tx.execute(sql`
        with claimed as (
          insert into processed_messages (channel, message_id) values (${channel}, ${messageId})
          on conflict do nothing returning 1),
        session as (
          select state, expires_at from dialog_sessions
          where channel = ${channel} and chat_id = ${chatId} and user_id = ${senderId} for update)
        select exists (select 1 from claimed) as fresh,
          (select row_to_json(c) from chats c where c.channel = ${channel} and c.external_id = ${chatId}) as chat,
          (select row_to_json(p) from identities i join people p on p.id = i.person_id
            where i.channel = ${channel} and i.external_id = ${senderId}) as person,
          (select state from session) as dialog`);
      type Json = Record<string, string | number | boolean | null>;
      const row = rowsOf<{ fresh: boolean; chat: Json | null; person: Json | null; dialog: DialogState | null }>(result)[0];
      const chat = row.chat;
      const person = row.person;
      return {
        fresh: row.fresh,
        chat: chat ? { channel, chatId, areaCode: chat.area_code as string | null, departmentCode: chat.department_code as string | null, title: chat.title as string | null, passive: Boolean(chat.passive) } : null,
        person: person ? { personId: Number(person.id), name: String(person.name), role: person.role as Role, areaCode: person.area_code as string | null, departmentCode: person.department_code as string | null, sensitiveReader: Boolean(person.sensitive_reader) } : null,
        dialog: row.dialog ?? { phase: 'idle' },
      };
    },
    async bindChat(b: ChatBinding) {
      const values = toStorable({ channel: b.channel, externalId: b.chatId, areaCode: b.areaCode, departmentCode: b.departmentCode, title: b.title });
      await tx.insert(chats).values(values).onConflictDoUpdate({ target: [chats.channel, chats.externalId], set: { areaCode: values.areaCode, departmentCode: values.departmentCode, title: values.title } });
    },
    async registerHousehold(channel, externalId, name, areaCode) {
      // Two first messages at once: the second waits on the identity's key, then uses the first's person.
      const storableId = toStorableText(externalId);
      const [p] = await tx.insert(people).values({ name: toStorableText(name), role: 'household', areaCode }).returning();
      const claimed = await tx.insert(identities).values({ channel, externalId: storableId, personId: p.id }).onConflictDoNothing().returning({ personId: identities.personId });
      if (claimed.length) return toActor(p);
      await tx.delete(people).where(eq(people.id, p.id));
      const [existing] = await tx.select({ p: people }).from(identities).innerJoin(people, eq(people.id, identities.personId))
        .where(and(eq(identities.channel, channel), eq(identities.externalId, storableId)));
      return toActor(existing.p);
    },
    async saveDialog(channel, rawChatId, rawUserId, rawState: DialogState) {
      const [chatId, userId] = [rawChatId, rawUserId].map(toStorableText);
      const state = toStorable(rawState);
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
    async write(changes) {
      const parts: SQL[] = [];
      for (const request of changes.created) parts.push(tx.insert(requests).values(toRow(request)).getSQL());
      // One statement may change a row once: keep the last version of each request.
      const updated = new Map(changes.updated.map((r) => [r.id, r]));
      for (const request of updated.values()) {
        const { id, ...rest } = toRow(request);
        parts.push(tx.update(requests).set(rest).where(eq(requests.id, id!)).getSQL());
      }
      const attached = attachmentRows(changes); // issue 13: photos, voice, locations
      if (attached) parts.push(attached);
      if (changes.events.length) parts.push(tx.insert(requestEvents).values(changes.events.map((e) => toStorable({ ...e, at: new Date(e.at) }))).getSQL());
      if (changes.messages.length) {
        const rows = changes.messages.map(toStorable).map((m) => ({ channel: m.channel, chatId: m.chatId, message: m, ref: m.ref ?? null, dedupeKey: m.dedupeKey ?? null }));
        parts.push(tx.insert(outbox).values(rows).onConflictDoNothing().getSQL());
      }
      if (parts.length === 0) return;
      if (parts.length === 1) {
        await tx.execute(parts[0]);
        return;
      }
      // Data-modifying CTEs: all parts in one round trip; foreign keys are checked at the end.
      const ctes = sql.join(parts.map((part, i) => sql`${sql.raw(`w${i}`)} as (${part})`), sql`, `);
      await tx.execute(sql`with ${ctes} select 1`);
    },
    async getRequest(id) {
      if (!Number.isSafeInteger(id) || id > 2_147_483_647 || id < 1) return null;
      const [row] = await tx.select().from(requests).where(eq(requests.id, id)).for('update');
      return row ? toRequest(row) : null;
    },
    async listQueue(view, statuses, limit) {
      const where = view.kind === 'areaQueues' ? and(eq(requests.queueKind, 'area'), sql`${requests.queueCode} in (${subtree(view.within)})`)
        : view.kind === 'department' ? and(eq(requests.queueKind, 'department'), eq(requests.queueCode, view.code))
          : view.kind === 'supervisor' ? and(eq(requests.queueKind, 'supervisor'), sql`${requests.areaCode} in (${subtree(view.within)})`)
            : sql`${requests.areaCode} in (${subtree(view.within)})`;
      const rows = await tx.select().from(requests).where(and(inArray(requests.status, [...statuses]), where))
        .orderBy(sql`jsonb_array_length(${requests.coReporters}) desc`, asc(requests.createdAt)).limit(limit);
      return rows.map(toRequest);
    },
    async openNearby(areaCodes, category, since, limit) {
      if (areaCodes.length === 0) return [];
      const rows = await tx.select({ id: requests.id, category: requests.category, detail: requests.detail, place: requests.place }).from(requests)
        .where(and(inArray(requests.areaCode, areaCodes), eq(requests.category, category), inArray(requests.status, ['submitted', 'claimed', 'answered']),
          eq(requests.sensitive, false), sql`${requests.createdAt} >= ${new Date(since)}`))
        .orderBy(desc(requests.id)).limit(limit);
      return rows.map((r) => ({ ...r, category: r.category as CategoryCode }));
    },
    async listPendingReportIns(department, limit) {
      const rows = await tx.select().from(requests)
        .where(and(inArray(requests.status, ['submitted', 'claimed', 'answered']), sql`${requests.coUnits} @> ${JSON.stringify([{ department, reportedAt: null }])}::jsonb`))
        .orderBy(asc(requests.createdAt)).limit(limit);
      return rows.map(toRequest);
    },
    async chatsFor(queue) {
      if (queue.kind === 'supervisor') return [];
      const column = queue.kind === 'area' ? chats.areaCode : chats.departmentCode;
      const rows = await tx.select().from(chats).where(eq(column, queue.code));
      return rows.map((row) => ({ channel: row.channel as Channel, chatId: row.externalId, areaCode: row.areaCode, departmentCode: row.departmentCode, title: row.title }));
    },
    async staffIn(role, areaCodes) {
      if (areaCodes.length === 0) return [];
      const rows = await tx.select().from(people).where(and(eq(people.role, role), inArray(people.areaCode, areaCodes)));
      return rows.map(toActor);
    },
    async findStaffByName(name) {
      const [row] = await tx.select().from(people).where(and(eq(people.name, name), sql`${people.role} <> 'household'`)).limit(1);
      return row ? toActor(row) : null;
    },
    async tryLock(key) {
      const result = await tx.execute(sql`select pg_try_advisory_xact_lock(${key}) as locked`);
      return rowsOf<{ locked: boolean }>(result)[0].locked;
    },
    async dueForSla(now, limit) {
      const rows = await tx.select().from(requests)
        .where(and(isNotNull(requests.slaCheckAt), lte(requests.slaCheckAt, new Date(now))))
        .orderBy(asc(requests.slaCheckAt)).limit(limit).for('update', { skipLocked: true });
      return rows.map(toRequest);
    },
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
    reports: () => createReportStore(tx as Db),
    notices: () => createNoticeStore(tx as Db),
    guard: () => createIntakeGuardStore(tx as Db),
    async setSlaStates(states) {
      if (states.length === 0) return;
      // One statement for the whole tick: unnest parallel arrays into rows.
      await tx.execute(sql`
        update requests set breach_count = v.breach_count, sla_check_at = v.check_at
        from (select unnest(${`{${states.map((x) => x.id).join(',')}}`}::int[]) as id,
                     unnest(${`{${states.map((x) => x.breachCount).join(',')}}`}::int[]) as breach_count,
                     unnest(${`{${states.map((x) => (x.checkAt === null ? 'NULL' : `"${new Date(x.checkAt).toISOString()}"`)).join(',')}}`}::timestamptz[]) as check_at) v
        where requests.id = v.id`);
    },
    async recentlyQueued(channel, chatId, ref, since) {
      const rows = await tx.select({ id: outbox.id }).from(outbox)
        .where(and(eq(outbox.channel, channel), eq(outbox.chatId, chatId), eq(outbox.ref, ref), sql`${outbox.createdAt} >= ${new Date(since)}`)).limit(1);
      return rows.length > 0;
    },
    async namesOf(personIds) {
      if (personIds.length === 0) return new Map();
      const rows = await tx.select({ id: people.id, name: people.name }).from(people).where(inArray(people.id, personIds));
      return new Map(rows.map((r) => [r.id, r.name]));
    },
    async contactsOf(personIds) {
      if (personIds.length === 0) return [];
      const rows = await tx.select().from(identities).where(inArray(identities.personId, personIds));
      return rows.map((r) => ({ personId: r.personId, channel: r.channel as Channel, externalId: r.externalId }));
    },
    async listByReporter(personId, limit) {
      const rows = await tx.select().from(requests).where(eq(requests.reporterId, personId)).orderBy(desc(requests.id)).limit(limit);
      return rows.map(toRequest);
    },
    async timeline(requestId) {
      return (await this.timelines([requestId])).get(requestId) ?? [];
    },
    async timelines(requestIds) {
      const out = new Map<number, TimelineEntry[]>();
      if (requestIds.length === 0) return out;
      const rows = await tx.select({ e: requestEvents, name: people.name }).from(requestEvents)
        .leftJoin(people, eq(people.id, requestEvents.actorId)).where(inArray(requestEvents.requestId, requestIds)).orderBy(asc(requestEvents.requestId), asc(requestEvents.id));
      for (const { e, name } of rows) {
        const list = out.get(e.requestId) ?? out.set(e.requestId, []).get(e.requestId)!;
        list.push({
          requestId: e.requestId, type: e.type as never, at: e.at.getTime(), actorId: e.actorId,
          fromStatus: e.fromStatus as never, toStatus: e.toStatus as never, note: e.note, fromQueue: e.fromQueue, toQueue: e.toQueue, actorName: name,
        });
      }
      return out;
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
    async issueConsoleLogin(personId, tokenHash, expiresAt) {
      await tx.insert(consoleTokens).values({ tokenHash, kind: 'login', personId, expiresAt: new Date(expiresAt) });
    },
    recordCorrection: (correction) => insertCorrection(tx, correction),
  };
}
