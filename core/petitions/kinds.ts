/**
 * First-time or repeat, individual or collective, through the levels or 越级 (issue 18):
 * - 重复: the same household — or any household of the same group — raised a similar problem
 *   (the same category, or similar words) as a petition within the repeat window (12 months);
 *   the earlier petitions are linked.
 * - 集体: `collectiveHouseholds` (5) or more households on one problem; counted as one 批次 and
 *   as many 人次 as people came (the households, or the number staff give).
 * - 越级: it entered at the county and was never handled by its grid or township.
 */
import type { CategoryCode } from '../categories';
import { textSimilarity } from '../classifier/similarity';
import type { EntryLevel } from './petition';

/** An earlier petition that could make this one a repeat. */
export interface EarlierPetition {
  requestId: number;
  receivedAt: number;
  category: CategoryCode;
  detail: string;
  /** Households (person ids) of the earlier petition: the reporter and co-reporters. */
  households: number[];
}

/** Words in common that make two problems similar (shingle overlap). */
export const SIMILAR_AT = 0.25;

/** The earlier petitions this one repeats, oldest first. */
export function repeatsOf(current: { category: CategoryCode; detail: string; households: number[]; receivedAt: number }, earlier: readonly EarlierPetition[], windowMs: number): number[] {
  const mine = new Set(current.households);
  return earlier
    .filter((e) => e.receivedAt < current.receivedAt && current.receivedAt - e.receivedAt <= windowMs)
    .filter((e) => e.households.some((h) => mine.has(h)))
    .filter((e) => e.category === current.category || textSimilarity(e.detail, current.detail) >= SIMILAR_AT)
    .sort((a, b) => a.receivedAt - b.receivedAt)
    .map((e) => e.requestId);
}

/** 集体 and its 人次: the households on the request, or the number of people staff counted. */
export function collectiveOf(households: number, people: number | null, threshold: number): { collective: boolean; people: number } {
  const count = Math.max(households, people ?? 0);
  return { collective: count >= threshold, people: count };
}

/**
 * 越级: entered at the county (`entryLevel`) without a grid or township having handled it —
 * neither this request (`handledBelow`: claimed, answered or escalated in a grid, village or
 * township queue) nor an earlier petition it repeats that entered below the county.
 */
export function isBypass(entryLevel: EntryLevel, handledBelow: boolean, earlierEnteredBelow: boolean): boolean {
  return entryLevel === 'county' && !handledBelow && !earlierEnteredBelow;
}
