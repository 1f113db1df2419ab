/**
 * Registers a request from a complete draft — the one path every channel's report takes (the
 * dialog's submit, and issue 19's reports from other systems): the request and its first event
 * into `changes`, the receipt, the alerts of an urgent or possibly urgent report, and the
 * receiving unit's notice when it skips the grid. The caller writes `changes` with the messages.
 */
import { SENSITIVE_CATEGORIES } from '../../core/categories';
import type { RequestDraft } from '../../core/intake-dialog';
import type { Actor, CitizenRequest, InboundMessage, OutboundMessage } from '../../core/model';
import { detectUrgency, type Urgency } from '../../core/classifier/urgency';
import { resolvePlace } from '../../core/classifier/gazetteer';
import { nearestGrid } from '../../core/geo';
import { locationOf } from '../../core/open311';
import { isSensitive } from '../../core/classifier/sensitive';
import { ancestorAt, initialQueue, queueName } from '../../core/queue';
import { categoryName, receipt } from '../../core/request-messages';
import { formatTime } from '../../core/time-format';
import { maskPhones } from '../../core/text-tools';
import { safeSummary } from '../desk/views';
import { privateChat, toQueue } from '../notify/notify';
import { submitRequest } from '../../core/request-lifecycle';
import { limitsFor } from '../../core/sla-policy';
import { t, type Locale } from '../../core/texts';
import type { BotDeps } from '../deps';
import { mayAlertUrgently } from '../guard/flood-guard';
import type { Changes, StoreTx } from '../ports';

/** How a report arrived, besides its draft. */
export interface RegisterOptions {
  /** The household's own group messages of the report, deleted where the channel allows when it is sensitive. */
  ownMessages?: string[];
  /**
   * Who sent it when that is not the grid's own group (issue 19: another system, e.g. `12345热线`):
   * the receiving unit's group is told of it even when it is the grid's.
   */
  from?: string;
}

/**
 * Registers `draft` as a new request of the grid `areaCode`, reported by `actor` through `msg`.
 * Returns the request and the messages to queue.
 */
export async function registerRequest(deps: BotDeps, tx: StoreTx, msg: InboundMessage, actor: Actor, areaCode: string, draft: RequestDraft, now: number, changes: Changes, options: RegisterOptions = {}): Promise<{ request: CitizenRequest; out: OutboundMessage[] }> {
  const ownMessages = options.ownMessages ?? [];
  const out: OutboundMessage[] = [];
  const { locale } = deps.messages;
  const id = await tx.requests.nextId();
  // issue 13: a place named in words first; else a location sent with the report, by the nearest grid centre.
  const geo = locationOf(draft.photos);
  const placeArea = resolvePlace(draft.place, areaCode, deps.tree)?.code ?? (geo ? nearestGrid(deps.tree, areaCode, geo)?.code ?? null : null);
  const routed = initialQueue(draft.category, areaCode, deps.routing, deps.tree);
  // issue 14: a place in another grid puts the request in that grid's queue (and the household is told).
  const placeGrid = placeGridOf(deps, routed.queue, areaCode, placeArea);
  const { queue, notifyGrid } = placeGrid ? { queue: { kind: 'area' as const, code: placeGrid }, notifyGrid: false } : routed;
  const urgency = urgencyFor(deps, draft.detail);
  const { request, events } = submitRequest({
    id,
    category: draft.category,
    areaCode,
    queue,
    urgent: urgency.urgent,
    possiblyUrgent: urgency.level === 'possible', // issue 17: pinned in the console
    place: draft.place,
    placeArea,
    detail: draft.detail,
    phone: draft.phone,
    photos: draft.photos,
    sensitive: SENSITIVE_CATEGORIES.has(draft.category) || isSensitive(draft.detail),
    reporterId: actor.personId,
    origin: { channel: msg.channel, chatId: msg.chatId, userId: msg.senderId, name: msg.senderName },
  }, now, limitsFor(deps.sla, draft.category, urgency.urgent));
  changes.created.push(request);
  changes.events.push(...events);
  const grid = queue.kind === 'area' && queue.code === areaCode;
  const handler = grid || placeGrid ? t('handler.grid', { area: deps.tree.get(queue.code)?.name ?? queue.code }, locale) : queueName(queue, deps.tree, deps.departments);
  const receiptMessage = receipt(request, handler, deps.messages, msg.sourceMessageId ?? undefined);
  if (placeGrid && !request.sensitive) receiptMessage.text += t('work.movedToGrid', { grid: deps.tree.get(placeGrid)?.name ?? placeGrid }, locale);
  if (urgency.urgent) receiptMessage.text += t('urgent.call', { numbers: urgency.call.join('、') }, locale);
  out.push(receiptMessage);
  if (request.sensitive) out.push(...deleteOwnMessages(msg, [...new Set([...(draft.sourceMessageIds ?? []), ...ownMessages])], receiptMessage, locale));
  // Life and safety: the township's dispatch centre and the grid's leaders hear it at once —
  // a few times per household and hour (flood defence), never a pager for one sender.
  if (urgency.urgent && (await mayAlertUrgently(deps, tx, actor.personId, now))) {
    const card = { id, category: categoryName(request, locale), summary: safeSummary(request), place: request.sensitive ? '' : maskPhones(request.place ?? '') };
    const township = ancestorAt(deps.tree, areaCode, 'township');
    if (township) out.push(...(await toQueue(deps, tx, { kind: 'area', code: township.code }, request, t('urgent.alert', card, locale))));
    const leaders = await tx.people.staffIn('grid_leader', deps.tree.ancestors(areaCode).map((a) => a.code));
    for (const c of await tx.people.contactsOf(leaders.map((l) => l.personId))) out.push({ ...privateChat(c), text: t('urgent.alert', card, locale) });
  }
  if (urgency.level === 'possible') out.push(...(await possiblyUrgent(deps, tx, request, areaCode, receiptMessage)));
  if (!grid || options.from) {
    const card = { id, category: categoryName(request, locale), summary: safeSummary(request), due: formatTime(request.claimDueAt, deps.messages.timeZone) };
    out.push(...(await toQueue(deps, tx, queue, request, t('queue.new', { ...card, from: options.from ?? deps.tree.get(areaCode)?.name ?? areaCode, reason: '' }, locale))));
    if (notifyGrid && !request.sensitive) {
      out.push(...(await toQueue(deps, tx, { kind: 'area', code: areaCode }, request, t('queue.gridNotice', { ...card, queue: queueName(queue, deps.tree, deps.departments) }, locale))));
    }
  }
  return { request, out };
}

/**
 * A sensitive report written in a group stays visible there: where the channel lets a bot delete
 * (Telegram with admin rights, the web playground) queue its deletion, and say why in the receipt.
 */
function deleteOwnMessages(msg: InboundMessage, ids: string[], receiptMessage: OutboundMessage, locale: Locale): OutboundMessage[] {
  if (ids.length === 0) return [];
  receiptMessage.text += t('privacy.deleted', {}, locale);
  return ids.map((id) => ({ channel: msg.channel, chatId: msg.chatId, text: '', deleteMessageId: id, dedupeKey: `privacy:delete@${msg.channel}:${msg.chatId}:${id}` }));
}

// --- issue 15: possibly urgent -------------------------------------------------------------
/** The urgency of a description: the running classifier's reading (rules + learnt backstop) when it gives one, else the rules. */
function urgencyFor(deps: BotDeps, text: string): Urgency {
  const reading = deps.dialog.classify?.(text) as (ReturnType<NonNullable<BotDeps['dialog']['classify']>> & Partial<Urgency>) | undefined;
  return reading?.level ? { urgent: reading.level === 'urgent', level: reading.level, call: reading.call ?? [], reasons: reading.reasons ?? [] } : detectUrgency(text);
}

/** Possibly urgent: one safety line for the household, a private heads-up to the grid's workers and leaders; limits stay normal. */
async function possiblyUrgent(deps: BotDeps, tx: StoreTx, request: { id: number; place: string | null } & Parameters<typeof safeSummary>[0], areaCode: string, receiptMessage: OutboundMessage): Promise<OutboundMessage[]> {
  const { locale } = deps.messages;
  receiptMessage.text += t('possible.safety', {}, locale);
  const card = { id: request.id, category: categoryName(request, locale), summary: safeSummary(request), place: request.place ?? '' };
  const workers = await tx.people.staffIn('grid_worker', [areaCode]);
  const leaders = await tx.people.staffIn('grid_leader', deps.tree.ancestors(areaCode).map((a) => a.code));
  const ids = [...new Set([...workers, ...leaders].map((s) => s.personId))];
  return (await tx.people.contactsOf(ids)).map((c) => ({ ...privateChat(c), text: t('possible.alert', card, locale) }));
}
// --- end issue 15 ---------------------------------------------------------------------------

/** issue 14: the grid a place resolves to, when it is another grid than the sender's and no routing rule took the request elsewhere. */
function placeGridOf(deps: BotDeps, routed: { kind: string; code: string }, areaCode: string, placeArea: string | null): string | null {
  if (!placeArea || placeArea === areaCode || routed.kind !== 'area' || routed.code !== areaCode) return null;
  return deps.tree.get(placeArea)?.level === 'grid' ? placeArea : null;
}
