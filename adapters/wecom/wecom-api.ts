/**
 * A small client for WeCom's server API: access tokens cached per app and refreshed before
 * expiry, single-flight (100 concurrent sends make one gettoken call), refreshed once more on
 * errcode 40014/42001/41001; errors classified as retry (frequency limits, network) or give-up.
 */

/** A WeCom API answer: errcode 0 is success. */
export interface WecomReply {
  errcode: number;
  errmsg?: string;
  [key: string]: unknown;
}

/** Failure of a call, classified for the outbox. */
export class WecomApiError extends Error {
  constructor(readonly errcode: number, readonly errmsg: string, readonly retry: boolean, readonly retryAfterMs?: number) {
    super(`WeCom errcode ${errcode}: ${errmsg}`);
    this.name = 'WecomApiError';
  }
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

  return { post: (path, body) => post(path, body), tokenFetches: () => fetches };
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
