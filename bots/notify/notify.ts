/**
 * Who hears about a request: its reporters (the reporter and co-reporters, each in the chat
 * they reported from), the staff groups of a queue, supervisors privately, and the leader of
 * a key case privately. Builds messages; nothing is sent here.
 */
import type { CitizenRequest, OutboundMessage, Queue } from '../../core/model';
import { ancestorAt } from '../../core/queue';
import type { BotDeps } from '../deps';
import type { Contact, StoreTx } from '../ports';

/** The same text to the reporter and every co-reporter, each mentioned in their own chat (never for a sensitive request). */
export function toReporters(request: CitizenRequest, text: string, extra: Partial<OutboundMessage> = {}): OutboundMessage[] {
  const origins = [request.origin, ...request.coReporters.map((c) => c.origin)];
  const seen = new Set<string>();
  return origins.filter((o) => {
    const key = `${o.channel}:${o.chatId}:${o.userId}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  }).map((o) => ({ channel: o.channel, chatId: o.chatId, text, mention: request.sensitive ? undefined : { userId: o.userId, name: o.name }, ...extra }));
}

/** The private chat of a contact: a Telegram user id, or the WeCom app's one-to-one chat. */
export function privateChat(contact: Contact): { channel: Contact['channel']; chatId: string } {
  return { channel: contact.channel, chatId: contact.channel === 'wecom' ? `app:${contact.externalId}` : contact.externalId };
}

/**
 * A notice to whoever works a queue: its bound staff groups; for the supervisor queue, the
 * supervisors of the request's county privately (a sensitive report never goes to a group).
 */
export async function toQueue(deps: BotDeps, tx: StoreTx, queue: Queue, request: CitizenRequest, text: string, options: { includeOrigin?: boolean } = {}): Promise<OutboundMessage[]> {
  if (queue.kind === 'supervisor') {
    const areas = deps.tree.ancestors(request.areaCode).map((a) => a.code);
    const supervisors = await tx.people.staffIn('supervisor', areas);
    const contacts = await tx.people.contactsOf(supervisors.map((s) => s.personId));
    return contacts.map((c) => ({ ...privateChat(c), text }));
  }
  const chats = await tx.chats.forQueue(queue);
  // A grid's own group is the household group: only a grid queue's staff hear there via status lines.
  return chats.filter((c) => options.includeOrigin || !(queue.kind === 'area' && c.chatId === request.origin.chatId)).map((c) => ({ channel: c.channel, chatId: c.chatId, text }));
}

/** A copy for the leader of a key case (包案), privately on every channel they use. */
export async function toLeader(tx: StoreTx, request: CitizenRequest, text: string): Promise<OutboundMessage[]> {
  if (!request.keyCase) return [];
  const contacts = await tx.people.contactsOf([request.keyCase.leaderId]);
  return contacts.map((c) => ({ ...privateChat(c), text }));
}

/** The township (or county) of a request's grid, for "已上报至XX街道" style names. */
export function townshipOf(deps: BotDeps, request: CitizenRequest): string {
  return ancestorAt(deps.tree, request.areaCode, 'township')?.name ?? '';
}
