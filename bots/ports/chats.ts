/** The chats aggregate: which group belongs to which grid, unit or department. */
import type { Channel, Queue } from '../../core/model';

/** A chat's binding to an area (grid) or a department. */
export interface ChatBinding {
  channel: Channel;
  chatId: string;
  areaCode: string | null;
  departmentCode: string | null;
  title: string | null;
  /** Passive detection is on in this group. */
  passive?: boolean;
  /** issue 14: a unit's working group (`staff`) or a group of households (default: household). */
  role?: 'household' | 'staff';
}

export interface ChatsPort {
  /** Binds (or re-binds) a chat. */
  bind(binding: ChatBinding): Promise<void>;
  /** Group chats bound to a queue (an area's or a department's group), with their role. */
  forQueue(queue: Queue): Promise<ChatBinding[]>;
}
