/**
 * Loads the org file and imports it idempotently: areas, departments and chats are upserted;
 * staff are matched by their channel ids and updated, never duplicated. Requests are untouched.
 */
import fs from 'node:fs';
import path from 'node:path';
import { and, eq } from 'drizzle-orm';
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

/** What an import changed, for `npm run org:import` and the start-up log. */
export interface ImportSummary {
  areas: number;
  departments: number;
  chats: number;
  staffAdded: number;
  staffUpdated: number;
}

/** Imports the org into the database in one transaction. Running it twice changes nothing. */
export async function importOrg(db: Db, org: OrgFile): Promise<ImportSummary> {
  return db.transaction(async (tx) => {
    for (const a of org.areas) {
      const v = { code: a.code, name: a.name, level: a.level, parentCode: a.parent, aliases: a.aliases };
      await tx.insert(areas).values(v).onConflictDoUpdate({ target: areas.code, set: v });
    }
    for (const d of org.departments) {
      await tx.insert(departments).values(d).onConflictDoUpdate({ target: departments.code, set: d });
    }
    for (const c of org.chats) {
      const v = { channel: c.channel, externalId: c.id, areaCode: c.area ?? null, departmentCode: c.department ?? null, title: c.title ?? null };
      await tx.insert(chats).values(v).onConflictDoUpdate({ target: [chats.channel, chats.externalId], set: v });
    }
    let staffAdded = 0;
    let staffUpdated = 0;
    for (const s of org.staff) {
      const ids = ([['telegram', s.telegram], ['wecom', s.wecom]] as const).filter((p): p is readonly ['telegram' | 'wecom', string] => !!p[1]);
      const known = await Promise.all(ids.map(async ([channel, externalId]) => {
        const [row] = await tx.select().from(identities).where(and(eq(identities.channel, channel), eq(identities.externalId, externalId)));
        return row;
      }));
      const existing = known.find((r) => r)?.personId;
      const v = { name: s.name, role: s.role, areaCode: s.area ?? null, departmentCode: s.department ?? null, phone: s.phone ?? null };
      let personId: number;
      if (existing) {
        await tx.update(people).set(v).where(eq(people.id, existing));
        personId = existing;
        staffUpdated++;
      } else {
        [{ id: personId }] = await tx.insert(people).values(v).returning({ id: people.id });
        staffAdded++;
      }
      for (const [channel, externalId] of ids) {
        await tx.insert(identities).values({ channel, externalId, personId }).onConflictDoUpdate({ target: [identities.channel, identities.externalId], set: { personId } });
      }
    }
    return { areas: org.areas.length, departments: org.departments.length, chats: org.chats.length, staffAdded, staffUpdated };
  });
}
