/**
 * `export` (issue 19): the exports over N requests with their timelines (default 1,000,000 —
 * BENCH_EXPORT_N), each format streamed from the keyset cursor into a sink that counts bytes:
 * rows per second and the peak resident memory above the process's baseline. Run alone with
 * `/work/bin/cpu npx tsx scripts/bench/export.bench.ts` (PostgreSQL when BENCH_DATABASE_URL or
 * TEST_DATABASE_URL is set, else PGlite in memory); `npm run bench` runs it on the server.
 */
import { Writable } from 'node:stream';
import { sql } from 'drizzle-orm';
import { openDatabase, type Database } from '../../adapters/db/client';
import { createExportSource } from '../../adapters/db/exports.repository';
import { storesFor } from '../../adapters/db/stores';
import { createExportWriter, type ExportFormat } from '../../adapters/exports/export-format';
import { DEMO_ORG_FILE, readOrgFile } from '../../adapters/org/org-import';
import { createBotDeps } from '../../bots/deps';
import { monthOf, monthRange } from '../../core/time-format';
import { createServerDatabase } from '../../test/support/test-database';
import { seedRequests } from '../seed-requests';

/** A sink that only counts what it is given (as a fast client would read it). */
function countingSink(): Writable & { bytes: number } {
  const sink = new Writable({ highWaterMark: 1 << 20, write(chunk: Buffer, _enc, done) { sink.bytes += chunk.length; done(); } }) as Writable & { bytes: number };
  sink.bytes = 0;
  return sink;
}

/** Seeds `n` requests (each with its submitted event, claimed ones with a claim) and times each export format. */
export async function benchExport(database: Database, label: string, n: number): Promise<string[]> {
  const seeded = await seedRequests(database.db, n);
  const t0 = performance.now();
  await database.db.execute(sql`insert into request_events (request_id, type, at, actor_id, from_status, to_status, note)
    select id, 'submitted', created_at, reporter_id, null, 'submitted', null from requests`);
  await database.db.execute(sql`insert into request_events (request_id, type, at, actor_id, from_status, to_status, note)
    select id, 'claimed', claimed_at, null, 'submitted', 'claimed', '已联系电工，明天上午修' from requests where claimed_at is not null`);
  await database.db.execute(sql`analyze request_events`);
  const events = (performance.now() - t0) / 1000;
  const deps = createBotDeps({ ...storesFor(database.db), org: readOrgFile(DEMO_ORG_FILE) });
  const [from, to] = monthRange(monthOf(Date.now(), 'Asia/Shanghai'), 'Asia/Shanghai');
  const source = createExportSource(database.db);
  const lines = [`seed ${n} requests + their timelines (${label}): ${seeded.toFixed(1)} s + ${events.toFixed(1)} s`];
  for (const format of ['csv', 'jsonl', 'xlsx'] as ExportFormat[]) {
    global.gc?.();
    const baseline = process.memoryUsage().rss;
    let peak = baseline;
    const sampler = setInterval(() => (peak = Math.max(peak, process.memoryUsage().rss)), 20);
    const sink = countingSink();
    const writer = createExportWriter(format, sink, deps);
    let rows = 0;
    const started = performance.now();
    for await (const batch of source.batches({ areaCode: 'MS', from, to: to + 86_400_000 })) {
      for (const { request, timeline } of batch) {
        await writer.row(request, timeline);
        rows++;
      }
    }
    await writer.end();
    const seconds = (performance.now() - started) / 1000;
    clearInterval(sampler);
    peak = Math.max(peak, process.memoryUsage().rss);
    lines.push(`export ${format} (${label}): ${rows} requests in ${seconds.toFixed(1)} s = ${Math.round(rows / seconds)} rows/s, ${(sink.bytes / 1_048_576).toFixed(0)} MB written, peak RSS +${((peak - baseline) / 1_048_576).toFixed(0)} MB over ${(baseline / 1_048_576).toFixed(0)} MB`);
  }
  return lines;
}

if (require.main === module) {
  const n = Number(process.env.BENCH_EXPORT_N ?? 1_000_000);
  const url = process.env.BENCH_DATABASE_URL ?? process.env.TEST_DATABASE_URL;
  (async () => {
    if (url) process.env.TEST_DATABASE_URL = url;
    const server = url ? await createServerDatabase() : null;
    const database = await openDatabase(server ? { url: server.url, poolSize: 4 } : { dataDir: 'memory://' });
    for (const line of await benchExport(database, server ? 'PostgreSQL' : 'PGlite', n)) console.log(line);
    await database.close();
    await server?.drop();
  })().then(() => process.exit(0), (e: unknown) => {
    console.error(e);
    process.exit(1);
  });
}
