/** Issue 19: the reads of /api/v1 on PostgreSQL (permissions are applied by the caller, per request). */
import { and, asc, desc, eq, gte, inArray, lt, sql, type SQL } from 'drizzle-orm';
import type { ApiStore } from '../../bots/ports/api';
import type { Db } from './client';
import { toActor } from './people.repository';
import { toRequest } from './request-mapper';
import { createRequestsRepository } from './requests.repository';
import { subtree } from './sql-helpers';
import { people, requests } from './schema';

export function createApiStore(db: Db): ApiStore {
  const repo = createRequestsRepository(db);
  return {
    async actor(personId) {
      const [row] = await db.select().from(people).where(eq(people.id, personId));
      return row ? toActor(row) : null;
    },
    async firstAdmin() {
      const [row] = await db.select().from(people).where(eq(people.role, 'admin')).orderBy(asc(people.id)).limit(1);
      return row ? toActor(row) : null;
    },
    async request(id) {
      if (!Number.isSafeInteger(id) || id < 1 || id > 2_147_483_647) return null;
      const [row] = await db.select().from(requests).where(eq(requests.id, id));
      return row ? toRequest(row) : null;
    },
    async listRequests(q) {
      const where: SQL[] = [];
      if (q.departmentCode) where.push(sql`((${requests.queueKind} = 'department' and ${requests.queueCode} = ${q.departmentCode}) or ${requests.coUnits} @> ${JSON.stringify([{ department: q.departmentCode }])}::jsonb)`);
      else if (q.areaCode) where.push(sql`${requests.areaCode} in (${subtree(q.areaCode)})`);
      else return [];
      if (q.statuses?.length) where.push(inArray(requests.status, q.statuses));
      if (q.categories?.length) where.push(inArray(requests.category, q.categories));
      if (q.from !== undefined) where.push(gte(requests.createdAt, new Date(q.from)));
      if (q.to !== undefined) where.push(lt(requests.createdAt, new Date(q.to)));
      if (q.beforeId !== undefined) where.push(lt(requests.id, q.beforeId));
      const rows = await db.select().from(requests).where(and(...where)).orderBy(desc(requests.id)).limit(q.limit);
      return rows.map(toRequest);
    },
    timeline: (id) => repo.timeline(id),
  };
}
