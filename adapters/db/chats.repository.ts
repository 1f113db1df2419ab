/** The chats port on PostgreSQL: bindings of groups to areas and departments. */
import { eq } from 'drizzle-orm';
import type { Channel } from '../../core/model';
import type { ChatBinding, ChatsPort } from '../../bots/ports';
import { toStorable } from '../../core/text-cut';
import type { Tx } from './requests.repository';
import { chats } from './schema';

export function createChatsRepository(tx: Tx): ChatsPort {
  return {
    async bind(b: ChatBinding) {
      const values = toStorable({ channel: b.channel, externalId: b.chatId, areaCode: b.areaCode, departmentCode: b.departmentCode, title: b.title, role: b.role ?? 'household' });
      await tx.insert(chats).values(values).onConflictDoUpdate({ target: [chats.channel, chats.externalId], set: { areaCode: values.areaCode, departmentCode: values.departmentCode, title: values.title, role: values.role } });
    },
    async forQueue(queue) {
      if (queue.kind === 'supervisor') return [];
      const column = queue.kind === 'area' ? chats.areaCode : chats.departmentCode;
      const rows = await tx.select().from(chats).where(eq(column, queue.code));
      return rows.map((row) => ({ channel: row.channel as Channel, chatId: row.externalId, areaCode: row.areaCode, departmentCode: row.departmentCode, title: row.title, role: row.role }));
    },
  };
}
