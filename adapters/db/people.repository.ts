/** The people port on PostgreSQL: households, staff and their channel identities. */
import { and, eq, inArray, sql } from 'drizzle-orm';
import type { Actor, Channel, Role } from '../../core/model';
import type { PeoplePort } from '../../bots/ports';
import { toStorableText } from '../../core/text-cut';
import type { Tx } from './requests.repository';
import { identities, people } from './schema';

/** A person row as the core sees them. */
export function toActor(p: typeof people.$inferSelect): Actor {
  return { personId: p.id, name: p.name, role: p.role as Role, areaCode: p.areaCode, departmentCode: p.departmentCode, sensitiveReader: p.sensitiveReader };
}

export function createPeopleRepository(tx: Tx): PeoplePort {
  return {
    async registerHousehold(channel, externalId, name, areaCode) {
      // Two first messages at once: the second waits on the identity's key, then uses the first's person.
      const storableId = toStorableText(externalId);
      const [p] = await tx.insert(people).values({ name: toStorableText(name), role: 'household', areaCode }).returning();
      const claimed = await tx.insert(identities).values({ channel, externalId: storableId, personId: p.id }).onConflictDoNothing().returning({ personId: identities.personId });
      if (claimed.length) return toActor(p);
      await tx.delete(people).where(eq(people.id, p.id));
      const [existing] = await tx.select({ p: people }).from(identities).innerJoin(people, eq(people.id, identities.personId))
        .where(and(eq(identities.channel, channel), eq(identities.externalId, storableId)));
      return toActor(existing.p);
    },
    async staffIn(role, areaCodes) {
      if (areaCodes.length === 0) return [];
      const rows = await tx.select().from(people).where(and(eq(people.role, role), inArray(people.areaCode, areaCodes)));
      return rows.map(toActor);
    },
    async staffOfDepartment(departmentCode) {
      const rows = await tx.select().from(people).where(and(eq(people.role, 'department_staff'), eq(people.departmentCode, departmentCode)));
      return rows.map(toActor);
    },
    async findStaffByName(name) {
      const [row] = await tx.select().from(people).where(and(eq(people.name, name), sql`${people.role} <> 'household'`)).limit(1);
      return row ? toActor(row) : null;
    },
    async contactsOf(personIds) {
      if (personIds.length === 0) return [];
      const rows = await tx.select().from(identities).where(inArray(identities.personId, personIds));
      return rows.map((r) => ({ personId: r.personId, channel: r.channel as Channel, externalId: r.externalId }));
    },
    async namesOf(personIds) {
      if (personIds.length === 0) return new Map();
      const rows = await tx.select({ id: people.id, name: people.name }).from(people).where(inArray(people.id, personIds));
      return new Map(rows.map((r) => [r.id, r.name]));
    },
    async nameOf(personId) {
      const [row] = await tx.select({ name: people.name }).from(people).where(eq(people.id, personId));
      return row?.name ?? null;
    },
  };
}
