/**
 * The express app: health check and channel webhooks. Bad input gets a 4xx with a reason,
 * never a 5xx (channels retry 5xx).
 */
import express, { type ErrorRequestHandler, type RequestHandler, type Router } from 'express';
import { DeadlineError, withDeadline } from '../channels/deadline';
import { errorSummary, isUnavailable } from '../../core/error-summary';
import type { Logger } from '../logger';

export interface HttpOptions {
  ping: () => Promise<void>;
  /** /healthz gives the database this long before answering 503. (default: 800) */
  pingTimeoutMs?: number;
  /** Each channel's state for /healthz ("ok", "connecting", "error: …"); a channel down is not a 503. */
  channels?: () => Record<string, string>;
  telegramWebhook: RequestHandler | null;
  /** Further channel routers (WeCom callbacks). */
  routers?: Router[];
  log: Logger;
}

/** Builds the express application. */
export function createHttpApp(options: HttpOptions): express.Express {
  const app = express();
  app.disable('x-powered-by');
  app.get('/healthz', async (_req, res) => {
    const channels = options.channels ? { channels: options.channels() } : {};
    try {
      await withDeadline(options.ping(), options.pingTimeoutMs ?? 800, 'database ping');
      res.json({ status: 'ok', db: 'ok', ...channels });
    } catch (e) {
      const db = e instanceof DeadlineError ? 'timeout' : 'unreachable';
      options.log.warn(`health check: database ${db}`, { error: String(e) });
      res.status(503).json({ status: 'unavailable', db, ...channels });
    }
  });
  if (options.telegramWebhook) {
    const webhook = options.telegramWebhook;
    app.post('/telegram/webhook', express.json({ limit: '256kb', type: () => true }), (req, res, next) => {
      if (!req.body || typeof req.body !== 'object' || typeof req.body.update_id !== 'number') {
        res.status(400).json({ error: 'body must be a Telegram Update with a numeric update_id' });
        return;
      }
      return webhook(req, res, next);
    });
  }
  for (const router of options.routers ?? []) app.use(router);
  app.use((_req, res) => {
    res.status(404).json({ error: 'not found' });
  });
  const onError: ErrorRequestHandler = (err, req, res, _next) => {
    // A failure after the answer began (an event stream) can only end the connection.
    if (res.headersSent) return void res.destroy();
    // The database away or too slow is no bug and not the client's fault: 503, try again shortly.
    if (isUnavailable(err)) {
      options.log.warn('request failed: database unavailable', { path: req.path, error: errorSummary(err) });
      res.set('retry-after', '5').status(503).json({ error: 'the database is unavailable; try again in a few seconds' });
      return;
    }
    const status = typeof err?.status === 'number' && err.status >= 400 && err.status < 500 ? err.status : 500;
    if (status === 500) options.log.error('request failed', { error: String(err?.stack ?? err) });
    // A body parser's message quotes the body (`Unexpected token … "报事 电话138…"`): log its type, not the text.
    else options.log.warn('bad request', { status, reason: typeof err?.type === 'string' ? err.type : 'bad request' });
    res.status(status).json({ error: status === 500 ? 'internal error' : String(err?.message ?? 'bad request') });
  };
  app.use(onError);
  return app;
}
