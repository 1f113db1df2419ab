/**
 * The BlobStore on PostgreSQL: a `blobs` table keyed by SHA-256 (bytea), so photos live in the
 * same database and the same backup as the requests that refer to them, on PGlite and on a server.
 */
import { createHash } from 'node:crypto';
import { eq, inArray, sql } from 'drizzle-orm';
import type { BlobInfo, BlobStore } from '../../bots/ports/blobs';
import { isComplete, sniffType } from '../blobs/sniff';
import type { Db } from './client';
import { rowsOf } from './sql-helpers';
import { blobs } from './schema';

export interface BlobStoreOptions {
  /** Largest file kept, in bytes. (default: 10 MB) */
  maxBytes?: number;
  /** Path prefix of the console's blob route. (default: /console/requests) */
  routePrefix?: string;
}

/** Default per-file limit: 10 MB. */
export const DEFAULT_BLOB_MAX_BYTES = 10 * 1024 * 1024;

/** Creates the PostgreSQL BlobStore over `db`. */
export function createBlobStore(db: Db, options: BlobStoreOptions = {}): BlobStore {
  const maxBytes = options.maxBytes ?? DEFAULT_BLOB_MAX_BYTES;
  const prefix = options.routePrefix ?? '/console/requests';
  return {
    async put(bytes) {
      if (bytes.length > maxBytes) return { ok: false, error: 'BLOB.TOO_LARGE' };
      const mime = sniffType(bytes);
      if (!mime) return { ok: false, error: 'BLOB.BAD_TYPE' };
      if (!isComplete(bytes, mime)) return { ok: false, error: 'BLOB.TRUNCATED' };
      const sha256 = createHash('sha256').update(bytes).digest('hex');
      // One statement: the row is there whole or not at all. A second put of the same bytes only
      // refreshes created_at, so the sweep of unattached blobs does not take it from a new report.
      await db.insert(blobs).values({ sha256, mime, size: bytes.length, bytes: Buffer.from(bytes) })
        .onConflictDoUpdate({ target: blobs.sha256, set: { createdAt: sql`now()` } });
      const blob: BlobInfo = { sha256, mime, size: bytes.length, kind: mime.startsWith('audio/') ? 'voice' : 'photo' };
      return { ok: true, blob };
    },
    async get(sha256) {
      if (!/^[0-9a-f]{64}$/.test(sha256)) return null;
      const [row] = await db.select({ bytes: blobs.bytes, mime: blobs.mime, size: blobs.size }).from(blobs).where(eq(blobs.sha256, sha256));
      return row ?? null;
    },
    async describe(sha256s) {
      const wanted = sha256s.filter((s) => /^[0-9a-f]{64}$/.test(s));
      if (wanted.length === 0) return new Map();
      const rows = await db.select({ sha256: blobs.sha256, mime: blobs.mime, size: blobs.size }).from(blobs).where(inArray(blobs.sha256, wanted));
      return new Map(rows.map((r) => [r.sha256, { mime: r.mime, size: r.size }]));
    },
    url: (requestId, sha256) => `${prefix}/${requestId}/blobs/${sha256}`,
    async requestsOf(sha256) {
      const result = await db.execute(sql`select request_id from request_attachments where blob_sha = ${sha256}`);
      return rowsOf<{ request_id: number }>(result).map((r) => Number(r.request_id));
    },
  };
}

/**
 * Deletes blobs stored before `before` that no request refers to: photos of group chatter and of
 * reports that were never finished (a dialog waits 30 minutes; give it a day). Returns how many.
 */
export async function deleteUnattachedBlobs(db: Db, before: Date): Promise<number> {
  const result = await db.execute(sql`delete from blobs b where b.created_at < ${before}
    and not exists (select 1 from request_attachments a where a.blob_sha = b.sha256)
    and not exists (select 1 from petition_documents d where d.blob_sha = b.sha256) returning 1`); // issue 18: documents stay
  return rowsOf(result).length;
}
