/**
 * Loads the org file and imports it idempotently: areas, departments and chats are upserted;
 * staff are matched by their channel ids and updated, never duplicated. Requests are untouched.
 */
import fs from 'node:fs';
import path from 'node:path';
import { and, eq, or, sql, type SQL } from 'drizzle-orm';
import type { PgColumn } from 'drizzle-orm/pg-core';
import { parseOrgFile, type OrgFile } from '../../core/org-file';
import type { Db } from '../db/client';
import { areas, chats, departments, identities, people } from '../db/schema';

/** Path of the demo county used when ORG_FILE is unset. */
export const DEMO_ORG_FILE = path.join(__dirname, 'demo-org.json');

/** Reads and validates an org file; throws with every problem and its field path. */
export function readOrgFile(file: string): OrgFile {
  let json: unknown;
  try {
    json = JSON.parse(fs.readFileSync(file, 'utf8'));
  } catch (e) {
    throw new Error(`ORG_FILE ${file}: cannot read it as JSON (${(e as Error).message})`);
  }
  const parsed = parseOrgFile(json);
  if (!parsed.ok) throw new Error(`ORG_FILE ${file} is invalid:\n${parsed.errors.map((e) => `  - ${e}`).join('\n')}`);
  return parsed.org;
}

/** Counts of one kind of record in an import. */
export interface ChangeCount {
  added: number;
  updated: number;
  unchanged: number;
}

/** What an import changed, for `npm run org:import` and the start-up log. */
export interface ImportSummary {
  areas: ChangeCount;
  departments: ChangeCount;
  chats: ChangeCount;
  staff: ChangeCount;
}

const zero = (): ChangeCount => ({ added: 0, updated: 0, unchanged: 0 });
type Tx = Parameters<Parameters<Db['transaction']>[0]>[0];

/** `(a, b) is distinct from (excluded.a, excluded.b)`: only real changes count as updates. */
function differs(columns: PgColumn[]): SQL {
  return sql`(${sql.join(columns, sql`, `)}) is distinct from (${sql.join(columns.map((c) => sql.raw(`excluded."${c.name}"`)), sql`, `)})`;
}

function count(counter: ChangeCount, rows: { inserted: boolean }[]): void {
  if (rows.length === 0) counter.unchanged++;
  else if (rows[0].inserted) counter.added++;
  else counter.updated++;
}

/**
 * Imports the org into the database in one transaction: areas, departments and chats are
 * upserted, staff matched by their channel ids are updated. Running it twice changes nothing;
 * requests are never touched.
 */
export async function importOrg(db: Db, org: Pick<OrgFile, 'areas' | 'departments' | 'chats' | 'staff'>): Promise<ImportSummary> {
  return db.transaction(async (tx) => {
    const summary: ImportSummary = { areas: zero(), departments: zero(), chats: zero(), staff: zero() };
    const inserted = sql<boolean>`(xmax = 0)`;
    for (const a of org.areas) {
      const v = { code: a.code, name: a.name, level: a.level, parentCode: a.parent, aliases: a.aliases, households: a.households ?? null };
      count(summary.areas, await tx.insert(areas).values(v)
        .onConflictDoUpdate({ target: areas.code, set: v, setWhere: differs([areas.name, areas.level, areas.parentCode, areas.aliases, areas.households]) })
        .returning({ inserted }));
    }
    for (const d of org.departments) {
      count(summary.departments, await tx.insert(departments).values(d)
        .onConflictDoUpdate({ target: departments.code, set: d, setWhere: differs([departments.name, departments.categories]) })
        .returning({ inserted }));
    }
    for (const c of org.chats) {
      const v = { channel: c.channel, externalId: c.id, areaCode: c.area ?? null, departmentCode: c.department ?? null, title: c.title ?? null, passive: c.passive ?? false };
      count(summary.chats, await tx.insert(chats).values(v)
        .onConflictDoUpdate({ target: [chats.channel, chats.externalId], set: v, setWhere: differs([chats.areaCode, chats.departmentCode, chats.title, chats.passive]) })
        .returning({ inserted }));
    }
    for (const s of org.staff) count(summary.staff, await importStaffMember(tx, s));
    return summary;
  });
}

async function importStaffMember(tx: Tx, s: OrgFile['staff'][number]): Promise<{ inserted: boolean }[]> {
  const ids = ([['telegram', s.telegram], ['wecom', s.wecom], ['web', s.web]] as const).filter((p): p is readonly ['telegram' | 'wecom' | 'web', string] => !!p[1]);
  const known = await tx.select().from(identities).where(or(...ids.map(([channel, externalId]) => and(eq(identities.channel, channel), eq(identities.externalId, externalId)))));
  const v = { name: s.name, role: s.role, areaCode: s.area ?? null, departmentCode: s.department ?? null, phone: s.phone ?? null, sensitiveReader: s.sensitiveReader ?? false };
  let result: { inserted: boolean }[];
  let personId: number;
  if (known[0]) {
    personId = known[0].personId;
    const changed = await tx.update(people).set(v)
      .where(and(eq(people.id, personId), sql`(${people.name}, ${people.role}, ${people.areaCode}, ${people.departmentCode}, ${people.phone}, ${people.sensitiveReader}) is distinct from (${v.name}, ${v.role}, ${v.areaCode}, ${v.departmentCode}, ${v.phone}, ${v.sensitiveReader})`))
      .returning({ id: people.id });
    result = changed.length ? [{ inserted: false }] : [];
  } else {
    [{ id: personId }] = await tx.insert(people).values(v).returning({ id: people.id });
    result = [{ inserted: true }];
  }
  for (const [channel, externalId] of ids) {
    await tx.insert(identities).values({ channel, externalId, personId }).onConflictDoUpdate({ target: [identities.channel, identities.externalId], set: { personId } });
  }
  return result;
}

/** `areas: 2 added, 13 unchanged` … one line per kind. */
export function formatSummary(summary: ImportSummary): string[] {
  return (Object.entries(summary) as [string, ChangeCount][]).map(([kind, c]) => `${kind}: ${c.added} added, ${c.updated} updated, ${c.unchanged} unchanged`);
}
