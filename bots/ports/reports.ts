/** Read-only aggregates for the daily, weekly and monthly reports. */
import type { CountRow } from '../../core/metrics';
import type { HotIssue } from '../../core/report-text';
import type { Queue } from '../../core/model';

/** The open work of one queue, for the daily feedback and the weekly exposure. */
export interface QueueLoad {
  queue: Queue;
  open: number;
  dueToday: number;
  overdue: number;
  /** Oldest overdue request numbers (at most 10). */
  overdueIds: number[];
}

/** Read-only aggregates for reports. */
export interface ReportStore {
  /** Counts per grid and category of requests registered in [from, to) within `root`; `now` decides which 包案 deadlines have passed (default: `to`). */
  countRows(root: string, from: number, to: number, now?: number): Promise<CountRow[]>;
  /** The most frequent category + place pairs in [from, to) within `root`. */
  hotIssues(root: string, from: number, to: number, limit: number): Promise<HotIssue[]>;
  /** Open work per queue at `now`: open, due before `dayEnd`, overdue. */
  queueLoads(now: number, dayEnd: number): Promise<QueueLoad[]>;
}
