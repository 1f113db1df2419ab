/**
 * Issue 19: exports read requests by a keyset cursor on (created_at, id) — an index range scan
 * per batch, the same on PGlite and PostgreSQL — with the batch's timelines in one more query,
 * so a year of a county streams out without being held in memory.
 */
import { and, asc, eq, gte, inArray, lt, sql, type SQL } from 'drizzle-orm';
import type { ExportSource } from '../../bots/ports/exports';
import type { TimelineEntry } from '../../bots/ports';
import type { Db } from './client';
import { toRequest } from './request-mapper';
import { subtree } from './sql-helpers';
import { people, requestEvents, requests } from './schema';

export function createExportSource(db: Db): ExportSource {
  return {
    async *batches(q) {
      const size = q.batchSize ?? 2000;
      // The area's codes once (a few thousand at most), not a recursive query per batch.
      const codes = (await db.execute(sql`${subtree(q.areaCode)}`) as unknown as { rows: { code: string }[] }).rows.map((r) => r.code);
      let after: { at: Date; id: number } | null = null;
      for (;;) {
        const cursor: SQL = after ? sql`(${requests.createdAt}, ${requests.id}) > (${after.at.toISOString()}::timestamptz, ${after.id}::int)` : sql`true`;
        const rows: (typeof requests.$inferSelect)[] = await db.select().from(requests)
          .where(and(gte(requests.createdAt, new Date(q.from)), lt(requests.createdAt, new Date(q.to)), inArray(requests.areaCode, codes), cursor))
          .orderBy(asc(requests.createdAt), asc(requests.id)).limit(size);
        if (rows.length === 0) return;
        const ids = rows.map((r) => r.id);
        const events = await db.select({ e: requestEvents, name: people.name }).from(requestEvents).leftJoin(people, eq(people.id, requestEvents.actorId))
          .where(inArray(requestEvents.requestId, ids)).orderBy(asc(requestEvents.requestId), asc(requestEvents.id));
        const timelines = new Map<number, TimelineEntry[]>();
        for (const { e, name } of events) {
          const list = timelines.get(e.requestId) ?? timelines.set(e.requestId, []).get(e.requestId)!;
          list.push({ requestId: e.requestId, type: e.type as never, at: e.at.getTime(), actorId: e.actorId, fromStatus: e.fromStatus as never, toStatus: e.toStatus as never, note: e.note, fromQueue: e.fromQueue, toQueue: e.toQueue, actorName: name });
        }
        yield rows.map((r) => ({ request: toRequest(r), timeline: timelines.get(r.id) ?? [] }));
        const last: typeof requests.$inferSelect = rows[rows.length - 1];
        after = { at: last.createdAt, id: last.id };
        if (rows.length < size) return;
      }
    },
  };
}
