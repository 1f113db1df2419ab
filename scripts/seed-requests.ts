/**
 * `npm run seed -- <count> [--due <share>]`: fills the configured database (DATABASE_URL, else
 * PGlite in DATA_DIR) with the demo county and `count` open requests registered this month,
 * spread over its grids and categories, with `share` (default 0.001) of them due for an SLA
 * look now. For benchmarks and for trying the reports on realistic volumes; never on production.
 */
import { sql } from 'drizzle-orm';
import { loadConfig } from '../adapters/config';
import { openDatabase, type Db } from '../adapters/db/client';
import { DEMO_ORG_FILE, importOrg, readOrgFile } from '../adapters/org/org-import';
import { CATEGORY_CODES } from '../core/categories';
import { monthOf, monthRange } from '../core/time-format';

/** Inserts the demo org and `count` requests; returns the seconds it took. */
export async function seedRequests(db: Db, count: number, dueShare = 0.001, timeZone = 'Asia/Shanghai'): Promise<number> {
  const started = performance.now();
  const org = readOrgFile(DEMO_ORG_FILE);
  await importOrg(db, org);
  const grids = org.areas.filter((a) => a.level === 'grid').map((a) => a.code);
  await db.execute(sql`insert into people (name, role, area_code)
    select '住户' || g, 'household', (${`{${grids.join(',')}}`}::text[])[1 + g % ${grids.length}::int] from generate_series(1, 1000) g`);
  const [{ min }] = (await db.execute(sql`select min(id)::int as min from people where role = 'household'`) as unknown as { rows: { min: number }[] }).rows;
  const now = Date.now();
  const [monthStart] = monthRange(monthOf(now, timeZone), timeZone);
  const span = Math.max(60_000, now - monthStart);
  const dueEvery = Math.max(1, Math.round(1 / dueShare));
  for (let done = 0; done < count; done += 200_000) {
    const n = Math.min(200_000, count - done);
    await db.execute(sql`
      insert into requests (status, category, area_code, queue_kind, queue_code, queue_entered_at, place, detail, reporter_id,
        origin_channel, origin_chat_id, origin_user_id, origin_name, created_at, claim_due_at, answer_due_at, resolve_due_at, claimed_at, sla_check_at)
      select s.status, s.category, s.grid, 'area', s.grid, s.created, (1 + g % 9) || '组', '批量生成的诉求 ' || g, ${min}::int + g % 1000,
        'telegram', '-1001', '0', '住户', s.created, s.created + interval '24 hours', s.created + interval '72 hours', s.created + interval '7 days',
        case when s.status = 'submitted' then null else s.created + interval '2 hours' end,
        case when g % ${dueEvery}::int = 0 then ${new Date(now)}::timestamptz - interval '1 minute' else ${new Date(now)}::timestamptz + interval '1 day' end
      from generate_series(${done + 1}::int, ${done + n}::int) g,
      lateral (select (array['submitted', 'claimed', 'answered'])[1 + g % 3] as status,
                      (${`{${CATEGORY_CODES.join(',')}}`}::text[])[1 + (g * 7) % ${CATEGORY_CODES.length}::int] as category,
                      (${`{${grids.join(',')}}`}::text[])[1 + (g * 13) % ${grids.length}::int] as grid,
                      ${new Date(monthStart)}::timestamptz + ((g % 100000) / 100000.0) * ${span}::float8 * interval '1 millisecond' as created) s`);
  }
  await db.execute(sql`analyze requests`);
  return (performance.now() - started) / 1000;
}

if (require.main === module) {
  const count = Number(process.argv[2] ?? 100_000);
  const dueIndex = process.argv.indexOf('--due');
  const due = dueIndex > 0 ? Number(process.argv[dueIndex + 1]) : 0.001;
  const config = loadConfig();
  openDatabase({ url: config.DATABASE_URL, dataDir: config.DATA_DIR }).then(async (database) => {
    const seconds = await seedRequests(database.db, count, due, config.APP_TIMEZONE);
    console.log(`seeded ${count} requests in ${seconds.toFixed(1)} s`);
    await database.close();
  }).catch((e: unknown) => {
    console.error(e);
    process.exit(1);
  });
}
