/** The web channel's messages and directory on PostgreSQL (`web_messages`, `chats`, `identities`). */
import { and, asc, desc, eq, gt } from 'drizzle-orm';
import type { WebChatMessage, WebPort } from '../../bots/ports';
import type { Tx } from './requests.repository';
import { chats, identities, people, webMessages } from './schema';

const toMessage = (r: typeof webMessages.$inferSelect): WebChatMessage => ({
  id: r.id, chatId: r.chatId, senderId: r.senderId, senderName: r.senderName, text: r.text, buttons: r.buttons ?? null,
  // issue 13: photos from the blob store are kept as whole data URLs (JPEG, GIF, WebP as well as PNG).
  image: r.imagePng ? (r.imagePng.startsWith('data:') ? r.imagePng : `data:image/png;base64,${r.imagePng}`) : null, mention: r.mention, at: r.createdAt.getTime(),
});

export function createWebRepository(tx: Tx): WebPort {
  return {
    async append(m) {
      const [row] = await tx.insert(webMessages).values({
        chatId: m.chatId, senderId: m.senderId, senderName: m.senderName, text: m.text, buttons: m.buttons ?? null, imagePng: m.imagePng ?? null, mention: m.mention ?? null,
      }).returning();
      return toMessage(row);
    },
    async after(chatId, afterId, limit) {
      const rows = await tx.select().from(webMessages).where(and(eq(webMessages.chatId, chatId), gt(webMessages.id, afterId))).orderBy(desc(webMessages.id)).limit(limit);
      return rows.reverse().map(toMessage);
    },
    async remove(chatId, id) {
      const gone = await tx.delete(webMessages).where(and(eq(webMessages.chatId, chatId), eq(webMessages.id, id))).returning({ id: webMessages.id });
      return gone.length > 0;
    },
    async groups() {
      return tx.select({ id: chats.externalId, title: chats.title, area: chats.areaCode, department: chats.departmentCode })
        .from(chats).where(eq(chats.channel, 'web')).orderBy(asc(chats.externalId));
    },
    async isGroup(chatId) {
      return (await tx.select({ id: chats.externalId }).from(chats).where(and(eq(chats.channel, 'web'), eq(chats.externalId, chatId)))).length > 0;
    },
    async staff(webId) {
      return tx.select({ id: identities.externalId, name: people.name, role: people.role, area: people.areaCode, department: people.departmentCode })
        .from(identities).innerJoin(people, eq(people.id, identities.personId))
        .where(and(eq(identities.channel, 'web'), webId === undefined ? undefined : eq(identities.externalId, webId))).orderBy(asc(people.id));
    },
  };
}
