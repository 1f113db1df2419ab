/**
 * WeCom callback endpoints: `/wecom/bot/callback` (AI bot, JSON `{"encrypt"}`, receiveid "")
 * and `/wecom/app/callback` (self-built app, XML `<Encrypt>`, receiveid = corp id).
 * GET answers URL verification with the decrypted echostr as a plain body. POST, one step each:
 * open (verify the signature and decrypt) → read (parse and validate the inner payload) →
 * store (normalise and put it in the inbox). WeCom hears 200 only once the message is stored
 * (or parked as a dead letter, when signed but malformed); when storing fails or does not
 * finish within `replyWithinMs` it hears 503 and retries. Bad signature → 401, a body that is
 * not a WeCom envelope → 400, each logged with its reason; bad input never gets a 5xx.
 */
import express, { type Request, type Response, type Router } from 'express';
import { errorSummary } from '../../core/error-summary';
import type { InboundMessage } from '../../core/model';
import { withDeadline } from '../channels/deadline';
import type { Logger } from '../logger';
import { appToInbound, botToInbound, parseAppFields, parseBotMessage, parseWecomXml } from './wecom-inbound';
import { parseRawQuery, verifyAndDecrypt, type CallbackSecrets } from './wecom-callback-crypto';

export interface WecomCallbackOptions {
  bot?: CallbackSecrets;
  app?: CallbackSecrets;
  /** Stores the message (the inbox); resolves once it is committed, rejects when it is not. */
  handle: (msg: InboundMessage) => Promise<unknown>;
  /** Parks a signed payload that cannot be handled (dead letters). */
  park: (channel: 'wecom', reason: string, payload: unknown) => Promise<void>;
  /**
   * issue 12: app events that are not messages (kf_msg_or_event, change_external_chat). Resolves
   * true once the event is recorded (WeCom then hears 200), false when it is not one of them.
   */
  appEvent?: (fields: Record<string, string>) => Promise<boolean>;
  log: Logger;
  /** Oldest accepted callback timestamp. (default: 300 s) */
  maxAgeSeconds?: number;
  /** Storing must finish within this, or WeCom hears 503 (it waits 5 s). (default: 4_000) */
  replyWithinMs?: number;
  /** Largest accepted body. (default: 64kb) */
  bodyLimit?: string;
  now?: () => number;
}

type Endpoint = 'bot' | 'app';
type Opened = { ok: true; plaintext: string } | { ok: false; status: 400 | 401; reason: string };

/** Builds the router with the endpoints whose secrets are configured. */
export function createWecomCallbackRouter(options: WecomCallbackOptions): Router {
  const router = express.Router();
  const now = options.now ?? Date.now;
  const limit = options.bodyLimit ?? '64kb';
  const within = options.replyWithinMs ?? 4_000;
  const verifyOptions = () => ({ nowSeconds: Math.floor(now() / 1000), maxAgeSeconds: options.maxAgeSeconds ?? 300 });
  const bodyOf = (req: Request) => (typeof req.body === 'string' ? req.body : '');

  const refuse = (res: Response, endpoint: Endpoint, status: 400 | 401, reason: string) => {
    options.log.warn(`wecom ${endpoint} callback refused`, { status, reason });
    res.status(status).type('text/plain').send(reason);
  };

  /** Verifies and decrypts `encrypted` with the endpoint's secrets. */
  const open = (req: Request, secrets: CallbackSecrets, encrypted: string | undefined, shape: string): Opened => {
    if (typeof encrypted !== 'string' || !encrypted) return { ok: false, status: 400, reason: `body must be ${shape}` };
    const r = verifyAndDecrypt(secrets, parseRawQuery(req.originalUrl), encrypted, verifyOptions());
    return r.ok ? { ok: true, plaintext: r.message } : { ok: false, status: r.rejection.status, reason: r.rejection.reason };
  };

  /** A signed payload minhu cannot read: kept for admins, and 200 so WeCom does not resend it forever. */
  const park = async (res: Response, endpoint: Endpoint, reason: string, payload: unknown) => {
    options.log.warn(`wecom ${endpoint}: signed payload parked as a dead letter`, { reason });
    try {
      await withDeadline(options.park('wecom', `${endpoint}: ${reason}`, payload), within, 'parking a dead letter');
      res.status(200).send('');
    } catch (e) {
      options.log.error(`wecom ${endpoint}: could not park a dead letter; WeCom will retry`, { error: errorSummary(e) });
      res.status(503).send('');
    }
  };

  /** Stores the message; 200 once committed, 503 (WeCom retries) when it is not. */
  const store = async (res: Response, endpoint: Endpoint, msg: InboundMessage | null) => {
    if (!msg) return void res.status(200).send('');
    try {
      await withDeadline(options.handle(msg), within, 'storing the message');
      res.status(200).send('');
    } catch (e) {
      options.log.error(`wecom ${endpoint}: message not stored; WeCom will retry`, { messageId: msg.messageId, error: errorSummary(e) });
      res.status(503).send('');
    }
  };

  const verifyUrl = (endpoint: Endpoint, secrets: CallbackSecrets) => (req: Request, res: Response) => {
    const q = parseRawQuery(req.originalUrl);
    const r = verifyAndDecrypt(secrets, q, q.echostr ?? '', verifyOptions());
    if (!r.ok) return refuse(res, endpoint, r.rejection.status, r.rejection.reason);
    res.status(200).type('text/plain').send(r.message);
  };

  if (options.bot) {
    const secrets = options.bot;
    router.get('/wecom/bot/callback', verifyUrl('bot', secrets));
    router.post('/wecom/bot/callback', express.text({ type: () => true, limit }), async (req, res) => {
      const envelope = parseJson(bodyOf(req));
      const opened = open(req, secrets, envelope?.encrypt as string | undefined, 'JSON {"encrypt": "..."}');
      if (!opened.ok) return refuse(res, 'bot', opened.status, opened.reason);
      const inner = parseJson(opened.plaintext);
      if (!inner) return park(res, 'bot', 'decrypted message is not a JSON object', opened.plaintext);
      const read = parseBotMessage(inner);
      if (!read.ok) return park(res, 'bot', read.reason, inner);
      await store(res, 'bot', botToInbound(read.value, read.value.response_url ?? null, now()));
    });
  }
  if (options.app) {
    const secrets = options.app;
    router.get('/wecom/app/callback', verifyUrl('app', secrets));
    router.post('/wecom/app/callback', express.text({ type: () => true, limit }), async (req, res) => {
      const opened = open(req, secrets, parseWecomXml(bodyOf(req))?.Encrypt, 'XML with <Encrypt>');
      if (!opened.ok) return refuse(res, 'app', opened.status, opened.reason);
      const inner = parseWecomXml(opened.plaintext);
      if (!inner) return park(res, 'app', 'decrypted message is not XML', opened.plaintext);
      const read = parseAppFields(inner);
      if (!read.ok) return park(res, 'app', read.reason, inner);
      if (options.appEvent && read.value.MsgType === 'event') {
        let handled: boolean;
        try {
          handled = await withDeadline(options.appEvent(read.value), within, 'recording the event');
        } catch (e) {
          options.log.error('wecom app: event not recorded; WeCom will retry', { event: read.value.Event, error: errorSummary(e) });
          return void res.status(503).send('');
        }
        if (handled) return void res.status(200).send('');
      }
      await store(res, 'app', appToInbound(read.value, now()));
    });
  }
  return router;
}

function parseJson(text: string): Record<string, unknown> | null {
  try {
    const v = JSON.parse(text);
    return v && typeof v === 'object' && !Array.isArray(v) ? v : null;
  } catch {
    return null;
  }
}
