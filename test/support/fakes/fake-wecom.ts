/**
 * A fake WeCom server on 127.0.0.1 speaking the real wire protocol: gettoken, message/send,
 * appchat/send, webhook/send, response_url, and the AI bot long connection (aibot_subscribe,
 * ping, aibot_msg_callback, aibot_respond_msg, aibot_send_msg). It also sends minhu real
 * encrypted callbacks (@wecom/crypto) as WeCom would.
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { encrypt, getSignature } from '@wecom/crypto';
import { WebSocketServer, type WebSocket } from 'ws';
import { encryptBotFile } from '../../../adapters/wecom/wecom-file-crypto';
import { parseMultipart } from './fake-telegram';
import { createFakeKf, KF_ID, type FakeKf } from './fake-wecom-kf';

export { KF_ID } from './fake-wecom-kf';

export const CORP_ID = 'wwtestcorp0001';
export const APP = { token: 'apptoken', aesKey: 'jWmYm7qr5nMoAUwZRjGtBxmz3KA1tkAj3ykkR6q2B2C', secret: 'app-secret', agentId: 1000002 };
export const BOT = { token: 'bottoken', aesKey: 'kWmYm7qr5nMoAUwZRjGtBxmz3KA1tkAj3ykkR6q2B2D', id: 'aib-test', secret: 'bot-secret' };

export interface WecomDelivery {
  via: 'response_url' | 'webhook' | 'message' | 'appchat' | 'ws-reply' | 'ws-send' | 'kf' | 'kf-welcome';
  target: string;
  content: string;
  /** The message type (`markdown`, `text`, `msgmenu` …). */
  msgtype?: string;
  /** issue 12: kf menu item ids; a robot text's mentioned_list. */
  menu?: string[];
  mentioned?: string[];
  /** When the fake accepted it (Date.now()). */
  at?: number;
}

export interface FakeWecom {
  url: string;
  wsUrl: string;
  delivered: WecomDelivery[];
  tokenCalls: number;
  /** The next API call with the current token gets errcode 42001 (expired). */
  expireToken(): void;
  /** The next `n` sends get errcode 45009 (frequency limit). */
  limitNext(n: number): void;
  /** issue 16: each group robot accepts `perWindow` messages in any `windowMs`; more get errcode 45009. */
  enforceRobotLimit(perWindow: number, windowMs: number): void;
  /** Sends answered with errcode 45009 so far. */
  refusals(): number;
  /** A fresh response_url for one bot callback. */
  responseUrl(): string;
  /** response_url calls are delivered at once but answered only after `ms` (a slow network). */
  stallResponses(ms: number): void;
  /** Pushes a message frame to the connected long-connection client; returns its req_id. */
  pushWs(body: Record<string, unknown>): string;
  wsAuthenticated(): boolean;
  /** issue 13: a temporary media file for media/get (unknown or removed ids answer errcode 40007). */
  addMedia(mediaId: string, bytes: Buffer): void;
  /** issue 13: an AI-bot file served encrypted with `aesKey` (as WeCom does); returns its URL. */
  addBotFile(name: string, bytes: Buffer, aesKey: string): string;
  /** Files uploaded with media/upload, by media_id. */
  uploads: Map<string, Buffer>;
  /** issue 12: 微信客服 and customer groups (test/support/fakes/fake-wecom-kf.ts). */
  kf: FakeKf;
  close(): Promise<void>;
}

/** Starts the fake on `port` (default: a free one). */
export async function startFakeWecom(port = 0): Promise<FakeWecom> {
  let tokenSeq = 0;
  let validToken = '';
  let expireNext = false;
  let limit = 0;
  let refused = 0;
  let robotLimit: { perWindow: number; windowMs: number } | null = null;
  const robotSends = new Map<string, number[]>();
  let responseSeq = 0;
  let stallMs = 0;
  const usedResponses = new Set<string>();
  let wsClient: WebSocket | null = null;
  let authenticated = false;
  let reqSeq = 0;
  const fake = { delivered: [] as WecomDelivery[], tokenCalls: 0 };
  const media = new Map<string, Buffer>();
  const botFiles = new Map<string, Buffer>();
  const uploads = new Map<string, Buffer>();
  const kfFake = createFakeKf((u) => u.searchParams.get('access_token') === validToken && !!validToken);
  // kf sends also count as deliveries (via kf / kf-welcome), in the order they happened.
  const sentBefore = kfFake.kf.sent.push.bind(kfFake.kf.sent);
  kfFake.kf.sent.push = (...items) => {
    for (const i of items) fake.delivered.push({ via: i.via, target: i.touser, content: i.content, msgtype: i.msgtype, menu: i.menu });
    return sentBefore(...items);
  };

  const json = (res: http.ServerResponse, body: unknown) => {
    res.writeHead(200, { 'content-type': 'application/json' });
    res.end(JSON.stringify(body));
  };

  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const rawBytes = Buffer.concat(chunks);
      const raw = rawBytes.toString('utf8');
      const url = new URL(req.url ?? '/', 'http://x');
      if (url.pathname === '/cgi-bin/media/get') {
        if (url.searchParams.get('access_token') !== validToken) return json(res, { errcode: 40014, errmsg: 'invalid access_token' });
        const file = media.get(url.searchParams.get('media_id') ?? '');
        if (!file) return json(res, { errcode: 40007, errmsg: 'invalid media_id' });
        res.writeHead(200, { 'content-type': 'image/jpeg', 'content-disposition': 'attachment; filename="a.jpg"', 'content-length': String(file.length) });
        return res.end(file);
      }
      if (url.pathname === '/cgi-bin/media/upload') {
        if (url.searchParams.get('access_token') !== validToken) return json(res, { errcode: 40014, errmsg: 'invalid access_token' });
        const boundary = /boundary=([^;]+)/.exec(req.headers['content-type'] ?? '')?.[1];
        const file = boundary ? parseMultipart(rawBytes, boundary).files.media : undefined;
        if (!file) return json(res, { errcode: 41005, errmsg: 'media data missing' });
        const mediaId = `up-${uploads.size + 1}`;
        uploads.set(mediaId, file);
        return json(res, { errcode: 0, errmsg: 'ok', type: 'image', media_id: mediaId, created_at: String(Math.floor(Date.now() / 1000)) });
      }
      if (url.pathname.startsWith('/aibot/file/')) {
        const file = botFiles.get(url.pathname.slice('/aibot/file/'.length));
        if (!file) return json(res, { errcode: 40007, errmsg: 'expired' });
        res.writeHead(200, { 'content-type': 'application/octet-stream' });
        return res.end(file);
      }
      let body: Record<string, any>;
      try {
        body = raw ? JSON.parse(raw) : {};
      } catch {
        return json(res, { errcode: 47001, errmsg: 'data format error' });
      }
      if (kfFake.handle(url, body, res)) return;
      if (url.pathname === '/cgi-bin/gettoken') {
        fake.tokenCalls++;
        if (url.searchParams.get('corpid') !== CORP_ID || url.searchParams.get('corpsecret') !== APP.secret) return json(res, { errcode: 40001, errmsg: 'invalid credential' });
        validToken = `tok-${++tokenSeq}`;
        return json(res, { errcode: 0, errmsg: 'ok', access_token: validToken, expires_in: 7200 });
      }
      const sendLimited = () => {
        if (limit > 0) {
          limit--;
          refused++;
          json(res, { errcode: 45009, errmsg: 'api freq out of limit' });
          return true;
        }
        return false;
      };
      if (url.pathname === '/cgi-bin/webhook/send') {
        if (sendLimited()) return;
        const key = url.searchParams.get('key') ?? '';
        if (robotLimit) {
          const now = Date.now();
          const recent = (robotSends.get(key) ?? []).filter((t) => now - t < robotLimit!.windowMs);
          robotSends.set(key, recent);
          if (recent.length >= robotLimit.perWindow) {
            refused++;
            return json(res, { errcode: 45009, errmsg: 'api freq out of limit' });
          }
          recent.push(now);
        }
        fake.delivered.push({ via: 'webhook', target: key, content: body.markdown?.content ?? body.text?.content, msgtype: body.msgtype, mentioned: body.text?.mentioned_list, at: Date.now() });
        return json(res, { errcode: 0, errmsg: 'ok' });
      }
      if (url.pathname.startsWith('/response/')) {
        if (usedResponses.has(url.pathname)) return json(res, { errcode: 93000, errmsg: 'response_url already used' });
        usedResponses.add(url.pathname);
        fake.delivered.push({ via: 'response_url', target: url.pathname, content: body.markdown?.content });
        if (stallMs > 0) return void setTimeout(() => json(res, { errcode: 0, errmsg: 'ok' }), stallMs);
        return json(res, { errcode: 0, errmsg: 'ok' });
      }
      if (url.pathname === '/cgi-bin/message/send' || url.pathname === '/cgi-bin/appchat/send') {
        const token = url.searchParams.get('access_token');
        if (token !== validToken) return json(res, { errcode: 40014, errmsg: 'invalid access_token' });
        if (expireNext) {
          expireNext = false;
          validToken = '';
          return json(res, { errcode: 42001, errmsg: 'access_token expired' });
        }
        if (sendLimited()) return;
        const via = url.pathname.endsWith('message/send') ? 'message' : 'appchat';
        fake.delivered.push({ via, target: via === 'message' ? body.touser : body.chatid, content: body.markdown?.content ?? body.text?.content ?? (body.image ? `[image ${body.image.media_id}]` : undefined) });
        return json(res, { errcode: 0, errmsg: 'ok', invaliduser: '' });
      }
      res.writeHead(404).end();
    });
  });

  const wss = new WebSocketServer({ server, path: '/ws' });
  wss.on('connection', (socket) => {
    socket.on('message', (data) => {
      const frame = JSON.parse(String(data));
      const ack = () => socket.send(JSON.stringify({ headers: { req_id: frame.headers?.req_id }, errcode: 0, errmsg: 'ok' }));
      if (frame.cmd === 'aibot_subscribe') {
        if (frame.body?.bot_id !== BOT.id || frame.body?.secret !== BOT.secret) {
          return socket.send(JSON.stringify({ headers: { req_id: frame.headers.req_id }, errcode: 40001, errmsg: 'invalid secret' }));
        }
        wsClient = socket;
        authenticated = true;
        return ack();
      }
      if (frame.cmd === 'ping') return ack();
      if (frame.cmd === 'aibot_respond_msg') {
        fake.delivered.push({ via: 'ws-reply', target: frame.headers.req_id, content: frame.body?.stream?.content ?? '' });
        return ack();
      }
      if (frame.cmd === 'aibot_send_msg') {
        fake.delivered.push({ via: 'ws-send', target: frame.body?.chatid, content: frame.body?.markdown?.content ?? '' });
        return ack();
      }
      ack();
    });
    socket.on('close', () => {
      if (wsClient === socket) {
        wsClient = null;
        authenticated = false;
      }
    });
  });

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, '127.0.0.1', resolve);
  });
  const bound = (server.address() as AddressInfo).port;
  const base = `http://127.0.0.1:${bound}`;
  return {
    ...fake,
    get delivered() {
      return fake.delivered;
    },
    get tokenCalls() {
      return fake.tokenCalls;
    },
    url: base,
    wsUrl: `ws://127.0.0.1:${bound}/ws`,
    expireToken: () => {
      expireNext = true;
    },
    enforceRobotLimit: (perWindow, windowMs) => {
      robotLimit = { perWindow, windowMs };
    },
    refusals: () => refused,
    limitNext: (n) => {
      limit = n;
    },
    responseUrl: () => `${base}/response/${++responseSeq}`,
    stallResponses: (ms: number) => {
      stallMs = ms;
    },
    pushWs(body) {
      if (!wsClient) throw new Error('no long-connection client is connected');
      const reqId = `aibot_msg_callback_${++reqSeq}`;
      wsClient.send(JSON.stringify({ cmd: 'aibot_msg_callback', headers: { req_id: reqId }, body }));
      return reqId;
    },
    wsAuthenticated: () => authenticated,
    uploads,
    kf: kfFake.kf,
    addMedia(mediaId: string, bytes: Buffer) {
      media.set(mediaId, bytes);
    },
    addBotFile(name: string, bytes: Buffer, aesKey: string) {
      botFiles.set(name, encryptBotFile(bytes, aesKey));
      return `${base}/aibot/file/${name}`;
    },
    close: () => new Promise((resolve) => {
      for (const c of wss.clients) c.terminate();
      wss.close();
      server.closeAllConnections();
      server.close(() => resolve());
    }),
  } as FakeWecom;
}

let msgSeq = 0;

/** An AI bot group text message (the bot was @-mentioned). */
export function botGroupText(chatId: string, userId: string, content: string, responseUrl: string): Record<string, unknown> {
  return { msgid: `msg-${process.pid}-${++msgSeq}`, aibotid: BOT.id, chatid: chatId, chattype: 'group', from: { userid: userId }, response_url: responseUrl, msgtype: 'text', text: { content: `@民呼 ${content}` } };
}

/** Sends an encrypted AI bot callback to minhu, as WeCom does; returns the HTTP response. */
export function postBotCallback(minhuBase: string, message: Record<string, unknown>, opts: { timestamp?: number; signature?: string } = {}): Promise<Response> {
  const enc = encrypt(BOT.aesKey, JSON.stringify(message), '');
  const timestamp = String(opts.timestamp ?? Math.floor(Date.now() / 1000));
  const nonce = String(Math.floor(Math.random() * 1e9));
  const sig = opts.signature ?? getSignature(BOT.token, timestamp, nonce, enc);
  return fetch(`${minhuBase}/wecom/bot/callback?msg_signature=${sig}&timestamp=${timestamp}&nonce=${nonce}`, { method: 'POST', body: JSON.stringify({ encrypt: enc }), headers: { 'content-type': 'application/json' } });
}

/** Sends an encrypted self-built app callback (XML) to minhu. */
export function postAppCallback(minhuBase: string, fields: Record<string, string | number>): Promise<Response> {
  const inner = `<xml>${Object.entries({ ToUserName: CORP_ID, AgentID: APP.agentId, CreateTime: Math.floor(Date.now() / 1000), ...fields }).map(([k, v]) => `<${k}><![CDATA[${v}]]></${k}>`).join('')}</xml>`;
  const enc = encrypt(APP.aesKey, inner, CORP_ID);
  const timestamp = String(Math.floor(Date.now() / 1000));
  const nonce = String(Math.floor(Math.random() * 1e9));
  const sig = getSignature(APP.token, timestamp, nonce, enc);
  const body = `<xml><ToUserName><![CDATA[${CORP_ID}]]></ToUserName><AgentID><![CDATA[${APP.agentId}]]></AgentID><Encrypt><![CDATA[${enc}]]></Encrypt></xml>`;
  return fetch(`${minhuBase}/wecom/app/callback?msg_signature=${sig}&timestamp=${timestamp}&nonce=${nonce}`, { method: 'POST', body, headers: { 'content-type': 'text/xml' } });
}

/** issue 12: the app callback WeCom sends when a 微信客服 account has new messages or events (W94670). */
export function postKfEvent(minhuBase: string, token: string, openKfid = KF_ID): Promise<Response> {
  return postAppEvent(minhuBase, { ToUserName: CORP_ID, CreateTime: Math.floor(Date.now() / 1000), MsgType: 'event', Event: 'kf_msg_or_event', Token: token, OpenKfId: openKfid });
}

/** issue 12: a 客户联系 callback: a customer group changed (create / update add_member, del_member … / dismiss). */
export function postChangeExternalChat(minhuBase: string, chatId: string, changeType: 'create' | 'update' | 'dismiss', updateDetail = '', memChangeCnt = 1): Promise<Response> {
  return postAppEvent(minhuBase, {
    ToUserName: CORP_ID, FromUserName: 'sys', CreateTime: Math.floor(Date.now() / 1000), MsgType: 'event', Event: 'change_external_chat', ChatId: chatId, ChangeType: changeType,
    ...(changeType === 'update' ? { UpdateDetail: updateDetail, JoinScene: 0, QuitScene: 0, MemChangeCnt: memChangeCnt } : {}),
  });
}

/** An encrypted app-callback event with exactly these fields (kf and 客户联系 events carry no AgentID). */
export function postAppEvent(minhuBase: string, fields: Record<string, string | number>): Promise<Response> {
  const inner = `<xml>${Object.entries(fields).map(([k, v]) => `<${k}><![CDATA[${v}]]></${k}>`).join('')}</xml>`;
  const enc = encrypt(APP.aesKey, inner, CORP_ID);
  const timestamp = String(Math.floor(Date.now() / 1000));
  const nonce = String(Math.floor(Math.random() * 1e9));
  const sig = getSignature(APP.token, timestamp, nonce, enc);
  const body = `<xml><ToUserName><![CDATA[${CORP_ID}]]></ToUserName><Encrypt><![CDATA[${enc}]]></Encrypt></xml>`;
  return fetch(`${minhuBase}/wecom/app/callback?msg_signature=${sig}&timestamp=${timestamp}&nonce=${nonce}`, { method: 'POST', body, headers: { 'content-type': 'text/xml' } });
}

/** The GET URL-verification request WeCom sends when the URL is saved in the console. */
export function verificationUrl(minhuBase: string, path: string, secrets: { token: string; aesKey: string }, receiveId: string, echo: string): string {
  const enc = encrypt(secrets.aesKey, echo, receiveId);
  const timestamp = String(Math.floor(Date.now() / 1000));
  const nonce = '263014780';
  const sig = getSignature(secrets.token, timestamp, nonce, enc);
  return `${minhuBase}${path}?msg_signature=${sig}&timestamp=${timestamp}&nonce=${nonce}&echostr=${encodeURIComponent(enc)}`;
}
