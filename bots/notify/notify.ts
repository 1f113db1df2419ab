/**
 * Who hears about a request: its reporters (the reporter and co-reporters, each in the chat
 * they reported from), the staff of a queue (its staff groups, else privately), and the leader
 * of a key case privately. Builds messages; nothing is sent here.
 */
import type { Actor, CitizenRequest, OutboundMessage, Queue } from '../../core/model';
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
 * A notice to whoever works a queue (issue 14: staff only, never a household group): the queue's
 * staff groups (`chats[].role: staff`; a township's, the county's and a department's groups are
 * staff groups by default), else its staff privately — a grid's workers and its village's
 * leaders, a village's leaders, a dispatch centre's dispatchers, a department's staff; for the
 * supervisor queue, the supervisors of the request's area privately.
 */
export async function toQueue(deps: BotDeps, tx: StoreTx, queue: Queue, request: CitizenRequest, text: string): Promise<OutboundMessage[]> {
  return (await staffTargets(deps, tx, queue, request)).map((target) => ({ ...target, text }));
}

/** Where a queue's staff hear about work (see toQueue). */
export async function staffTargets(deps: BotDeps, tx: StoreTx, queue: Queue, request: Pick<CitizenRequest, 'areaCode'>): Promise<{ channel: Contact['channel']; chatId: string }[]> {
  if (queue.kind !== 'supervisor') {
    const groups = (await tx.chats.forQueue(queue)).filter((c) => c.role === 'staff');
    if (groups.length) return groups.map((c) => ({ channel: c.channel, chatId: c.chatId }));
  }
  const people = await staffOf(deps, tx, queue, request.areaCode);
  const contacts = await tx.people.contactsOf([...new Set(people.map((p) => p.personId))]);
  return contacts.map(privateChat);
}

/** The people who work a queue (see toQueue). */
export async function staffOf(deps: BotDeps, tx: StoreTx, queue: Queue, areaCode: string): Promise<Actor[]> {
  if (queue.kind === 'supervisor') return tx.people.staffIn('supervisor', deps.tree.ancestors(areaCode).map((a) => a.code));
  if (queue.kind === 'department') return tx.people.staffOfDepartment(queue.code);
  const area = deps.tree.get(queue.code);
  if (!area) return [];
  if (area.level === 'grid') {
    const villages = deps.tree.ancestors(area.code).filter((a) => a.level === 'village').map((a) => a.code);
    return [...(await tx.people.staffIn('grid_worker', [area.code])), ...(await tx.people.staffIn('grid_leader', [area.code, ...villages]))];
  }
  if (area.level === 'village') return [...(await tx.people.staffIn('grid_leader', [area.code])), ...(await tx.people.staffIn('dispatcher', [area.code]))];
  return tx.people.staffIn('dispatcher', [area.code]);
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
