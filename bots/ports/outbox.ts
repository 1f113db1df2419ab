/** The outbox as the sender drains it, and the one seam per channel for sending. */
import type { Channel, OutboundMessage } from '../../core/model';

/** An outbox row taken for sending. */
export interface OutboxItem {
  id: number;
  attempts: number;
  message: OutboundMessage;
  /** The route an earlier attempt recorded (see SendAttempt), or null. */
  route?: string | null;
}

/** The outbox as the sender sees it. */
export interface Outbox {
  /**
   * Takes up to `limit` due rows under a lease of `leaseMs`, replies before bulk, oldest first —
   * at most the head of each lane (chat + the user a message is for), so one flooded recipient
   * never holds up another's replies and each lane keeps its order across processes. With
   * `channels`, only rows of those channels (issue 16: the ones whose lease this instance holds).
   */
  take(limit: number, leaseMs: number, channels?: Channel[]): Promise<OutboxItem[]>;
  markSent(id: number, providerMessageId: string | null): Promise<void>;
  markRetry(id: number, at: Date, error: string): Promise<void>;
  markFailed(id: number, error: string): Promise<void>;
  /** Records the route an attempt is about to take, before it sends. */
  markRoute(id: number, route: string): Promise<void>;
  /** Gives taken rows back untouched (the attempt is not counted), due again at `at`: the chat is at its rate. */
  defer(ids: number[], at: Date): Promise<void>;
}

/**
 * One logical message is one outbox row (one dedupe key), whatever route it ends up on: a
 * channel with several routes (WeCom: response_url, group robot …) records the route before
 * sending on it, and a retry of the row — even after a crash — keeps that route instead of
 * trying another one that would deliver the message a second time.
 */
export interface SendAttempt {
  /** The route an earlier attempt of this row recorded, or null on the first attempt. */
  route: string | null;
  /** Records `route` for this row (committed before it resolves). */
  claimRoute(route: string): Promise<void>;
}

/** How a channel send ended. */
export type SendResult =
  | { ok: true; providerMessageId: string | null }
  | {
    ok: false; retry: boolean; retryAfterMs?: number; error: string; /** The channel's error code for metrics ("429", "45009", "network"). */ code?: string;
    /** `retryAfterMs` holds for this chat only (a group robot at its own limit), not the whole channel. */ chatOnly?: boolean;
  };

/** One seam per channel for sending. */
export interface ChannelSender {
  channel: Channel;
  /** Attempts before this channel's rows are given up, when not the sender's default (issue 19: webhooks retry longer). */
  maxAttempts?: number;
  send(message: OutboundMessage, attempt?: SendAttempt): Promise<SendResult>;
}
