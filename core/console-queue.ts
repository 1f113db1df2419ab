/**
 * The console's queue (issue 17), pure: the views a dispatcher switches between (我的, 待认领,
 * 本单位全部, 超期, 包案, 吹哨, 已办结待评价) with their counts, the deadline that matters now,
 * the time left in words and colour, and the order — urgent and possibly urgent pinned on
 * top, then the least time left first.
 */
import type { Actor, CitizenRequest } from './model';
import { OPEN_STATUSES } from './model';

export const QUEUE_VIEWS = ['mine', 'unclaimed', 'all', 'overdue', 'keyCase', 'whistle', 'toRate'] as const;
export type QueueViewName = (typeof QUEUE_VIEWS)[number];

/** The views' names as the tabs show them. */
export const QUEUE_VIEW_NAMES: Record<QueueViewName, string> = {
  mine: '我的', unclaimed: '待认领', all: '本单位全部', overdue: '超期', keyCase: '包案', whistle: '吹哨', toRate: '已办结待评价',
};

const isOpen = (r: CitizenRequest) => OPEN_STATUSES.includes(r.status);

/** The deadline that runs now: claim while unclaimed, then answer (until answered), then resolve; a key case's own when earlier. */
export function dueOf(r: CitizenRequest): number {
  const step = r.status === 'submitted' ? r.claimDueAt : r.answeredAt === null ? Math.min(r.answerDueAt, r.resolveDueAt) : r.resolveDueAt;
  return r.keyCase ? Math.min(step, r.keyCase.dueAt) : step;
}

/** True when an open request is past its running deadline. */
export const isOverdue = (r: CitizenRequest, now: number): boolean => isOpen(r) && dueOf(r) < now;

/** True when `r` belongs in `view` for `actor` (the base set is already the actor's queue, sensitive ones filtered). */
export function inView(view: QueueViewName, r: CitizenRequest, actor: Actor, now: number): boolean {
  switch (view) {
    case 'mine':
      return isOpen(r) && (r.assigneeId === actor.personId || r.keyCase?.leaderId === actor.personId);
    case 'unclaimed':
      return r.status === 'submitted';
    case 'all':
      return isOpen(r);
    case 'overdue':
      return isOverdue(r, now);
    case 'keyCase':
      return isOpen(r) && r.keyCase !== null;
    case 'whistle':
      return isOpen(r) && r.coUnits.length > 0;
    case 'toRate':
      return r.status === 'resolved';
  }
}

/** Each view's count over the same base set. */
export function viewCounts(rows: readonly CitizenRequest[], actor: Actor, now: number): Record<QueueViewName, number> {
  const counts = Object.fromEntries(QUEUE_VIEWS.map((v) => [v, 0])) as Record<QueueViewName, number>;
  for (const r of rows) for (const v of QUEUE_VIEWS) if (inView(v, r, actor, now)) counts[v]++;
  return counts;
}

/** Urgent, or read as possibly urgent at intake: pinned on top while open. */
export const isPinned = (r: CitizenRequest): boolean => isOpen(r) && (r.urgent || r.possiblyUrgent === true);

/** The queue's order: pinned first (urgent before possibly urgent), then least time left, then oldest. */
export function sortQueue(rows: readonly CitizenRequest[]): CitizenRequest[] {
  const pin = (r: CitizenRequest) => (!isPinned(r) ? 2 : r.urgent ? 0 : 1);
  return [...rows].sort((a, b) => pin(a) - pin(b) || dueOf(a) - dueOf(b) || a.createdAt - b.createdAt);
}

/** Time left in words and a colour class: `late` (past), `soon` (under 4 hours or a fifth of the claim window), `ok`. */
export function timeLeft(r: CitizenRequest, now: number): { text: string; tone: 'late' | 'soon' | 'ok' | 'done' } {
  if (!isOpen(r)) return { text: '—', tone: 'done' };
  const left = dueOf(r) - now;
  const span = (ms: number) => {
    const minutes = Math.max(1, Math.round(Math.abs(ms) / 60_000));
    if (minutes < 60) return `${minutes}分钟`;
    const hours = Math.round(minutes / 60);
    return hours < 48 ? `${hours}小时` : `${Math.round(hours / 24)}天`;
  };
  if (left < 0) return { text: `超期${span(left)}`, tone: 'late' };
  return { text: `剩${span(left)}`, tone: left < 4 * 3_600_000 ? 'soon' : 'ok' };
}
