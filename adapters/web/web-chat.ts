/**
 * The web channel's chats: every message shown in a web chat is a row of web_messages; a hub
 * pushes new rows to the browsers watching that chat (server-sent events). The channel's
 * sender writes minhu's messages here, so they go through the same outbox as WeCom and Telegram.
 */
import { EventEmitter } from 'node:events';
import type { OutboundButton, OutboundMessage } from '../../core/model';
import type { ChannelSender, SendResult, Store, WebChatMessage } from '../../bots/ports';
import { shaOfRef, type BlobStore } from '../../bots/ports/blobs';

export type { WebChatMessage } from '../../bots/ports';

export type WebChatEvent = { type: 'message'; message: WebChatMessage } | { type: 'delete'; chatId: string; id: number };

export const BOT_NAME = '民呼';

export interface WebChats {
  /** Appends a message and tells the watchers. */
  post(message: { chatId: string; senderId: string | null; senderName: string; text: string; buttons?: OutboundButton[][] | null; imagePng?: string | null; mention?: string | null }): Promise<WebChatMessage>;
  /** Messages of a chat after `afterId`, oldest first (at most `limit`, the newest ones). */
  history(chatId: string, afterId: number, limit?: number): Promise<WebChatMessage[]>;
  remove(chatId: string, id: number): Promise<boolean>;
  /** Calls `listener` for every new event of `chatId`; returns the unsubscribe function. */
  watch(chatId: string, listener: (event: WebChatEvent) => void): () => void;
  sender: ChannelSender;
}

export function createWebChats(store: Store, blobs?: BlobStore): WebChats {
  const hub = new EventEmitter();
  hub.setMaxListeners(0);
  const chats: WebChats = {
    async post(m) {
      const message = await store.transaction((tx) => tx.web.append(m));
      hub.emit(m.chatId, { type: 'message', message } satisfies WebChatEvent);
      return message;
    },
    async history(chatId, afterId, limit = 200) {
      return store.transaction((tx) => tx.web.after(chatId, afterId, limit));
    },
    async remove(chatId, id) {
      const gone = await store.transaction((tx) => tx.web.remove(chatId, id));
      if (gone) hub.emit(chatId, { type: 'delete', chatId, id } satisfies WebChatEvent);
      return gone;
    },
    watch(chatId, listener) {
      hub.on(chatId, listener);
      return () => void hub.off(chatId, listener);
    },
    sender: {
      channel: 'web',
      async send(message: OutboundMessage): Promise<SendResult> {
        if (message.deleteMessageId) {
          const removed = await chats.remove(message.chatId, Number(message.deleteMessageId));
          return removed ? { ok: true, providerMessageId: null } : { ok: false, retry: false, error: 'message not found' };
        }
        if (message.attachments?.length) {
          // issue 13: one chat message per stored photo, the first with the caption.
          let first: number | null = null;
          for (const ref of message.attachments) {
            const sha = shaOfRef(ref);
            const blob = sha && blobs ? await blobs.get(sha) : null;
            if (!blob || !blob.mime.startsWith('image/')) continue;
            const posted = await chats.post({ chatId: message.chatId, senderId: null, senderName: BOT_NAME, text: first === null ? message.text : '', imagePng: `data:${blob.mime};base64,${blob.bytes.toString('base64')}` });
            first ??= posted.id;
          }
          return { ok: true, providerMessageId: first === null ? null : String(first) }; // voice only: nothing to show
        }
        const posted = await chats.post({
          chatId: message.chatId, senderId: null, senderName: BOT_NAME, text: message.text, buttons: message.buttons ?? null,
          imagePng: message.image?.pngBase64 ?? null, mention: message.mention?.name ?? null,
        });
        return { ok: true, providerMessageId: String(posted.id) };
      },
    },
  };
  return chats;
}
