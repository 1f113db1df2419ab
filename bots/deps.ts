/** What the use cases are wired with (bots/main builds it from config and adapters). */
import type { DialogOptions } from '../core/intake-dialog';
import type { InboundMessage, OutboundMessage } from '../core/model';
import type { OrgTree } from '../core/org-tree';
import type { MessageContext } from '../core/request-messages';
import type { SlaLimits } from '../core/sla-policy';
import type { Clock, Store } from './ports';

export interface BotDeps {
  store: Store;
  tree: OrgTree;
  clock: Clock;
  sla: SlaLimits;
  dialog: DialogOptions;
  messages: MessageContext;
  /** Called after a transaction queued messages, so the sender can start at once. */
  onQueued?: () => void;
}

/** A reply in the chat a message came from, addressed to its sender. */
export function replyTo(msg: InboundMessage, text: string, extra: Partial<OutboundMessage> = {}): OutboundMessage {
  return {
    channel: msg.channel,
    chatId: msg.chatId,
    text,
    mention: msg.chatType === 'group' ? { userId: msg.senderId, name: msg.senderName } : undefined,
    replyTo: msg.sourceMessageId ?? undefined,
    ...extra,
  };
}
