/**
 * Issue 19: managing integrating systems — their keys (Open311 api_key, /api/v1 tokens; only the
 * SHA-256 is stored, the key is shown once) and webhook subscribers. Used by the admin script
 * (`npm run integrations`) and the admin API; the use cases read keys through Open311Store.
 */
import { createHash, randomBytes } from 'node:crypto';
import { and, asc, eq, isNull } from 'drizzle-orm';
import type { Role } from '../../core/model';
import type { IntegrationKey } from '../../bots/ports/open311';
import type { WebhookSubscriber } from '../../bots/ports/webhooks';
import type { Db } from './client';
import { toIntegrationKey } from './open311.repository';
import { chats, integrationKeys, people, webhookSubscribers } from './schema';

/** The SHA-256 (hex) a key is stored and looked up by. */
export const keyHash = (key: string) => createHash('sha256').update(key).digest('hex');

/** A new key: a recognisable prefix and 32 random bytes (base64url). */
export function newKey(kind: IntegrationKey['kind']): string {
  return `${kind === 'open311' ? 'o311' : 'mhapi'}_${randomBytes(32).toString('base64url')}`;
}

export interface NewKey {
  kind: IntegrationKey['kind'];
  /** The system's code: 1-32 of a-z 0-9 - _. */
  system: string;
  name: string;
  /** `api` tokens: the staff role they act as (not household). */
  role?: Role;
  /** Open311: where reports whose place names no area go (default: the county); `api`: the token's area. */
  areaCode?: string | null;
  departmentCode?: string | null;
}

/** A webhook subscriber as listed (bots/ports/webhooks.ts). */
export type Subscriber = WebhookSubscriber;

/** The management functions over the database. */
export function createIntegrations(db: Db) {
  return {
    /**
     * Creates a key and returns it in clear (the only time it exists outside the caller). An `api`
     * token gets a staff identity (role, area, department) whose name shows on timelines; an
     * Open311 key binds the system's `open311` chat to its default area.
     */
    async createKey(input: NewKey): Promise<{ key: string; record: IntegrationKey }> {
      if (!/^[a-z0-9_-]{1,32}$/.test(input.system)) throw new Error('system: use 1-32 of a-z 0-9 - _ (e.g. hotline12345)');
      if (input.kind === 'api' && (!input.role || input.role === 'household')) throw new Error('an api token needs a staff role: grid_worker, grid_leader, dispatcher, department_staff, supervisor or admin');
      const key = newKey(input.kind);
      return db.transaction(async (tx) => {
        let personId: number | null = null;
        if (input.kind === 'api') {
          const [person] = await tx.insert(people).values({ name: input.name, role: input.role!, areaCode: input.areaCode ?? null, departmentCode: input.departmentCode ?? null }).returning({ id: people.id });
          personId = person.id;
        } else {
          await tx.insert(chats).values({ channel: 'open311', externalId: input.system, areaCode: input.areaCode ?? null, title: input.name })
            .onConflictDoUpdate({ target: [chats.channel, chats.externalId], set: { areaCode: input.areaCode ?? null, title: input.name } });
        }
        const [row] = await tx.insert(integrationKeys).values({
          kind: input.kind, system: input.system, name: input.name, keyHash: keyHash(key), keyPrefix: key.slice(0, 12),
          role: input.role ?? null, areaCode: input.areaCode ?? null, departmentCode: input.departmentCode ?? null, personId,
        }).returning();
        return { key, record: toIntegrationKey(row) };
      });
    },
    async listKeys(): Promise<IntegrationKey[]> {
      return (await db.select().from(integrationKeys).orderBy(asc(integrationKeys.id))).map(toIntegrationKey);
    },
    /** Revokes a key; true when it was active. */
    async revokeKey(id: number): Promise<boolean> {
      const rows = await db.update(integrationKeys).set({ revokedAt: new Date() }).where(and(eq(integrationKeys.id, id), isNull(integrationKeys.revokedAt))).returning({ id: integrationKeys.id });
      return rows.length > 0;
    },
    /** Adds a subscriber; its secret (32 random bytes, hex) is returned once. */
    async addSubscriber(input: { name: string; url: string; events: string[]; areaCode?: string | null; includeSensitive?: boolean }): Promise<Subscriber> {
      const secret = `whsec_${randomBytes(32).toString('hex')}`;
      const [row] = await db.insert(webhookSubscribers).values({ name: input.name, url: input.url, secret, events: input.events, areaCode: input.areaCode ?? null, includeSensitive: input.includeSensitive ?? false }).returning();
      return { ...toSubscriber(row), secret };
    },
    async listSubscribers(): Promise<Subscriber[]> {
      return (await db.select().from(webhookSubscribers).orderBy(asc(webhookSubscribers.id))).map(toSubscriber);
    },
    /** Turns a subscriber off (its pending deliveries stay and are sent; no new ones are made) or on. */
    async setSubscriberActive(id: number, active: boolean): Promise<boolean> {
      const rows = await db.update(webhookSubscribers).set({ active }).where(eq(webhookSubscribers.id, id)).returning({ id: webhookSubscribers.id });
      return rows.length > 0;
    },
  };
}

export type Integrations = ReturnType<typeof createIntegrations>;

function toSubscriber(r: typeof webhookSubscribers.$inferSelect): Subscriber {
  return { id: r.id, name: r.name, url: r.url, events: r.events, areaCode: r.areaCode, includeSensitive: r.includeSensitive, active: r.active };
}
