/**
 * The request lifecycle (DESIGN.md): submitted → claimed → answered → resolved → closed,
 * with the side exits rejected and withdrawn, and reopen on an unsatisfied rating.
 * Pure: `now` and ids are arguments; nothing is executed.
 */
import type { CategoryCode } from './categories';
import type { CitizenRequest, Queue, Rating, RequestEvent, RequestEventType, RequestStatus } from './model';
import { fail, ok, type Result } from './result';
import { deadlinesFor, DEFAULT_SLA, type SlaLimits } from './sla-policy';

/** What someone can do to an existing request. */
export type LifecycleAction =
  | { type: 'claim' }
  | { type: 'reply'; text: string }
  | { type: 'resolve'; text: string }
  | { type: 'rate'; rating: Rating }
  | { type: 'withdraw' }
  | { type: 'reject'; reason: string }
  | { type: 'close_unrated' };

/** The statuses from which each action is allowed. */
export const ALLOWED_FROM: Record<LifecycleAction['type'], readonly RequestStatus[]> = {
  claim: ['submitted'],
  reply: ['claimed', 'answered'],
  resolve: ['claimed', 'answered'],
  rate: ['resolved'],
  withdraw: ['submitted', 'claimed', 'answered'],
  reject: ['submitted', 'claimed'],
  close_unrated: ['resolved'],
};

/** The outcome of a transition: the new request and the timeline events to append. */
export interface Transition {
  request: CitizenRequest;
  events: RequestEvent[];
}

/** What is needed to register a new request. */
export interface NewRequest {
  id: number;
  category: CategoryCode;
  areaCode: string;
  /** The queue it enters (default: its grid). */
  queue?: Queue;
  /** Life-and-safety signal: urgent limits apply. (default: false) */
  urgent?: boolean;
  /** Issue 17: read as possibly urgent (normal limits; pinned in the console). (default: false) */
  possiblyUrgent?: boolean;
  place: string | null;
  /** The area the place resolves to. (default: null) */
  placeArea?: string | null;
  detail: string;
  phone: string | null;
  photos: string[];
  sensitive: boolean;
  reporterId: number;
  origin: CitizenRequest['origin'];
}

/** Registers a new request in its grid's queue with its deadlines. */
export function submitRequest(input: NewRequest, now: number, limits: SlaLimits = DEFAULT_SLA): Transition {
  const { queue: _queue, urgent: _urgent, placeArea: _placeArea, ...fields } = input;
  const request: CitizenRequest = {
    ...fields,
    status: 'submitted',
    queue: input.queue ?? { kind: 'area', code: input.areaCode },
    queueEnteredAt: now,
    placeArea: input.placeArea ?? null,
    urgent: input.urgent ?? false,
    possiblyUrgent: input.possiblyUrgent ?? false,
    breachCount: 0,
    dispatchedFrom: null,
    coUnits: [],
    coReporters: [],
    keyCase: null,
    mergedInto: null,
    assigneeId: null,
    reopenCount: 0,
    rating: null,
    createdAt: now,
    ...deadlinesFor(now, limits),
    claimedAt: null,
    answeredAt: null,
    resolvedAt: null,
    closedAt: null,
  };
  return { request, events: [event(request.id, 'submitted', now, input.reporterId, null, 'submitted', null)] };
}

/**
 * Applies `action` by `actorId` at `now`. Returns REQUEST.BAD_STATE when the status does not allow it.
 * Permission (who may do it) is decided separately in core/permissions.
 */
export function transition(request: CitizenRequest, action: LifecycleAction, actorId: number | null, now: number): Result<Transition> {
  if (!ALLOWED_FROM[action.type].includes(request.status)) {
    return fail('REQUEST.BAD_STATE', { id: request.id, status: request.status, action: action.type });
  }
  const from = request.status;
  const to = (status: RequestStatus, patch: Partial<CitizenRequest>, type: RequestEventType, note: string | null): Result<Transition> => {
    const next = { ...request, ...patch, status };
    return ok({ request: next, events: [event(request.id, type, now, actorId, from, status, note)] });
  };
  switch (action.type) {
    case 'claim':
      return to('claimed', { assigneeId: actorId, claimedAt: now }, 'claimed', null);
    case 'reply':
      return to('answered', { answeredAt: request.answeredAt ?? now }, 'answered', action.text);
    case 'resolve':
      return to('resolved', { resolvedAt: now, answeredAt: request.answeredAt ?? now }, 'resolved', action.text);
    case 'withdraw':
      return to('withdrawn', { closedAt: now }, 'withdrawn', null);
    case 'reject':
      return to('rejected', { closedAt: now }, 'rejected', action.reason);
    case 'close_unrated':
      return to('closed', { closedAt: now }, 'closed', null);
    case 'rate': {
      const rated = event(request.id, 'rated', now, actorId, from, action.rating === 'unsatisfied' ? 'claimed' : 'closed', action.rating);
      if (action.rating !== 'unsatisfied') {
        return ok({ request: { ...request, status: 'closed', rating: action.rating, closedAt: now }, events: [rated] });
      }
      // Reopen: back to the same worker; the resolve clock keeps running from submission.
      const reopened: CitizenRequest = { ...request, status: 'claimed', rating: action.rating, reopenCount: request.reopenCount + 1, resolvedAt: null };
      return ok({ request: reopened, events: [rated, event(request.id, 'reopened', now, actorId, 'claimed', 'claimed', `第${reopened.reopenCount}次`)] });
    }
  }
}

/**
 * 撤回 by a co-reporter (issue 11.10): only the original reporter may withdraw a request for
 * everyone; a co-reporter's 撤回 just stops them following it. Removes `personId` from the
 * co-reporters with an `unfollowed` event; the status does not change. REQUEST.NOT_OWN when
 * they are not a co-reporter, REQUEST.BAD_STATE when withdrawing would not be allowed either.
 */
export function unfollow(request: CitizenRequest, personId: number, now: number): Result<Transition> {
  if (!ALLOWED_FROM.withdraw.includes(request.status)) return fail('REQUEST.BAD_STATE', { id: request.id, status: request.status, action: 'withdraw' });
  if (!request.coReporters.some((c) => c.personId === personId)) return fail('REQUEST.NOT_OWN', { id: request.id, action: 'withdraw' });
  const next = { ...request, coReporters: request.coReporters.filter((c) => c.personId !== personId) };
  return ok({ request: next, events: [event(request.id, 'unfollowed', now, personId, request.status, request.status, null)] });
}

function event(requestId: number, type: RequestEventType, at: number, actorId: number | null, fromStatus: RequestStatus | null, toStatus: RequestStatus, note: string | null): RequestEvent {
  return { requestId, type, at, actorId, fromStatus, toStatus, note };
}
