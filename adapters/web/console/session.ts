/**
 * Console sessions: a one-time link (from the `工作台` command) or ADMIN_TOKEN signs a person
 * in; the session lives in an HttpOnly, SameSite=Strict cookie whose token is stored only as its
 * SHA-256, with a per-session CSRF token that every form must send back.
 */
import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import type { NextFunction, Request, Response } from 'express';
import type { Actor } from '../../../core/model';
import { tokenHash } from '../../../bots/desk/console-link';
import type { Store } from '../../../bots/ports';

export const COOKIE = 'minhu_console';

/** The signed-in person, their web identity (for acting through the chat path) and the CSRF token. */
export interface ConsoleUser {
  actor: Actor;
  webId: string;
  csrf: string;
}

export interface Sessions {
  /** Exchanges a one-time link token for a session token; null when unknown, used or expired. */
  redeemLink(token: string): Promise<string | null>;
  /** A session for the first admin of the root area when `given` equals ADMIN_TOKEN. */
  adminSignIn(given: string): Promise<string | null>;
  end(sessionToken: string): Promise<void>;
  /** Express middleware: sets `res.locals.user`, or redirects to the sign-in page. */
  require: (req: Request, res: Response, next: NextFunction) => Promise<void>;
}

/** The cookie's value; null when absent or malformed (a bad `%` escape is no session, not a 500). */
export function cookieOf(req: Request, name = COOKIE): string | null {
  for (const part of (req.get('cookie') ?? '').split(';')) {
    const [k, ...v] = part.trim().split('=');
    if (k !== name) continue;
    try {
      return decodeURIComponent(v.join('='));
    } catch {
      return null;
    }
  }
  return null;
}

/**
 * Constant-time equality of two secrets of any length and alphabet: compares their SHA-256
 * digests (equal byte lengths always), so non-ASCII input of the same character length cannot
 * make `timingSafeEqual` throw.
 */
export function secretsEqual(given: string, expected: string): boolean {
  const digest = (s: string) => createHash('sha256').update(s, 'utf8').digest();
  return given !== '' && timingSafeEqual(digest(given), digest(expected));
}

export function createSessions(store: Store, options: { adminToken?: string; sessionHours: number }): Sessions {
  const ttl = options.sessionHours * 3_600_000;

  async function startSession(personId: number): Promise<string> {
    const token = randomBytes(24).toString('base64url');
    const now = Date.now();
    await store.transaction((tx) => tx.consoleSessions.start(personId, tokenHash(token), randomBytes(18).toString('base64url'), now + ttl, now));
    return token;
  }

  return {
    async redeemLink(token) {
      const personId = await store.transaction((tx) => tx.consoleSessions.redeemLink(tokenHash(token), Date.now()));
      return personId === null ? null : startSession(personId);
    },
    async adminSignIn(given) {
      const expected = options.adminToken;
      if (!expected || !secretsEqual(given, expected)) return null;
      const admin = await store.transaction((tx) => tx.consoleSessions.firstAdmin());
      return admin === null ? null : startSession(admin);
    },
    async end(sessionToken) {
      await store.transaction((tx) => tx.consoleSessions.end(tokenHash(sessionToken)));
    },
    async require(req, res, next) {
      const token = cookieOf(req);
      const found = token ? await store.transaction((tx) => tx.consoleSessions.find(tokenHash(token), Date.now())) : null;
      if (found) {
        res.locals.user = found satisfies ConsoleUser;
        next();
        return;
      }
      res.redirect(303, '/console/login');
    },
  };
}

/** Checks the form's `_csrf` against the session's; answers 403 when it does not match. */
export function checkCsrf(req: Request, res: Response, next: NextFunction): void {
  const user = res.locals.user as ConsoleUser;
  const given = typeof req.body?._csrf === 'string' ? req.body._csrf : '';
  if (secretsEqual(given, user.csrf)) {
    next();
    return;
  }
  res.status(403).type('text/plain; charset=utf-8').send('表单已失效(CSRF 校验失败),请刷新页面后重试。');
}
