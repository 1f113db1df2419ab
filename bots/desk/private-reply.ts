/**
 * Issue 17: `私信 N 内容` answers the household of request N privately — by the household's own
 * private route, never in the group — and `备注 N 内容` keeps a note on the timeline that only
 * staff see. Both are timeline events (`replied_privately`, `noted`), so the dossier shows them.
 */
import type { Actor, Channel, CitizenRequest, InboundMessage, OutboundMessage } from '../../core/model';
import { queueName } from '../../core/queue';
import { t, type TextId } from '../../core/texts';
import { replyTo, type BotDeps } from '../deps';
import type { Changes, Contact, StoreTx } from '../ports';

/** How a household can be reached one to one: the chat to send to and the route's name. */
export interface PrivateRoute {
  channel: Channel;
  chatId: string;
  via: 'telegram' | 'web' | 'wecom';
}

/**
 * Picks the household's private route from its identities, preferring the channel it reported on:
 * Telegram (a private chat with the bot, whose id is the user id), the web chat (the person's
 * web id), and the 微信客服 chat a WeCom household reported through (its service window permitting).
 * A WeCom household known only from a group has none: the group robot cannot write to one person.
 */
export function privateRouteOf(request: CitizenRequest, contacts: readonly Contact[]): PrivateRoute | null {
  // A household that reported through 微信客服 is answered in that one-to-one chat (issue 12: `kf:<open_kfid>:<external_userid>`).
  if (request.origin.channel === 'wecom' && request.origin.chatId.startsWith('kf:')) return { channel: 'wecom', chatId: request.origin.chatId, via: 'wecom' };
  const mine = contacts.filter((c) => c.personId === request.reporterId);
  const order = [request.origin.channel, 'telegram', 'web', 'wecom'];
  for (const channel of order) {
    const c = mine.find((x) => x.channel === channel);
    if (!c) continue;
    if (c.channel === 'telegram' && /^\d+$/.test(c.externalId)) return { channel: 'telegram', chatId: c.externalId, via: 'telegram' };
    if (c.channel === 'web') return { channel: 'web', chatId: c.externalId, via: 'web' };
  }
  return null;
}

/** `私信 N 内容`: the household hears it privately; the timeline keeps it. */
export async function privateReply(deps: BotDeps, tx: StoreTx, msg: InboundMessage, actor: Actor, request: CitizenRequest, text: string, changes: Changes): Promise<OutboundMessage[]> {
  const { locale } = deps.messages;
  const route = privateRouteOf(request, await tx.people.contactsOf([request.reporterId]));
  if (!route) return [replyTo(msg, t('console.private.noRoute', { id: request.id, channel: request.origin.channel === 'wecom' ? '企业微信' : request.origin.channel === 'telegram' ? 'Telegram' : '网页' }, locale))];
  const now = deps.clock.now();
  changes.events.push({ requestId: request.id, type: 'replied_privately', at: now, actorId: actor.personId, fromStatus: request.status, toStatus: request.status, note: text });
  const unit = queueName(request.queue, deps.tree, deps.departments);
  return [
    { channel: route.channel, chatId: route.chatId, text: t('console.private.toHousehold', { id: request.id, unit, text }, locale) },
    replyTo(msg, t('console.private.sent', { id: request.id, route: t(`console.route.${route.via}` as TextId, {}, locale), text }, locale)),
  ];
}

/** `备注 N 内容`: a note on the timeline for staff only; nobody else is told. */
export function addNote(deps: BotDeps, msg: InboundMessage, actor: Actor, request: CitizenRequest, text: string, changes: Changes): OutboundMessage[] {
  changes.events.push({ requestId: request.id, type: 'noted', at: deps.clock.now(), actorId: actor.personId, fromStatus: request.status, toStatus: request.status, note: text });
  return [replyTo(msg, t('console.note.done', { id: request.id }, deps.messages.locale))];
}
