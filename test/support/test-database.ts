/**
 * Test databases: PGlite in memory, and — when TEST_DATABASE_URL is set — a fresh database
 * on the real PostgreSQL server per test file (created and dropped here, so files can run in
 * parallel). The server URL's database name must contain "test", or this refuses.
 */
import { Client } from 'pg';
import { openDatabase, type Database } from '../../adapters/db/client';

export type DbKind = 'pglite' | 'postgres';
export const TEST_DATABASE_URL = process.env.TEST_DATABASE_URL;

/**
 * The kinds to run integration tests on here; PostgreSQL is skipped when absent — with a note
 * printed once per run by test/support/global-setup.js, not once per file.
 */
export const DB_KINDS: DbKind[] = TEST_DATABASE_URL ? ['pglite', 'postgres'] : ['pglite'];

function assertTestUrl(url: string): URL {
  const parsed = new URL(url);
  if (!parsed.pathname.includes('test')) throw new Error(`TEST_DATABASE_URL must name a database containing "test" (got ${parsed.pathname}); refusing to touch it.`);
  return parsed;
}

/** A fresh, migrated database; `close()` also drops a server database. */
export async function openTestDatabase(kind: DbKind): Promise<Database> {
  if (kind === 'pglite') return openDatabase({ dataDir: 'memory://' });
  const server = await createServerDatabase();
  const db = await openDatabase({ url: server.url, poolSize: 5 });
  return {
    ...db,
    async close() {
      await db.close();
      await server.drop();
    },
  };
}

/** A fresh, empty database on the server; the caller drops it with `drop()`. */
export async function createServerDatabase(): Promise<{ url: string; drop: () => Promise<void> }> {
  const base = assertTestUrl(TEST_DATABASE_URL!);
  const name = `minhu_test_${process.pid}_${Math.random().toString(36).slice(2, 8)}`;
  const run = async (sql: string) => {
    const c = new Client({ connectionString: base.toString() });
    await c.connect();
    await c.query(sql);
    await c.end();
  };
  await run(`create database ${name}`);
  const url = new URL(base.toString());
  url.pathname = `/${name}`;
  // Dropping can race an autovacuum worker on the database (PostgreSQL 15 refuses to end it without
  // pg_signal_backend): try a few times, then leave the database to the server's next cleanup.
  const drop = async () => {
    for (let attempt = 1; ; attempt++) {
      try {
        return await run(`drop database if exists ${name} with (force)`);
      } catch (e) {
        if (attempt >= 5) return void console.warn(`test database ${name} not dropped: ${(e as Error).message}`);
        await new Promise((r) => setTimeout(r, 300 * attempt));
      }
    }
  };
  return { url: url.toString(), drop };
}
