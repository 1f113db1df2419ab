/**
 * Leases as rows (issue 16): one upsert takes a free or lapsed lease, or renews our own, and
 * answers who holds it. The database's clock decides when a lease lapses, so instances with
 * skewed clocks still agree.
 */
import { sql } from 'drizzle-orm';
import type { LeaseStore } from '../../bots/ports/leases';
import type { Db } from './client';
import { rowsOf } from './sql-helpers';

/** Creates the LeaseStore over a drizzle database. */
export function createLeaseStore(db: Db): LeaseStore {
  return {
    async acquire(name, holder, ttlMs) {
      const result = await db.execute(sql`
        insert into leases (name, holder, expires_at, acquired_at)
        values (${name}, ${holder}, now() + (${Math.round(ttlMs)}::int * interval '1 millisecond'), now())
        on conflict (name) do update set
          holder = excluded.holder, expires_at = excluded.expires_at,
          acquired_at = case when leases.holder = excluded.holder then leases.acquired_at else now() end
        where leases.holder = excluded.holder or leases.expires_at < now()
        returning holder`);
      return rowsOf<{ holder: string }>(result).length === 1;
    },
    async release(name, holder) {
      await db.execute(sql`delete from leases where name = ${name} and holder = ${holder}`);
    },
    async holderOf(name) {
      const result = await db.execute(sql`select holder from leases where name = ${name} and expires_at >= now()`);
      return rowsOf<{ holder: string }>(result)[0]?.holder ?? null;
    },
  };
}
