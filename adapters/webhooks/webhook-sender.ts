/**
 * The `webhook` channel's sender (issue 19): delivers an outbox row (chat = subscriber id, text =
 * the event's JSON) by POST to the subscriber's URL, signed (signature.ts), within a time limit.
 * 2xx is delivered; anything else — an error status, a redirect, a time-out, a refused
 * connection — is retried by the outbox with backoff and dead-lettered (status failed) after the
 * channel's attempts; `replay` brings it back. The receiver dedupes on `Minhu-Event-Id`.
 */
import type { ChannelSender, SendResult } from '../../bots/ports';
import { SIGNATURE_HEADER, signWebhook } from './signature';

/** Where and how to reach a subscriber. */
export interface WebhookTarget {
  url: string;
  secret: string;
}

export interface WebhookSenderOptions {
  /** Looks up a subscriber by id (null: gone — its deliveries are given up). */
  target: (subscriberId: number) => Promise<WebhookTarget | null>;
  /** Time limit of one delivery. (default: 5000) */
  timeoutMs?: number;
  /** Attempts before a delivery is dead-lettered. (default: 12 — about 18 minutes of backoff) */
  maxAttempts?: number;
  /** The clock, in ms. (default: Date.now) */
  now?: () => number;
}

export function createWebhookSender(options: WebhookSenderOptions): ChannelSender {
  const timeoutMs = options.timeoutMs ?? 5000;
  const now = options.now ?? Date.now;
  return {
    channel: 'webhook',
    maxAttempts: options.maxAttempts ?? 12,
    async send(message): Promise<SendResult> {
      const target = await options.target(Number(message.chatId));
      if (!target) return { ok: false, retry: false, error: `webhook subscriber ${message.chatId} no longer exists` };
      const body = message.text;
      let event: { id?: string; type?: string } = {};
      try {
        event = JSON.parse(body) as typeof event;
      } catch {
        return { ok: false, retry: false, error: 'not a webhook event body' };
      }
      try {
        const res = await fetch(target.url, {
          method: 'POST',
          redirect: 'manual',
          signal: AbortSignal.timeout(timeoutMs),
          headers: {
            'content-type': 'application/json; charset=utf-8',
            'user-agent': 'minhu-webhooks/1',
            [SIGNATURE_HEADER]: signWebhook(target.secret, body, Math.floor(now() / 1000)),
            'Minhu-Event-Id': String(event.id ?? ''),
            'Minhu-Event-Type': String(event.type ?? ''),
          },
          body,
        });
        await res.arrayBuffer().catch(() => undefined); // drain, so the connection is reused
        if (res.status >= 200 && res.status < 300) return { ok: true, providerMessageId: null };
        return { ok: false, retry: true, error: `receiver answered HTTP ${res.status}` };
      } catch (e) {
        const error = e instanceof Error && e.name === 'TimeoutError' ? `no answer within ${timeoutMs} ms` : `could not reach the receiver: ${e instanceof Error ? e.message : String(e)}`;
        return { ok: false, retry: true, error };
      }
    },
  };
}
