/** Issue 14: the follows port on PostgreSQL (the GIN index on co_reporters serves the joined half). */
import { desc, eq, or, sql } from 'drizzle-orm';
import type { FollowsPort } from '../../bots/ports/follows';
import { toRequest } from './request-mapper';
import type { Tx } from './requests.repository';
import { requests } from './schema';

export function createFollowsRepository(tx: Tx): FollowsPort {
  return {
    async listFollowed(personId, limit) {
      const joined = sql`${requests.coReporters} @> ${JSON.stringify([{ personId }])}::jsonb`;
      const rows = await tx.select().from(requests).where(or(eq(requests.reporterId, personId), joined)).orderBy(desc(requests.id)).limit(limit);
      return rows.map(toRequest);
    },
  };
}
