/** Outgoing messages as use cases see them inside a transaction (the sender's side is `Outbox`). */
import type { Channel, OutboundMessage } from '../../core/model';

export interface MessagesPort {
  /** Queues messages and returns the dedupe keys that were new (not queued before). */
  enqueueNew(messages: OutboundMessage[]): Promise<Set<string>>;
  /** True when a message with `ref` was queued to this chat since `since` (rate limits on prompts). */
  recentlyQueued(channel: Channel, chatId: string, ref: string, since: number): Promise<boolean>;
  /** The `ref` of a message minhu sent, found by its provider message id. */
  findSentRef(channel: Channel, chatId: string, providerMessageId: string): Promise<string | null>;
}
