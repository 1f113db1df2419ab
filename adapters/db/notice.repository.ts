/**
 * Notices in PostgreSQL. A notice fans out into one outbox row per household group with the
 * dedupe key `notice:<id>@<channel>:<chat>`, inserted by one INSERT … SELECT over the bound
 * chats — so 10,000 groups are queued in one statement, and re-running a fan-out after a crash
 * adds only what is missing. Progress is read from those outbox rows.
 */
import { toStorable, toStorableText } from '../../core/text-cut';
import { and, eq, sql } from 'drizzle-orm';
import type { Channel } from '../../core/model';
import type { NoticeRecord, NoticeStore } from '../../bots/ports';
import type { Db } from './client';
import { noticeAcks, notices } from './schema';
import { rowsOf } from './sql-helpers';

type Row = typeof notices.$inferSelect;

const toRecord = (r: Row): NoticeRecord => ({
  id: r.id, issuerId: r.issuerId, issuerUnit: r.issuerUnit, scope: r.scope, text: r.text, requiresAck: r.requiresAck,
  scheduledAt: r.scheduledAt ? r.scheduledAt.getTime() : null, status: r.status as NoticeRecord['status'], groups: r.groups,
});

/** Household groups: chats bound to grids or villages within any of the areas (not their staff groups: issue 14). */
const householdChats = (areaCodes: string[]) => sql`
  select c.channel, c.external_id from chats c join areas a on a.code = c.area_code
  where a.level in ('grid', 'village') and c.role = 'household' and c.area_code in (
    with recursive sub(code) as (select unnest(${`{${areaCodes.join(',')}}`}::text[]) union select x.code from areas x join sub on x.parent_code = sub.code)
    select code from sub)`;

/** Creates the NoticeStore over a database or an open transaction. */
export function createNoticeStore(db: Db): NoticeStore {
  return {
    async create(n) {
      const [row] = await db.insert(notices).values({
        issuerId: n.issuerId, issuerUnit: n.issuerUnit, scope: toStorable(n.scope), text: toStorableText(n.text), requiresAck: n.requiresAck,
        scheduledAt: n.scheduledAt === null ? null : new Date(n.scheduledAt), status: n.status,
      }).returning({ id: notices.id });
      return row.id;
    },
    async get(id) {
      if (!Number.isSafeInteger(id) || id < 1 || id > 2_147_483_647) return null;
      const [row] = await db.select().from(notices).where(eq(notices.id, id)).for('update');
      return row ? toRecord(row) : null;
    },
    async setStatus(id, status, groups) {
      const now = new Date();
      await db.update(notices).set({
        status, ...(groups === undefined ? {} : { groups }),
        ...(status === 'sending' || status === 'scheduled' ? { confirmedAt: now } : {}), ...(status === 'cancelled' ? { cancelledAt: now } : {}),
      }).where(eq(notices.id, id));
    },
    async countGroups(areaCodes) {
      const result = await db.execute(sql`select channel, count(*)::int as n from (${householdChats(areaCodes)}) h group by channel`);
      return Object.fromEntries(rowsOf<{ channel: Channel; n: number }>(result).map((r) => [r.channel, Number(r.n)]));
    },
    async fanOut(notice, body, ackButton) {
      const ref = `notice:${notice.id}`;
      const buttons = ackButton ? JSON.stringify([[ackButton]]) : null;
      const result = await db.execute(sql`
        insert into outbox (channel, chat_id, message, ref, dedupe_key, priority)
        select h.channel, h.external_id,
          jsonb_strip_nulls(jsonb_build_object('channel', h.channel, 'chatId', h.external_id, 'text', ${body}::text, 'ref', ${ref}::text,
            'buttons', case when h.channel = 'telegram' then ${buttons}::jsonb end)),
          ${ref}, ${ref} || '@' || h.channel || ':' || h.external_id, 1
        from (${householdChats(notice.scope)}) h
        on conflict do nothing`);
      return (result as unknown as { rowCount?: number; affectedRows?: number }).rowCount ?? (result as unknown as { affectedRows?: number }).affectedRows ?? 0;
    },
    async due(now) {
      const rows = await db.select().from(notices).where(and(eq(notices.status, 'scheduled'), sql`${notices.scheduledAt} <= ${new Date(now)}`)).for('update', { skipLocked: true });
      return rows.map(toRecord);
    },
    async progress(id) {
      const ref = `notice:${id}`;
      const counts = rowsOf<{ status: string; n: number }>(await db.execute(sql`select status, count(*)::int as n from outbox where ref = ${ref} group by status`));
      const n = (s: string) => Number(counts.find((c) => c.status === s)?.n ?? 0);
      const failures = rowsOf<{ channel: Channel; chat_id: string; last_error: string | null }>(await db.execute(sql`
        select channel, chat_id, last_error from outbox where ref = ${ref} and status = 'failed' order by id limit 20`));
      const acks = rowsOf<{ area_code: string; groups: number; acked_groups: number; acks: number }>(await db.execute(sql`
        select c.area_code, count(distinct o.id)::int as groups, count(distinct o.id) filter (where k.person_id is not null)::int as acked_groups, count(k.person_id)::int as acks
        from outbox o join chats c on c.channel = o.channel and c.external_id = o.chat_id
        left join notice_acks k on k.notice_id = ${id} and k.channel = o.channel and k.chat_id = o.chat_id
        where o.ref = ${ref} group by c.area_code`));
      return {
        sent: n('sent'), pending: n('pending'), failed: n('failed'), cancelled: n('cancelled'),
        failures: failures.map((f) => ({ channel: f.channel, chatId: f.chat_id, reason: f.last_error ?? '' })),
        acksByArea: acks.map((a) => ({ areaCode: a.area_code, groups: Number(a.groups), ackedGroups: Number(a.acked_groups), acks: Number(a.acks) })),
      };
    },
    async stop(id) {
      const ref = `notice:${id}`;
      const stopped = rowsOf<{ id: number }>(await db.execute(sql`update outbox set status = 'cancelled' where ref = ${ref} and status = 'pending' returning id`)).length;
      const sent = rowsOf<{ channel: Channel; chat_id: string; provider_message_id: string | null }>(await db.execute(sql`
        select channel, chat_id, provider_message_id from outbox where ref = ${ref} and status = 'sent'`));
      return { stopped, sent: sent.map((s) => ({ channel: s.channel, chatId: s.chat_id, providerMessageId: s.provider_message_id })) };
    },
    async ack(noticeId, personId, channel, chatId) {
      // Only a notice that asks for acknowledgement and was delivered to this chat can be
      // acknowledged there: an `ack:` button made up for another (or no) notice changes nothing.
      if (!Number.isSafeInteger(noticeId) || noticeId < 1 || noticeId > 2_147_483_647) return false;
      const rows = rowsOf<{ notice_id: number }>(await db.execute(sql`
        insert into ${noticeAcks} (notice_id, person_id, channel, chat_id)
        select n.id, ${personId}, ${channel}, ${chatId} from ${notices} n
        where n.id = ${noticeId} and n.requires_ack
          and exists (select 1 from outbox o where o.ref = ${`notice:${noticeId}`} and o.channel = ${channel} and o.chat_id = ${chatId})
        on conflict do nothing returning notice_id`));
      return rows.length === 1;
    },
    async latestAckable(channel, chatId, since) {
      const rows = rowsOf<{ id: number }>(await db.execute(sql`
        select n.id from outbox o join notices n on o.ref = 'notice:' || n.id
        where o.channel = ${channel} and o.chat_id = ${chatId} and o.status = 'sent' and n.requires_ack and n.status <> 'cancelled' and o.sent_at >= ${new Date(since)}
        order by n.id desc limit 1`));
      return rows[0] ? Number(rows[0].id) : null;
    },
  };
}
