/**
 * Intake: runs the dialog for a household's message and registers the request when the
 * draft is complete. The request, its event and the receipt are gathered in `changes`,
 * which the caller writes in the same transaction as the dialog state.
 */
import { CATEGORY_NAMES, SENSITIVE_CATEGORIES } from '../../core/categories';
import { askDuplicate, step, type DialogEvent, type DialogState, type RequestDraft } from '../../core/intake-dialog';
import { findDuplicate } from '../../core/classifier/similarity';
import { moveRequest } from '../../core/request-moves';
import type { Actor, InboundMessage, OutboundMessage } from '../../core/model';
import { detectUrgency, type Urgency } from '../../core/classifier/urgency';
import { resolvePlace } from '../../core/classifier/gazetteer';
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
import { CAN_DELETE_SENT } from '../../core/notice';
import { replyTo, type BotDeps } from '../deps';
import { mayAlertUrgently } from '../guard/flood-guard';
import type { Changes, StoreTx } from '../ports';

/**
 * Feeds `event` to the sender's dialog (`state`, locked by the caller's transaction) and carries
 * out its effects. Returns the messages to queue. `areaCode` is the grid the request belongs to.
 */
export async function runDialog(deps: BotDeps, tx: StoreTx, msg: InboundMessage, actor: Actor, areaCode: string, state: DialogState, event: DialogEvent, changes: Changes): Promise<OutboundMessage[]> {
  let result = step(state, event, deps.dialog);
  // A fresh report that looks like an open one nearby: ask first (never after a "no").
  const submitted = result.effects.find((e) => e.type === 'submit');
  if (submitted?.type === 'submit' && state.phase !== 'awaitingDuplicate') {
    const duplicate = await findNearbyDuplicate(deps, tx, areaCode, submitted.draft, event.now);
    if (duplicate) result = askDuplicate(submitted.draft, duplicate.id, event.now, deps.dialog);
  }
  // Privacy (issue 11.7): remember the household's group messages of this report, to delete them if it is sensitive.
  const ownMessages = msg.chatType === 'group' && msg.sourceMessageId && CAN_DELETE_SENT[msg.channel] ? [msg.sourceMessageId] : [];
  if ('draft' in result.state && ownMessages.length) {
    result = { ...result, state: { ...result.state, draft: { ...result.state.draft, sourceMessageIds: [...(result.state.draft.sourceMessageIds ?? []), ...ownMessages] } } };
  }
  if (state.phase !== 'idle' || result.state.phase !== 'idle') await tx.dialogs.save(msg.channel, msg.chatId, msg.senderId, result.state);
  const out: OutboundMessage[] = [];
  const { locale } = deps.messages;
  for (const effect of result.effects) {
    if (effect.type === 'say') out.push(replyTo(msg, t(effect.text, effect.params, locale)));
    if (effect.type === 'askCategory') {
      const list = effect.choices.map((c, i) => `${i + 1} ${CATEGORY_NAMES[c][locale === 'en' ? 'en' : 'zh']}`).join(' / ');
      out.push(replyTo(msg, t('ask.category', { choices: list }, locale), {
        ref: 'ask:category',
        buttons: [effect.choices.map((c, i) => ({ label: CATEGORY_NAMES[c][locale === 'en' ? 'en' : 'zh'], data: `cat:${i + 1}` }))],
      }));
    }
    if (effect.type === 'askDuplicate') {
      const candidate = await tx.requests.get(effect.candidateId);
      out.push(replyTo(msg, t('dup.ask', { id: effect.candidateId, summary: candidate ? safeSummary(candidate, 20) : '' }, locale), { ref: `dup:${effect.candidateId}` }));
    }
    if (effect.type === 'join') out.push(...(await joinRequest(deps, tx, msg, actor, effect.candidateId, changes)));
    if (effect.type === 'ask') {
      out.push(replyTo(msg, t(effect.question === 'place' ? 'ask.place' : 'ask.detail', {}, locale), { ref: `ask:${effect.question}` }));
    }
    if (effect.type === 'submit') {
      const id = await tx.requests.nextId();
      const { queue, notifyGrid } = initialQueue(effect.draft.category, areaCode, deps.routing, deps.tree);
      const urgency = urgencyFor(deps, effect.draft.detail);
      const { request, events } = submitRequest({
        id,
        category: effect.draft.category,
        areaCode,
        queue,
        urgent: urgency.urgent,
        possiblyUrgent: urgency.level === 'possible', // issue 17: pinned in the console
        place: effect.draft.place,
        placeArea: resolvePlace(effect.draft.place, areaCode, deps.tree)?.code ?? null,
        detail: effect.draft.detail,
        phone: effect.draft.phone,
        photos: effect.draft.photos,
        sensitive: SENSITIVE_CATEGORIES.has(effect.draft.category) || isSensitive(effect.draft.detail),
        reporterId: actor.personId,
        origin: { channel: msg.channel, chatId: msg.chatId, userId: msg.senderId, name: msg.senderName },
      }, event.now, limitsFor(deps.sla, effect.draft.category, urgency.urgent));
      changes.created.push(request);
      changes.events.push(...events);
      const grid = queue.kind === 'area' && queue.code === areaCode;
      const handler = grid ? t('handler.grid', { area: deps.tree.get(areaCode)?.name ?? areaCode }, locale) : queueName(queue, deps.tree, deps.departments);
      const receiptMessage = receipt(request, handler, deps.messages, msg.sourceMessageId ?? undefined);
      if (urgency.urgent) receiptMessage.text += t('urgent.call', { numbers: urgency.call.join('、') }, locale);
      out.push(receiptMessage);
      if (request.sensitive) out.push(...deleteOwnMessages(msg, [...new Set([...(effect.draft.sourceMessageIds ?? []), ...ownMessages])], receiptMessage, locale));
      // Life and safety: the township's dispatch centre and the grid's leaders hear it at once —
      // a few times per household and hour (flood defence), never a pager for one sender.
      if (urgency.urgent && (await mayAlertUrgently(deps, tx, actor.personId, event.now))) {
        const card = { id, category: categoryName(request, locale), summary: safeSummary(request), place: request.sensitive ? '' : maskPhones(request.place ?? '') };
        const township = ancestorAt(deps.tree, areaCode, 'township');
        if (township) out.push(...(await toQueue(deps, tx, { kind: 'area', code: township.code }, request, t('urgent.alert', card, locale))));
        const leaders = await tx.people.staffIn('grid_leader', deps.tree.ancestors(areaCode).map((a) => a.code));
        for (const c of await tx.people.contactsOf(leaders.map((l) => l.personId))) out.push({ ...privateChat(c), text: t('urgent.alert', card, locale) });
      }
      if (urgency.level === 'possible') out.push(...(await possiblyUrgent(deps, tx, request, areaCode, receiptMessage)));
      if (!grid) {
        const card = { id, category: categoryName(request, locale), summary: safeSummary(request), due: formatTime(request.claimDueAt, deps.messages.timeZone) };
        out.push(...(await toQueue(deps, tx, queue, request, t('queue.new', { ...card, from: deps.tree.get(areaCode)?.name ?? areaCode, reason: '' }, locale))));
        if (notifyGrid && !request.sensitive) {
          out.push(...(await toQueue(deps, tx, { kind: 'area', code: areaCode }, request, t('queue.gridNotice', { ...card, queue: queueName(queue, deps.tree, deps.departments) }, locale))));
        }
      }
    }
  }
  return out;
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

const DUPLICATE_WINDOW_MS = 72 * 3_600_000;

/** Open requests of the same category in the grid and its sibling grids (same village) within 72 h. */
async function findNearbyDuplicate(deps: BotDeps, tx: StoreTx, areaCode: string, draft: RequestDraft, now: number) {
  if (SENSITIVE_CATEGORIES.has(draft.category) || draft.category === 'other') return null;
  const parent = deps.tree.get(areaCode)?.parent;
  const nearby = parent ? deps.tree.all().filter((a) => a.parent === parent).map((a) => a.code) : [areaCode];
  const candidates = await tx.requests.openNearby(nearby.includes(areaCode) ? nearby : [areaCode, ...nearby], draft.category, now - DUPLICATE_WINDOW_MS, 50);
  return findDuplicate(draft, candidates);
}

/** 是: the household joins the open request as a co-reporter and hears every step. */
async function joinRequest(deps: BotDeps, tx: StoreTx, msg: InboundMessage, actor: Actor, id: number, changes: Changes): Promise<OutboundMessage[]> {
  const request = await tx.requests.get(id);
  const origin = { channel: msg.channel, chatId: msg.chatId, userId: msg.senderId, name: msg.senderName };
  const joined = request ? moveRequest(request, { type: 'join', reporter: { personId: actor.personId, origin }, from: id }, actor.personId, msg.at) : null;
  if (!joined?.ok) return [replyTo(msg, t('dup.closed', { id }, deps.messages.locale))];
  changes.updated.push(joined.value.request);
  changes.events.push(...joined.value.events);
  return [replyTo(msg, t('dup.joined', { id, count: 1 + joined.value.request.coReporters.length }, deps.messages.locale))];
}
