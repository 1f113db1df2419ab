/**
 * Issue 19: webhook events into the outbox. Every event is written in the same statement as the
 * state change it reports (the unit of work's `write`), as one outbox row per subscriber on the
 * channel `webhook` — chat = the subscriber, dedupe key `webhook:<subscriber>:<event id>`, so a
 * subscriber gets each event id once, in order (its own lane), and intake never waits on a
 * receiver. The sender delivers them (adapters/webhooks); failed ones can be replayed.
 */
import { randomUUID } from 'node:crypto';
import { sql, type SQL } from 'drizzle-orm';
import { requestEventBody, webhookTypeOf, type WebhookBody } from '../../core/webhook-events';
import { toStorable } from '../../core/text-cut';
import type { Changes } from '../../bots/ports';
import type { WebhookDelivery, WebhookEmit, WebhooksPort } from '../../bots/ports/webhooks';
import type { Db } from './client';
import type { Tx } from './requests.repository';
import { rowsOf } from './sql-helpers';

/** One event to fan out to its subscribers. */
interface Pending {
  body: WebhookBody;
  requestId: number | null;
  areaCode: string | null;
  sensitive: boolean;
}

/**
 * The INSERT … SELECT of the events' deliveries: subscribers of the type, active, whose area
 * holds the request (the area tree is at most four levels: grid, village, township, county),
 * sensitive requests only to those that asked for them. `source.external_id` is joined in for
 * requests that came from another system. Null when nothing is to be sent.
 */
function deliveriesSql(events: Pending[]): SQL | null {
  if (events.length === 0) return null;
  const values = events.map((e) => sql`(${e.body.id}::text, ${e.body.type}::text, ${e.requestId}::int, ${e.areaCode}::text, ${e.sensitive}::boolean, ${JSON.stringify(toStorable(e.body))}::jsonb, ${events.indexOf(e)}::int)`);
  return sql`insert into outbox (channel, chat_id, message, ref, dedupe_key, priority)
    select 'webhook', s.id::text,
      jsonb_build_object('channel', 'webhook', 'chatId', s.id::text, 'ref', 'webhook:' || v.type, 'dedupeKey', 'webhook:' || s.id || ':' || v.event_id,
        'text', (case when o.external_id is null then v.body
          else jsonb_set(v.body, '{data,request,source}', jsonb_build_object('channel', 'open311', 'system', o.system, 'external_id', o.external_id)) end)::text),
      'webhook:' || v.type, 'webhook:' || s.id || ':' || v.event_id, 1
    from (values ${sql.join(values, sql`, `)}) as v(event_id, type, request_id, area_code, sensitive, body, n)
    join webhook_subscribers s on s.active and s.events @> jsonb_build_array(v.type) and (s.include_sensitive or not v.sensitive)
    left join areas a on a.code = v.area_code
    left join areas p on p.code = a.parent_code
    left join areas pp on pp.code = p.parent_code
    left join open311_requests o on o.request_id = v.request_id and not o.external_id like 'token:%'
    where s.area_code is null or s.area_code in (a.code, a.parent_code, p.parent_code, pp.parent_code)
    order by v.n, s.id
    on conflict do nothing`;
}

/**
 * The webhook deliveries of a unit of work's request events (created, moved, answered, resolved,
 * rated, reopened), for `write` to run in its statement; null when there are none.
 */
export function webhookRowsOf(changes: Changes): SQL | null {
  const latest = new Map([...changes.created, ...changes.updated].map((r) => [r.id, r]));
  const events: Pending[] = [];
  for (const event of changes.events) {
    const type = webhookTypeOf(event.type);
    const request = type ? latest.get(event.requestId) : undefined;
    if (!type || !request) continue;
    events.push({ body: requestEventBody(`evt_${randomUUID()}`, type, request, event), requestId: request.id, areaCode: request.areaCode, sensitive: request.sensitive });
  }
  return deliveriesSql(events);
}

/** The webhooks port of a transaction (events that are not request events: notice.sent). */
export function createWebhooksPort(tx: Tx): WebhooksPort {
  return {
    async emit(event: WebhookEmit) {
      const query = deliveriesSql([{ body: event.body, requestId: null, areaCode: event.areaCode, sensitive: false }]);
      if (query) await tx.execute(query);
    },
  };
}

/** Where the sender reaches each subscriber (looked up per delivery, cached for a few seconds). */
export function createWebhookTargets(db: Db, cacheMs = 5000): (subscriberId: number) => Promise<{ url: string; secret: string } | null> {
  const cache = new Map<number, { at: number; target: { url: string; secret: string } | null }>();
  return async (id) => {
    const hit = cache.get(id);
    if (hit && Date.now() - hit.at < cacheMs) return hit.target;
    if (!Number.isSafeInteger(id) || id < 1 || id > 2_147_483_647) return null;
    const result = await db.execute(sql`select url, secret from webhook_subscribers where id = ${id}`);
    const target = rowsOf<{ url: string; secret: string }>(result)[0] ?? null;
    if (cache.size > 10_000) cache.clear();
    cache.set(id, { at: Date.now(), target });
    return target;
  };
}

/** Deliveries as admins see and replay them. */
export function createWebhookDeliveries(db: Db) {
  return {
    /** A subscriber's deliveries, newest first (`status`: pending, sent, failed). */
    async list(subscriberId: number, options: { status?: WebhookDelivery['status']; limit: number; beforeId?: number }): Promise<WebhookDelivery[]> {
      const result = await db.execute(sql`select id, status, attempts, last_error, created_at, sent_at, next_attempt_at, message->>'text' as body, ref from outbox
        where channel = 'webhook' and chat_id = ${String(subscriberId)}
          ${options.status ? sql`and status = ${options.status}` : sql``} ${options.beforeId ? sql`and id < ${options.beforeId}` : sql``}
        order by id desc limit ${options.limit}`);
      return rowsOf<{ id: string | number; status: WebhookDelivery['status']; attempts: number; last_error: string | null; created_at: Date | string; sent_at: Date | string | null; next_attempt_at: Date | string; body: string; ref: string }>(result).map((r) => {
        const body = JSON.parse(r.body) as WebhookBody;
        return {
          id: Number(r.id), eventId: body.id, type: body.type, status: r.status, attempts: r.attempts, lastError: r.last_error,
          createdAt: new Date(r.created_at).getTime(), sentAt: r.sent_at === null ? null : new Date(r.sent_at).getTime(), nextAttemptAt: new Date(r.next_attempt_at).getTime(),
        };
      });
    },
    /**
     * Replays dead-lettered (failed) deliveries of a subscriber — all of them, or the given ones:
     * the same rows go back to pending with a fresh count of attempts, so an event is still
     * one delivery per subscriber. Returns how many.
     */
    async replay(subscriberId: number, ids?: number[]): Promise<number> {
      const only = ids && ids.length ? sql`and id in (${sql.join(ids.map((id) => sql`${id}`), sql`, `)})` : sql``;
      const result = await db.execute(sql`update outbox set status = 'pending', attempts = 0, next_attempt_at = now(), locked_until = null, last_error = null
        where channel = 'webhook' and chat_id = ${String(subscriberId)} and status = 'failed' ${only} returning id`);
      return rowsOf(result).length;
    },
  };
}

export type WebhookDeliveries = ReturnType<typeof createWebhookDeliveries>;
