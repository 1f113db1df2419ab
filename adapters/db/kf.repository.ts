/**
 * The kf port on PostgreSQL (issue 12): cursor leases, service windows, kf households, links and
 * the outbox rows of kf messages. Times are the database's (`now()`), so several processes agree.
 */
import { and, eq, sql } from 'drizzle-orm';
import type { KfHousehold, KfPort } from '../../bots/ports/kf';
import type { OutboundMessage } from '../../core/model';
import { toStorableText } from '../../core/text-cut';
import { cleanInbound } from '../channels/inbound-text';
import type { Tx } from './requests.repository';
import { identities, kfLinks, outbox, people } from './schema';
import { rowsOf } from './sql-helpers';

const ms = (n: number) => sql`(${Math.round(n)}::bigint * interval '1 millisecond')`;

export function createKfRepository(tx: Tx): KfPort {
  const household = async (identity: string): Promise<KfHousehold | null> => {
    const [row] = await tx.select({ id: people.id, name: people.name, area: people.areaCode }).from(identities)
      .innerJoin(people, eq(people.id, identities.personId))
      .where(and(eq(identities.channel, 'wecom'), eq(identities.externalId, toStorableText(identity))));
    return row ? { personId: row.id, name: row.name, areaCode: row.area } : null;
  };
  return {
    async noteEvent(openKfid, token) {
      await tx.execute(sql`
        insert into kf_cursors (open_kfid, token, token_at, wanted) values (${openKfid}, ${token}, now(), 1)
        on conflict (open_kfid) do update set token = coalesce(excluded.token, kf_cursors.token),
          token_at = case when excluded.token is null then kf_cursors.token_at else now() end, wanted = kf_cursors.wanted + 1`);
    },
    async takeLease(openKfid, owner, leaseMs) {
      await tx.execute(sql`insert into kf_cursors (open_kfid) values (${openKfid}) on conflict do nothing`);
      const result = await tx.execute(sql`
        update kf_cursors set lease_owner = ${owner}, lease_until = now() + ${ms(leaseMs)}
        where open_kfid = ${openKfid} and (lease_until is null or lease_until < now() or lease_owner = ${owner})
        returning cursor, case when token_at > now() - interval '9 minutes' then token end as token, wanted`);
      const row = rowsOf<{ cursor: string; token: string | null; wanted: string | number }>(result)[0];
      return row ? { cursor: row.cursor, token: row.token, wanted: Number(row.wanted) } : null;
    },
    async advance(openKfid, owner, from, next, leaseMs) {
      const result = await tx.execute(sql`
        update kf_cursors set cursor = ${next}, lease_until = now() + ${ms(leaseMs)}
        where open_kfid = ${openKfid} and lease_owner = ${owner} and cursor = ${from} returning 1 as ok`);
      return rowsOf(result).length === 1;
    },
    async finish(openKfid, owner, wanted) {
      const result = await tx.execute(sql`
        update kf_cursors set done = greatest(done, ${wanted}), lease_owner = null, lease_until = null, synced_at = now(), last_error = null
        where open_kfid = ${openKfid} and lease_owner = ${owner} returning wanted > done as more`);
      return rowsOf<{ more: boolean }>(result)[0]?.more ?? false;
    },
    async release(openKfid, owner, error) {
      await tx.execute(sql`update kf_cursors set lease_owner = null, lease_until = null, last_error = ${error.slice(0, 500)}
        where open_kfid = ${openKfid} and lease_owner = ${owner}`);
    },
    async due() {
      const result = await tx.execute(sql`select open_kfid from kf_cursors where wanted > done and (lease_until is null or lease_until < now())`);
      return rowsOf<{ open_kfid: string }>(result).map((r) => r.open_kfid);
    },
    async keep(message) {
      const safe = cleanInbound(message);
      const result = await tx.execute(sql`
        insert into inbox (channel, message_id, message) values (${safe.channel}, ${safe.messageId}, ${JSON.stringify(safe)}::jsonb)
        on conflict do nothing returning id`);
      return rowsOf(result).length === 1;
    },
    async firstTime(key) {
      const result = await tx.execute(sql`insert into processed_messages (channel, message_id) values ('wecom', ${toStorableText(key)}) on conflict do nothing returning 1 as fresh`);
      return rowsOf(result).length === 1;
    },

    async noteIncoming(openKfid, externalUserId, at) {
      // Never in the future: a clock ahead at WeCom must not stretch the window. send_time has whole
      // seconds, so a newer message in the same second as the last one reopens the count too.
      await tx.execute(sql`
        insert into kf_windows (open_kfid, external_userid, last_in_at, sent) values (${openKfid}, ${externalUserId}, least(${new Date(at)}::timestamptz, now()), 0)
        on conflict (open_kfid, external_userid) do update set
          sent = case when excluded.last_in_at >= kf_windows.last_in_at then 0 else kf_windows.sent end,
          last_in_at = greatest(kf_windows.last_in_at, excluded.last_in_at)`);
    },
    async reserve(openKfid, externalUserId, windowMs, max) {
      const result = await tx.execute(sql`
        update kf_windows set sent = sent + 1
        where open_kfid = ${openKfid} and external_userid = ${externalUserId} and last_in_at > now() - ${ms(windowMs)} and sent < ${max}
        returning sent`);
      return rowsOf(result).length === 1;
    },
    async closeWindow(openKfid, externalUserId) {
      await tx.execute(sql`update kf_windows set sent = greatest(sent, 1000000) where open_kfid = ${openKfid} and external_userid = ${externalUserId}`);
    },
    async isOpen(openKfid, externalUserId, windowMs, max) {
      const result = await tx.execute(sql`select 1 as ok from kf_windows
        where open_kfid = ${openKfid} and external_userid = ${externalUserId} and last_in_at > now() - ${ms(windowMs)} and sent < ${max}`);
      return rowsOf(result).length === 1;
    },

    household,
    async bindHousehold(identity, name, areaCode) {
      const storable = toStorableText(identity);
      const known = await household(identity);
      if (known) {
        if (known.areaCode || !areaCode) return known;
        await tx.update(people).set({ areaCode }).where(and(eq(people.id, known.personId), sql`${people.areaCode} is null`));
        return { ...known, areaCode };
      }
      // Two first messages at once: the loser's person row is removed and the winner's used.
      const [p] = await tx.insert(people).values({ name: toStorableText(name), role: 'household', areaCode }).returning({ id: people.id });
      const claimed = await tx.insert(identities).values({ channel: 'wecom', externalId: storable, personId: p.id }).onConflictDoNothing().returning({ id: identities.personId });
      if (claimed.length) return { personId: p.id, name, areaCode };
      await tx.delete(people).where(eq(people.id, p.id));
      return (await household(identity))!;
    },
    async identityOf(personId) {
      const [row] = await tx.select({ id: identities.externalId }).from(identities)
        .where(and(eq(identities.personId, personId), eq(identities.channel, 'wecom'), sql`${identities.externalId} like 'ext:%'`)).limit(1);
      return row?.id ?? null;
    },

    async link(openKfid, areaCode) {
      const [row] = await tx.select({ url: kfLinks.url }).from(kfLinks).where(and(eq(kfLinks.openKfid, openKfid), eq(kfLinks.areaCode, areaCode)));
      return row?.url ?? null;
    },
    async saveLink(openKfid, areaCode, scene, url) {
      await tx.insert(kfLinks).values({ openKfid, areaCode, scene, url }).onConflictDoNothing();
      const [row] = await tx.select({ url: kfLinks.url }).from(kfLinks).where(and(eq(kfLinks.openKfid, openKfid), eq(kfLinks.areaCode, areaCode)));
      return row.url;
    },
    async links(openKfid) {
      const rows = await tx.select().from(kfLinks).where(eq(kfLinks.openKfid, openKfid));
      return new Map(rows.map((r) => [r.areaCode, r.url]));
    },
    async areaOfScene(openKfid, scene) {
      const [row] = await tx.select({ area: kfLinks.areaCode }).from(kfLinks).where(and(eq(kfLinks.openKfid, openKfid), eq(kfLinks.scene, scene)));
      return row?.area ?? null;
    },

    async sentRow(chatId, providerMessageId) {
      const [row] = await tx.select({ id: outbox.id, status: outbox.status, message: outbox.message }).from(outbox)
        .where(and(eq(outbox.channel, 'wecom'), eq(outbox.chatId, chatId), eq(outbox.providerMessageId, providerMessageId))).limit(1);
      return row ? { id: row.id, status: row.status, message: row.message as OutboundMessage } : null;
    },
    async markRerouted(id, note, failed) {
      await tx.update(outbox).set({ route: 'kf-failed', lastError: note.slice(0, 500), ...(failed ? { status: 'failed' } : {}) }).where(eq(outbox.id, id));
    },
  };
}
