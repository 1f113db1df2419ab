/** Flood defence counters (issue 11 item 6), shared by every process (kept in the database). */

export interface IntakeGuardStore {
  /** Adds one to each (key, fixed window starting at `windowStart`) and returns the new counts, in order. */
  bump(counters: { key: string; windowStart: number }[]): Promise<number[]>;
  /** True when `text` under `key` was not handled within `windowMs` before `at` (and records it). */
  firstInWindow(key: string, text: string, at: number, windowMs: number): Promise<boolean>;
  /** Urgent requests the person reported since `since`. */
  urgentSince(personId: number, since: number): Promise<number>;
  /** Forgets counters and repeats older than `before`. */
  prune(before: number): Promise<void>;
}
