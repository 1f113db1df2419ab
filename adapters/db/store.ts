/**
 * The PostgreSQL store: the unit of work (openInbound … write) and the aggregates' repositories. Each `transaction`
 * is one database transaction, so state, timeline and outbox commit together.
 */
import { eq, sql, type SQL } from 'drizzle-orm';
import type { DialogState } from '../../core/intake-dialog';
import type { Role } from '../../core/model';
import type { Changes, Store, StoreTx } from '../../bots/ports';
import { geoOfRef } from '../../bots/ports/blobs';
import type { Db } from './client';
import { toRow } from './request-mapper';
import { toStorable, toStorableText } from '../../core/text-cut';
import { createNoticeStore } from './notice.repository';
import { createReportStore } from './report.repository';
import { createIntakeGuardStore } from './intake-guard.repository';
import { insertCorrection } from './corrections.repository';
import { rowsOf } from './sql-helpers';
import { consoleTokens, outbox, requestEvents, requests } from './schema';
import { createRequestsRepository, type Tx } from './requests.repository';
import { createPeopleRepository } from './people.repository';
import { createChatsRepository } from './chats.repository';
import { createDialogsRepository } from './dialogs.repository';
import { createMessagesRepository } from './messages.repository';
import { createCannedRepliesRepository } from './canned-replies.repository';
import { createFollowsRepository } from './follows.repository';
import { createKfRepository } from './kf.repository';
import { createReachRepository } from './reach.repository';
import { createOfflineRepository } from './offline.repository';
import { createOpen311Port } from './open311.repository';
import { createWebhooksPort, webhookRowsOf } from './webhooks.repository';
import { createConsoleSessionsRepository } from './console-sessions.repository';
import { createConsoleRepository } from './console.repository';
import { createWebRepository } from './web.repository';
import { createPetitionsRepository } from './petitions.repository';
import { createReceptionRepository } from './reception.repository';
import { createMediationRepository } from './mediation.repository';
import { createPetitionFiguresRepository } from './petition-figures.repository';

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

/** Creates the Store over a drizzle database. */
export function createStore(db: Db): Store {
  return { transaction: (fn) => db.transaction((tx) => fn(createStoreTx(tx))) };
}

/** The StoreTx for one open transaction (also usable on the plain db outside one); ports are built on first use. */
export function createStoreTx(tx: Tx): StoreTx {
  const lazy = <T>(make: () => T) => {
    let value: T | undefined;
    return () => (value ??= make());
  };
  const ports = {
    requests: lazy(() => createRequestsRepository(tx)),
    people: lazy(() => createPeopleRepository(tx)),
    chats: lazy(() => createChatsRepository(tx)),
    dialogs: lazy(() => createDialogsRepository(tx)),
    messages: lazy(() => createMessagesRepository(tx)),
    reports: lazy(() => createReportStore(tx as Db)),
    notices: lazy(() => createNoticeStore(tx as Db)),
    guard: lazy(() => createIntakeGuardStore(tx as Db)),
    cannedReplies: lazy(() => createCannedRepliesRepository(tx)),
    follows: lazy(() => createFollowsRepository(tx)),
    kf: lazy(() => createKfRepository(tx)), // issue 12
    reach: lazy(() => createReachRepository(tx)),
    offline: lazy(() => createOfflineRepository(tx)),
    open311: lazy(() => createOpen311Port(tx)), // issue 19
    webhooks: lazy(() => createWebhooksPort(tx)),
    consoleSessions: lazy(() => createConsoleSessionsRepository(tx)),
    console: lazy(() => createConsoleRepository(tx)),
    web: lazy(() => createWebRepository(tx)),
    petitions: lazy(() => createPetitionsRepository(tx)), // issue 18
    reception: lazy(() => createReceptionRepository(tx)),
    mediation: lazy(() => createMediationRepository(tx)),
    petitionFigures: lazy(() => createPetitionFiguresRepository(tx)),
  };
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
      // Issue 19: webhook deliveries of these events, in the same statement as the change they report.
      const hooks = webhookRowsOf(changes);
      if (hooks) parts.push(hooks);
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
    async tryLock(key) {
      const result = await tx.execute(sql`select pg_try_advisory_xact_lock(${key}) as locked`);
      return rowsOf<{ locked: boolean }>(result)[0].locked;
    },
    get requests() { return ports.requests(); },
    get people() { return ports.people(); },
    get chats() { return ports.chats(); },
    get dialogs() { return ports.dialogs(); },
    get messages() { return ports.messages(); },
    get reports() { return ports.reports(); },
    get notices() { return ports.notices(); },
    get guard() { return ports.guard(); },
    get cannedReplies() { return ports.cannedReplies(); },
    get follows() { return ports.follows(); },
    get kf() { return ports.kf(); },
    get reach() { return ports.reach(); },
    get offline() { return ports.offline(); },
    get open311() { return ports.open311(); },
    get webhooks() { return ports.webhooks(); },
    get consoleSessions() { return ports.consoleSessions(); },
    get console() { return ports.console(); },
    get web() { return ports.web(); },
    get petitions() { return ports.petitions(); },
    get reception() { return ports.reception(); },
    get mediation() { return ports.mediation(); },
    get petitionFigures() { return ports.petitionFigures(); },
    consoleLogins: {
      async issue(personId, tokenHash, expiresAt) {
        await tx.insert(consoleTokens).values({ tokenHash, kind: 'login', personId, expiresAt: new Date(expiresAt) });
      },
    },
    corrections: { record: (correction) => insertCorrection(tx, correction) },
  };
}
