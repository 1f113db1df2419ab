/**
 * Issue 19: the Open311 aggregate on PostgreSQL — integration keys (by SHA-256), the caller ids
 * of systems' reports and their tokens, and the public reads of requests (sensitive ones never).
 */
import { and, desc, eq, gte, inArray, isNull, lt, not, sql, type SQL } from 'drizzle-orm';
import { SENSITIVE_CATEGORIES } from '../../core/categories';
import type { Role } from '../../core/model';
import type { IntegrationKey, Open311Port, Open311Store } from '../../bots/ports/open311';
import type { Db } from './client';
import { toRequest } from './request-mapper';
import type { Tx } from './requests.repository';
import { integrationKeys, open311Requests, requests } from './schema';

const OPEN = ['submitted', 'claimed', 'answered'];

/** A key row as the use cases see it. */
export function toIntegrationKey(r: typeof integrationKeys.$inferSelect): IntegrationKey {
  return {
    id: r.id, kind: r.kind, system: r.system, name: r.name, keyPrefix: r.keyPrefix, role: r.role as Role | null, areaCode: r.areaCode,
    departmentCode: r.departmentCode, personId: r.personId, createdAt: r.createdAt.getTime(), revokedAt: r.revokedAt?.getTime() ?? null,
  };
}

/** The transaction's part: links a report to its request. */
export function createOpen311Port(tx: Tx): Open311Port {
  return {
    async link(system, externalId, token, requestId) {
      await tx.insert(open311Requests).values({ system, externalId, token, requestId })
        .onConflictDoUpdate({ target: [open311Requests.system, open311Requests.externalId], set: { requestId } });
    },
  };
}

/** The Open311 store over the database. */
export function createOpen311Store(db: Db): Open311Store {
  return {
    async keyByHash(kind, keyHash) {
      const [row] = await db.select().from(integrationKeys).where(and(eq(integrationKeys.kind, kind), eq(integrationKeys.keyHash, keyHash), isNull(integrationKeys.revokedAt)));
      return row ? toIntegrationKey(row) : null;
    },
    async reserve(system, externalId, token) {
      await db.insert(open311Requests).values({ system, externalId, token }).onConflictDoNothing();
      const [row] = await db.select({ token: open311Requests.token, requestId: open311Requests.requestId }).from(open311Requests)
        .where(and(eq(open311Requests.system, system), eq(open311Requests.externalId, externalId)));
      return row;
    },
    async byToken(token) {
      const [row] = await db.select().from(open311Requests).where(eq(open311Requests.token, token));
      return row ? { token: row.token, requestId: row.requestId, system: row.system, externalId: row.externalId } : null;
    },
    async request(id) {
      if (!Number.isSafeInteger(id) || id < 1 || id > 2_147_483_647) return null;
      const [row] = await db.select().from(requests).where(eq(requests.id, id));
      return row ? toRequest(row) : null;
    },
    async listPublic(query) {
      const where: SQL[] = [eq(requests.sensitive, false), not(inArray(requests.category, [...SENSITIVE_CATEGORIES]))];
      if (query.ids) {
        // service_request_id overrides every other argument (the spec).
        if (query.ids.length === 0) return [];
        where.push(inArray(requests.id, query.ids));
      } else {
        where.push(gte(requests.createdAt, new Date(query.from)), lt(requests.createdAt, new Date(query.to)));
        if (query.categories?.length) where.push(inArray(requests.category, query.categories));
        const statuses = new Set(query.statuses ?? []);
        if (statuses.size === 1) where.push(statuses.has('open') ? inArray(requests.status, OPEN) : sql`${requests.status} not in ('submitted', 'claimed', 'answered')`);
      }
      const rows = await db.select().from(requests).where(and(...where)).orderBy(desc(requests.createdAt), desc(requests.id)).limit(query.limit).offset(query.offset);
      return rows.map(toRequest);
    },
  };
}
