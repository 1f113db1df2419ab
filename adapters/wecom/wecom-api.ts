/**
 * A small client for WeCom's server API: access tokens cached per app and refreshed before
 * expiry, single-flight (100 concurrent sends make one gettoken call), refreshed once more on
 * errcode 40014/42001/41001; errors classified as retry (frequency limits, network) or give-up.
 */

import { downloadBytes } from '../blobs/download';

/** A WeCom API answer: errcode 0 is success. */
export interface WecomReply {
  errcode: number;
  errmsg?: string;
  [key: string]: unknown;
}

/** Failure of a call, classified for the outbox. */
export class WecomApiError extends Error {
  constructor(readonly errcode: number, readonly errmsg: string, readonly retry: boolean, readonly retryAfterMs?: number) {
    super(`WeCom errcode ${errcode}: ${errmsg}${hintFor(errcode, errmsg)}`);
    this.name = 'WecomApiError';
  }
}

/**
 * What the operator changes for errcodes that no retry fixes (issue 16): 60020 is this server's
 * address missing from the app's trusted IPs; 40001 a wrong secret.
 */
export function hintFor(errcode: number, errmsg = ''): string {
  if (errcode === 60020) {
    const ip = /from ip:\s*([0-9a-fA-F.:]+)/.exec(errmsg)?.[1];
    return ` — WeCom does not trust this server's IP address${ip ? ` ${ip}` : ''}: add it to the app's 企业可信IP (WeCom admin console → 应用管理 → the app → 企业可信IP)`;
  }
  if (errcode === 40001 || errcode === 40013) return ' — the corp id or secret is wrong: check WECOM_CORP_ID and WECOM_SECRET (WeCom admin console → 应用管理 → the app → Secret)';
  return '';
}

/** errcodes that mean "too many calls": the outbox backs off (1 s, 2 s, 4 s …) and tries again. */
const FREQUENCY = new Set([45009, 45033, 45011, 45047, -1]);
/** errcodes that mean the token is bad or old: fetch a new one and retry once. */
const TOKEN_INVALID = new Set([40014, 42001, 41001]);

export interface WecomApiOptions {
  /** API base, no trailing slash. (default: https://qyapi.weixin.qq.com) */
  base: string;
  corpId: string;
  secret: string;
  /** Refresh this long before the token expires. (default: 300_000) */
  refreshMarginMs?: number;
  timeoutMs?: number;
  now?: () => number;
}

export interface WecomApi {
  /** POSTs JSON to `path` with the access token; throws WecomApiError unless errcode is 0. */
  post(path: string, body: unknown): Promise<WecomReply>;
  /** How many gettoken calls were made (for tests and logs). */
  tokenFetches(): number;
  /**
   * Downloads a temporary media file (`media/get`: images, voice of the app and 微信客服; valid 3
   * days). Throws WecomApiError when WeCom answers with an error, MediaDownloadError when the
   * file is over `maxBytes` or the time limit passes.
   */
  downloadMedia(mediaId: string, limits?: { maxBytes?: number; timeoutMs?: number }): Promise<{ bytes: Buffer; contentType: string | null }>;
  /** Uploads a temporary image (`media/upload`, multipart) and returns its media_id (valid 3 days). */
  uploadImage(bytes: Buffer, filename: string, contentType: string): Promise<string>;
}

/** Creates the client for one app (one corp id + secret). */
export function createWecomApi(options: WecomApiOptions): WecomApi {
  const now = options.now ?? Date.now;
  const margin = options.refreshMarginMs ?? 300_000;
  let cached: { token: string; expiresAt: number } | null = null;
  let inflight: Promise<string> | null = null;
  let fetches = 0;

  async function fetchToken(): Promise<string> {
    fetches++;
    const url = `${options.base}/cgi-bin/gettoken?corpid=${encodeURIComponent(options.corpId)}&corpsecret=${encodeURIComponent(options.secret)}`;
    const reply = await getJson(url, options.timeoutMs);
    if (reply.errcode !== 0 || typeof reply.access_token !== 'string') {
      throw new WecomApiError(reply.errcode, `gettoken failed: ${reply.errmsg ?? ''}`, FREQUENCY.has(reply.errcode), 60_000);
    }
    cached = { token: reply.access_token, expiresAt: now() + Number(reply.expires_in ?? 7200) * 1000 };
    return cached.token;
  }

  function token(): Promise<string> {
    if (cached && cached.expiresAt - margin > now()) return Promise.resolve(cached.token);
    inflight ??= fetchToken().finally(() => {
      inflight = null;
    });
    return inflight;
  }

  async function post(path: string, body: unknown, retried = false): Promise<WecomReply> {
    const used = await token();
    const reply = await postJson(`${options.base}${path}${path.includes('?') ? '&' : '?'}access_token=${encodeURIComponent(used)}`, body, options.timeoutMs);
    if (reply.errcode === 0) return reply;
    if (TOKEN_INVALID.has(reply.errcode) && !retried) {
      if (cached?.token === used) cached = null; // another call may have refreshed it already
      return post(path, body, true);
    }
    throw new WecomApiError(reply.errcode, reply.errmsg ?? '', FREQUENCY.has(reply.errcode));
  }

  async function downloadMedia(mediaId: string, limits: { maxBytes?: number; timeoutMs?: number } = {}, retried = false): Promise<{ bytes: Buffer; contentType: string | null }> {
    const used = await token();
    const url = `${options.base}/cgi-bin/media/get?access_token=${encodeURIComponent(used)}&media_id=${encodeURIComponent(mediaId)}`;
    const got = await downloadBytes(url, { maxBytes: limits.maxBytes ?? 10 * 1_048_576, timeoutMs: limits.timeoutMs ?? options.timeoutMs ?? 15_000 });
    // Errors come back as JSON with HTTP 200 (an expired MediaId: 40007).
    if (/json|text\/plain/.test(got.contentType ?? '') || got.bytes.subarray(0, 1).toString() === '{') {
      let reply: WecomReply;
      try {
        reply = JSON.parse(got.bytes.toString('utf8')) as WecomReply;
      } catch {
        return got;
      }
      if (TOKEN_INVALID.has(reply.errcode) && !retried) {
        if (cached?.token === used) cached = null;
        return downloadMedia(mediaId, limits, true);
      }
      throw new WecomApiError(reply.errcode ?? -1, reply.errmsg ?? 'media/get failed', FREQUENCY.has(reply.errcode));
    }
    return got;
  }

  async function uploadImage(bytes: Buffer, filename: string, contentType: string, retried = false): Promise<string> {
    const used = await token();
    const form = new FormData();
    form.append('media', new Blob([bytes], { type: contentType }), filename);
    const res = await fetch(`${options.base}/cgi-bin/media/upload?access_token=${encodeURIComponent(used)}&type=image`, { method: 'POST', body: form, signal: AbortSignal.timeout(options.timeoutMs ?? 30_000) });
    const reply = await readReply(res);
    if (reply.errcode === 0 && typeof reply.media_id === 'string') return reply.media_id;
    if (TOKEN_INVALID.has(reply.errcode) && !retried) {
      if (cached?.token === used) cached = null;
      return uploadImage(bytes, filename, contentType, true);
    }
    throw new WecomApiError(reply.errcode, reply.errmsg ?? 'media/upload failed', FREQUENCY.has(reply.errcode));
  }

  return {
    post: (path, body) => post(path, body), tokenFetches: () => fetches, downloadMedia: (id, limits) => downloadMedia(id, limits),
    uploadImage: (bytes, filename, contentType) => uploadImage(bytes, filename, contentType),
  };
}

/** POSTs JSON without a token (webhook robot, response_url); throws WecomApiError unless errcode is 0. */
export async function postWithoutToken(url: string, body: unknown, timeoutMs?: number): Promise<WecomReply> {
  const reply = await postJson(url, body, timeoutMs);
  if (reply.errcode !== 0) throw new WecomApiError(reply.errcode, reply.errmsg ?? '', FREQUENCY.has(reply.errcode));
  return reply;
}

async function postJson(url: string, body: unknown, timeoutMs = 10_000): Promise<WecomReply> {
  return readReply(await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body), signal: AbortSignal.timeout(timeoutMs) }));
}

async function getJson(url: string, timeoutMs = 10_000): Promise<WecomReply> {
  return readReply(await fetch(url, { signal: AbortSignal.timeout(timeoutMs) }));
}

async function readReply(res: Response): Promise<WecomReply> {
  if (!res.ok) throw new WecomApiError(-res.status, `HTTP ${res.status}`, res.status >= 500 || res.status === 429, 5_000);
  const reply = (await res.json()) as WecomReply;
  if (typeof reply.errcode !== 'number') reply.errcode = 0; // response_url answers may omit it
  return reply;
}
