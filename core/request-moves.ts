/**
 * Moving a request between queues and the joint-handling steps (DOMAIN.md "Ways of moving a
 * request"): escalate, dispatch, transfer, return, 吹哨 whistle and 报到 report-in, 包案 key
 * case, and 合并 merge. A move into another queue puts the request back to `submitted` there
 * with a fresh claim deadline; the resolve clock keeps running from submission.
 */
import type { CitizenRequest, CoReporter, Queue, RequestEvent, RequestEventType } from './model';
import { OPEN_STATUSES } from './model';
import { queueKey } from './queue';
import type { Transition } from './request-lifecycle';
import { fail, ok, type Result } from './result';
import { DEFAULT_SLA, type SlaLimits } from './sla-policy';

export type Move =
  | { type: 'escalate'; to: Queue; reason: string }
  | { type: 'dispatch'; to: Queue; reason: string | null }
  | { type: 'transfer'; to: Queue; reason: string }
  | { type: 'return'; reason: string }
  | { type: 'whistle'; lead: Queue; coUnits: string[] }
  | { type: 'reportIn'; department: string; note: string | null }
  | { type: 'keyCase'; leaderId: number; leaderName: string; dueAt: number; since?: number }
  | { type: 'merge'; into: number }
  | { type: 'join'; reporter: CoReporter; from: number };

const EVENT: Record<Move['type'], RequestEventType> = {
  escalate: 'escalated', dispatch: 'dispatched', transfer: 'transferred', return: 'returned', whistle: 'whistled',
  reportIn: 'reported_in', keyCase: 'key_case', merge: 'merged', join: 'joined',
};

/** Applies a move by `actorId` at `now`. Only open requests move. */
export function moveRequest(request: CitizenRequest, move: Move, actorId: number | null, now: number, limits: SlaLimits = DEFAULT_SLA): Result<Transition> {
  if (!OPEN_STATUSES.includes(request.status)) {
    return fail('REQUEST.BAD_STATE', { id: request.id, status: request.status, action: move.type });
  }
  const event = (next: CitizenRequest, note: string | null, toQueue: Queue | null = null): Result<Transition> => {
    const e: RequestEvent = {
      requestId: request.id, type: EVENT[move.type], at: now, actorId, fromStatus: request.status, toStatus: next.status, note,
      fromQueue: toQueue ? queueKey(request.queue) : null, toQueue: toQueue ? queueKey(toQueue) : null,
    };
    return ok({ request: next, events: [e] });
  };
  const enter = (to: Queue, patch: Partial<CitizenRequest> = {}): CitizenRequest => ({
    ...request, ...patch, queue: to, queueEnteredAt: now, status: 'submitted', assigneeId: null, claimedAt: null, claimDueAt: now + limits.claimMs,
  });
  const sameQueue = (to: Queue) => queueKey(to) === queueKey(request.queue);

  switch (move.type) {
    case 'escalate':
    case 'transfer':
      if (sameQueue(move.to)) return fail('ROUTE.SAME_QUEUE', { id: request.id });
      return event(enter(move.to), move.reason, move.to);
    case 'dispatch':
      if (sameQueue(move.to)) return fail('ROUTE.SAME_QUEUE', { id: request.id });
      return event(enter(move.to, { dispatchedFrom: request.queue.kind === 'area' ? request.queue.code : request.dispatchedFrom, coUnits: [] }), move.reason, move.to);
    case 'return': {
      if (!request.dispatchedFrom || request.queue.kind !== 'department') return fail('ROUTE.NOT_DISPATCHED', { id: request.id });
      const to: Queue = { kind: 'area', code: request.dispatchedFrom };
      return event(enter(to, { coUnits: [] }), move.reason, to);
    }
    case 'whistle': {
      const coUnits = move.coUnits.filter((d) => d !== move.lead.code).map((department) => ({ department, reportedAt: null, note: null }));
      const dispatchedFrom = request.queue.kind === 'area' ? request.queue.code : request.dispatchedFrom;
      return event(enter(move.lead, { coUnits, dispatchedFrom }), [move.lead.code, ...coUnits.map((c) => c.department)].join(','), move.lead);
    }
    case 'reportIn': {
      const unit = request.coUnits.find((c) => c.department === move.department);
      if (!unit) return fail('COUNIT.NOT_MEMBER', { id: request.id });
      if (unit.reportedAt !== null) return fail('COUNIT.ALREADY_REPORTED', { id: request.id });
      const coUnits = request.coUnits.map((c) => (c.department === move.department ? { ...c, reportedAt: now, note: move.note } : c));
      return event({ ...request, coUnits }, move.note);
    }
    case 'keyCase':
      return event({ ...request, keyCase: { leaderId: move.leaderId, leaderName: move.leaderName, dueAt: move.dueAt, ...(move.since !== undefined ? { since: move.since } : {}) } }, move.leaderName);
    case 'merge':
      if (move.into === request.id) return fail('MERGE.SAME', { id: request.id });
      return event({ ...request, status: 'merged', mergedInto: move.into, closedAt: now }, `#${move.into}`);
    case 'join': {
      const already = move.reporter.personId === request.reporterId || request.coReporters.some((c) => c.personId === move.reporter.personId);
      const coReporters = already ? request.coReporters : [...request.coReporters, move.reporter];
      return event({ ...request, coReporters }, `#${move.from}`);
    }
  }
}
