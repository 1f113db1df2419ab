/** Issue 14: what a household follows — the requests it reported and those it joined (关注, 是, 合并). */
import type { CitizenRequest } from '../../core/model';

export interface FollowsPort {
  /** Requests `personId` reported or follows as a co-reporter, newest first. */
  listFollowed(personId: number, limit: number): Promise<CitizenRequest[]>;
}
