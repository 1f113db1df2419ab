/**
 * A seeded generator of hostile inbound payloads for the channel fuzz tests: strings with
 * emoji, ZWJ sequences, NUL, lone surrogates, control characters, huge and empty values;
 * wrong types everywhere; valid channel payloads with random fields replaced.
 */
import http from 'node:http';
import { encrypt, getSignature } from '@wecom/crypto';
import { APP, BOT, CORP_ID } from './fakes/fake-wecom';

/** mulberry32: a small, deterministic PRNG. */
export function createRandom(seed: number) {
  let a = seed >>> 0;
  const next = () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  const int = (n: number) => Math.floor(next() * n);
  const pick = <T>(xs: readonly T[]): T => xs[int(xs.length)];
  const PIECES = ['报事', '认领 1', '办结 1 好了', '评价 1 满意', '@民呼 ', '3组王家门口', '路灯坏了', '👨‍👩‍👧', '😀', '\u0000', '\uD800', '\uDC00', '\u200D', 'e\u0301',
    '\u0007', '<', '&amp;', ']]>', '"', '\\', '{', '１２', '#', '\n', ' ', 'a', '\uFFFF', '\u2028', String.fromCharCode(0xd83d)];
  const text = (): string => {
    const n = pick([0, 1, 3, 8, 20, 200]);
    let s = '';
    for (let i = 0; i < n; i++) s += next() < 0.5 ? pick(PIECES) : String.fromCharCode(int(0x10000));
    return next() < 0.02 ? s.repeat(10) : s; // bodies stay under the 64 kB limit (413 is tested elsewhere)
  };
  const value = (depth = 0): unknown => {
    switch (int(depth > 2 ? 6 : 9)) {
      case 0: return text();
      case 1: return int(2) ? int(1e9) - 5e8 : next() * 1e20;
      case 2: return null;
      case 3: return next() < 0.5;
      case 4: return pick([NaN, -0, 1.5, 2 ** 53 + 2, '']);
      case 5: return pick(['text', 'image', 'mixed', 'event', 'voice', 'stream', 'file', 'group', 'single']);
      case 6: return Array.from({ length: int(4) }, () => value(depth + 1));
      default: return Object.fromEntries(Array.from({ length: int(4) }, () => [pick(['text', 'content', 'msgtype', 'url', 'msg_item', 'id', 'from']), value(depth + 1)]));
    }
  };
  /** A copy of `base` with one to three fields (at any depth) replaced by hostile values. */
  const mutate = (base: Record<string, unknown>): Record<string, unknown> => {
    const copy = JSON.parse(JSON.stringify(base)) as Record<string, unknown>;
    for (let k = int(3) + 1; k > 0; k--) {
      let node: Record<string, unknown> = copy;
      for (;;) {
        const keys = Object.keys(node);
        if (!keys.length) break;
        const key = pick(keys);
        const child = node[key];
        if (child && typeof child === 'object' && !Array.isArray(child) && next() < 0.6) {
          node = child as Record<string, unknown>;
          continue;
        }
        if (next() < 0.15) delete node[key];
        else node[key] = value();
        break;
      }
    }
    return copy;
  };
  return { next, int, pick, text, value, mutate };
}

export type Random = ReturnType<typeof createRandom>;

/**
 * Lone surrogates replaced, so that the text can go into a URL (cut to 500 characters by the
 * callers: a request line over Node's 16 kB header limit is refused by the HTTP parser itself,
 * which may reset the connection before the 431 is read — HTTP framing, not minhu's edge).
 */
const wellFormed = (s: string) => s.replace(/[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g, '\uFFFD');

/** A request to one endpoint: path with query, body, headers. */
export interface FuzzRequest {
  path: string;
  body: string;
  headers: Record<string, string>;
}

const signed = (token: string, enc: string) => {
  const timestamp = String(Math.floor(Date.now() / 1000));
  const nonce = String(Math.floor(Math.random() * 1e9));
  return `msg_signature=${getSignature(token, timestamp, nonce, enc)}&timestamp=${timestamp}&nonce=${nonce}`;
};

/** The AI bot callback: 70 % signed and encrypted with fuzzed inner JSON, 30 % unsigned garbage. */
export function botCallback(r: Random, i: number, chatId: string): FuzzRequest {
  if (r.next() < 0.3) {
    const body = r.pick([() => r.text(), () => JSON.stringify(r.value()), () => JSON.stringify({ encrypt: r.text() }), () => '']) ();
    return { path: `/wecom/bot/callback?msg_signature=${encodeURIComponent(wellFormed(r.text().slice(0, 500)))}&timestamp=${r.int(2e9)}&nonce=1`, body, headers: { 'content-type': 'application/json' } };
  }
  const valid = { msgid: `fz-${i}`, aibotid: BOT.id, chatid: chatId, chattype: 'group', from: { userid: `fz${r.int(50)}` }, response_url: 'http://127.0.0.1:9/response/x', msgtype: r.pick(['text', 'mixed', 'image', 'event']), text: { content: `@民呼 ${r.text()}` }, mixed: { msg_item: [{ msgtype: 'text', text: { content: r.text() } }] } };
  const inner = r.next() < 0.1 ? r.text() : JSON.stringify(r.mutate(valid));
  const enc = encrypt(BOT.aesKey, inner, '');
  return { path: `/wecom/bot/callback?${signed(BOT.token, enc)}`, body: JSON.stringify({ encrypt: enc }), headers: { 'content-type': 'application/json' } };
}

/** The self-built app callback: 70 % signed and encrypted with fuzzed inner XML, 30 % unsigned garbage. */
export function appCallback(r: Random, i: number): FuzzRequest {
  if (r.next() < 0.3) {
    const body = r.pick([() => r.text(), () => `<xml><Encrypt>${r.text()}</Encrypt></xml>`, () => `<xml>${'<a>'.repeat(r.int(300))}</xml>`, () => '<!DOCTYPE x [<!ENTITY e SYSTEM "file:///etc/passwd">]><xml><Encrypt>&e;</Encrypt></xml>']) ();
    return { path: `/wecom/app/callback?msg_signature=${encodeURIComponent(wellFormed(r.text().slice(0, 500)))}&timestamp=1&nonce=1`, body, headers: { 'content-type': 'text/xml' } };
  }
  const fields: Record<string, unknown> = r.mutate({ ToUserName: CORP_ID, FromUserName: `fz${r.int(50)}`, CreateTime: Math.floor(Date.now() / 1000), MsgType: r.pick(['text', 'event', 'image', 'voice', 'location']), Content: r.text(), MsgId: String(1e9 + i), AgentID: APP.agentId, Event: 'template_card_event', EventKey: r.text() });
  const inner = r.next() < 0.1 ? r.text() : `<xml>${Object.entries(fields).map(([k, v]) => (r.next() < 0.5 ? `<${k}><![CDATA[${String(JSON.stringify(v))}]]></${k}>` : `<${k}>${String(v)}</${k}>`)).join('')}</xml>`;
  const enc = encrypt(APP.aesKey, inner, CORP_ID);
  const body = `<xml><ToUserName><![CDATA[${CORP_ID}]]></ToUserName><Encrypt><![CDATA[${enc}]]></Encrypt></xml>`;
  return { path: `/wecom/app/callback?${signed(APP.token, enc)}`, body, headers: { 'content-type': 'text/xml' } };
}

/** The Telegram webhook with the right secret: fuzzed updates (90 %) and garbage bodies. */
export function telegramUpdate(r: Random, i: number, secret: string, chatId: number): FuzzRequest {
  const headers = { 'content-type': 'application/json', 'x-telegram-bot-api-secret-token': secret };
  if (r.next() < 0.1) return { path: '/telegram/webhook', body: r.pick([() => r.text(), () => JSON.stringify(r.value())]) (), headers };
  const message = { message_id: i, date: Math.floor(Date.now() / 1000), chat: { id: chatId, type: 'supergroup', title: 'g' }, from: { id: 700_000 + r.int(50), is_bot: false, first_name: r.text() }, text: r.text() };
  const valid = r.next() < 0.8
    ? { update_id: 1_000_000 + i, message }
    : { update_id: 1_000_000 + i, callback_query: { id: `q${i}`, from: message.from, data: r.pick(['rate:1:satisfied', 'ack:1', 'cat:2', r.text()]), message: { message_id: 1, chat: message.chat, date: 1 } } };
  return { path: '/telegram/webhook', body: JSON.stringify(r.mutate(valid)), headers };
}

/** Sends `requests` with `concurrency` in flight; returns the count per status. */
export async function fire(base: string, requests: Iterable<FuzzRequest>, concurrency: number): Promise<Map<number, number>> {
  const statuses = new Map<number, number>();
  const it = requests[Symbol.iterator]();
  const url = new URL(base);
  // node:http with keep-alive: lighter than fetch, so the client leaves the CPU to the server.
  const agent = new http.Agent({ keepAlive: true, maxSockets: concurrency });
  const post = (req: FuzzRequest) => new Promise<number>((resolve) => {
    const body = Buffer.from(req.body);
    const r = http.request({ host: url.hostname, port: url.port, path: req.path, method: 'POST', agent, headers: { ...req.headers, 'content-length': body.length } }, (res) => {
      res.resume();
      res.on('end', () => resolve(res.statusCode ?? -1));
    });
    r.on('error', (e) => {
      if (process.env.FUZZ_DEBUG) console.log('fuzz request failed', (e as NodeJS.ErrnoException).code, req.path.slice(0, 40), req.body.length, (r as unknown as { reusedSocket: boolean }).reusedSocket);
      resolve(-1); // the connection failed: counted, and fails the test like a 5xx
    });
    r.end(body);
  });
  const worker = async () => {
    for (let n = it.next(); !n.done; n = it.next()) {
      const status = await post(n.value);
      statuses.set(status, (statuses.get(status) ?? 0) + 1);
    }
  };
  await Promise.all(Array.from({ length: concurrency }, worker));
  agent.destroy();
  return statuses;
}

/** Yields `n` requests from `make`, lazily. */
export function* generate(n: number, make: (i: number) => FuzzRequest): Iterable<FuzzRequest> {
  for (let i = 0; i < n; i++) yield make(i);
}
