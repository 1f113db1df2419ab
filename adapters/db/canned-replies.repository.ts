/** Issue 14: the canned replies port on PostgreSQL, and their import from the org file. */
import { and, asc, eq, or, sql } from 'drizzle-orm';
import type { CategoryCode } from '../../core/categories';
import type { CannedRepliesPort, CannedReply, ReplyUnit } from '../../bots/ports/canned-replies';
import type { OrgFile } from '../../core/org-file';
import { toStorableText } from '../../core/text-cut';
import type { Tx } from './requests.repository';
import { cannedReplies } from './schema';

type Row = typeof cannedReplies.$inferSelect;

const toReply = (r: Row): CannedReply => ({
  id: r.id, unit: { kind: r.unitKind, code: r.unitCode }, text: r.text, category: (r.category as CategoryCode | null) ?? null, use: r.use ?? null, position: r.position,
});

const ofUnit = (u: ReplyUnit) => and(eq(cannedReplies.unitKind, u.kind), eq(cannedReplies.unitCode, u.code), eq(cannedReplies.deleted, false));

export function createCannedRepliesRepository(tx: Tx): CannedRepliesPort {
  const list = async (unit: ReplyUnit) => (await tx.select().from(cannedReplies).where(ofUnit(unit)).orderBy(asc(cannedReplies.position), asc(cannedReplies.id))).map(toReply);
  return {
    list,
    async listFor(units) {
      if (units.length === 0) return [];
      const rows = (await tx.select().from(cannedReplies).where(or(...units.map(ofUnit))).orderBy(asc(cannedReplies.position), asc(cannedReplies.id))).map(toReply);
      return units.flatMap((u) => rows.filter((r) => r.unit.kind === u.kind && r.unit.code === u.code));
    },
    async add(unit, input) {
      const [{ next }] = await tx.select({ next: sql<number>`coalesce(max(${cannedReplies.position}) + 1, 0)::int` }).from(cannedReplies).where(ofUnit(unit));
      const [row] = await tx.insert(cannedReplies).values({
        unitKind: unit.kind, unitCode: unit.code, position: Number(next), text: toStorableText(input.text), category: input.category ?? null, use: input.use ?? null,
      }).returning();
      return toReply(row);
    },
    async update(id, input) {
      const [row] = await tx.update(cannedReplies).set({
        text: toStorableText(input.text), ...(input.category !== undefined ? { category: input.category } : {}), ...(input.use !== undefined ? { use: input.use } : {}), updatedAt: new Date(),
      }).where(and(eq(cannedReplies.id, id), eq(cannedReplies.deleted, false))).returning();
      return row ? toReply(row) : null;
    },
    async remove(id) {
      const rows = await tx.update(cannedReplies).set({ deleted: true, updatedAt: new Date() }).where(and(eq(cannedReplies.id, id), eq(cannedReplies.deleted, false))).returning({ id: cannedReplies.id });
      return rows.length > 0;
    },
    async move(id, position) {
      const [row] = await tx.select().from(cannedReplies).where(and(eq(cannedReplies.id, id), eq(cannedReplies.deleted, false)));
      if (!row) return false;
      const others = (await list({ kind: row.unitKind, code: row.unitCode })).filter((r) => r.id !== id);
      others.splice(Math.max(0, Math.min(position, others.length)), 0, toReply(row));
      for (const [i, r] of others.entries()) if (r.position !== i) await tx.update(cannedReplies).set({ position: i }).where(eq(cannedReplies.id, r.id));
      return true;
    },
  };
}

/**
 * Imports the org file's 常用语: each (unit, text) once — a reply already imported, even if the
 * console edited or deleted it since, is left as it is. Returns how many were added.
 */
export async function importCannedReplies(tx: Tx, replies: OrgFile['replies'], departments: ReadonlySet<string>): Promise<number> {
  let added = 0;
  for (const r of replies) {
    const unit: ReplyUnit = departments.has(r.unit) ? { kind: 'department', code: r.unit } : { kind: 'area', code: r.unit };
    const known = await tx.select({ id: cannedReplies.id }).from(cannedReplies)
      .where(and(eq(cannedReplies.unitKind, unit.kind), eq(cannedReplies.unitCode, unit.code), eq(cannedReplies.orgText, r.text))).limit(1);
    if (known.length) continue;
    const [{ next }] = await tx.select({ next: sql<number>`coalesce(max(${cannedReplies.position}) + 1, 0)::int` }).from(cannedReplies)
      .where(and(eq(cannedReplies.unitKind, unit.kind), eq(cannedReplies.unitCode, unit.code)));
    await tx.insert(cannedReplies).values({ unitKind: unit.kind, unitCode: unit.code, position: Number(next), text: r.text, orgText: r.text, category: r.category ?? null, use: r.use ?? null });
    added++;
  }
  return added;
}
