/**
 * Verifies and decrypts WeCom callbacks, and encrypts passive replies, on top of @wecom/crypto.
 * The library checks nothing itself (CHANNELS.md §1): this module compares the signature in
 * constant time, requires the expected receiveid, and refuses stale timestamps. A wrong key
 * does not throw in the library — it yields garbage with id "" — so the checks are mandatory.
 */
import { createHash, timingSafeEqual } from 'node:crypto';
import { decrypt, encrypt, getSignature } from '@wecom/crypto';

/** The secrets of one callback endpoint. */
export interface CallbackSecrets {
  token: string;
  encodingAesKey: string;
  /** Expected receiveid: the corp id for a self-built app, "" for an AI bot. */
  receiveId: string;
}

/** The query parameters WeCom signs with. */
export interface SignedQuery {
  msg_signature?: string;
  timestamp?: string;
  nonce?: string;
}

/** Why a callback was refused; `status` is what the HTTP edge answers. */
export interface CallbackRejection {
  status: 400 | 401;
  reason: string;
}

export type Verified = { ok: true; message: string } | { ok: false; rejection: CallbackRejection };

export interface VerifyOptions {
  /** Now, in seconds since the epoch. */
  nowSeconds: number;
  /** Oldest acceptable timestamp, in seconds before now (and as much ahead). */
  maxAgeSeconds: number;
}

const reject = (status: 400 | 401, reason: string): Verified => ({ ok: false, rejection: { status, reason } });

/**
 * Checks `msg_signature` over `encrypted`, the timestamp window and the receiveid, then
 * returns the decrypted plaintext.
 */
export function verifyAndDecrypt(secrets: CallbackSecrets, query: SignedQuery, encrypted: string, options: VerifyOptions): Verified {
  const { msg_signature: signature, timestamp, nonce } = query;
  if (!signature || !timestamp || !nonce) return reject(400, 'msg_signature, timestamp and nonce are required');
  if (!encrypted) return reject(400, 'the encrypted field is missing or empty');
  if (!/^\d{1,12}$/.test(timestamp)) return reject(400, 'timestamp must be seconds since the epoch');
  if (!constantTimeEqual(getSignature(secrets.token, timestamp, nonce, encrypted), signature)) return reject(401, 'msg_signature does not match');
  if (Math.abs(options.nowSeconds - Number(timestamp)) > options.maxAgeSeconds) return reject(401, `timestamp is outside the ${options.maxAgeSeconds} s window`);
  let plain: { message: string; id: string };
  try {
    plain = decrypt(secrets.encodingAesKey, encrypted);
  } catch (e) {
    return reject(400, `ciphertext cannot be decrypted (${(e as Error).message})`);
  }
  if (plain.id !== secrets.receiveId) return reject(401, 'receiveid does not match this endpoint');
  return { ok: true, message: plain.message };
}

/** Encrypts a passive reply and signs it; `receiveId` as for the endpoint. */
export function encryptReply(secrets: CallbackSecrets, plaintext: string, timestamp: string, nonce: string): { encrypt: string; signature: string } {
  const encrypted = encrypt(secrets.encodingAesKey, plaintext, secrets.receiveId);
  return { encrypt: encrypted, signature: getSignature(secrets.token, timestamp, nonce, encrypted) };
}

function constantTimeEqual(expected: string, given: string): boolean {
  // Hash both so the comparison has a fixed length whatever was sent.
  const a = createHash('sha256').update(expected).digest();
  const b = createHash('sha256').update(given.toLowerCase()).digest();
  return timingSafeEqual(a, b);
}

/**
 * Reads the query string without turning `+` into a space (node:querystring does, and a raw
 * `+` in base64 would then break the signature). `%2B` and `+` both become `+`.
 */
export function parseRawQuery(url: string): Record<string, string> {
  const q = url.indexOf('?');
  const out: Record<string, string> = {};
  if (q < 0) return out;
  for (const pair of url.slice(q + 1).split('&')) {
    if (!pair) continue;
    const eq = pair.indexOf('=');
    const key = eq < 0 ? pair : pair.slice(0, eq);
    const value = eq < 0 ? '' : pair.slice(eq + 1);
    try {
      out[decodeURIComponent(key)] = decodeURIComponent(value);
    } catch {
      out[key] = value;
    }
  }
  return out;
}
