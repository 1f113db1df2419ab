/** Issue 18 — the petitions port on PostgreSQL (PGlite and a server): petitions, documents, sequences. */
import { createHash } from 'node:crypto';
import { and, asc, eq, isNotNull, lte, sql } from 'drizzle-orm';
import type { CategoryCode } from '../../core/categories';
import type { DocumentKind } from '../../core/petitions/documents';
import type { EntryLevel, Petition, PetitionChannel, PetitionStatus } from '../../core/petitions/petition';
import type { PetitionDocument, PetitionPlace, PetitionsPort } from '../../bots/ports/petitions';
import { toStorable } from '../../core/text-cut';
import type { Tx } from './requests.repository';
import { rowsOf } from './sql-helpers';
import { blobs, documentSequences, petitionDocuments, petitions } from './schema';

type Row = typeof petitions.$inferSelect;
const ms = (d: Date | null): number | null => (d ? d.getTime() : null);
const date = (n: number | null): Date | null => (n === null ? null : new Date(n));

function toPetition(r: Row): Petition {
  return {
    requestId: r.requestId, status: r.status as PetitionStatus, channel: r.channel as PetitionChannel, entryLevel: r.entryLevel as EntryLevel,
    receivedAt: r.receivedAt.getTime(), acceptDueAt: r.acceptDueAt.getTime(), decidedAt: ms(r.decidedAt), notAcceptedReason: r.notAcceptedReason,
    handleDueAt: ms(r.handleDueAt), extendedDays: r.extendedDays, extensionReason: r.extensionReason, answeredAt: ms(r.answeredAt),
    reviewRequestedAt: ms(r.reviewRequestedAt), reviewDueAt: ms(r.reviewDueAt), reviewedAt: ms(r.reviewedAt),
    recheckRequestedAt: ms(r.recheckRequestedAt), recheckDueAt: ms(r.recheckDueAt), recheckedAt: ms(r.recheckedAt), closedAt: ms(r.closedAt),
    agreement: r.agreement, agreementRef: r.agreementRef, repeatOf: r.repeatOf, collective: r.collective, households: r.households,
    bypassed: r.bypassed, breachCount: r.breachCount, backlog: r.backlog ?? null,
  };
}

const toPlace = (r: Row): PetitionPlace => ({ countyCode: r.countyCode, areaCode: r.areaCode, category: r.category, departmentCode: r.departmentCode, householdIds: r.householdIds });

function toRow(p: Petition, place: PetitionPlace, checkAt: number | null): typeof petitions.$inferInsert {
  return toStorable({
    requestId: p.requestId, countyCode: place.countyCode, areaCode: place.areaCode, category: place.category, departmentCode: place.departmentCode,
    householdIds: place.householdIds, status: p.status, channel: p.channel, entryLevel: p.entryLevel,
    receivedAt: new Date(p.receivedAt), acceptDueAt: new Date(p.acceptDueAt), decidedAt: date(p.decidedAt), notAcceptedReason: p.notAcceptedReason,
    handleDueAt: date(p.handleDueAt), extendedDays: p.extendedDays, extensionReason: p.extensionReason, answeredAt: date(p.answeredAt),
    reviewRequestedAt: date(p.reviewRequestedAt), reviewDueAt: date(p.reviewDueAt), reviewedAt: date(p.reviewedAt),
    recheckRequestedAt: date(p.recheckRequestedAt), recheckDueAt: date(p.recheckDueAt), recheckedAt: date(p.recheckedAt), closedAt: date(p.closedAt),
    agreement: p.agreement, agreementRef: p.agreementRef, repeatOf: p.repeatOf, collective: p.collective, households: p.households,
    bypassed: p.bypassed, breachCount: p.breachCount, backlog: p.backlog, checkAt: date(checkAt),
  });
}

const toDocument = (r: typeof petitionDocuments.$inferSelect): PetitionDocument => ({
  id: r.id, requestId: r.requestId, kind: r.kind as DocumentKind, number: r.number, blobSha: r.blobSha, token: r.token, createdAt: r.createdAt.getTime(),
});

/** Creates the petitions port inside `tx`. */
export function createPetitionsRepository(tx: Tx): PetitionsPort {
  return {
    async get(requestId) {
      const [row] = await tx.select().from(petitions).where(eq(petitions.requestId, requestId)).for('update');
      return row ? toPetition(row) : null;
    },
    async save(petition, place, checkAt) {
      const row = toRow(petition, place, checkAt);
      const { requestId: _id, ...set } = row;
      await tx.insert(petitions).values(row).onConflictDoUpdate({ target: petitions.requestId, set });
    },
    async dueForCheck(now, limit) {
      const rows = await tx.select().from(petitions)
        .where(and(isNotNull(petitions.checkAt), lte(petitions.checkAt, new Date(now))))
        .orderBy(asc(petitions.checkAt)).limit(limit).for('update', { skipLocked: true });
      return rows.map((r) => ({ petition: toPetition(r), place: toPlace(r) }));
    },
    async setChecks(states) {
      if (states.length === 0) return;
      const values = sql.join(states.map((s) => sql`(${s.requestId}::int, ${s.breachCount}::int, ${date(s.checkAt)}::timestamptz)`), sql`, `);
      await tx.execute(sql`update petitions p set breach_count = v.breach_count, check_at = v.check_at
        from (values ${values}) as v(request_id, breach_count, check_at) where p.request_id = v.request_id`);
    },
    async earlierOf(householdIds, since, exceptRequestId) {
      if (householdIds.length === 0) return [];
      const any = sql.join(householdIds.map((id) => sql`p.household_ids @> ${JSON.stringify([id])}::jsonb`), sql` or `);
      const result = await tx.execute(sql`select p.request_id, p.received_at, p.category, p.household_ids, p.entry_level, r.detail
        from petitions p join requests r on r.id = p.request_id
        where p.received_at >= ${new Date(since)} and p.request_id <> ${exceptRequestId} and (${any})
        order by p.received_at limit 200`);
      return rowsOf<{ request_id: number; received_at: string | Date; category: string; household_ids: number[]; entry_level: string; detail: string }>(result).map((r) => ({
        requestId: Number(r.request_id), receivedAt: new Date(r.received_at).getTime(), category: r.category as CategoryCode,
        households: r.household_ids.map(Number), detail: r.detail, entryLevel: r.entry_level,
      }));
    },
    async nextDocumentSeq(countyCode, year, word) {
      // One row per county, year and word; the row lock of the upsert serialises concurrent issuers.
      const [row] = await tx.insert(documentSequences).values({ countyCode, year, word, last: 1 })
        .onConflictDoUpdate({ target: [documentSequences.countyCode, documentSequences.year, documentSequences.word], set: { last: sql`${documentSequences.last} + 1` } })
        .returning({ last: documentSequences.last });
      return row.last;
    },
    async addDocument(doc) {
      const sha256 = createHash('sha256').update(doc.pdf).digest('hex');
      await tx.insert(blobs).values({ sha256, mime: 'application/pdf', size: doc.pdf.length, bytes: doc.pdf }).onConflictDoNothing();
      const [row] = await tx.insert(petitionDocuments).values({
        requestId: doc.requestId, kind: doc.kind, number: doc.number, countyCode: doc.countyCode, year: doc.year, seq: doc.seq, blobSha: sha256, token: doc.token, createdBy: doc.createdBy,
      }).returning();
      return toDocument(row);
    },
    async documents(requestId) {
      const rows = await tx.select().from(petitionDocuments).where(eq(petitionDocuments.requestId, requestId)).orderBy(asc(petitionDocuments.id));
      return rows.map(toDocument);
    },
    async homeArea(personId) {
      const [row] = rowsOf<{ area_code: string | null }>(await tx.execute(sql`select area_code from people where id = ${personId}`));
      return row?.area_code ?? null;
    },
    async staffOfDepartment(code) {
      const rows = rowsOf<{ id: number; name: string }>(await tx.execute(sql`select id, name from people where department_code = ${code} and role <> 'household' order by id`));
      return rows.map((r) => ({ personId: Number(r.id), name: r.name }));
    },
    async documentByToken(token) {
      if (!/^[A-Za-z0-9_-]{16,64}$/.test(token)) return null;
      const [row] = await tx.select().from(petitionDocuments).where(eq(petitionDocuments.token, token));
      return row ? toDocument(row) : null;
    },
  };
}

