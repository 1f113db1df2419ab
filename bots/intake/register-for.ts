/**
 * Issue 12 — 代报: a staff member registers what a household said where no bot hears it (in the
 * customer group without tapping anything, on the phone, at the door). The household is found by
 * phone within the grid, or registered; the request is theirs (reporter) and records who
 * registered it (`registered_by`, 线下点单). The receipt and every later step go to the
 * household's group — naming them, never their phone — so that they can follow it and rate it
 * from the group's link like any household; the staff member hears the number privately.
 * One use case for every staff channel: the chat command here, the console's form (`registerFor`).
 */
import { classifyByKeywords } from '../../core/categories';
import type { RequestDraft } from '../../core/intake-dialog';
import type { Actor, Channel, CitizenRequest, InboundMessage, OutboundMessage } from '../../core/model';
import { authorize } from '../../core/permissions';
import { parseRegisterFor, type RegisterForInput } from '../../core/register-for';
import { categoryName } from '../../core/request-messages';
import { resolvePlace } from '../../core/classifier/gazetteer';
import { maskPhones, summarize } from '../../core/text-tools';
import { t } from '../../core/texts';
import { replyTo, type BotDeps } from '../deps';
import { errorText } from '../desk/commands';
import { privateChat } from '../notify/notify';
import type { ChatBinding, Changes, StoreTx } from '../ports';
import { registerRequest } from './register';

export type { RegisterForInput } from '../../core/register-for';

/** Where the staff member is working from (the reply goes there). */
export interface RegisterForAt {
  channel: Channel;
  chatId: string;
  chatType: 'private' | 'group';
}

export type RegisterForResult =
  | { ok: true; request: CitizenRequest; out: OutboundMessage[]; group: ChatBinding | null }
  | { ok: false; error: 'PERMISSION.DENIED' | 'REGISTER_FOR.NO_GRID' };

/** The grid of the household: the staff member's own grid, else the one the place names within their area. */
export function gridFor(deps: BotDeps, staff: Actor, place: string | null, areaCode?: string | null): string | null {
  const own = staff.areaCode;
  if (!own) return null;
  if (areaCode) return deps.tree.get(areaCode)?.level === 'grid' && deps.tree.isWithin(areaCode, own) ? areaCode : null;
  if (deps.tree.get(own)?.level === 'grid') return own;
  if (!place) return null;
  const grids = deps.tree.all().filter((a) => a.level === 'grid' && deps.tree.isWithin(a.code, own)).slice(0, 2000);
  const found = new Set(grids.map((g) => resolvePlace(place, g.code, deps.tree)).filter((a) => a?.level === 'grid' && deps.tree.isWithin(a.code, own)).map((a) => a!.code));
  return found.size === 1 ? [...found][0] : null;
}

/**
 * Registers `input` for a household of the grid (given, or found from the staff member's area and
 * the place) on behalf of `staff`. Writes into `changes`; returns the request and the messages.
 */
export async function registerForHousehold(deps: BotDeps, tx: StoreTx, staff: Actor, input: RegisterForInput & { areaCode?: string | null; photos?: string[] }, at: RegisterForAt, now: number, changes: Changes): Promise<RegisterForResult> {
  if (!authorize(staff, 'registerFor', null, deps.tree).ok) return { ok: false, error: 'PERMISSION.DENIED' };
  const grid = gridFor(deps, staff, input.place, input.areaCode);
  if (!grid) return { ok: false, error: 'REGISTER_FOR.NO_GRID' };
  const { locale } = deps.messages;
  const household = await tx.offline.household(grid, input.name, input.phone);
  const chats = (await tx.chats.forQueue({ kind: 'area', code: grid })).filter((c) => c.areaCode === grid);
  // The household's group: on the channel the staff member uses, else WeCom, else any.
  const group = chats.find((c) => c.channel === at.channel) ?? chats.find((c) => c.channel === 'wecom') ?? chats[0] ?? null;
  const origin: InboundMessage = {
    channel: group?.channel ?? at.channel, chatId: group?.chatId ?? at.chatId, chatType: group ? 'group' : at.chatType,
    messageId: `registerFor:${now}`, senderId: `person:${household.personId}`, senderName: household.name, text: input.detail,
    addressed: true, sourceMessageId: null, replyToMessageId: null, buttonData: null, photo: null, kind: 'text', at: now,
  };
  const reading = deps.dialog.classify ? deps.dialog.classify(input.detail) : classifyByKeywords(input.detail);
  // The phone is kept on the request for staff, but never put in the household's group: the receipt is built without it.
  const draft: RequestDraft = { detail: input.detail, category: reading.category, place: input.place, phone: null, photos: input.photos ?? [] };
  const { request, out } = await registerRequest(deps, tx, origin, household, grid, draft, now, changes);
  request.phone = input.phone;
  request.registeredBy = staff.personId;
  const submitted = changes.events.find((e) => e.requestId === request.id && e.type === 'submitted');
  if (submitted) {
    submitted.actorId = staff.personId;
    submitted.note = t('registerFor.note', { name: household.name }, locale);
  }
  const receipt = out.find((m) => m.ref === `receipt:${request.id}`);
  if (receipt && !request.sensitive) receipt.text += t('registerFor.by', { staff: staff.name }, locale);
  const where = group ? t('registerFor.toGroup', { group: group.title ?? t('registerFor.theGroup', {}, locale) }, locale) : t('registerFor.noGroup', { area: deps.tree.get(grid)?.name ?? grid, id: request.id, name: household.name }, locale);
  const done = t('registerFor.done', {
    id: request.id, name: household.name, category: categoryName(request, locale), summary: summarize(maskPhones(request.detail)),
    place: request.place ? maskPhones(request.place) : t('place.unknown', {}, locale),
    // Privately only: in a group the number never shows, not even masked.
    phone: input.phone && at.chatType === 'private' ? t('receipt.phone', { phone: maskPhones(input.phone) }, locale) : '', where,
  }, locale);
  // The staff member's confirmation, unless the receipt already went to the very chat they wrote in;
  // without a group it stands for the receipt (the household hears the number from them).
  const confirm = group && group.channel === at.channel && group.chatId === at.chatId ? [] : [{ channel: at.channel, chatId: at.chatId, text: done }];
  const messages = group ? out : out.filter((m) => m !== receipt);
  // A household who also has a private channel (e.g. 微信客服, after opening a rating link) gets the receipt there too, where it can be delivered.
  const copies = receipt && !request.sensitive ? (await tx.people.contactsOf([household.personId])).map((c) => ({ ...privateChat(c), text: receipt.text, ref: receipt.ref })) : [];
  return { ok: true, request, out: [...messages, ...copies, ...confirm], group };
}

/** `代报 …` in a chat: parses the words, registers, and answers in the chat (or says how to write it). */
export async function registerForCommand(deps: BotDeps, tx: StoreTx, msg: InboundMessage, staff: Actor, text: string, changes: Changes): Promise<OutboundMessage[]> {
  const { locale } = deps.messages;
  const allowed = authorize(staff, 'registerFor', null, deps.tree);
  if (!allowed.ok) return [replyTo(msg, errorText(deps, allowed.error, staff))];
  const parsed = parseRegisterFor(text, deps.dialog.placeNames);
  if (!parsed.ok) return [replyTo(msg, t('registerFor.usage', {}, locale))];
  const result = await registerForHousehold(deps, tx, staff, { ...parsed.value, photos: msg.photo && /^blob:/.test(msg.photo) ? [msg.photo] : [] }, msg, msg.at, changes);
  if (!result.ok) return [replyTo(msg, result.error === 'REGISTER_FOR.NO_GRID' ? t('registerFor.noGrid', {}, locale) : errorText(deps, { code: 'PERMISSION.DENIED', params: { action: 'registerFor' } }, staff))];
  return result.out.map((m) => (m.channel === msg.channel && m.chatId === msg.chatId && !m.replyTo && msg.sourceMessageId ? { ...m, replyTo: msg.sourceMessageId } : m));
}
