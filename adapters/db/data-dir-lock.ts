/**
 * One process per PGlite data folder: PGlite has no server to arbitrate, and two processes
 * writing one folder corrupt it. `lockDataDir` creates `minhu.lock` (pid, host, start time) in
 * the folder atomically (a hard link of a written temp file, which fails when the lock exists);
 * a lock left by a process that is no longer running on this host is taken over.
 */
import { linkSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';

export const LOCK_FILE = 'minhu.lock';

interface LockInfo {
  pid: number;
  host: string;
  startedAt: string;
}

export type DataDirLock =
  | { ok: true; file: string; /** Set when a dead process's lock was taken over. */ stale: LockInfo | null; release(): void }
  | { ok: false; problem: string };

/** True when `pid` runs on this machine (EPERM: it runs, as another user). */
export function isRunning(pid: number): boolean {
  if (!Number.isSafeInteger(pid) || pid <= 0) return false;
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === 'EPERM';
  }
}

function readLock(file: string): LockInfo | null {
  try {
    const info = JSON.parse(readFileSync(file, 'utf8')) as Partial<LockInfo>;
    return typeof info.pid === 'number' ? { pid: info.pid, host: String(info.host ?? ''), startedAt: String(info.startedAt ?? '') } : null;
  } catch {
    return null; // unreadable or half-written: treated as stale below
  }
}

/**
 * Takes the folder's lock for this process, or says in one line who holds it and what to do.
 * The lock is released by `release()` and, as a last resort, when the process exits.
 */
export function lockDataDir(dataDir: string): DataDirLock {
  const dir = path.resolve(dataDir);
  const file = path.join(dir, LOCK_FILE);
  const mine: LockInfo = { pid: process.pid, host: os.hostname(), startedAt: new Date().toISOString() };
  const temp = path.join(dir, `.${LOCK_FILE}.${process.pid}`);
  writeFileSync(temp, JSON.stringify(mine));
  let stale: LockInfo | null = null;
  try {
    for (let attempt = 0; attempt < 3; attempt++) {
      try {
        linkSync(temp, file);
        break;
      } catch (e) {
        if ((e as NodeJS.ErrnoException).code !== 'EEXIST') throw e;
      }
      const held = readLock(file);
      const alive = held && held.pid !== process.pid && (held.host !== mine.host || isRunning(held.pid));
      if (held && alive) {
        const where = held.host === mine.host ? `pid ${held.pid}` : `pid ${held.pid} on host ${held.host}`;
        return {
          ok: false,
          problem: `DATA_DIR "${dir}" is in use by another minhu process (${where}, started ${held.startedAt}): stop that process first, or give this one its own DATA_DIR; to run several instances on one database, set DATABASE_URL to a PostgreSQL server (README "Several instances"). If no minhu runs there, delete ${file}.`,
        };
      }
      // A dead process's lock (or an unreadable one): move it aside and try again. Of two processes
      // doing this at once, one rename fails and the link decides who holds the lock.
      stale = held;
      try {
        renameSync(file, `${file}.stale`);
      } catch {
        /* the other process moved it first */
      }
      if (attempt === 2) return { ok: false, problem: `DATA_DIR "${dir}": could not take ${file} (another process keeps taking it); try again` };
    }
  } finally {
    rmSync(temp, { force: true });
  }
  rmSync(`${file}.stale`, { force: true });
  let released = false;
  const release = () => {
    if (released) return;
    released = true;
    process.off('exit', release);
    // Only our own lock: never delete a lock another process took after ours was removed by hand.
    if (readLock(file)?.pid === process.pid) rmSync(file, { force: true });
  };
  process.on('exit', release);
  return { ok: true, file, stale, release };
}
