/**
 * The blob store port (photos, voice): one port per aggregate, kept apart from StoreTx because
 * blobs are written before the message that refers to them is handled (channels download at
 * once, then hand over `blob:<sha256>`). adapters/db/blob.repository.ts implements it on
 * PostgreSQL (PGlite or a server); an S3-compatible store is not built.
 */

/** A kind of attachment kept with a request. */
export type AttachmentKind = 'photo' | 'voice' | 'location';

/** Why a blob was refused: too big, not a type minhu keeps (sniffed from the bytes), or cut short. */
export type BlobRejection = 'BLOB.TOO_LARGE' | 'BLOB.BAD_TYPE' | 'BLOB.TRUNCATED';

/** A stored blob's description. */
export interface BlobInfo {
  sha256: string;
  mime: string;
  size: number;
  /** `photo` or `voice`, from the sniffed MIME type. */
  kind: Exclude<AttachmentKind, 'location'>;
}

/** Content-addressed storage: the same bytes twice are stored once. */
export interface BlobStore {
  /** Sniffs, checks the limits and stores `bytes`; idempotent by SHA-256. */
  put(bytes: Uint8Array): Promise<{ ok: true; blob: BlobInfo } | { ok: false; error: BlobRejection }>;
  /** The bytes and type of a stored blob, or null. */
  get(sha256: string): Promise<{ bytes: Buffer; mime: string; size: number } | null>;
  /** Where signed-in staff open a blob of a request (a console route that checks permission). */
  url(requestId: number, sha256: string): string;
  /** Type and size of stored blobs (no bytes), by SHA-256; unknown ones are left out. */
  describe(sha256s: string[]): Promise<Map<string, { mime: string; size: number }>>;
  /** Requests a blob is attached to (to check who may see it). */
  requestsOf(sha256: string): Promise<number[]>;
}

/** The reference a message or request carries for a stored blob. */
export const blobRef = (sha256: string) => `blob:${sha256}`;

/** The SHA-256 in a `blob:` reference, or null. */
export function shaOfRef(ref: string): string | null {
  const m = /^blob:([0-9a-f]{64})$/.exec(ref);
  return m ? m[1] : null;
}

/** Latitude and longitude in a `geo:lat,lng` reference, or null. */
export function geoOfRef(ref: string): { lat: number; lng: number } | null {
  const m = /^geo:(-?\d{1,3}(?:\.\d+)?),(-?\d{1,3}(?:\.\d+)?)$/.exec(ref);
  if (!m) return null;
  const lat = Number(m[1]);
  const lng = Number(m[2]);
  return Math.abs(lat) <= 90 && Math.abs(lng) <= 180 ? { lat, lng } : null;
}
