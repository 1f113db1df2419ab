/** The dialogs port on PostgreSQL: one open question per sender and chat (read locked in openInbound). */
import { and, eq } from 'drizzle-orm';
import type { DialogState } from '../../core/intake-dialog';
import type { DialogsPort } from '../../bots/ports';
import { toStorable, toStorableText } from '../../core/text-cut';
import type { Tx } from './requests.repository';
import { dialogSessions } from './schema';

export function createDialogsRepository(tx: Tx): DialogsPort {
  return {
    async save(channel, rawChatId, rawUserId, rawState: DialogState) {
      const [chatId, userId] = [rawChatId, rawUserId].map(toStorableText);
      const state = toStorable(rawState);
      const key = and(eq(dialogSessions.channel, channel), eq(dialogSessions.chatId, chatId), eq(dialogSessions.userId, userId));
      if (state.phase === 'idle') {
        await tx.delete(dialogSessions).where(key);
        return;
      }
      const expiresAt = new Date(state.expiresAt);
      await tx.insert(dialogSessions).values({ channel, chatId, userId, state, expiresAt })
        .onConflictDoUpdate({ target: [dialogSessions.channel, dialogSessions.chatId, dialogSessions.userId], set: { state, expiresAt } });
    },
  };
}
