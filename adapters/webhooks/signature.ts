/**
 * The webhook signature (issue 19), in the manner of Stripe's: the header
 * `Minhu-Signature: t=<unix seconds>,v1=<hex HMAC-SHA256(secret, "<t>.<raw body>")>`. A receiver
 * recomputes the HMAC over the raw body it received, compares in constant time, and refuses a
 * timestamp older than its tolerance (5 minutes), which stops replays of a captured delivery.
 */
import { createHmac, timingSafeEqual } from 'node:crypto';

export const SIGNATURE_HEADER = 'Minhu-Signature';

/** The header value for `body` signed at `timestamp` (unix seconds). */
export function signWebhook(secret: string, body: string, timestamp: number): string {
  return `t=${timestamp},v1=${createHmac('sha256', secret).update(`${timestamp}.${body}`).digest('hex')}`;
}

/**
 * Checks a delivery as a receiver should: the signature over the raw body, and the timestamp
 * within `toleranceSeconds` of `now` (unix seconds). Any `v1` in the header may match (key rotation).
 */
export function verifyWebhook(secret: string, body: string, header: string | undefined, now = Math.floor(Date.now() / 1000), toleranceSeconds = 300): boolean {
  const parts = (header ?? '').split(',').map((p) => p.trim().split('='));
  const t = Number(parts.find(([k]) => k === 't')?.[1]);
  if (!Number.isSafeInteger(t) || Math.abs(now - t) > toleranceSeconds) return false;
  const expected = createHmac('sha256', secret).update(`${t}.${body}`).digest();
  return parts.filter(([k, v]) => k === 'v1' && /^[0-9a-f]{64}$/.test(v ?? '')).some(([, v]) => timingSafeEqual(Buffer.from(v, 'hex'), expected));
}
