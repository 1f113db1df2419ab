/**
 * `npm run bench`: prints benchmark figures (see docs/BENCHMARKS.md). Runs on PGlite, and also
 * on a PostgreSQL server when BENCH_DATABASE_URL (or TEST_DATABASE_URL) is set.
 * BENCH_N (default 2000) updates, BENCH_CONCURRENCY (default 8) in flight; 127.0.0.1 only.
 * BENCH_SEED (default 1,000,000, PostgreSQL) and BENCH_SEED_PGLITE (default 100,000) requests
 * for the SLA tick and the monthly report; BENCH_BROADCAST_GROUPS (default 10,000) groups at
 * BENCH_BROADCAST_RATE (default 30/s, Telegram's limit) for the broadcast — about 6 minutes.
 */
import os from 'node:os';
import { openDatabase } from '../../adapters/db/client';
import { createServerDatabase } from '../../test/support/test-database';
import { benchIntake } from './intake.bench';
import { benchWecomIntake } from './wecom-intake.bench';
import { benchSlaAndReport } from './sla-report.bench';
import { benchBroadcast } from './broadcast.bench';
import { benchClassify } from './classify.bench';
import { benchPhotoIntake } from './photo-intake.bench';
import { benchExport } from './export.bench';

async function main() {
  const n = Number(process.env.BENCH_N ?? 2000);
  const concurrency = Number(process.env.BENCH_CONCURRENCY ?? 8);
  console.log(`minhu bench — ${new Date().toISOString()} — node ${process.version}, ${os.cpus().length} cores, N=${n}, concurrency=${concurrency}`);
  for (const line of benchClassify()) console.log(line);
  const pglite = await openDatabase({ dataDir: 'memory://' });
  for (const line of (await benchIntake(pglite, 'PGlite', n, concurrency)).lines) console.log(line);
  for (const line of await benchWecomIntake(pglite, 'PGlite', n, concurrency)) console.log(line);
  await pglite.close();
  const photosLite = await openDatabase({ dataDir: 'memory://' });
  for (const line of await benchPhotoIntake(photosLite, 'PGlite')) console.log(line);
  await photosLite.close();
  const seeded = await openDatabase({ dataDir: 'memory://' });
  for (const line of await benchSlaAndReport(seeded, 'PGlite', Number(process.env.BENCH_SEED_PGLITE ?? 100_000))) console.log(line);
  await seeded.close();
  const serverUrl = process.env.BENCH_DATABASE_URL ?? process.env.TEST_DATABASE_URL;
  if (serverUrl) {
    process.env.TEST_DATABASE_URL = serverUrl;
    const server = await createServerDatabase();
    const pg = await openDatabase({ url: server.url, poolSize: 10 });
    for (const line of (await benchIntake(pg, 'PostgreSQL', n, concurrency)).lines) console.log(line);
    for (const line of await benchWecomIntake(pg, 'PostgreSQL', n, concurrency)) console.log(line);
    for (const line of await benchPhotoIntake(pg, 'PostgreSQL')) console.log(line);
    await pg.close();
    await server.drop();
    const big = await createServerDatabase();
    const bigDb = await openDatabase({ url: big.url, poolSize: 4 });
    for (const line of await benchSlaAndReport(bigDb, 'PostgreSQL', Number(process.env.BENCH_SEED ?? 1_000_000))) console.log(line);
    await bigDb.close();
    await big.drop();
    const bc = await createServerDatabase();
    const bcDb = await openDatabase({ url: bc.url, poolSize: 4 });
    for (const line of await benchBroadcast(bcDb, 'PostgreSQL', Number(process.env.BENCH_BROADCAST_GROUPS ?? 10_000), Number(process.env.BENCH_BROADCAST_RATE ?? 30))) console.log(line);
    await bcDb.close();
    await bc.drop();
    // issue 19: exports of BENCH_EXPORT_N (default 1,000,000) requests with their timelines
    const ex = await createServerDatabase();
    const exDb = await openDatabase({ url: ex.url, poolSize: 4 });
    for (const line of await benchExport(exDb, 'PostgreSQL', Number(process.env.BENCH_EXPORT_N ?? 1_000_000))) console.log(line);
    await exDb.close();
    await ex.drop();
  } else {
    console.log('(set BENCH_DATABASE_URL or TEST_DATABASE_URL to also measure on a PostgreSQL server)');
  }
}

main().then(() => process.exit(0), (e) => {
  console.error(e);
  process.exit(1);
});
