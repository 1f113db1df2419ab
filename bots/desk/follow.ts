/**
 * Issue 14 — households chase and follow: `催办 N` (once a day per household; the worker hears it,
 * from the second chase on the leader too), `关注 N` (a neighbour follows a request instead of
 * reporting it again and hears every step), `取消关注 N` (stops following).
 */
import type { Actor, CitizenRequest, InboundMessage, OutboundMessage, Queue } from '../../core/model';
import { OPEN_STATUSES } from '../../core/model';
import { authorize } from '../../core/permissions';
import { escalationTarget, queueName } from '../../core/queue';
import { categoryName, statusName } from '../../core/request-messages';
import { unfollow } from '../../core/request-lifecycle';
import { moveRequest } from '../../core/request-moves';
import { t } from '../../core/texts';
import { dayRange } from '../../core/time-format';
import { replyTo, type BotDeps } from '../deps';
import { privateChat, staffOf, staffTargets } from '../notify/notify';
import type { Changes, StoreTx } from '../ports';
import { errorText } from './commands';
import { safeSummary } from './views';

/** The household commands of this file. */
export type FollowCommand = 'chase' | 'follow' | 'unfollow';

/** Runs 催办 / 关注 / 取消关注 on `request` (loaded and locked, not yet authorized). */
export async function runFollowCommand(deps: BotDeps, tx: StoreTx, msg: InboundMessage, actor: Actor, request: CitizenRequest, command: FollowCommand, changes: Changes): Promise<OutboundMessage[]> {
  const { locale } = deps.messages;
  const say = (text: string) => [replyTo(msg, text)];
  const follower = request.coReporters.some((c) => c.personId === actor.personId);
  if (command === 'unfollow') {
    if (request.reporterId === actor.personId) return say(t('work.unfollowOwn', { id: request.id }, locale));
    if (!follower) return say(t('work.notFollowing', { id: request.id }, locale));
    const result = unfollow(request, actor.personId, deps.clock.now());
    if (!result.ok) return say(errorText(deps, { ...result.error, params: { ...result.error.params, action: 'unfollow' } }, actor));
    changes.updated.push(result.value.request);
    changes.events.push(...result.value.events);
    return say(t('withdraw.unfollowed', { id: request.id }, locale));
  }
  const allowed = authorize(actor, command, request, deps.tree);
  if (!allowed.ok) return say(errorText(deps, allowed.error, actor));
  return command === 'follow' ? follow(deps, msg, actor, request, follower, changes) : chase(deps, tx, msg, actor, request, changes);
}

function follow(deps: BotDeps, msg: InboundMessage, actor: Actor, request: CitizenRequest, follower: boolean, changes: Changes): OutboundMessage[] {
  const { locale } = deps.messages;
  if (request.reporterId === actor.personId) return [replyTo(msg, t('work.followOwn', { id: request.id }, locale))];
  if (follower) return [replyTo(msg, t('work.followAlready', { id: request.id }, locale))];
  if (!OPEN_STATUSES.includes(request.status)) return [replyTo(msg, t('work.followClosed', { id: request.id, status: statusName(request.status, locale) }, locale))];
  const origin = { channel: msg.channel, chatId: msg.chatId, userId: msg.senderId, name: msg.senderName };
  const joined = moveRequest(request, { type: 'join', reporter: { personId: actor.personId, origin }, from: request.id }, actor.personId, msg.at);
  if (!joined.ok) return [replyTo(msg, errorText(deps, joined.error, actor))];
  changes.updated.push(joined.value.request);
  changes.events.push(...joined.value.events.map((e) => ({ ...e, type: 'followed' as const, note: null })));
  return [replyTo(msg, t('work.followed', { id: request.id, summary: safeSummary(request, 20), count: 1 + joined.value.request.coReporters.length }, locale))];
}

async function chase(deps: BotDeps, tx: StoreTx, msg: InboundMessage, actor: Actor, request: CitizenRequest, changes: Changes): Promise<OutboundMessage[]> {
  const { locale, timeZone } = deps.messages;
  const now = deps.clock.now();
  if (!OPEN_STATUSES.includes(request.status)) return [replyTo(msg, t('work.chaseClosed', { id: request.id, status: statusName(request.status, locale) }, locale))];
  const timeline = await tx.requests.timeline(request.id);
  const [today] = dayRange(now, timeZone);
  if (timeline.some((e) => e.type === 'chased' && e.actorId === actor.personId && e.at >= today)) return [replyTo(msg, t('work.chaseOnce', { id: request.id }, locale))];
  const count = timeline.filter((e) => e.type === 'chased').length + 1;
  changes.events.push({ requestId: request.id, type: 'chased', at: now, actorId: actor.personId, fromStatus: request.status, toStatus: request.status, note: `第${count}次` });

  const text = t('work.chaseToStaff', { id: request.id, category: categoryName(request, locale), summary: safeSummary(request), name: request.sensitive ? '' : msg.senderName, count }, locale);
  const unit = queueName(request.queue, deps.tree, deps.departments);
  const assignee = request.assigneeId ? await tx.people.nameOf(request.assigneeId) : null;
  // The worker: the assignee privately, else the unit's staff (its staff group or privately).
  const workerTargets = request.assigneeId ? (await tx.people.contactsOf([request.assigneeId])).map(privateChat) : await staffTargets(deps, tx, request.queue, request);
  const out: OutboundMessage[] = workerTargets.map((c) => ({ ...c, text }));
  const who = assignee ? t('work.whoWorker', { name: assignee }, locale) : t('work.whoUnit', { unit }, locale);
  if (count < 2) return [...out, replyTo(msg, t('work.chased', { id: request.id, who }, locale))];
  // From the second chase: the leader above the unit hears it too.
  const leaders = await leadersOf(deps, tx, request);
  const already = new Set(out.map((m) => `${m.channel}:${m.chatId}`));
  for (const c of (await tx.people.contactsOf(leaders.map((l) => l.personId))).map(privateChat)) {
    if (!already.has(`${c.channel}:${c.chatId}`)) out.push({ ...c, text });
  }
  const leader = leaders[0]?.name ?? t('work.whoUnit', { unit: escalationName(deps, request) }, locale);
  return [...out, replyTo(msg, t('work.chasedLeader', { id: request.id, who, leader }, locale))];
}

/** The leaders of a request's unit: a grid's leaders (网格长), else the staff of the unit above (or of the centre that dispatched it). */
async function leadersOf(deps: BotDeps, tx: StoreTx, request: CitizenRequest): Promise<Actor[]> {
  const q = request.queue;
  if (q.kind === 'area' && deps.tree.get(q.code)?.level === 'grid') {
    const leaders = await tx.people.staffIn('grid_leader', deps.tree.ancestors(q.code).map((a) => a.code));
    if (leaders.length) return leaders;
  }
  const above = aboveOf(deps, request);
  return above ? staffOf(deps, tx, above, request.areaCode) : [];
}

function aboveOf(deps: BotDeps, request: CitizenRequest): Queue | null {
  if (request.queue.kind !== 'area') return { kind: 'area', code: request.dispatchedFrom ?? deps.tree.ancestors(request.areaCode).at(-1)?.code ?? request.areaCode };
  const up = escalationTarget(request.queue, deps.tree, deps.villageSteps);
  return up.ok ? up.value : null;
}

function escalationName(deps: BotDeps, request: CitizenRequest): string {
  const above = aboveOf(deps, request);
  return above ? queueName(above, deps.tree, deps.departments) : queueName(request.queue, deps.tree, deps.departments);
}
