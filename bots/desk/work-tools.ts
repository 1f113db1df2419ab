/**
 * Issue 14 — the desk's working tools: 常用语 (canned replies, `常用语` lists them, `答复 N #2` /
 * `办结 N #1` use them), a co-unit's `答复 N …` on a 吹哨 case (its part, to the lead), and
 * `补充 N 内容` — text a household adds after registering (a photo goes through issue 13's path).
 */
import type { Actor, CitizenRequest, InboundMessage, OutboundMessage, Queue } from '../../core/model';
import { OPEN_STATUSES } from '../../core/model';
import { CATEGORY_NAMES } from '../../core/categories';
import { authorize } from '../../core/permissions';
import { queueName } from '../../core/queue';
import { categoryName, statusName } from '../../core/request-messages';
import { t } from '../../core/texts';
import { maskPhones } from '../../core/text-tools';
import { cutText, toStorableText } from '../../core/text-cut';
import { replyTo, type BotDeps } from '../deps';
import { privateChat, staffTargets } from '../notify/notify';
import type { Changes, ReplyUnit, StoreTx } from '../ports';
import { errorText } from './commands';

/** The units whose 常用语 a person uses, nearest first: their department, then their area and the areas above it. */
export function replyUnitsOf(deps: BotDeps, actor: Actor): ReplyUnit[] {
  const units: ReplyUnit[] = actor.departmentCode ? [{ kind: 'department', code: actor.departmentCode }] : [];
  if (actor.areaCode) units.push(...deps.tree.ancestors(actor.areaCode).map((a): ReplyUnit => ({ kind: 'area', code: a.code })));
  return units;
}

/** `常用语`: the person's canned replies, numbered as `#N` counts them. */
export async function listCannedReplies(deps: BotDeps, tx: StoreTx, msg: InboundMessage, actor: Actor): Promise<OutboundMessage[]> {
  const { locale } = deps.messages;
  const replies = await tx.cannedReplies.listFor(replyUnitsOf(deps, actor));
  if (replies.length === 0) return [replyTo(msg, t('work.repliesEmpty', {}, locale))];
  const lines = replies.map((r, i) => t('work.repliesItem', {
    n: i + 1,
    category: r.category ? `【${CATEGORY_NAMES[r.category][locale === 'en' ? 'en' : 'zh']}】` : '',
    text: r.text,
    use: r.use === 'reply' ? t('work.repliesUseReply', {}, locale) : r.use === 'resolve' ? t('work.repliesUseResolve', {}, locale) : '',
  }, locale));
  return [replyTo(msg, [t('work.repliesHeader', {}, locale), ...lines].join('\n'))];
}

/**
 * `#2` (or `#2 明天上午`) in a 答复 / 办结 becomes canned reply 2 of the person's list, with what
 * follows it; any other text stays as written. An unknown number is an error, not a reply.
 */
export async function expandCannedReply(deps: BotDeps, tx: StoreTx, actor: Actor, text: string): Promise<{ ok: true; text: string } | { ok: false; error: string }> {
  const m = /^#(\d{1,4})(?:[\s，,：:]+([\s\S]*))?$/.exec(text.trim());
  if (!m) return { ok: true, text };
  const replies = await tx.cannedReplies.listFor(replyUnitsOf(deps, actor));
  const chosen = replies[Number(m[1]) - 1];
  if (!chosen) return { ok: false, error: t('work.replyNotFound', { n: m[1] }, deps.messages.locale) };
  return { ok: true, text: m[2]?.trim() ? `${chosen.text}${m[2].trim()}` : chosen.text };
}

/** True when `actor` may not answer `request` as its unit but answers as a co-unit of its 吹哨. */
export function answersAsCoUnit(deps: BotDeps, actor: Actor, request: CitizenRequest): boolean {
  return !authorize(actor, 'reply', request, deps.tree).ok && authorize(actor, 'coAnswer', request, deps.tree).ok;
}

/** A co-unit's `答复 N …`: its part goes on the timeline and to the lead unit (counting as 报到 when it had not). */
export function coUnitAnswer(deps: BotDeps, tx: StoreTx, msg: InboundMessage, actor: Actor, request: CitizenRequest, text: string, changes: Changes): Promise<OutboundMessage[]> {
  const { locale } = deps.messages;
  const now = deps.clock.now();
  const unit = queueName({ kind: 'department', code: actor.departmentCode ?? '' }, deps.tree, deps.departments);
  const coUnits = request.coUnits.map((c) => (c.department === actor.departmentCode && c.reportedAt === null ? { ...c, reportedAt: now, note: cutText(text, 100) } : c));
  changes.updated.push({ ...request, coUnits });
  changes.events.push({ requestId: request.id, type: 'co_answered', at: now, actorId: actor.personId, fromStatus: request.status, toStatus: request.status, note: toStorableText(`${unit}：${text}`) });
  const lead: Queue = request.queue;
  return toLead(deps, tx, lead, request, t('work.coAnswerToLead', { id: request.id, unit, text: maskPhones(text) }, locale))
    .then((out) => [...out, replyTo(msg, t('work.coAnswered', { id: request.id, lead: queueName(lead, deps.tree, deps.departments) }, locale))]);
}

async function toLead(deps: BotDeps, tx: StoreTx, lead: Queue, request: CitizenRequest, text: string): Promise<OutboundMessage[]> {
  return (await staffTargets(deps, tx, lead, request)).map((c) => ({ ...c, text }));
}

/** `补充 N 内容` without a photo: the text goes on the timeline, the sender is told, the staff hear it. */
export async function supplementText(deps: BotDeps, tx: StoreTx, msg: InboundMessage, actor: Actor, id: number, text: string, changes: Changes): Promise<OutboundMessage[]> {
  const { locale } = deps.messages;
  const request = await tx.requests.get(id);
  if (!request) return [replyTo(msg, errorText(deps, { code: 'REQUEST.NOT_FOUND', params: { id } }, actor))];
  const allowed = authorize(actor, 'show', request, deps.tree);
  if (!allowed.ok) return [replyTo(msg, errorText(deps, allowed.error, actor))];
  if (!OPEN_STATUSES.includes(request.status) && request.status !== 'resolved') {
    return [replyTo(msg, t('work.supplementClosed', { id, status: statusName(request.status, locale) }, locale))];
  }
  const note = toStorableText(cutText(text, 500));
  changes.events.push({ requestId: id, type: 'attached', at: deps.clock.now(), actorId: actor.personId, fromStatus: request.status, toStatus: request.status, note });
  const hide = request.sensitive && msg.chatType === 'group';
  const out = [replyTo(msg, hide ? t('work.supplementedPrivate', { id }, locale) : t('work.supplemented', { id, text: maskPhones(cutText(text, 60)) }, locale))];
  if (actor.role !== 'household') return out;
  // The worker hears it: the assignee privately, else the unit's staff.
  const staffText = t('work.supplementToStaff', { id, category: categoryName(request, locale), name: request.sensitive ? '' : msg.senderName, text: request.sensitive ? '' : maskPhones(cutText(text, 200)) }, locale);
  const targets = request.assigneeId ? (await tx.people.contactsOf([request.assigneeId])).map(privateChat) : await staffTargets(deps, tx, request.queue, request);
  return [...out, ...targets.map((c) => ({ ...c, text: staffText }))];
}

