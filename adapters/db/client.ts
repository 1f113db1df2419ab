/**
 * Opens the database: PGlite in a folder when no URL is given (the embedded default),
 * node-postgres otherwise. Applies the drizzle migrations before returning.
 */
import path from 'node:path';
import { PGlite } from '@electric-sql/pglite';
import { sql } from 'drizzle-orm';
import { drizzle as drizzlePg, NodePgSession, NodePgTransaction } from 'drizzle-orm/node-postgres';
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
  /** The pool's connections (PostgreSQL only), for metrics. */
  poolStats?: () => { total: number; idle: number; waiting: number };
  /** The PGlite instance (embedded only): LISTEN/NOTIFY goes through it. */
  pglite?: PGlite;
}

export interface DatabaseOptions {
  /** postgres:// URL; when absent PGlite is used. */
  url?: string;
  /** PGlite data folder; `memory://` keeps it in memory (tests). (default: ./data) */
  dataDir?: string;
  /** Pool size for node-postgres. (default: 10) */
  poolSize?: number;
  /** node-postgres: give up connecting (TCP + start-up) after this. (default: 5_000) */
  connectTimeoutMs?: number;
  /**
   * node-postgres: the server cancels a statement after this (`statement_timeout`), and the
   * client stops waiting for an answer 5 s later (`query_timeout`, for a server that went silent).
   * (default: none — the process passes DB_STATEMENT_TIMEOUT_MS; scripts that seed or bench run unbounded)
   */
  statementTimeoutMs?: number;
  /** node-postgres: the server ends a session idle inside a transaction after this. (default: none) */
  idleInTransactionTimeoutMs?: number;
  /** Told about connection errors that did not belong to a query (they never crash the process). */
  onError?: (error: Error) => void;
  /** Issue 16: told each statement's time in seconds (metrics). */
  onQuery?: (seconds: number) => void;
}

/** Wraps `target.query` so each promise-returning call reports its time. */
function timeQueries(target: { query: (...args: never[]) => unknown }, onQuery: (seconds: number) => void): void {
  const original = target.query.bind(target) as (...args: unknown[]) => unknown;
  (target as { query: (...args: unknown[]) => unknown }).query = (...args: unknown[]) => {
    const started = performance.now();
    const result = original(...args);
    if (result && typeof (result as Promise<unknown>).then === 'function') {
      const done = () => onQuery((performance.now() - started) / 1000);
      (result as Promise<unknown>).then(done, done);
    }
    return result;
  };
}

const MIGRATIONS = path.join(__dirname, 'migrations');
/** Key of the advisory lock that serialises migrations between processes. */
const MIGRATION_LOCK = 7_040_001;

/** Opens and migrates the database. */
export async function openDatabase(options: DatabaseOptions): Promise<Database> {
  if (options.url) {
    const statementTimeout = options.statementTimeoutMs;
    const pool = new Pool({
      connectionString: options.url, max: options.poolSize ?? 10, keepAlive: true,
      connectionTimeoutMillis: options.connectTimeoutMs ?? 5_000,
      ...(statementTimeout ? { statement_timeout: statementTimeout, query_timeout: statementTimeout + 5_000 } : {}),
      ...(options.idleInTransactionTimeoutMs ? { idle_in_transaction_session_timeout: options.idleInTransactionTimeoutMs } : {}),
    });
    const onError = (e: Error) => options.onError?.(e);
    // A backend ended by pg_terminate_backend, a restart or a failover makes its client emit
    // 'error' — idle or checked out. Without a listener that is an uncaught exception; with one,
    // the query in flight fails (and is retried by its caller) and the pool replaces the client.
    pool.on('error', onError);
    pool.on('connect', (c) => {
      c.on('error', onError);
      if (options.onQuery) timeQueries(c as never, options.onQuery);
    });
    const db = drizzlePg(pool, { schema }) as unknown as Db;
    releaseClientsOnFailure(db, pool);
    const client = await pool.connect().catch((e: unknown) => {
      void pool.end().catch(() => undefined);
      throw new Error(explainConnectError(e, options.url!, options.connectTimeoutMs ?? 5_000));
    });
    try {
      await client.query('select pg_advisory_lock($1)', [MIGRATION_LOCK]);
      await migratePg(drizzlePg(client, { schema }), { migrationsFolder: MIGRATIONS });
    } finally {
      await client.query('select pg_advisory_unlock($1)', [MIGRATION_LOCK]).catch(() => undefined);
      client.release();
    }
    return {
      db, kind: 'postgres', ping: async () => void (await db.execute(sql`select 1`)), close: () => pool.end(),
      poolStats: () => ({ total: pool.totalCount, idle: pool.idleCount, waiting: pool.waitingCount }),
    };
  }
  const dataDir = options.dataDir ?? './data';
  const client = dataDir.startsWith('memory://') ? new PGlite() : new PGlite(path.resolve(dataDir));
  await migratePglite(drizzlePglite(client, { schema }), { migrationsFolder: MIGRATIONS });
  if (options.onQuery) timeQueries(client as never, options.onQuery);
  const db = drizzlePglite(client, { schema }) as unknown as Db;
  return { db, kind: 'pglite', ping: async () => void (await db.execute(sql`select 1`)), close: () => client.close(), pglite: client };
}

/**
 * drizzle's node-postgres `transaction` sends `begin` before its `try`: when the connection breaks
 * right there (a restart, `pg_terminate_backend`, a network cut) the pool's client is never
 * released, and after `poolSize` such failures every query waits for a client that never comes —
 * the process never recovers (issue 11 item 1, found by cutting the network under the web pages).
 * The same steps, with `begin` inside the `try` and a failed `rollback` not hiding the error; the
 * pool drops a released client whose connection is gone.
 */
function releaseClientsOnFailure(db: Db, pool: Pool): void {
  type Session = { dialect: never; schema: never; options: never; transaction: (fn: (tx: unknown) => Promise<unknown>, config?: never) => Promise<unknown> };
  const session = (db as unknown as { session: Session }).session;
  session.transaction = async (fn, config) => {
    const client = await pool.connect();
    try {
      const inner = new NodePgSession(client, session.dialect, session.schema, session.options);
      const tx = new NodePgTransaction(session.dialect, inner, session.schema);
      await tx.execute(sql`begin${config ? sql` ${(tx as unknown as { getTransactionConfigSQL(c: never): ReturnType<typeof sql> }).getTransactionConfigSQL(config)}` : undefined}`);
      try {
        const result = await fn(tx);
        await tx.execute(sql`commit`);
        return result;
      } catch (e) {
        await tx.execute(sql`rollback`).catch(() => undefined);
        throw e;
      }
    } finally {
      client.release();
    }
  };
}

/**
 * One line for the operator when PostgreSQL cannot be reached at start: what failed and what to
 * change in DATABASE_URL (or on the server).
 */
export function explainConnectError(e: unknown, url: string, timeoutMs: number): string {
  const err = e as { code?: string; message?: string };
  const where = hostOf(url);
  const why = err?.message ?? String(e);
  let user = '';
  let database = '';
  try {
    const u = new URL(url);
    user = decodeURIComponent(u.username);
    database = decodeURIComponent(u.pathname.slice(1));
  } catch { /* hostOf already said it is unparseable */ }
  switch (err?.code) {
    case '28P01':
      return `DATABASE_URL: PostgreSQL at ${where} refused the password for user "${user}" (${why}); fix the user or password in DATABASE_URL`;
    case '28000':
      return `DATABASE_URL: PostgreSQL at ${where} does not let user "${user}" in (${why}); fix the user in DATABASE_URL or allow it in the server's pg_hba.conf`;
    case '3D000':
      return `DATABASE_URL: database "${database}" does not exist at ${where}; create it (createdb -O ${user || 'USER'} ${database || 'minhu'}) or fix the database name in DATABASE_URL`;
    case 'ECONNREFUSED':
      return `DATABASE_URL: nothing accepts connections at ${where} (ECONNREFUSED); start PostgreSQL there or fix the host and port in DATABASE_URL`;
    case 'ENOTFOUND':
    case 'EAI_AGAIN':
      return `DATABASE_URL: the host of ${where} is not known (${err.code}); fix the host name in DATABASE_URL`;
    default:
      return `DATABASE_URL: cannot connect to PostgreSQL at ${where} within ${timeoutMs} ms (${why}); check DATABASE_URL and that the server is up (DB_CONNECT_TIMEOUT_MS sets the wait)`;
  }
}

/** host:port of a postgres URL, without credentials, for log lines. */
export function hostOf(url: string): string {
  try {
    const u = new URL(url);
    return `${u.hostname}:${u.port || 5432}${u.pathname}`;
  } catch {
    return '(unparseable DATABASE_URL)';
  }
}
