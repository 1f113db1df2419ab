/**
 * Moving commands: 上报 escalate, 派单 dispatch, 转办 transfer, 退回 return, 吹哨 whistle,
 * 报到 report-in, 包案 key case, 合并 merge. Each checks its arguments, applies the pure move
 * (core/request-moves), and tells the household in plain words and the receiving unit's group.
 */
import { matchUnit, MAX_CHOICES } from '../../core/unit-match';
import type { Actor, CitizenRequest, InboundMessage, OutboundMessage, Queue } from '../../core/model';
import { escalationTarget, queueName } from '../../core/queue';
import { categoryName, statusName } from '../../core/request-messages';
import { moveRequest, type Move } from '../../core/request-moves';
import { limitsFor } from '../../core/sla-policy';
import { authorize } from '../../core/permissions';
import type { DomainError } from '../../core/result';
import { t } from '../../core/texts';
import { formatTime } from '../../core/time-format';
import { replyTo, type BotDeps } from '../deps';
import { safeSummary } from './views';
import { toLeader, toQueue, toReporters } from '../notify/notify';
import type { Changes, StoreTx } from '../ports';

export type MoveCommand =
  | { type: 'escalate' | 'dispatch' | 'transfer' | 'return' | 'whistle' | 'reportIn' | 'keyCase'; id: number; text: string }
  | { type: 'merge'; id: number; into: number };

type Fail = (error: DomainError) => OutboundMessage[];

const DAY = 86_400_000;

/**
 * issue 14: the unit named in 派单 / 转办 — for dispatchers and admins any area of their subtree
 * or a department, for department staff another department — or the error that lists what exists.
 */
function unit(deps: BotDeps, actor: Actor, input: string): Queue | DomainError {
  const { locale } = deps.messages;
  const areas = actor.role === 'dispatcher' || actor.role === 'admin' ? actor.areaCode : null;
  const m = matchUnit(input, deps.tree, deps.departments, { within: areas, departments: true });
  if (m.ok) return m.queue;
  return {
    code: 'UNIT.NOT_FOUND',
    params: {
      name: input,
      suggestion: m.suggestion ? t('dept.suggest', { name: m.suggestion }, locale) : '',
      choices: m.choices.join('、') + (m.choices.length >= MAX_CHOICES ? '…' : ''),
    },
  };
}
const words = (text: string) => text.split(/[\s,，、;；]+/).filter(Boolean);

/** Runs a moving command on `request` (already loaded, locked and authorized). */
export async function runMove(deps: BotDeps, tx: StoreTx, msg: InboundMessage, actor: Actor, request: CitizenRequest, command: MoveCommand, changes: Changes, refuse: Fail): Promise<OutboundMessage[]> {
  const { locale, timeZone } = deps.messages;
  const name = (q: Queue) => queueName(q, deps.tree, deps.departments);
  const department = (input: string): Queue | DomainError => {
    const m = matchUnit(input, deps.tree, deps.departments, { within: null, departments: true });
    return m.ok ? m.queue : unit(deps, { ...actor, role: 'department_staff' }, input);
  };
  const isError = (x: Queue | DomainError): x is DomainError => !('kind' in x);
  const card = (r: CitizenRequest) => ({ id: r.id, category: categoryName(r, locale), summary: safeSummary(r), due: formatTime(r.claimDueAt, timeZone) });

  let move: Move;
  if (command.type === 'merge') {
    return merge(deps, tx, msg, actor, request, command.into, changes, refuse);
  }
  const args = words(command.text);
  switch (command.type) {
    case 'escalate': {
      const target = escalationTarget(request.queue, deps.tree, deps.villageSteps);
      if (!target.ok) return refuse({ code: target.error.code, params: { id: request.id, ...target.error.params } });
      move = { type: 'escalate', to: target.value, reason: command.text };
      break;
    }
    case 'dispatch':
    case 'transfer': {
      // issue 14: 派单 and a dispatcher's 转办 reach any unit of their subtree or a department.
      const to = unit(deps, actor, args[0] ?? '');
      if (isError(to)) return refuse(to);
      const reason = args.slice(1).join(' ');
      if (command.type === 'transfer' && !reason) return refuse({ code: 'COMMAND.MISSING_TEXT', params: { example: '转办 12 人社局 属于欠薪问题' } });
      move = command.type === 'dispatch' ? { type: 'dispatch', to, reason: reason || null } : { type: 'transfer', to, reason };
      break;
    }
    case 'return':
      move = { type: 'return', reason: command.text };
      break;
    case 'whistle': {
      const units = args.map(department);
      const bad = units.find(isError);
      if (bad) return refuse(bad as DomainError);
      const queues = units as Queue[];
      if (queues.length < 2) return refuse({ code: 'COMMAND.MISSING_TEXT', params: { example: '吹哨 12 住建局 市场监管局 卫健局' } });
      move = { type: 'whistle', lead: queues[0], coUnits: [...new Set(queues.slice(1).map((q) => q.code))] };
      break;
    }
    case 'reportIn':
      move = { type: 'reportIn', department: actor.departmentCode ?? '', note: command.text || null };
      break;
    case 'keyCase': {
      const leader = await tx.people.findStaffByName(args[0] ?? '');
      if (!leader) return refuse({ code: 'PERSON.NOT_FOUND', params: { name: args[0] ?? '' } });
      const days = Number(args[1]?.replace(/天$/, '')) || 15;
      move = { type: 'keyCase', leaderId: leader.personId, leaderName: leader.name, dueAt: deps.clock.now() + days * DAY, since: deps.clock.now() };
      break;
    }
  }

  const result = moveRequest(request, move, actor.personId, deps.clock.now(), limitsFor(deps.sla, request.category, request.urgent));
  if (!result.ok) return refuse({ ...result.error, params: { ...result.error.params, action: command.type } });
  const next = result.value.request;
  changes.updated.push(next);
  changes.events.push(...result.value.events);

  const out: OutboundMessage[] = [];
  const tell = (text: string) => out.push(...toReporters(next, next.sensitive ? t('status.neutral', { id: next.id, status: statusName(next.status, locale) }, locale) : text));
  const reason = (r: string | null) => (r ? t('queue.reason', { reason: r }, locale) : '');
  const from = name(request.queue);
  switch (move.type) {
    case 'escalate':
      tell(t('move.escalated', { id: next.id, queue: name(move.to) }, locale));
      out.push(...(await toQueue(deps, tx, move.to, next, t('queue.new', { ...card(next), from, reason: reason(move.reason) }, locale))));
      break;
    case 'dispatch':
    case 'transfer':
      tell(t(move.type === 'dispatch' ? 'move.dispatched' : 'move.transferred', { id: next.id, queue: name(move.to) }, locale));
      out.push(...(await toQueue(deps, tx, move.to, next, t('queue.new', { ...card(next), from, reason: reason(move.reason) }, locale))));
      break;
    case 'return':
      out.push(...(await toQueue(deps, tx, next.queue, next, t('queue.returned', { id: next.id, unit: from, reason: move.reason }, locale))));
      break;
    case 'whistle': {
      const co = next.coUnits.map((c) => name({ kind: 'department', code: c.department })).join('、');
      tell(t('move.whistled', { id: next.id, lead: name(move.lead), co }, locale));
      const notice = t('queue.whistle', { ...card(next), lead: name(move.lead), co }, locale);
      for (const q of [move.lead, ...next.coUnits.map((c): Queue => ({ kind: 'department', code: c.department }))]) out.push(...(await toQueue(deps, tx, q, next, notice)));
      break;
    }
    case 'reportIn':
      out.push(replyTo(msg, t('reportIn.done', { id: next.id }, locale)));
      out.push(...(await toQueue(deps, tx, next.queue, next, t('queue.reportedIn', { id: next.id, unit: name({ kind: 'department', code: move.department }), note: move.note ?? '' }, locale))));
      return out;
    case 'keyCase':
      out.push(...(await toLeader(tx, next, t('keycase.assigned', { ...card(next), due: formatTime(move.dueAt, timeZone) }, locale))));
      out.push(replyTo(msg, t('keycase.done', { id: next.id, leader: move.leaderName, due: formatTime(move.dueAt, timeZone) }, locale)));
      return out;
  }
  out.push(...(await toLeader(tx, next, t('keycase.update', { id: next.id, text: out[0]?.text ?? '' }, locale))));
  const target = move.type === 'return' ? next.queue : 'to' in move ? move.to : 'lead' in move ? move.lead : next.queue;
  out.push(replyTo(msg, t('move.done', { id: next.id, queue: name(target) }, locale)));
  return out;
}

/** 合并 N M: N's reporters join M and hear its every step; N ends as merged. */
async function merge(deps: BotDeps, tx: StoreTx, msg: InboundMessage, actor: Actor, source: CitizenRequest, intoId: number, changes: Changes, refuse: Fail): Promise<OutboundMessage[]> {
  const { locale } = deps.messages;
  if (intoId === source.id) return refuse({ code: 'MERGE.SAME', params: { id: source.id } });
  const target = await tx.requests.get(intoId);
  if (!target) return refuse({ code: 'REQUEST.NOT_FOUND', params: { id: intoId } });
  const allowed = authorize(actor, 'merge', target, deps.tree);
  if (!allowed.ok) return refuse(allowed.error);
  const now = deps.clock.now();
  const merged = moveRequest(source, { type: 'merge', into: target.id }, actor.personId, now);
  if (!merged.ok) return refuse(merged.error);
  let joined = target;
  for (const reporter of [{ personId: source.reporterId, origin: source.origin }, ...source.coReporters]) {
    const step = moveRequest(joined, { type: 'join', reporter, from: source.id }, actor.personId, now);
    if (!step.ok) return refuse({ code: 'MERGE.TARGET_CLOSED', params: { into: target.id } });
    joined = step.value.request;
    changes.events.push(...step.value.events);
  }
  changes.updated.push(merged.value.request, joined);
  changes.events.push(...merged.value.events);
  return [
    ...toReporters(source, t('merge.source', { id: source.id, into: target.id }, locale)),
    replyTo(msg, t('merge.done', { id: source.id, into: target.id, count: 1 + joined.coReporters.length }, locale)),
  ];
}
