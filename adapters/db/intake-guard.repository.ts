/**
 * Flood defence counters in PostgreSQL (so every minhu process sees the same numbers): fixed-
 * window counters bumped with one upsert, the last time a sender's exact text was handled, and
 * urgent requests derived from the requests themselves.
 */
import { and, eq, lt, sql } from 'drizzle-orm';
import type { IntakeGuardStore } from '../../bots/ports';
import type { Db } from './client';
import { intakeCounters, intakeRepeats, requests } from './schema';
import { rowsOf } from './sql-helpers';

/** Creates the IntakeGuardStore over a drizzle database or an open transaction. */
export function createIntakeGuardStore(db: Db): IntakeGuardStore {
  return {
    async bump(counters) {
      if (counters.length === 0) return [];
      // One statement for all counters; the row lock serialises concurrent bumps of one key.
      const values = sql.join(counters.map((c) => sql`(${c.key}, ${new Date(c.windowStart)}::timestamptz, 1)`), sql`, `);
      const rows = rowsOf<{ key: string; count: number }>(await db.execute(sql`
        insert into intake_counters (key, window_start, count) values ${values}
        on conflict (key, window_start) do update set count = intake_counters.count + 1
        returning key, count`));
      const byKey = new Map(rows.map((r) => [r.key, Number(r.count)]));
      return counters.map((c) => byKey.get(c.key) ?? 0);
    },
    async firstInWindow(key, text, at, windowMs) {
      // Inserted, or the old entry was older than the window: first. Otherwise the entry is kept
      // (not slid), so a steady stream of the same text passes once per window.
      const rows = rowsOf<{ key: string }>(await db.execute(sql`
        insert into intake_repeats (key, at) values (${key} || ':' || md5(${text}), ${new Date(at)}::timestamptz)
        on conflict (key) do update set at = excluded.at where intake_repeats.at <= ${new Date(at - windowMs)}::timestamptz
        returning key`));
      return rows.length > 0;
    },
    async urgentSince(personId, since) {
      const rows = await db.select({ n: sql<number>`count(*)::int` }).from(requests)
        .where(and(eq(requests.reporterId, personId), eq(requests.urgent, true), sql`${requests.createdAt} >= ${new Date(since)}`));
      return Number(rows[0]?.n ?? 0);
    },
    async prune(before) {
      await db.delete(intakeCounters).where(lt(intakeCounters.windowStart, new Date(before)));
      await db.delete(intakeRepeats).where(lt(intakeRepeats.at, new Date(before)));
    },
  };
}
