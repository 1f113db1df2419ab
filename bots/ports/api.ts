/** Issue 19: what /api/v1 reads for staff systems (outside a command's transaction). */
import type { CategoryCode } from '../../core/categories';
import type { Actor, CitizenRequest, RequestStatus } from '../../core/model';
import type { TimelineEntry } from './requests';

/** Filters of GET /api/v1/requests (validated). Rows come newest first, below `beforeId`. */
export interface ApiRequestQuery {
  /** Requests raised in this area's subtree (a department's staff: their queue instead). */
  areaCode: string | null;
  departmentCode: string | null;
  statuses?: RequestStatus[];
  categories?: CategoryCode[];
  from?: number;
  to?: number;
  beforeId?: number;
  limit: number;
}

export interface ApiStore {
  /** The staff identity an API token acts as; null when the person is gone. */
  actor(personId: number): Promise<Actor | null>;
  /** The first admin of the org (ADMIN_TOKEN acts as them, like the console's sign-in). */
  firstAdmin(): Promise<Actor | null>;
  request(id: number): Promise<CitizenRequest | null>;
  listRequests(query: ApiRequestQuery): Promise<CitizenRequest[]>;
  timeline(id: number): Promise<TimelineEntry[]>;
}
