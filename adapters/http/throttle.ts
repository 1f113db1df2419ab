/**
 * Throttles guessing of secrets: console sign-in (ADMIN_TOKEN and one-time links) and the
 * bearer-token admin API. Only failed attempts (answers ≥ 400) count: per client address, and
 * in all (so many addresses together cannot guess either). Counters live in this process's
 * memory: with N processes an attacker gets at most N times the budget, still a handful a minute.
 */
import express, { type Request, type RequestHandler, type Response, type Router } from 'express';
import { rateLimit } from 'express-rate-limit';
import { t, type Locale } from '../../core/texts';

export interface ThrottleOptions {
  /** Failed attempts per client address per window. (default: 10) */
  perIp?: number;
  /** Failed attempts from everyone together per window. (default: 100) */
  total?: number;
  /** (default: 15 minutes) */
  windowMs?: number;
  /** Language of the console's refusal line. (default: zh-CN) */
  locale?: Locale;
}

/** One middleware: the per-address limit, then the overall one. Answers 429 with Retry-After. */
export function createSignInThrottle(options: ThrottleOptions = {}): RequestHandler {
  const windowMs = options.windowMs ?? 15 * 60_000;
  const minutes = Math.ceil(windowMs / 60_000);
  const refuse = (req: Request, res: Response) => {
    if (req.path.startsWith('/console')) res.type('text/plain; charset=utf-8').send(t('console.tooManyAttempts', { minutes }, options.locale ?? 'zh-CN'));
    else res.json({ error: `too many failed attempts; try again in ${minutes} minutes` });
  };
  const common = {
    windowMs,
    skipSuccessfulRequests: true,
    requestWasSuccessful: (_req: Request, res: Response) => res.statusCode < 400,
    standardHeaders: 'draft-7' as const,
    legacyHeaders: false,
    // Behind a proxy set TRUST_PROXY; a stray X-Forwarded-For must not fill the log.
    validate: { xForwardedForHeader: false },
    handler: (req: Request, res: Response) => {
      res.setHeader('Retry-After', String(Math.ceil(windowMs / 1000)));
      res.status(429);
      refuse(req, res);
    },
  };
  const perIp = rateLimit({ ...common, limit: options.perIp ?? 10 });
  const total = rateLimit({ ...common, limit: options.total ?? 100, keyGenerator: () => 'all' });
  return (req, res, next) => perIp(req, res, (err?: unknown) => (err ? next(err) : total(req, res, next)));
}

/** A router that throttles failed requests under `paths` (the bearer-token admin API) before its routes run. */
export function throttleRouter(paths: string[], throttle: RequestHandler): Router {
  return express.Router().use(paths, throttle);
}
