/**
 * Issue 19: the events other systems can subscribe to, and what each carries. Pure: which
 * timeline events are which webhook event, and the JSON body of one (an allow-list: no reporter,
 * no phone; texts with personal numbers masked). The event id and the time are the caller's.
 */
import { CATEGORY_NAMES } from './categories';
import type { CitizenRequest, RequestEvent, RequestEventType } from './model';
import { locationOf, open311Status, updatedAt } from './open311';
import { maskPersonalData } from './privacy/mask';

export const WEBHOOK_EVENT_TYPES = ['request.created', 'request.moved', 'request.answered', 'request.resolved', 'request.rated', 'request.reopened', 'notice.sent'] as const;
export type WebhookEventType = (typeof WEBHOOK_EVENT_TYPES)[number];

/** The webhook event a timeline event is, if any (claims, attachments, corrections … are not sent). */
const OF_TIMELINE: Partial<Record<RequestEventType, WebhookEventType>> = {
  submitted: 'request.created',
  escalated: 'request.moved', dispatched: 'request.moved', transferred: 'request.moved', returned: 'request.moved', whistled: 'request.moved',
  answered: 'request.answered',
  resolved: 'request.resolved',
  rated: 'request.rated',
  reopened: 'request.reopened',
};

export function webhookTypeOf(type: RequestEventType): WebhookEventType | null {
  return OF_TIMELINE[type] ?? null;
}

/** A webhook event as delivered: `{id, type, created_at, data}`. */
export interface WebhookBody {
  id: string;
  type: WebhookEventType;
  created_at: string;
  data: Record<string, unknown>;
}

const iso = (ms: number | null) => (ms === null ? null : new Date(ms).toISOString());

/** The request as webhooks show it (the subscriber is a trusted system, yet gets no personal data). */
export function webhookRequest(r: CitizenRequest): Record<string, unknown> {
  const geo = locationOf(r.photos);
  return {
    id: r.id, status: r.status, open311_status: open311Status(r.status), category: r.category, service_name: CATEGORY_NAMES[r.category].zh,
    area_code: r.areaCode, queue: `${r.queue.kind}:${r.queue.code}`, urgent: r.urgent, sensitive: r.sensitive,
    place: r.place === null ? null : maskPersonalData(r.place), lat: geo?.lat ?? null, long: geo?.lng ?? null, detail: maskPersonalData(r.detail),
    rating: r.rating, reopen_count: r.reopenCount, created_at: iso(r.createdAt), updated_at: iso(updatedAt(r)),
    claim_due_at: iso(r.claimDueAt), answer_due_at: iso(r.answerDueAt), resolve_due_at: iso(r.resolveDueAt),
    claimed_at: iso(r.claimedAt), answered_at: iso(r.answeredAt), resolved_at: iso(r.resolvedAt), closed_at: iso(r.closedAt),
    source: { channel: r.origin.channel },
  };
}

/** The body of a request event; `source.external_id` is added where the request came from another system. */
export function requestEventBody(id: string, type: WebhookEventType, request: CitizenRequest, event: RequestEvent): WebhookBody {
  return {
    id, type, created_at: new Date(event.at).toISOString(),
    data: {
      request: webhookRequest(request),
      event: { type: event.type, at: new Date(event.at).toISOString(), from_status: event.fromStatus, to_status: event.toStatus, note: event.note === null ? null : maskPersonalData(event.note), from_queue: event.fromQueue ?? null, to_queue: event.toQueue ?? null },
    },
  };
}

/**
 * notice.sent: a notice began going out to its household groups. Its id is fixed per notice, so
 * a resumed fan-out sends it once. Only subscribers without an area limit hear it.
 */
export function noticeSentEvent(notice: { id: number; issuerUnit: string; scope: string[]; text: string; requiresAck: boolean }, groups: number, now: number): { body: WebhookBody; areaCode: null } {
  return {
    body: {
      id: `evt_notice_${notice.id}_sent`, type: 'notice.sent', created_at: new Date(now).toISOString(),
      data: { notice: { id: notice.id, issuer_unit: notice.issuerUnit, scope: notice.scope, text: maskPersonalData(notice.text), requires_ack: notice.requiresAck, groups } },
    },
    areaCode: null,
  };
}
