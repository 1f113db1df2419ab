/**
 * Is a new report the same problem as an open one? Character-bigram (shingle) similarity of the
 * descriptions, the same category, and — when both name one — a matching place.
 */
import type { CategoryCode } from '../categories';
import { extractPlace } from './place';

/** Character bigrams of the letters and digits of a text. */
export function shingles(text: string): Set<string> {
  const chars = [...text.replace(/[^\p{L}\p{N}]+/gu, '').replace(/^(报事|报修|求助|反映|投诉)/, '')];
  const out = new Set<string>();
  for (let i = 0; i + 1 < chars.length; i++) out.add(chars[i] + chars[i + 1]);
  if (chars.length === 1) out.add(chars[0]);
  return out;
}

/** Jaccard similarity of two texts' shingles, in [0, 1]. */
export function textSimilarity(a: string, b: string): number {
  const sa = shingles(a);
  const sb = shingles(b);
  if (sa.size === 0 || sb.size === 0) return 0;
  let common = 0;
  for (const s of sa) if (sb.has(s)) common++;
  return common / (sa.size + sb.size - common);
}

export interface DuplicateCandidate {
  id: number;
  category: CategoryCode;
  detail: string;
  place: string | null;
}

/** The description without its place mention. */
export function problemOf(detail: string, place: string | null): string {
  const p = place ?? extractPlace(detail);
  return p ? detail.replace(p, ' ') : detail;
}

/** Below this a pair is not offered as the same problem: chosen for precision over recall on the labelled pairs (P 1.0, R 0.7 at 0.2; 0.15 lets in false pairs). */
export const DUPLICATE_THRESHOLD = 0.2;

/** The most similar open request that is likely the same problem, or null. */
export function findDuplicate(draft: { category: CategoryCode; detail: string; place: string | null }, candidates: readonly DuplicateCandidate[], threshold = DUPLICATE_THRESHOLD): { id: number; score: number } | null {
  let best: { id: number; score: number } | null = null;
  for (const c of candidates) {
    if (c.category !== draft.category) continue;
    // Both name a place and the places differ: another problem of the same kind.
    if (draft.place && c.place && textSimilarity(draft.place, c.place) < 0.34 && !draft.place.includes(c.place) && !c.place.includes(draft.place)) continue;
    // Compare the problems, not the places: "1组村口路灯坏了" is not "1组村口井盖丢了".
    const score = textSimilarity(problemOf(draft.detail, draft.place), problemOf(c.detail, c.place)) + (draft.place && c.place && draft.place === c.place ? 0.15 : 0);
    if (score >= threshold && (!best || score > best.score)) best = { id: c.id, score };
  }
  return best;
}
