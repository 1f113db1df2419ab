/**
 * Console sessions: a one-time link (from the `工作台` command) or ADMIN_TOKEN signs a person
 * in; the session lives in an HttpOnly, SameSite=Strict cookie whose token is stored only as its
 * SHA-256, with a per-session CSRF token that every form must send back.
 */
import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import type { NextFunction, Request, Response } from 'express';
import { and, asc, eq, gt, isNull, sql } from 'drizzle-orm';
import type { Actor, Role } from '../../../core/model';
import { tokenHash } from '../../../bots/desk/console-link';
import type { Db } from '../../db/client';
import { consoleTokens, identities, people } from '../../db/schema';

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

export function createSessions(db: Db, options: { adminToken?: string; sessionHours: number }): Sessions {
  const ttl = options.sessionHours * 3_600_000;

  async function startSession(personId: number): Promise<string> {
    const token = randomBytes(24).toString('base64url');
    // Staff act through the same chat path as everywhere: make sure they have a web identity.
    await db.insert(identities).values({ channel: 'web', externalId: `p${personId}`, personId }).onConflictDoNothing();
    await db.insert(consoleTokens).values({ tokenHash: tokenHash(token), kind: 'session', personId, csrf: randomBytes(18).toString('base64url'), expiresAt: new Date(Date.now() + ttl) });
    await db.delete(consoleTokens).where(sql`${consoleTokens.expiresAt} < now() - interval '1 day'`);
    return token;
  }

  return {
    async redeemLink(token) {
      const [row] = await db.update(consoleTokens).set({ usedAt: new Date() })
        .where(and(eq(consoleTokens.tokenHash, tokenHash(token)), eq(consoleTokens.kind, 'login'), isNull(consoleTokens.usedAt), gt(consoleTokens.expiresAt, new Date())))
        .returning({ personId: consoleTokens.personId });
      return row ? startSession(row.personId) : null;
    },
    async adminSignIn(given) {
      const expected = options.adminToken;
      if (!expected || !secretsEqual(given, expected)) return null;
      const [admin] = await db.select({ id: people.id }).from(people).where(eq(people.role, 'admin')).orderBy(asc(people.areaCode), asc(people.id)).limit(1);
      return admin ? startSession(admin.id) : null;
    },
    async end(sessionToken) {
      await db.delete(consoleTokens).where(eq(consoleTokens.tokenHash, tokenHash(sessionToken)));
    },
    async require(req, res, next) {
      const token = cookieOf(req);
      if (token) {
        const [row] = await db.select({ csrf: consoleTokens.csrf, person: people, webId: identities.externalId })
          .from(consoleTokens).innerJoin(people, eq(people.id, consoleTokens.personId))
          .leftJoin(identities, and(eq(identities.personId, people.id), eq(identities.channel, 'web')))
          .where(and(eq(consoleTokens.tokenHash, tokenHash(token)), eq(consoleTokens.kind, 'session'), gt(consoleTokens.expiresAt, new Date())))
          .limit(1);
        if (row?.webId && row.person.role !== 'household') {
          const p = row.person;
          res.locals.user = { actor: { personId: p.id, name: p.name, role: p.role as Role, areaCode: p.areaCode, departmentCode: p.departmentCode, sensitiveReader: p.sensitiveReader }, webId: row.webId, csrf: row.csrf! } satisfies ConsoleUser;
          next();
          return;
        }
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
