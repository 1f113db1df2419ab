/**
 * Opens the database: PGlite in a folder when no URL is given (the embedded default),
 * node-postgres otherwise. Applies the drizzle migrations before returning.
 */
import path from 'node:path';
import { PGlite } from '@electric-sql/pglite';
import { sql } from 'drizzle-orm';
import { drizzle as drizzlePg } from 'drizzle-orm/node-postgres';
import { migrate as migratePg } from 'drizzle-orm/node-postgres/migrator';
import type { PgDatabase, PgQueryResultHKT } from 'drizzle-orm/pg-core';
import { drizzle as drizzlePglite } from 'drizzle-orm/pglite';
import { migrate as migratePglite } from 'drizzle-orm/pglite/migrator';
import { Pool } from 'pg';
import * as schema from './schema';

/** The drizzle database type shared by both drivers. */
export type Db = PgDatabase<PgQueryResultHKT, typeof schema>;

export interface Database {
  db: Db;
  kind: 'pglite' | 'postgres';
  /** Runs `select 1`; throws when the database is unreachable. */
  ping(): Promise<void>;
  close(): Promise<void>;
}

export interface DatabaseOptions {
  /** postgres:// URL; when absent PGlite is used. */
  url?: string;
  /** PGlite data folder; `memory://` keeps it in memory (tests). (default: ./data) */
  dataDir?: string;
  /** Pool size for node-postgres. (default: 10) */
  poolSize?: number;
}

const MIGRATIONS = path.join(__dirname, 'migrations');
/** Key of the advisory lock that serialises migrations between processes. */
const MIGRATION_LOCK = 7_040_001;

/** Opens and migrates the database. */
export async function openDatabase(options: DatabaseOptions): Promise<Database> {
  if (options.url) {
    const pool = new Pool({ connectionString: options.url, max: options.poolSize ?? 10 });
    pool.on('error', () => undefined); // idle-client errors surface on the next query instead
    const db = drizzlePg(pool, { schema }) as unknown as Db;
    const client = await pool.connect();
    try {
      await client.query('select pg_advisory_lock($1)', [MIGRATION_LOCK]);
      await migratePg(drizzlePg(client, { schema }), { migrationsFolder: MIGRATIONS });
    } finally {
      await client.query('select pg_advisory_unlock($1)', [MIGRATION_LOCK]).catch(() => undefined);
      client.release();
    }
    return { db, kind: 'postgres', ping: async () => void (await db.execute(sql`select 1`)), close: () => pool.end() };
  }
  const dataDir = options.dataDir ?? './data';
  const client = dataDir.startsWith('memory://') ? new PGlite() : new PGlite(path.resolve(dataDir));
  const db = drizzlePglite(client, { schema }) as unknown as Db;
  await migratePglite(drizzlePglite(client, { schema }), { migrationsFolder: MIGRATIONS });
  return { db, kind: 'pglite', ping: async () => void (await db.execute(sql`select 1`)), close: () => client.close() };
}
