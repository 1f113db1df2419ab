/**
 * A fake Telegram Bot API server on 127.0.0.1: real HTTP and the Bot API's JSON shapes.
 * Serves getMe, getUpdates (long polling with offsets), deleteWebhook, and records
 * sendMessage and answerCallbackQuery. Can answer the next sends with 429 + retry_after.
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';

export const BOT = { id: 777000, is_bot: true, first_name: 'minhu', username: 'minhu_bot', can_join_groups: true, can_read_all_group_messages: true, supports_inline_queries: false };

export interface SentMessage {
  message_id: number;
  chat_id: string;
  text: string;
  reply_markup?: { inline_keyboard: { text: string; callback_data: string }[][] };
  reply_parameters?: { message_id: number };
  /** When the fake answered it (Date.now()). */
  at?: number;
}

export interface SentPhoto {
  chat_id: string;
  caption: string;
  png: Buffer;
}

export interface FakeTelegram {
  url: string;
  token: string;
  sent: SentMessage[];
  photos: SentPhoto[];
  answeredCallbacks: string[];
  calls: string[];
  /** Queues an update (update_id is assigned unless given, to simulate a redelivery). */
  push(update: Record<string, unknown>): number;
  /** The next `n` sendMessage calls fail with 429 and `retry_after` seconds. */
  throttleNext(n: number, retryAfter: number): void;
  /** Enforces Telegram's limits: more than `perSecond` sends in a second, or `perGroupPerMinute` to one group, get 429. */
  enforceLimits(perSecond: number, perGroupPerMinute: number): void;
  /** These chats answer 400/403 for good (a deleted group, a bot that was removed). */
  failForever(chatIds: string[]): void;
  /** The next sendMessage is held unanswered (and not recorded) until the client goes away. */
  holdNext(): void;
  /** Every sendMessage from now on is received but never answered (a Bot API gone silent), until `release()`. */
  holdAll(): void;
  /** Answers nothing that was held (its client is gone) and serves normally again. */
  release(): void;
  /** True while a held request waits. */
  holding(): boolean;
  /** sendMessage calls answered with 429 so far. */
  throttled(): number;
  /** getUpdates calls answered 409 because another getUpdates was still open (two pollers), as Telegram does. */
  conflicts(): number;
  /** issue 13: a file getFile knows; `bytes` is served at /file/bot<token>/<path>, else 404 or a hang. */
  addFile(fileId: string, file: { bytes?: Buffer; status?: number; hang?: boolean }): void;
  /** Albums sent with sendMediaGroup, and photos sent by file_id. */
  albums: { chat_id: string; files: Buffer[]; caption: string }[];
  /** issue 18: documents sent with sendDocument (PDF bytes). */
  documents: { chat_id: string; caption: string; bytes: Buffer }[];
  close(): Promise<void>;
}

/** Starts the fake on a free loopback port. */
export async function startFakeTelegram(token = '123456:TEST'): Promise<FakeTelegram> {
  const updates: Record<string, unknown>[] = [];
  const waiters: (() => void)[] = [];
  let nextUpdateId = 1000;
  let nextMessageId = 1;
  let throttle = { n: 0, retryAfter: 1 };
  let limits: { perSecond: number; perGroupPerMinute: number } | null = null;
  const recent: number[] = [];
  const perGroup = new Map<string, number[]>();
  const forever = new Set<string>();
  let hold = false;
  let holdEvery = false;
  let held: http.ServerResponse | null = null;
  let throttledCount = 0;
  let conflictCount = 0;
  const openPolls = new Set<http.ServerResponse>();
  const fake: Omit<FakeTelegram, 'url' | 'close'> = {
    token,
    sent: [],
    photos: [],
    answeredCallbacks: [],
    calls: [],
    push(update) {
      const id = typeof update.update_id === 'number' ? update.update_id : nextUpdateId++;
      updates.push({ ...update, update_id: id });
      waiters.splice(0).forEach((w) => w());
      return id;
    },
    throttleNext(n, retryAfter) {
      throttle = { n, retryAfter };
    },
    enforceLimits(perSecond, perGroupPerMinute) {
      limits = { perSecond, perGroupPerMinute };
    },
    failForever(chatIds) {
      for (const id of chatIds) forever.add(id);
    },
    holdNext() {
      hold = true;
    },
    holdAll() {
      holdEvery = true;
    },
    release() {
      holdEvery = false;
      hold = false;
    },
    holding: () => held !== null && !held.closed,
    throttled: () => throttledCount,
    conflicts: () => conflictCount,
    addFile(fileId, file) {
      files.set(fileId, file);
    },
    albums: [],
    documents: [],
  };
  const files = new Map<string, { bytes?: Buffer; status?: number; hang?: boolean }>();

  const reply = (res: http.ServerResponse, status: number, body: unknown) => {
    res.writeHead(status, { 'content-type': 'application/json' });
    res.end(JSON.stringify(body));
  };

  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', async () => {
      const download = /^\/file\/bot([^/]+)\/files\/([^/]+)$/.exec(req.url ?? '');
      if (download && download[1] === token) {
        const file = files.get(decodeURIComponent(download[2]));
        if (file?.hang) return; // never answered: the client's time limit must end it
        if (!file?.bytes) return reply(res, file?.status ?? 404, { ok: false, error_code: 404, description: 'Not Found' });
        res.writeHead(200, { 'content-type': 'application/octet-stream', 'content-length': String(file.bytes.length) });
        return res.end(file.bytes);
      }
      const m = /^\/bot([^/]+)\/(\w+)$/.exec(req.url ?? '');
      if (!m || m[1] !== token) return reply(res, 404, { ok: false, error_code: 404, description: 'Not Found' });
      const method = m[2];
      const body = Buffer.concat(chunks);
      const boundary = /boundary=([^;]+)/.exec(req.headers['content-type'] ?? '')?.[1];
      const parts = boundary ? parseMultipart(body, boundary) : null;
      const params = parts ? parts.fields : body.length ? JSON.parse(body.toString('utf8')) : {};
      fake.calls.push(method);
      switch (method) {
        case 'getMe':
          return reply(res, 200, { ok: true, result: BOT });
        case 'deleteWebhook':
          return reply(res, 200, { ok: true, result: true });
        case 'getUpdates': {
          if (openPolls.size > 0) {
            // A client that just aborted its poll closes it within milliseconds; a second poller does not.
            await new Promise((r) => setTimeout(r, 100));
            if ([...openPolls].some((r) => !r.closed && !r.writableEnded)) {
              conflictCount++;
              return reply(res, 409, { ok: false, error_code: 409, description: 'Conflict: terminated by other getUpdates request; make sure that only one bot instance is running' });
            }
          }
          openPolls.add(res);
          res.once('close', () => openPolls.delete(res));
          const offset = params.offset ?? 0;
          // Confirmed updates are forgotten, as Telegram does.
          for (let i = updates.length - 1; i >= 0; i--) if ((updates[i].update_id as number) < offset) updates.splice(i, 1);
          const ready = () => updates.filter((u) => (u.update_id as number) >= offset);
          if (ready().length === 0) {
            await new Promise<void>((resolve) => {
              const timer = setTimeout(resolve, Math.min(params.timeout ?? 0, 2) * 1000);
              timer.unref();
              waiters.push(() => {
                clearTimeout(timer);
                resolve();
              });
            });
          }
          return reply(res, 200, { ok: true, result: ready().slice(0, params.limit ?? 100) });
        }
        case 'sendMessage': {
          const chat = String(params.chat_id);
          const tooMany = (after: number) => {
            throttledCount++;
            return reply(res, 429, { ok: false, error_code: 429, description: `Too Many Requests: retry after ${after}`, parameters: { retry_after: after } });
          };
          if (throttle.n > 0) {
            throttle.n--;
            return tooMany(throttle.retryAfter);
          }
          if (limits) {
            const now = Date.now();
            while (recent.length && now - recent[0] >= 1000) recent.shift();
            const group = (perGroup.get(chat) ?? []).filter((t) => now - t < 60_000);
            perGroup.set(chat, group);
            if (recent.length >= limits.perSecond || (chat.startsWith('-') && group.length >= limits.perGroupPerMinute)) return tooMany(1);
            recent.push(now);
            group.push(now);
          }
          if (hold || holdEvery) {
            hold = false;
            held = res; // never answered: the client dies waiting
            return;
          }
          if (forever.has(chat)) return reply(res, 403, { ok: false, error_code: 403, description: 'Forbidden: bot was kicked from the supergroup chat' });
          if (chat === '-404') return reply(res, 400, { ok: false, error_code: 400, description: 'Bad Request: chat not found' });
          const message = { message_id: nextMessageId++, chat_id: String(params.chat_id), text: params.text, reply_markup: params.reply_markup, reply_parameters: params.reply_parameters, at: Date.now() };
          fake.sent.push(message);
          return reply(res, 200, { ok: true, result: { message_id: message.message_id, date: Math.floor(Date.now() / 1000), chat: { id: Number(params.chat_id), type: 'supergroup', title: 'g' }, text: params.text } });
        }
        case 'sendPhoto': {
          // grammY sends the file as a part of its own, referenced as attach://<name>.
          const ref = String(params.photo ?? '').replace(/^attach:\/\//, '');
          const png = parts?.files[ref] ?? parts?.files.photo;
          if (!png) return reply(res, 400, { ok: false, error_code: 400, description: 'Bad Request: there is no photo in the request' });
          fake.photos.push({ chat_id: String(params.chat_id), caption: String(params.caption ?? ''), png });
          return reply(res, 200, { ok: true, result: { message_id: nextMessageId++, date: Math.floor(Date.now() / 1000), chat: { id: Number(params.chat_id), type: 'private' }, photo: [] } });
        }
        case 'sendDocument': {
          // issue 18: formal documents (PDF) sent as files.
          const ref = String(params.document ?? '').replace(/^attach:\/\//, '');
          const file = parts?.files[ref] ?? parts?.files.document;
          if (!file) return reply(res, 400, { ok: false, error_code: 400, description: 'Bad Request: there is no document in the request' });
          fake.documents.push({ chat_id: String(params.chat_id), caption: String(params.caption ?? ''), bytes: file });
          return reply(res, 200, { ok: true, result: { message_id: nextMessageId++, date: Math.floor(Date.now() / 1000), chat: { id: Number(params.chat_id), type: 'private' }, document: { file_id: `doc${nextMessageId}`, file_unique_id: `d${nextMessageId}` } } });
        }
        case 'getFile': {
          const file = files.get(String(params.file_id));
          if (!file) return reply(res, 400, { ok: false, error_code: 400, description: 'Bad Request: invalid file_id' });
          return reply(res, 200, { ok: true, result: { file_id: params.file_id, file_unique_id: `u${params.file_id}`, file_size: file.bytes?.length, file_path: `files/${encodeURIComponent(String(params.file_id))}` } });
        }
        case 'sendMediaGroup': {
          const media = JSON.parse(String(params.media ?? '[]')) as { media: string; caption?: string }[];
          const got = media.map((i) => parts?.files[i.media.replace(/^attach:\/\//, '')]).filter((b): b is Buffer => !!b);
          fake.albums.push({ chat_id: String(params.chat_id), files: got, caption: media[0]?.caption ?? '' });
          return reply(res, 200, { ok: true, result: media.map(() => ({ message_id: nextMessageId++, date: Math.floor(Date.now() / 1000), chat: { id: Number(params.chat_id), type: 'private' } })) });
        }
        case 'answerCallbackQuery':
          fake.answeredCallbacks.push(params.callback_query_id);
          return reply(res, 200, { ok: true, result: true });
        default:
          return reply(res, 200, { ok: true, result: true });
      }
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    ...fake,
    url: `http://127.0.0.1:${port}`,
    close: () => new Promise((resolve) => {
      waiters.splice(0).forEach((w) => w());
      server.closeAllConnections();
      server.close(() => resolve());
    }),
  } as FakeTelegram;
}

let nextMsgId = 1;

/** A group text message update from a user. */
export function groupText(chatId: number, from: { id: number; name: string }, text: string, extra: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    message: {
      message_id: nextMsgId++, date: Math.floor(Date.now() / 1000), chat: { id: chatId, type: 'supergroup', title: '网格群' },
      from: { id: from.id, is_bot: false, first_name: from.name }, text, ...extra,
    },
  };
}

/** A button press on a bot message. */
export function buttonPress(chatId: number, from: { id: number; name: string }, messageId: number, data: string): Record<string, unknown> {
  return {
    callback_query: {
      id: `cb${nextMsgId++}`, from: { id: from.id, is_bot: false, first_name: from.name }, chat_instance: 'x', data,
      message: { message_id: messageId, date: Math.floor(Date.now() / 1000), chat: { id: chatId, type: 'supergroup', title: '网格群' }, text: '...' },
    },
  };
}

/** Splits a multipart/form-data body into text fields and file contents (as grammY sends them). */
export function parseMultipart(body: Buffer, boundary: string): { fields: Record<string, string>; files: Record<string, Buffer> } {
  const fields: Record<string, string> = {};
  const files: Record<string, Buffer> = {};
  const delimiter = Buffer.from(`--${boundary.replace(/^"|"$/g, '')}`);
  let start = body.indexOf(delimiter);
  while (start >= 0) {
    const next = body.indexOf(delimiter, start + delimiter.length);
    if (next < 0) break;
    const part = body.subarray(start + delimiter.length + 2, next - 2);
    const split = part.indexOf('\r\n\r\n');
    const headers = part.subarray(0, split).toString('utf8');
    const content = part.subarray(split + 4);
    const name = /name="([^"]+)"/.exec(headers)?.[1];
    if (name) {
      if (/filename=/.test(headers)) files[name] = Buffer.from(content);
      else fields[name] = content.toString('utf8');
    }
    start = next;
  }
  return { fields, files };
}
