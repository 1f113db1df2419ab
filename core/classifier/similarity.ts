/**
 * Is a new report the same problem as an open one? Character-bigram (shingle) similarity of the
 * descriptions, the same category, and — when both name one — a matching place.
 */
import type { CategoryCode } from '../categories';
import { extractPlace } from './place';

// Contact details, durations and filler say nothing about what is broken or where (issue 15).
const NOISE = [
  /(\+?86)?[-\s]?1\d{2}[-\s]?\d{4}[-\s]?\d{4}|\d{15,18}[\dXx]?|\d{7,}/g,
  /(联系|打)?(我|俺)?(的)?(电话|手机|微信|联系方式)(是|号)?|联系我|有事找我|麻烦(你们|了)?|谢谢(了)?|快点|尽快|赶紧/g,
  /(好|这|都)?[几两三四五六七八九十\d]+(天|个?星期|个?月|周)(了)?|很久了?|好久了?|一直|又|还|都|的|了|啊|呀|吧|呢/g,
];

/** The text without contact details, durations and filler. */
export function problemText(text: string): string {
  return NOISE.reduce((t, re) => t.replace(re, ' '), text);
}

/** Character bigrams of the letters and digits of a text (contact details and filler removed). */
export function shingles(text: string): Set<string> {
  const chars = [...problemText(text).replace(/[^\p{L}\p{N}]+/gu, '').replace(/^(报事|报修|求助|反映|投诉)/, '')];
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
  const jaccard = common / (sa.size + sb.size - common);
  // A long story around the same short complaint: how much of the shorter one the longer holds.
  const overlap = Math.min(sa.size, sb.size) >= 3 ? common / Math.min(sa.size, sb.size) : 0;
  return Math.max(jaccard, 0.5 * overlap);
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
    // Either report's place is cut from both ("3组12号门口路灯" and "3组12号门口的路灯" name one place).
    const strip = (detail: string) => [draft.place, c.place].filter((p): p is string => !!p).sort((a, b) => b.length - a.length).reduce((t, p) => t.replace(p, ' '), detail);
    const score = textSimilarity(strip(problemOf(draft.detail, draft.place)), strip(problemOf(c.detail, c.place))) + (draft.place && c.place && draft.place === c.place ? 0.15 : 0);
    if (score >= threshold && (!best || score > best.score)) best = { id: c.id, score };
  }
  return best;
}
