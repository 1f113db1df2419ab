/**
 * The `open311` channel's sender (issue 19). A system that reports over Open311 has no chat to
 * speak to: the receipt and status lines minhu writes to a report's origin are recorded as
 * delivered here and go nowhere; the system hears by signed webhooks and reads GET requests.
 * (So they never pile up as failures of a channel that "is not configured".)
 */
import type { ChannelSender } from '../../../bots/ports';

/** A sender that accepts every `open311` message without sending it anywhere. */
export function createOpen311Channel(): ChannelSender {
  return { channel: 'open311', send: async () => ({ ok: true, providerMessageId: null }) };
}
