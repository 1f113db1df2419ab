/**
 * Issue 14 — 不满意 is heard: the household is asked why (its next message in that chat is the
 * reason: on the timeline and to the worker), and from the second reopen on the supervisors of
 * the area are told privately (DESIGN.md).
 */
import type { Actor, CitizenRequest, InboundMessage, OutboundMessage } from '../../core/model';
import { queueName } from '../../core/queue';
import { categoryName } from '../../core/request-messages';
import { t } from '../../core/texts';
import { maskPhones } from '../../core/text-tools';
import { cutText, toStorableText } from '../../core/text-cut';
import { replyTo, type BotDeps } from '../deps';
import { privateChat, staffOf, staffTargets } from '../notify/notify';
import type { Changes, StoreTx } from '../ports';
import { safeSummary } from './views';

/** How long the question "why?" waits for the answer. */
export const REASON_WAIT_MS = 24 * 3_600_000;

/** The reopen count from which the supervisors are alerted. */
export const ALERT_AFTER_REOPENS = 2;

/** After an unsatisfied rating reopened `reopened`: ask why, and alert the supervisors on the second reopen. */
export async function afterUnsatisfied(deps: BotDeps, tx: StoreTx, msg: InboundMessage, reopened: CitizenRequest): Promise<OutboundMessage[]> {
  const { locale } = deps.messages;
  await tx.dialogs.save(msg.channel, msg.chatId, msg.senderId, { phase: 'awaitingReason', requestId: reopened.id, category: reopened.category, expiresAt: msg.at + REASON_WAIT_MS });
  const out = [replyTo(msg, t('work.askReason', {}, locale))];
  if (reopened.reopenCount >= ALERT_AFTER_REOPENS) out.push(...(await reopenAlert(deps, tx, reopened, null)));
  return out;
}

async function reopenAlert(deps: BotDeps, tx: StoreTx, r: CitizenRequest, reason: string | null): Promise<OutboundMessage[]> {
  const { locale } = deps.messages;
  const supervisors = await staffOf(deps, tx, { kind: 'supervisor', code: r.areaCode }, r.areaCode);
  const assignee = r.assigneeId ? await tx.people.nameOf(r.assigneeId) : null;
  const text = t('work.reopenAlert', {
    id: r.id, category: categoryName(r, locale), count: r.reopenCount, queue: queueName(r.queue, deps.tree, deps.departments),
    assignee: assignee ? t('sla.assignee', { name: assignee }, locale) : '', reason: reason ? t('work.reopenReason', { reason: maskPhones(cutText(reason, 100)) }, locale) : '',
  }, locale);
  const key = `reopen:${r.id}:${r.reopenCount}${reason ? ':reason' : ''}`;
  return (await tx.people.contactsOf(supervisors.map((s) => s.personId))).map((c) => ({ ...privateChat(c), text, dedupeKey: `${key}@${c.channel}:${c.externalId}` }));
}

/**
 * The household's answer to "why?": a `feedback` event on the timeline, the worker told (the
 * assignee privately, else the unit's staff), the supervisors too when they were alerted.
 */
export async function recordReason(deps: BotDeps, tx: StoreTx, msg: InboundMessage, actor: Actor, requestId: number, changes: Changes): Promise<OutboundMessage[]> {
  const { locale } = deps.messages;
  await tx.dialogs.save(msg.channel, msg.chatId, msg.senderId, { phase: 'idle' });
  const r = await tx.requests.get(requestId);
  if (!r) return [];
  const reason = toStorableText(cutText(msg.text.trim(), 500));
  changes.events.push({ requestId: r.id, type: 'feedback', at: deps.clock.now(), actorId: actor.personId, fromStatus: r.status, toStatus: r.status, note: reason });
  const text = t('work.reasonToStaff', { id: r.id, category: categoryName(r, locale), summary: safeSummary(r), name: r.sensitive ? '' : msg.senderName, reason: maskPhones(reason) }, locale);
  const assignee = r.assigneeId ? await tx.people.nameOf(r.assigneeId) : null;
  const targets = r.assigneeId ? (await tx.people.contactsOf([r.assigneeId])).map(privateChat) : await staffTargets(deps, tx, r.queue, r);
  const out: OutboundMessage[] = targets.map((c) => ({ ...c, text }));
  if (r.reopenCount >= ALERT_AFTER_REOPENS) out.push(...(await reopenAlert(deps, tx, r, reason)));
  const who = assignee ?? t('work.whoUnit', { unit: queueName(r.queue, deps.tree, deps.departments) }, locale);
  return [...out, replyTo(msg, t('work.reasonThanks', { who }, locale))];
}
