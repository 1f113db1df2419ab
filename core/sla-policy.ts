/** Time limits of a request (DOMAIN.md: 24 h claim, 72 h answer, one week resolve). */

/** Limits in milliseconds. Deployments configure them; these are the county's defaults. */
export interface SlaLimits {
  claimMs: number;
  answerMs: number;
  resolveMs: number;
}

const HOUR = 3_600_000;

/** The defaults from the reports: claim 24 h, answer 72 h, resolve 7 days. */
export const DEFAULT_SLA: SlaLimits = { claimMs: 24 * HOUR, answerMs: 72 * HOUR, resolveMs: 7 * 24 * HOUR };

/** Deadlines for a request submitted at `submittedAt`. */
export function deadlinesFor(submittedAt: number, limits: SlaLimits = DEFAULT_SLA) {
  return {
    claimDueAt: submittedAt + limits.claimMs,
    answerDueAt: submittedAt + limits.answerMs,
    resolveDueAt: submittedAt + limits.resolveMs,
  };
}
