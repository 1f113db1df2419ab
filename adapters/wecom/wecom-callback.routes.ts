/**
 * WeCom callback endpoints: `/wecom/bot/callback` (AI bot, JSON `{"encrypt"}`, receiveid "")
 * and `/wecom/app/callback` (self-built app, XML `<Encrypt>`, receiveid = corp id).
 * GET answers URL verification with the decrypted echostr as a plain body. POST verifies,
 * decrypts, normalises and hands the message to minhu; it answers an empty 200 at the latest
 * after `replyWithinMs`, so WeCom never times out (5 s) and retries. Bad signature → 401,
 * malformed body → 400, each logged with its reason; bad input never gets a 5xx.
 */
import express, { type Request, type Response, type Router } from 'express';
import type { InboundMessage } from '../../core/model';
import type { Logger } from '../logger';
import { appToInbound, botToInbound, parseWecomXml, type BotMessage } from './wecom-inbound';
import { parseRawQuery, verifyAndDecrypt, type CallbackSecrets } from './wecom-callback-crypto';

export interface WecomCallbackOptions {
  bot?: CallbackSecrets;
  app?: CallbackSecrets;
  handle: (msg: InboundMessage) => Promise<unknown>;
  log: Logger;
  /** Oldest accepted callback timestamp. (default: 300 s) */
  maxAgeSeconds?: number;
  /** Answer no later than this; slower work finishes after the answer. (default: 4_000) */
  replyWithinMs?: number;
  /** Largest accepted body. (default: 64kb) */
  bodyLimit?: string;
  now?: () => number;
}

/** Builds the router with the endpoints whose secrets are configured. */
export function createWecomCallbackRouter(options: WecomCallbackOptions): Router {
  const router = express.Router();
  const now = options.now ?? Date.now;
  const limit = options.bodyLimit ?? '64kb';
  const verifyOptions = () => ({ nowSeconds: Math.floor(now() / 1000), maxAgeSeconds: options.maxAgeSeconds ?? 300 });

  const refuse = (res: Response, endpoint: string, status: 400 | 401, reason: string) => {
    options.log.warn(`wecom ${endpoint} callback refused`, { status, reason });
    res.status(status).type('text/plain').send(reason);
  };

  const verifyUrl = (endpoint: string, secrets: CallbackSecrets) => (req: Request, res: Response) => {
    const q = parseRawQuery(req.originalUrl);
    const r = verifyAndDecrypt(secrets, q, q.echostr ?? '', verifyOptions());
    if (!r.ok) return refuse(res, endpoint, r.rejection.status, r.rejection.reason);
    res.status(200).type('text/plain').send(r.message);
  };

  const accept = async (res: Response, endpoint: string, msg: InboundMessage | null) => {
    if (!msg) return void res.status(200).send('');
    let answered = false;
    const timer = setTimeout(() => {
      answered = true;
      options.log.warn(`wecom ${endpoint}: work took longer than the reply window; answered first`, { messageId: msg.messageId });
      res.status(200).send('');
    }, options.replyWithinMs ?? 4_000);
    try {
      await options.handle(msg);
    } catch (e) {
      options.log.error(`wecom ${endpoint}: handling failed`, { messageId: msg.messageId, error: String(e) });
      clearTimeout(timer);
      // Not the sender's fault: let WeCom retry (the message was not stored).
      if (!answered) res.status(503).send('');
      return;
    }
    clearTimeout(timer);
    if (!answered) res.status(200).send('');
  };

  if (options.bot) {
    const secrets = options.bot;
    router.get('/wecom/bot/callback', verifyUrl('bot', secrets));
    router.post('/wecom/bot/callback', express.text({ type: () => true, limit }), async (req, res) => {
      const body = parseJson(typeof req.body === 'string' ? req.body : '');
      if (!body || typeof body.encrypt !== 'string') return refuse(res, 'bot', 400, 'body must be JSON {"encrypt": "..."}');
      const r = verifyAndDecrypt(secrets, parseRawQuery(req.originalUrl), body.encrypt, verifyOptions());
      if (!r.ok) return refuse(res, 'bot', r.rejection.status, r.rejection.reason);
      const message = parseJson(r.message) as BotMessage | null;
      if (!message) return refuse(res, 'bot', 400, 'decrypted message is not JSON');
      await accept(res, 'bot', botToInbound(message, message.response_url ?? null, now()));
    });
  }
  if (options.app) {
    const secrets = options.app;
    router.get('/wecom/app/callback', verifyUrl('app', secrets));
    router.post('/wecom/app/callback', express.text({ type: () => true, limit }), async (req, res) => {
      const outer = parseWecomXml(typeof req.body === 'string' ? req.body : '');
      if (!outer?.Encrypt) return refuse(res, 'app', 400, 'body must be XML with <Encrypt>');
      const r = verifyAndDecrypt(secrets, parseRawQuery(req.originalUrl), outer.Encrypt, verifyOptions());
      if (!r.ok) return refuse(res, 'app', r.rejection.status, r.rejection.reason);
      const inner = parseWecomXml(r.message);
      if (!inner) return refuse(res, 'app', 400, 'decrypted message is not XML');
      await accept(res, 'app', appToInbound(inner, now()));
    });
  }
  return router;
}

function parseJson(text: string): Record<string, unknown> | null {
  try {
    const v = JSON.parse(text);
    return v && typeof v === 'object' ? v : null;
  } catch {
    return null;
  }
}
