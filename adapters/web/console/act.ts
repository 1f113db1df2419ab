/**
 * How the console acts: as the signed-in person, through the chat. A console action is sent as
 * the chat command (`认领 12`, `派单 12 住建局 …`) in the person's own web chat, so it passes the
 * same parser, permission table and lifecycle as in WeCom or Telegram; minhu's answers come back
 * in that chat and are shown on the next page.
 */
import { randomUUID } from 'node:crypto';
import type { InboundMessage } from '../../../core/model';
import type { WebChats } from '../web-chat';
import type { ConsoleUser } from './session';

/** Sends `text` as `user` and waits (at most `waitMs`) for minhu's first answer; returns the chat message id to show answers after. */
export type Act = (user: ConsoleUser, text: string, waitMs?: number) => Promise<number | null>;

export function createAct(webChats: WebChats, handle: (msg: InboundMessage) => Promise<void>): Act {
  return async (user, text, waitMs = 2000) => {
    let first: number | null = null;
    let wake = () => {};
    const answered = new Promise<void>((resolve) => (wake = resolve));
    const unwatch = webChats.watch(user.webId, (e) => {
      if (e.type === 'message' && e.message.senderId === null && first === null) {
        first = e.message.id;
        wake();
      }
    });
    let timer: NodeJS.Timeout | undefined;
    try {
      await handle({
        channel: 'web', messageId: randomUUID(), chatId: user.webId, chatType: 'private', senderId: user.webId, senderName: user.actor.name,
        text, addressed: true, sourceMessageId: null, replyToMessageId: null, buttonData: null, photo: null, kind: 'text', at: Date.now(),
      });
      await Promise.race([answered, new Promise<void>((resolve) => (timer = setTimeout(resolve, waitMs)))]);
    } finally {
      clearTimeout(timer);
      unwatch();
    }
    return first === null ? null : first - 1;
  };
}

/** minhu's answers in the person's own web chat after message `since`. */
export async function answersSince(webChats: WebChats, user: ConsoleUser, since: number): Promise<string[]> {
  return (await webChats.history(user.webId, since)).filter((m) => m.senderId === null).map((m) => m.text);
}
