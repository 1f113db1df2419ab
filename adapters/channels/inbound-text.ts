/**
 * Makes inbound channel text safe to store: PostgreSQL refuses NUL in text and jsonb, and a
 * lone UTF-16 surrogate in jsonb, so one such message would fail its whole transaction on
 * every redelivery. Applied at every channel edge before a message enters minhu.
 */
import type { InboundMessage } from '../../core/model';

const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g;
// C0 controls other than tab, newline and carriage return carry no meaning in a chat message.
// eslint-disable-next-line no-control-regex
const CONTROL = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F]/g;

/** Replaces lone surrogates with U+FFFD and removes NUL and other control characters. */
export function cleanInboundText(text: string): string {
  return text.replace(LONE_SURROGATE, '\uFFFD').replace(CONTROL, '');
}

/** Cleans every text field of a normalised message (ids included: they are stored too). */
export function cleanInbound(msg: InboundMessage): InboundMessage {
  const out: Record<string, unknown> = { ...msg };
  for (const [key, value] of Object.entries(out)) if (typeof value === 'string') out[key] = cleanInboundText(value);
  return out as unknown as InboundMessage;
}

/** A payload as bounded, JSON-escaped text that any text column accepts (for dead letters). */
export function toPayloadText(payload: unknown, maxChars = 65_536): string {
  let text: string;
  try {
    text = typeof payload === 'string' ? JSON.stringify(payload) : JSON.stringify(payload) ?? String(payload);
  } catch {
    text = String(payload);
  }
  text = cleanInboundText(text);
  return text.length <= maxChars ? text : cleanInboundText(text.slice(0, maxChars));
}
