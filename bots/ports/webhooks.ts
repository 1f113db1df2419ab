/**
 * Issue 19: signed webhooks out. Request events are turned into deliveries by the unit of work
 * itself (`StoreTx.write`); this port emits the others (notice.sent) in the same transaction.
 */
import type { WebhookBody, WebhookEventType } from '../../core/webhook-events';

/** An event that is not a request's timeline event. */
export interface WebhookEmit {
  body: WebhookBody;
  /** Subscribers limited to an area hear it only when this lies within it (null: only unlimited ones). */
  areaCode: string | null;
}

export interface WebhooksPort {
  /** Queues the event for its subscribers (idempotent on the event id). */
  emit(event: WebhookEmit): Promise<void>;
}

/** One delivery of an event to a subscriber, as admins see it. */
export interface WebhookDelivery {
  id: number;
  eventId: string;
  type: WebhookEventType;
  /** pending (waiting or retrying), sent (answered 2xx), failed (dead-lettered after the last attempt). */
  status: 'pending' | 'sent' | 'failed' | 'cancelled';
  attempts: number;
  lastError: string | null;
  createdAt: number;
  sentAt: number | null;
  nextAttemptAt: number;
}

/** A webhook subscriber as listed (the secret only when it was just created). */
export interface WebhookSubscriber {
  id: number;
  name: string;
  url: string;
  events: string[];
  areaCode: string | null;
  includeSensitive: boolean;
  active: boolean;
  secret?: string;
}

/** Admins managing subscribers through /api/v1 (outside a unit of work). */
export interface WebhookSubscribers {
  listSubscribers(): Promise<WebhookSubscriber[]>;
  addSubscriber(input: { name: string; url: string; events: string[]; areaCode?: string | null; includeSensitive?: boolean }): Promise<WebhookSubscriber>;
}

/** A subscriber's deliveries, and sending dead-lettered ones again. */
export interface WebhookDeliveryLog {
  list(subscriberId: number, options: { status?: WebhookDelivery['status']; limit: number; beforeId?: number }): Promise<WebhookDelivery[]>;
  replay(subscriberId: number, ids?: number[]): Promise<number>;
}
