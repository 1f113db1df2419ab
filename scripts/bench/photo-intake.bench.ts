/**
 * `photo-intake` (issue 13): photos downloaded from a local file server (as from Telegram's file
 * endpoint), sniffed, hashed and stored in the `blobs` table — photos per second, and how much
 * the database grows per 1,000 photos. Photos are JPEG-framed random bytes (real JPEGs do not
 * compress either), BENCH_PHOTO_KB (default 200) each, BENCH_PHOTOS (default 400) of them.
 * Run alone: `npx tsx scripts/bench/photo-intake.bench.ts` (PGlite, and PostgreSQL when
 * BENCH_DATABASE_URL or TEST_DATABASE_URL is set).
 */
import { randomBytes } from 'node:crypto';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { sql } from 'drizzle-orm';
import { createMediaIntake } from '../../adapters/blobs/media-intake';
import { openDatabase, type Database } from '../../adapters/db/client';
import { createBlobStore } from '../../adapters/db/blob.repository';
import { rowsOf } from '../../adapters/db/sql-helpers';
import type { InboundMessage } from '../../core/model';

function photo(kb: number): Buffer {
  const b = randomBytes(kb * 1024);
  b.set([0xff, 0xd8, 0xff, 0xe0], 0);
  b.set([0xff, 0xd9], b.length - 2);
  return b;
}

const dbSize = async (db: Database) => Number(rowsOf<{ n: string }>(await db.db.execute(sql`select pg_database_size(current_database()) as n`))[0].n);
const blobsSize = async (db: Database) => Number(rowsOf<{ n: string }>(await db.db.execute(sql`select pg_total_relation_size('blobs') as n`))[0].n);

/** Measures photo intake on `db`; returns printable lines. */
export async function benchPhotoIntake(db: Database, label: string, n = Number(process.env.BENCH_PHOTOS ?? 400), concurrency = 8): Promise<string[]> {
  const kb = Number(process.env.BENCH_PHOTO_KB ?? 200);
  const files = Array.from({ length: n }, () => photo(kb));
  const server = http.createServer((req, res) => {
    const file = files[Number(req.url?.slice(1))];
    if (!file) return res.writeHead(404).end();
    res.writeHead(200, { 'content-type': 'image/jpeg', 'content-length': String(file.length) });
    res.end(file);
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const intake = createMediaIntake(createBlobStore(db.db));
  intake.register('bench', (i) => intake.download(`${base}/${i}`));
  const msg = (i: number): InboundMessage => ({
    channel: 'telegram', messageId: `p${i}`, chatId: '1', chatType: 'private', senderId: '1', senderName: 'b', text: '', addressed: true,
    sourceMessageId: null, replyToMessageId: null, buttonData: null, photo: `bench:${i}`, kind: 'photo', at: 0,
  });
  await db.db.execute(sql`checkpoint`).catch(() => undefined);
  const [before, blobsBefore] = [await dbSize(db), await blobsSize(db)];
  let next = 0;
  let failed = 0;
  const started = process.hrtime.bigint();
  await Promise.all(Array.from({ length: concurrency }, async () => {
    while (next < n) {
      const out = await intake.resolve(msg(next++));
      if (!out.photo?.startsWith('blob:')) failed++;
    }
  }));
  const seconds = Number(process.hrtime.bigint() - started) / 1e9;
  const [after, blobsAfter] = [await dbSize(db), await blobsSize(db)];
  await new Promise((r) => server.close(r));
  const mb = (bytes: number) => (bytes / 1_048_576).toFixed(0);
  const per1000 = (bytes: number) => (bytes / n) * 1000;
  return [
    `photo-intake ${label}: ${n} photos of ${kb} KB (download + sniff + SHA-256 + INSERT bytea), concurrency ${concurrency}: ${(n / seconds).toFixed(0)} photos/s, ${((n * kb) / 1024 / seconds).toFixed(0)} MB/s, ${failed} failed`,
    `photo-intake ${label}: growth per 1,000 photos — database ${mb(per1000(after - before))} MB, blobs table ${mb(per1000(blobsAfter - blobsBefore))} MB (photos themselves ${mb(kb * 1024 * 1000)} MB)`,
  ];
}

if (require.main === module) {
  void (async () => {
    const pglite = await openDatabase({ dataDir: 'memory://' });
    for (const line of await benchPhotoIntake(pglite, 'PGlite')) console.log(line);
    await pglite.close();
    const url = process.env.BENCH_DATABASE_URL ?? process.env.TEST_DATABASE_URL;
    if (url) {
      process.env.TEST_DATABASE_URL = url;
      const { createServerDatabase } = await import('../../test/support/test-database');
      const server = await createServerDatabase();
      const pg = await openDatabase({ url: server.url, poolSize: 10 });
      for (const line of await benchPhotoIntake(pg, 'PostgreSQL')) console.log(line);
      await pg.close();
      await server.drop();
    }
    process.exit(0);
  })();
}
