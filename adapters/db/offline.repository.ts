/** The offline-households port on PostgreSQL (issue 12, 代报): a household of a grid by phone, or a new one. */
import { and, eq, sql } from 'drizzle-orm';
import type { OfflinePort } from '../../bots/ports/offline';
import { toStorableText } from '../../core/text-cut';
import { toActor } from './people.repository';
import type { Tx } from './requests.repository';
import { people } from './schema';

export function createOfflineRepository(tx: Tx): OfflinePort {
  return {
    async household(areaCode, name, phone) {
      if (phone) {
        // Serialise the same phone in the same grid: two 代报 at once find one household.
        await tx.execute(sql`select pg_advisory_xact_lock(hashtext(${`household:${areaCode}:${phone}`}))`);
        const [known] = await tx.select().from(people)
          .where(and(eq(people.role, 'household'), eq(people.areaCode, areaCode), eq(people.phone, phone))).orderBy(people.id).limit(1);
        if (known) return toActor(known);
      }
      const [row] = await tx.insert(people).values({ name: toStorableText(name), role: 'household', areaCode, phone }).returning();
      return toActor(row);
    },
    async claim(householdId, channel, externalId, byPersonId) {
      if (householdId === byPersonId) return false;
      const result = await tx.execute(sql`
        update identities set person_id = ${householdId}
        where channel = ${channel} and external_id = ${toStorableText(externalId)} and person_id = ${byPersonId}
          and exists (select 1 from people h where h.id = ${householdId} and h.role = 'household')
          and not exists (select 1 from identities i where i.person_id = ${householdId})
          and not exists (select 1 from requests r where r.reporter_id = ${byPersonId})
          and not exists (select 1 from requests r where r.co_reporters @> ${JSON.stringify([{ personId: byPersonId }])}::jsonb)
        returning 1 as linked`);
      return (result as { rows: unknown[] }).rows.length === 1;
    },
  };
}
