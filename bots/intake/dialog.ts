/**
 * Intake: runs the dialog for a household's message and registers the request when the
 * draft is complete. The request, its event and the receipt are gathered in `changes`,
 * which the caller writes in the same transaction as the dialog state.
 */
import { CATEGORY_NAMES, SENSITIVE_CATEGORIES } from '../../core/categories';
import { askDuplicate, hasWords, step, type DialogEvent, type DialogState, type RequestDraft } from '../../core/intake-dialog';
import { findDuplicate } from '../../core/classifier/similarity';
import { moveRequest } from '../../core/request-moves';
import type { Actor, InboundMessage, OutboundMessage } from '../../core/model';
import { safeSummary } from '../desk/views';
import { t } from '../../core/texts';
import { CAN_DELETE_SENT } from '../../core/notice';
import { replyTo, type BotDeps } from '../deps';
import { registerRequest } from './register';
import { attachToRequest } from './attachments';
import { supplementText } from '../desk/work-tools';
import { recordReason } from '../desk/feedback';
import { maskPhones } from '../../core/text-tools';
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
  if ('draft' in result.state && result.state.draft && ownMessages.length) {
    result = { ...result, state: { ...result.state, draft: { ...result.state.draft, sourceMessageIds: [...(result.state.draft.sourceMessageIds ?? []), ...ownMessages] } } };
  }
  if (state.phase !== 'idle' || result.state.phase !== 'idle') await tx.dialogs.save(msg.channel, msg.chatId, msg.senderId, result.state);
  const out: OutboundMessage[] = [];
  const { locale } = deps.messages;
  for (const effect of result.effects) {
    if (effect.type === 'say') out.push(replyTo(msg, t(effect.text, effect.params, locale)));
    // issue 14: the dialog never swallows a new message (core/dialog-turn).
    if (effect.type === 'howTo') out.push(replyTo(msg, t('turn.howTo', {}, locale)));
    if (effect.type === 'askChoice') {
      const text = effect.requestId !== null ? t('turn.askChoice', { id: effect.requestId }, locale) : t('turn.askChoiceDraft', { summary: maskPhones(effect.summary) }, locale);
      out.push(replyTo(msg, text, { ref: 'ask:choice', buttons: [[{ label: t('turn.supplement', {}, locale), data: 'turn:1' }, { label: t('turn.new', {}, locale), data: 'turn:2' }]] }));
    }
    if (effect.type === 'supplement') {
      if (effect.photo) out.push(...(await attachToRequest(deps, tx, { ...msg, photo: effect.photo, text: '' }, actor, effect.requestId, changes)));
      if (hasWords(effect.text)) out.push(...(await supplementText(deps, tx, msg, actor, effect.requestId, effect.text, changes)));
    }
    if (effect.type === 'reason') out.push(...(await recordReason(deps, tx, { ...msg, text: effect.text }, actor, effect.requestId, changes)));
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
      out.push(...(await registerRequest(deps, tx, msg, actor, areaCode, effect.draft, event.now, changes, { ownMessages })).out);
    }
  }
  return out;
}

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
