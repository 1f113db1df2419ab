/**
 * Learning from staff (issue 15): `改类 N 类别` changes a request's category, `加急 N` raises it to
 * urgent. Each is applied to the request here (pure) and kept as a correction — what the model read
 * and what staff said instead — so that `npm run eval -- --corrections` can tell how often the model
 * is corrected per category and the corrections can become labelled data after review.
 */
import { CATEGORY_CODES, CATEGORY_NAMES, type CategoryCode } from './categories';
import type { CitizenRequest, RequestEvent } from './model';
import { deadlinesFor, type SlaLimits } from './sla-policy';
import { normalizeText } from './text-tools';

/** A staff correction of the model's reading. */
export interface Correction {
  requestId: number;
  kind: 'category' | 'urgency';
  /** Category code, or urgency level (`none`/`possible` → `urgent`). */
  from: string;
  to: string;
  byId: number;
  at: number;
}

/** A category by its code (`water`), Chinese name (`供水`) or English name, or null. */
export function parseCategory(input: string): CategoryCode | null {
  const word = normalizeText(input).trim().replace(/[。.!！类]+$/u, '').toLowerCase();
  if (!word) return null;
  for (const code of CATEGORY_CODES) {
    const names = CATEGORY_NAMES[code];
    if (word === code || word === names.zh || word === names.en.toLowerCase()) return code;
  }
  // A unique prefix or containment of a Chinese name: 住房 → 住房物业, 救助 → 社会救助.
  const partial = CATEGORY_CODES.filter((c) => word.length >= 2 && (CATEGORY_NAMES[c].zh.startsWith(word) || CATEGORY_NAMES[c].zh.includes(word)));
  return partial.length === 1 ? partial[0] : null;
}

export type CorrectionOutcome =
  | { ok: true; request: CitizenRequest; event: RequestEvent; correction: Correction }
  | { ok: false; reason: 'same' | 'closed' };

const CLOSED = new Set(['closed', 'rejected', 'withdrawn', 'merged']);

/** Changes the category of an open request. */
export function recategorize(request: CitizenRequest, to: CategoryCode, byId: number, now: number): CorrectionOutcome {
  if (CLOSED.has(request.status)) return { ok: false, reason: 'closed' };
  if (request.category === to) return { ok: false, reason: 'same' };
  const next = { ...request, category: to };
  return {
    ok: true,
    request: next,
    event: { requestId: request.id, type: 'recategorized', at: now, actorId: byId, fromStatus: request.status, toStatus: request.status, note: `${request.category}→${to}` },
    correction: { requestId: request.id, kind: 'category', from: request.category, to, byId, at: now },
  };
}

/**
 * Raises an open request to urgent: urgent limits counted from when it was raised by the
 * household (never later than the deadlines it already has).
 */
export function raiseUrgency(request: CitizenRequest, urgentLimits: SlaLimits, byId: number, now: number, readAs: 'none' | 'possible' = 'none'): CorrectionOutcome {
  if (CLOSED.has(request.status)) return { ok: false, reason: 'closed' };
  if (request.urgent) return { ok: false, reason: 'same' };
  const urgent = deadlinesFor(request.createdAt, urgentLimits);
  // Past deadlines stay past: staff raising an old request see it overdue at once.
  const next: CitizenRequest = {
    ...request,
    urgent: true,
    claimDueAt: Math.min(request.claimDueAt, urgent.claimDueAt),
    answerDueAt: Math.min(request.answerDueAt, urgent.answerDueAt),
    resolveDueAt: Math.min(request.resolveDueAt, urgent.resolveDueAt),
  };
  return {
    ok: true,
    request: next,
    event: { requestId: request.id, type: 'raised', at: now, actorId: byId, fromStatus: request.status, toStatus: request.status, note: `${readAs}→urgent` },
    correction: { requestId: request.id, kind: 'urgency', from: readAs, to: 'urgent', byId, at: now },
  };
}
