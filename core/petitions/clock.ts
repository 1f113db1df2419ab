/**
 * The statutory clock of a 信访事项 as windows of the SLA mechanism (core/sla-policy): the
 * acceptance decision (15 days from receipt), the handling (60 days from acceptance, + the
 * extension — a new cycle, so the reminders start again for the new deadline), the 复查 and 复核
 * opinions (30 days from the request). Reminders warn at 80 %, breach at the deadline and repeat
 * daily, each with a stable key. 挂牌督办 adds a weekly reminder to the supervising leader until
 * the case is closed, and a breach at its deadline.
 */
import { firstWindowCheck, nextWindowCheck, windowReminders, type ClockWindow, type WindowReminder } from '../sla-policy';
import type { Petition } from './petition';
import type { PetitionLimits } from './settings';

/** The phases of the statutory clock. */
export type PetitionPhase = 'accept' | 'handle' | 'review' | 'recheck';

/** The windows running for `p`. */
export function petitionWindows(p: Petition): ClockWindow<PetitionPhase>[] {
  switch (p.status) {
    case 'registered':
      return [{ phase: 'accept', startAt: p.receivedAt, dueAt: p.acceptDueAt, cycle: 0 }];
    case 'accepted':
      return p.handleDueAt === null || p.decidedAt === null ? [] : [{ phase: 'handle', startAt: p.decidedAt, dueAt: p.handleDueAt, cycle: p.extendedDays }];
    case 'review':
      return p.reviewRequestedAt === null || p.reviewDueAt === null ? [] : [{ phase: 'review', startAt: p.reviewRequestedAt, dueAt: p.reviewDueAt, cycle: 0 }];
    case 'recheck':
      return p.recheckRequestedAt === null || p.recheckDueAt === null ? [] : [{ phase: 'recheck', startAt: p.recheckRequestedAt, dueAt: p.recheckDueAt, cycle: 0 }];
    default:
      return [];
  }
}

/** A 挂牌督办 reminder to the supervising leader: the weekly one (`week`), or the deadline passed (`overdue`). */
export interface SuperviseReminder {
  kind: 'week' | 'overdue';
  /** Weeks since 挂牌 (week), or days past the deadline in whole repeats (overdue). */
  n: number;
  key: string;
}

const isClosed = (p: Petition) => p.closedAt !== null;

/** The 挂牌督办 reminder due at `now`, if any: one per week, then one per week after the deadline. */
export function superviseReminder(p: Petition, now: number, limits: PetitionLimits): SuperviseReminder | null {
  const b = p.backlog;
  if (!b || b.supervisedAt === null || isClosed(p)) return null;
  const every = limits.superviseEveryMs;
  if (b.supervisedDueAt !== null && now >= b.supervisedDueAt) {
    const n = Math.floor((now - b.supervisedDueAt) / every);
    return { kind: 'overdue', n, key: `petition:${p.requestId}:supervise:${b.supervisedAt}:overdue:${n}` };
  }
  const n = Math.floor((now - b.supervisedAt) / every);
  return n >= 1 ? { kind: 'week', n, key: `petition:${p.requestId}:supervise:${b.supervisedAt}:week:${n}` } : null;
}

function nextSuperviseAt(p: Petition, now: number, limits: PetitionLimits): number | null {
  const b = p.backlog;
  if (!b || b.supervisedAt === null || isClosed(p)) return null;
  const every = limits.superviseEveryMs;
  if (b.supervisedDueAt !== null && now >= b.supervisedDueAt) return b.supervisedDueAt + (Math.floor((now - b.supervisedDueAt) / every) + 1) * every;
  const weekly = b.supervisedAt + (Math.floor((now - b.supervisedAt) / every) + 1) * every;
  return b.supervisedDueAt !== null ? Math.min(weekly, b.supervisedDueAt) : weekly;
}

/** The statutory reminders due at `now` (keys `petition:<id>:<phase>:<cycle>:…`). */
export function petitionReminders(p: Petition, now: number): WindowReminder<PetitionPhase>[] {
  return windowReminders(`petition:${p.requestId}`, petitionWindows(p), now);
}

/** When the petition tick should next look at `p` after `now` (null: nothing runs). */
export function nextPetitionCheck(p: Petition, now: number, limits: PetitionLimits): number | null {
  const at = [nextWindowCheck(petitionWindows(p), now), nextSuperviseAt(p, now, limits)].filter((x): x is number => x !== null);
  return at.length ? Math.min(...at) : null;
}

/** Where the tick should look first after a write at `now`. */
export function firstPetitionCheck(p: Petition, now: number, limits: PetitionLimits): number | null {
  const at = [firstWindowCheck(petitionWindows(p)), nextSuperviseAt(p, now, limits)].filter((x): x is number => x !== null);
  return at.length ? Math.min(...at) : null;
}
