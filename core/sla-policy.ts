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

/**
 * A running clock: one phase of a case with its start and deadline. The SLA tick's mechanism —
 * warn at 80 %, breach at the deadline, repeat while it lasts, one stable key per reminder — works
 * on windows, so other clocks (the 信访 statutory clock, core/petitions/clock.ts) reuse it.
 */
export interface ClockWindow<P extends string = Phase> {
  phase: P;
  startAt: number;
  dueAt: number;
  /** Distinguishes successive windows of the same phase (claim windows of successive queues, an extended deadline). */
  cycle: number;
}

/** A reminder of a window: `key` is unique per case, phase, cycle, threshold and repetition. */
export interface WindowReminder<P extends string = Phase> {
  phase: P;
  kind: 'warn' | 'breach';
  dueAt: number;
  repeat: number;
  key: string;
}

/** The phases whose clock is running for this request (none once it is on the 信访 track: that clock takes over). */
function windows(r: CitizenRequest): ClockWindow[] {
  const open = r.status === 'submitted' || r.status === 'claimed' || r.status === 'answered';
  if (!open || r.track === 'petition') return [];
  const out: ClockWindow[] = [];
  if (r.status === 'submitted') out.push({ phase: 'claim', startAt: r.queueEnteredAt, dueAt: r.claimDueAt, cycle: r.claimDueAt });
  if (r.answeredAt === null) out.push({ phase: 'answer', startAt: r.createdAt, dueAt: r.answerDueAt, cycle: 0 });
  out.push({ phase: 'resolve', startAt: r.createdAt, dueAt: r.resolveDueAt, cycle: 0 });
  return out;
}

const warnAt = (w: ClockWindow<string>) => w.startAt + Math.floor(WARN_AT * (w.dueAt - w.startAt));

/**
 * The reminders of `windows` due at `now`: per window at most one (the latest threshold passed),
 * keyed `<prefix>:<phase>:<cycle>:warn` or `…:breach:<repeat>`.
 */
export function windowReminders<P extends string>(prefix: string, windows: readonly ClockWindow<P>[], now: number, repeatMs = REPEAT_MS): WindowReminder<P>[] {
  const out: WindowReminder<P>[] = [];
  for (const w of windows) {
    const base = `${prefix}:${w.phase}:${w.cycle}`;
    if (now >= w.dueAt) {
      const repeat = Math.floor((now - w.dueAt) / repeatMs);
      out.push({ phase: w.phase, kind: 'breach', dueAt: w.dueAt, repeat, key: `${base}:breach:${repeat}` });
    } else if (now >= warnAt(w)) {
      out.push({ phase: w.phase, kind: 'warn', dueAt: w.dueAt, repeat: 0, key: `${base}:warn` });
    }
  }
  return out;
}

/** When `windows` next need a look after `now` (null: no window runs). */
export function nextWindowCheck(windows: readonly ClockWindow<string>[], now: number, repeatMs = REPEAT_MS): number | null {
  let next: number | null = null;
  for (const w of windows) {
    const at = now < warnAt(w) ? warnAt(w) : now < w.dueAt ? w.dueAt : w.dueAt + (Math.floor((now - w.dueAt) / repeatMs) + 1) * repeatMs;
    if (next === null || at < next) next = at;
  }
  return next;
}

/** The first threshold of freshly written windows: where a tick should look first. */
export function firstWindowCheck(windows: readonly ClockWindow<string>[]): number | null {
  const all = windows.map(warnAt);
  return all.length ? Math.min(...all) : null;
}

/** The reminders due at `now`: per running phase at most one (the latest threshold passed). */
export function dueReminders(r: CitizenRequest, now: number): Reminder[] {
  return windowReminders(`sla:${r.id}`, windows(r), now).map((w) => ({ requestId: r.id, ...w }));
}

/** When this request next needs a look after `now` (null: never, it is not open). */
export function nextReminderAt(r: CitizenRequest, now: number): number | null {
  return nextWindowCheck(windows(r), now);
}

/** The first threshold of a freshly written request: where the SLA tick should look first. */
export function firstReminderAt(r: CitizenRequest): number | null {
  return firstWindowCheck(windows(r));
}

/** Breach reminders after which the supervisor is alerted (DOMAIN.md). */
export const ALERT_AFTER_BREACHES = 3;
