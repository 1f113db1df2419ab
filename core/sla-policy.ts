/**
 * Time limits and reminders (DOMAIN.md: claim within 24 h, answer within 72 h, resolve within a
 * week; late → remind at once; repeatedly late → the supervisor is alerted).
 * Thresholds are derived from the request's own deadlines, so `dueReminders(request, now)`
 * needs nothing else: a warning when 80 % of a limit has passed, a breach at the deadline, and
 * the breach repeated every `repeatMs` while it lasts. Each reminder has a stable key; a tick
 * that comes late sends only the latest reminder of each phase, once.
 */
import type { CategoryCode } from './categories';
import type { CitizenRequest } from './model';

/** Limits in milliseconds. */
export interface SlaLimits {
  claimMs: number;
  answerMs: number;
  resolveMs: number;
}

const HOUR = 3_600_000;

/** The defaults from the reports: claim 24 h, answer 72 h, resolve 7 days. */
export const DEFAULT_SLA: SlaLimits = { claimMs: 24 * HOUR, answerMs: 72 * HOUR, resolveMs: 7 * 24 * HOUR };

/** The deployment's limits: a default, per-category overrides, and the limits of urgent requests. */
export interface SlaPolicy {
  default: SlaLimits;
  byCategory: Partial<Record<CategoryCode, SlaLimits>>;
  urgent: SlaLimits;
}

export const DEFAULT_POLICY: SlaPolicy = { default: DEFAULT_SLA, byCategory: {}, urgent: { claimMs: 1 * HOUR, answerMs: 4 * HOUR, resolveMs: 24 * HOUR } };

/** The limits that apply to a request of `category`. */
export function limitsFor(policy: SlaPolicy, category: CategoryCode, urgent = false): SlaLimits {
  return urgent ? policy.urgent : (policy.byCategory[category] ?? policy.default);
}

/** Deadlines for a request submitted at `submittedAt`. */
export function deadlinesFor(submittedAt: number, limits: SlaLimits = DEFAULT_SLA) {
  return {
    claimDueAt: submittedAt + limits.claimMs,
    answerDueAt: submittedAt + limits.answerMs,
    resolveDueAt: submittedAt + limits.resolveMs,
  };
}

export type Phase = 'claim' | 'answer' | 'resolve';

/** A reminder that is due. `key` is unique per request, phase, threshold and repetition. */
export interface Reminder {
  requestId: number;
  phase: Phase;
  kind: 'warn' | 'breach';
  dueAt: number;
  /** 0 for the first breach reminder, 1 for the repetition a day later … */
  repeat: number;
  key: string;
}

/** Share of a limit after which the warning goes out. */
export const WARN_AT = 0.8;
/** Breach reminders repeat this often while the breach lasts. (default: 24 h) */
export const REPEAT_MS = 24 * HOUR;

interface Window {
  phase: Phase;
  startAt: number;
  dueAt: number;
  /** Distinguishes claim windows of successive queues. */
  cycle: number;
}

/** The phases whose clock is running for this request. */
function windows(r: CitizenRequest): Window[] {
  const open = r.status === 'submitted' || r.status === 'claimed' || r.status === 'answered';
  if (!open) return [];
  const out: Window[] = [];
  if (r.status === 'submitted') out.push({ phase: 'claim', startAt: r.queueEnteredAt, dueAt: r.claimDueAt, cycle: r.claimDueAt });
  if (r.answeredAt === null) out.push({ phase: 'answer', startAt: r.createdAt, dueAt: r.answerDueAt, cycle: 0 });
  out.push({ phase: 'resolve', startAt: r.createdAt, dueAt: r.resolveDueAt, cycle: 0 });
  return out;
}

const warnAt = (w: Window) => w.startAt + Math.floor(WARN_AT * (w.dueAt - w.startAt));

/** The reminders due at `now`: per running phase at most one (the latest threshold passed). */
export function dueReminders(r: CitizenRequest, now: number): Reminder[] {
  const out: Reminder[] = [];
  for (const w of windows(r)) {
    const base = `sla:${r.id}:${w.phase}:${w.cycle}`;
    if (now >= w.dueAt) {
      const repeat = Math.floor((now - w.dueAt) / REPEAT_MS);
      out.push({ requestId: r.id, phase: w.phase, kind: 'breach', dueAt: w.dueAt, repeat, key: `${base}:breach:${repeat}` });
    } else if (now >= warnAt(w)) {
      out.push({ requestId: r.id, phase: w.phase, kind: 'warn', dueAt: w.dueAt, repeat: 0, key: `${base}:warn` });
    }
  }
  return out;
}

/** When this request next needs a look after `now` (null: never, it is not open). */
export function nextReminderAt(r: CitizenRequest, now: number): number | null {
  let next: number | null = null;
  for (const w of windows(r)) {
    const at = now < warnAt(w) ? warnAt(w) : now < w.dueAt ? w.dueAt : w.dueAt + (Math.floor((now - w.dueAt) / REPEAT_MS) + 1) * REPEAT_MS;
    if (next === null || at < next) next = at;
  }
  return next;
}

/** The first threshold of a freshly written request: where the SLA tick should look first. */
export function firstReminderAt(r: CitizenRequest): number | null {
  const all = windows(r).map(warnAt);
  return all.length ? Math.min(...all) : null;
}

/** Breach reminders after which the supervisor is alerted (DOMAIN.md). */
export const ALERT_AFTER_BREACHES = 3;
