/**
 * Checks PGlite's data folder before it is opened, so an operator reads which folder and which
 * permission is wrong instead of PGlite's `Failed query: CREATE SCHEMA …`.
 */
import { accessSync, constants, mkdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';

/** Why a data folder cannot be used, as one line for the operator; null when it is fine. */
export function dataDirProblem(dataDir: string): string | null {
  if (dataDir.startsWith('memory://')) return null;
  const dir = path.resolve(dataDir);
  const who = typeof process.getuid === 'function' ? `user uid ${process.getuid()}` : 'this user';
  const fix = 'choose another folder with DATA_DIR=… or give this user write permission on it';
  try {
    mkdirSync(dir, { recursive: true });
    if (!statSync(dir).isDirectory()) return `DATA_DIR "${dir}" is not a folder; ${fix}.`;
    accessSync(dir, constants.R_OK | constants.W_OK | constants.X_OK);
    // access() can say yes on read-only mounts and for root: write a probe file to be sure.
    const probe = path.join(dir, `.minhu-write-test-${process.pid}`);
    writeFileSync(probe, '');
    rmSync(probe, { force: true });
    return null;
  } catch (e) {
    const err = e as NodeJS.ErrnoException;
    const reason = err.code === 'EACCES' || err.code === 'EPERM' ? `no permission to write there for ${who}`
      : err.code === 'EROFS' ? 'it is on a read-only file system'
        : err.code === 'ENOTDIR' ? 'a part of the path is a file, not a folder'
          : err.code === 'ENOSPC' ? 'the disk is full'
            : err.message;
    return `DATA_DIR "${dir}" cannot be used: ${reason} (${err.code ?? 'error'}); ${fix}.`;
  }
}
