/**
 * When to ask a large model for a second opinion, and how its answer combines with the local
 * reading (issue 15). Pure: the call itself is adapters/classifier/llm-classifier.ts.
 */
import type { CategoryCode } from '../categories';
import type { UrgencyLevel } from './urgency';

/** What the large model answered (validated). */
export interface SecondOpinion {
  category: CategoryCode;
  urgency: UrgencyLevel;
}

/** The local reading as the bot's classifier gives it (category guess, maybe with an urgency level). */
export interface LocalReading {
  category: CategoryCode;
  confidence: number;
  top?: { category: CategoryCode; p: number }[];
  level?: UrgencyLevel;
  urgent?: boolean;
  call?: string[];
  reasons?: string[];
}

/** Ask only when the local reading is unsure of the category or reads a possible danger. */
export function needsSecondOpinion(local: LocalReading, askBelow: number): boolean {
  return local.confidence < askBelow || local.level === 'possible';
}

/** Confidence given to a category the large model named: above the ask threshold, below certainty. */
export const OPINION_CONFIDENCE = 0.8;

const RANK: Record<UrgencyLevel, number> = { none: 0, possible: 1, urgent: 2 };

/**
 * The combined reading: the model's category (first among the offered three), and the higher of
 * the two urgency levels — a second opinion may raise a danger, never talk one down.
 */
export function mergeOpinion<T extends LocalReading>(local: T, opinion: SecondOpinion): T {
  const top = [{ category: opinion.category, p: OPINION_CONFIDENCE }, ...(local.top ?? []).filter((c) => c.category !== opinion.category)].slice(0, 3);
  const merged: T = { ...local, category: opinion.category, confidence: Math.max(local.confidence, OPINION_CONFIDENCE), top };
  if (local.level !== undefined && RANK[opinion.urgency] > RANK[local.level]) {
    merged.level = opinion.urgency;
    merged.urgent = opinion.urgency === 'urgent';
    merged.reasons = [...(local.reasons ?? []), `llm:${opinion.urgency}`];
    if (opinion.urgency === 'urgent' && !(local.call ?? []).length) merged.call = ['110', '119', '120'];
  }
  return merged;
}
