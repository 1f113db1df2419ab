/**
 * `npm run org:import -- <file>`: imports an org file (JSON) or a staff list (CSV:
 * name,role,area,department,telegram,wecom) into the configured database (DATABASE_URL, else
 * PGlite in DATA_DIR) and prints what changed. Idempotent: running it again changes nothing.
 */
import fs from 'node:fs';
import { loadConfig } from '../adapters/config';
import { openDatabase } from '../adapters/db/client';
import { areas, departments } from '../adapters/db/schema';
import { formatSummary, importOrg, readOrgFile } from '../adapters/org/org-import';
import { readStaffCsv } from '../adapters/org/staff-csv';

async function main(): Promise<number> {
  const file = process.argv[2];
  if (!file) {
    console.error('usage: npm run org:import -- <org.json | staff.csv>');
    return 2;
  }
  if (!fs.existsSync(file)) {
    console.error(`no such file: ${file}`);
    return 2;
  }
  const config = loadConfig();
  const database = await openDatabase({ url: config.DATABASE_URL, dataDir: config.DATA_DIR });
  try {
    if (file.toLowerCase().endsWith('.csv')) {
      const known = {
        areas: new Set((await database.db.select({ code: areas.code }).from(areas)).map((r) => r.code)),
        departments: new Set((await database.db.select({ code: departments.code }).from(departments)).map((r) => r.code)),
      };
      const parsed = readStaffCsv(fs.readFileSync(file, 'utf8'), known);
      if (!parsed.ok) {
        console.error(`${file} is invalid:\n${parsed.errors.map((e) => `  - ${e}`).join('\n')}`);
        return 1;
      }
      for (const line of formatSummary(await importOrg(database.db, { areas: [], departments: [], chats: [], staff: parsed.staff }))) console.log(line);
    } else {
      for (const line of formatSummary(await importOrg(database.db, readOrgFile(file)))) console.log(line);
    }
    return 0;
  } catch (e) {
    console.error(e instanceof Error ? e.message : e);
    return 1;
  } finally {
    await database.close();
  }
}

main().then((code) => process.exit(code));
