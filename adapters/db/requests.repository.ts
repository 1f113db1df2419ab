/** The requests port on PostgreSQL: reads of requests and their timelines inside a transaction. */
import { and, asc, desc, eq, inArray, isNotNull, lte, sql, type SQL } from 'drizzle-orm';
import type { CategoryCode } from '../../core/categories';
import type { QueueView, RequestsPort, TimelineEntry } from '../../bots/ports';
import type { Db } from './client';
import { toRequest } from './request-mapper';
import { rowsOf, subtree } from './sql-helpers';
import { people, requestEvents, requests } from './schema';

/** A transaction or the plain database (both run the same statements). */
export type Tx = Parameters<Parameters<Db['transaction']>[0]>[0] | Db;

/** Request statuses that still need work (the SQL twin of core OPEN_STATUSES). */
const OPEN = ['submitted', 'claimed', 'answered'];

/** The SQL condition of a queue view (which requests a person's 待办 covers). */
export function viewWhere(view: QueueView): SQL | undefined {
  return view.kind === 'areaQueues' ? and(eq(requests.queueKind, 'area'), sql`${requests.queueCode} in (${subtree(view.within)})`)
    : view.kind === 'department' ? and(eq(requests.queueKind, 'department'), eq(requests.queueCode, view.code))
      : view.kind === 'supervisor' ? and(eq(requests.queueKind, 'supervisor'), sql`${requests.areaCode} in (${subtree(view.within)})`)
        : sql`${requests.areaCode} in (${subtree(view.within)})`;
}

export function createRequestsRepository(tx: Tx): RequestsPort {
  const timelines: RequestsPort['timelines'] = async (requestIds) => {
    const out = new Map<number, TimelineEntry[]>();
    if (requestIds.length === 0) return out;
    const rows = await tx.select({ e: requestEvents, name: people.name }).from(requestEvents)
      .leftJoin(people, eq(people.id, requestEvents.actorId)).where(inArray(requestEvents.requestId, requestIds)).orderBy(asc(requestEvents.requestId), asc(requestEvents.id));
    for (const { e, name } of rows) {
      const list = out.get(e.requestId) ?? out.set(e.requestId, []).get(e.requestId)!;
      list.push({
        requestId: e.requestId, type: e.type as never, at: e.at.getTime(), actorId: e.actorId,
        fromStatus: e.fromStatus as never, toStatus: e.toStatus as never, note: e.note, fromQueue: e.fromQueue, toQueue: e.toQueue, actorName: name,
      });
    }
    return out;
  };
  return {
    async nextId() {
      const result = await tx.execute(sql`select nextval(pg_get_serial_sequence('requests', 'id')) as id`);
      return Number(rowsOf<{ id: string | number }>(result)[0].id);
    },
    async get(id) {
      if (!Number.isSafeInteger(id) || id > 2_147_483_647 || id < 1) return null;
      const [row] = await tx.select().from(requests).where(eq(requests.id, id)).for('update');
      return row ? toRequest(row) : null;
    },
    async listQueue(view, statuses, limit) {
      const rows = await tx.select().from(requests).where(and(inArray(requests.status, [...statuses]), viewWhere(view)))
        .orderBy(sql`jsonb_array_length(${requests.coReporters}) desc`, asc(requests.createdAt)).limit(limit);
      return rows.map(toRequest);
    },
    async openNearby(areaCodes, category, since, limit) {
      if (areaCodes.length === 0) return [];
      const rows = await tx.select({ id: requests.id, category: requests.category, detail: requests.detail, place: requests.place }).from(requests)
        .where(and(inArray(requests.areaCode, areaCodes), eq(requests.category, category), inArray(requests.status, OPEN),
          eq(requests.sensitive, false), sql`${requests.createdAt} >= ${new Date(since)}`))
        .orderBy(desc(requests.id)).limit(limit);
      return rows.map((r) => ({ ...r, category: r.category as CategoryCode }));
    },
    async listPendingReportIns(department, limit) {
      const rows = await tx.select().from(requests)
        .where(and(inArray(requests.status, OPEN), sql`${requests.coUnits} @> ${JSON.stringify([{ department, reportedAt: null }])}::jsonb`))
        .orderBy(asc(requests.createdAt)).limit(limit);
      return rows.map(toRequest);
    },
    async listByReporter(personId, limit) {
      const rows = await tx.select().from(requests).where(eq(requests.reporterId, personId)).orderBy(desc(requests.id)).limit(limit);
      return rows.map(toRequest);
    },
    async dueForSla(now, limit) {
      const rows = await tx.select().from(requests)
        .where(and(isNotNull(requests.slaCheckAt), lte(requests.slaCheckAt, new Date(now))))
        .orderBy(asc(requests.slaCheckAt)).limit(limit).for('update', { skipLocked: true });
      return rows.map(toRequest);
    },
    async setSlaStates(states) {
      if (states.length === 0) return;
      // One statement for the whole tick: unnest parallel arrays into rows.
      await tx.execute(sql`
        update requests set breach_count = v.breach_count, sla_check_at = v.check_at
        from (select unnest(${`{${states.map((x) => x.id).join(',')}}`}::int[]) as id,
                     unnest(${`{${states.map((x) => x.breachCount).join(',')}}`}::int[]) as breach_count,
                     unnest(${`{${states.map((x) => (x.checkAt === null ? 'NULL' : `"${new Date(x.checkAt).toISOString()}"`)).join(',')}}`}::timestamptz[]) as check_at) v
        where requests.id = v.id`);
    },
    async timeline(requestId) {
      return (await timelines([requestId])).get(requestId) ?? [];
    },
    timelines,
  };
}
