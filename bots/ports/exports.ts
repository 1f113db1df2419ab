/** Issue 19: the requests of a period and area with their timelines, read in batches (a keyset cursor). */
import type { CitizenRequest } from '../../core/model';
import type { TimelineEntry } from './requests';

export interface ExportQuery {
  /** The area's subtree (requests raised there). */
  areaCode: string;
  /** [from, to) on the time a request was registered. */
  from: number;
  to: number;
  /** Rows per batch. (default: 2000) */
  batchSize?: number;
}

export interface ExportSource {
  /** Batches in registration order; only one batch is in memory at a time. */
  batches(query: ExportQuery): AsyncIterable<{ request: CitizenRequest; timeline: TimelineEntry[] }[]>;
}
