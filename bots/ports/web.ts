/**
 * The web channel's own data (issue 17: reached through this port, not tables): the messages
 * shown in web chats, and the directory the playground offers — web groups and staff with a web id.
 */
import type { OutboundButton } from '../../core/model';

/** A message as the browser sees it. */
export interface WebChatMessage {
  id: number;
  chatId: string;
  senderId: string | null;
  senderName: string;
  text: string;
  buttons: OutboundButton[][] | null;
  image: string | null;
  mention: string | null;
  at: number;
}

/** A message to append to a web chat. */
export interface NewWebMessage {
  chatId: string;
  senderId: string | null;
  senderName: string;
  text: string;
  buttons?: OutboundButton[][] | null;
  /** A PNG as base64, or a whole data URL (JPEG, GIF, WebP from the blob store). */
  imagePng?: string | null;
  mention?: string | null;
}

/** A web group bound in the org file. */
export interface WebGroup {
  id: string;
  title: string | null;
  area: string | null;
  department: string | null;
}

/** A staff member with a web identity (the playground's 我是 list). */
export interface WebStaff {
  id: string;
  name: string;
  role: string;
  area: string | null;
  department: string | null;
}

export interface WebPort {
  append(message: NewWebMessage): Promise<WebChatMessage>;
  /** Messages of a chat after `afterId`, oldest first (the newest `limit`). */
  after(chatId: string, afterId: number, limit: number): Promise<WebChatMessage[]>;
  /** Deletes one message; false when the chat has no such message. */
  remove(chatId: string, id: number): Promise<boolean>;
  /** Web groups, by id. */
  groups(): Promise<WebGroup[]>;
  /** True when `chatId` is a bound web group. */
  isGroup(chatId: string): Promise<boolean>;
  /** Staff with a web identity (all, or the one with this web id), in org order. */
  staff(webId?: string): Promise<WebStaff[]>;
}
