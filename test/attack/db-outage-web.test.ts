/**
 * Attack (issue 11: fail loudly and recoverably): the database goes away under the web side —
 * playground, console, admin API. Found: every page and API answered 500 "internal error" and
 * logged a stack as for a bug. Now: 503 with Retry-After (the client may try again shortly),
 * never a 500, and the same pages work again once the database is back (PostgreSQL) — which
 * they did not: a transaction whose BEGIN met the broken connection kept its pool client for good.
 */
import { openDatabase, type Database } from '../../adapters/db/client';
import { isUnavailable } from '../../core/error-summary';
import { startTcpProxy, type TcpProxy } from '../support/tcp-proxy';
import { createServerDatabase, TEST_DATABASE_URL } from '../support/test-database';
import { ADMIN_TOKEN, signIn, startWebApp, type WebApp } from '../support/web-app';

describe('what counts as the database being away', () => {
  const wrapped = (cause: unknown) => Object.assign(new Error('Failed query: select 1\nparams: (withheld)'), { cause });
  it('should read codes and messages through drizzle\'s wrapper, and leave bugs and bad statements alone', () => {
    for (const e of [
      Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:5432'), { code: 'ECONNREFUSED' }),
      new Error('Connection terminated unexpectedly'),
      new Error('timeout exceeded when trying to connect'),
      Object.assign(new Error('terminating connection due to administrator command'), { code: '57P01' }),
      Object.assign(new Error('canceling statement due to statement timeout'), { code: '57014' }),
      Object.assign(new Error('the database system is starting up'), { code: '57P03' }),
      Object.assign(new Error('deadlock detected'), { code: '40P01' }),
      new Error('PGlite is closed'),
    ]) expect([e.message, isUnavailable(wrapped(e)), isUnavailable(e)]).toEqual([e.message, true, true]);
    for (const e of [
      new TypeError("Cannot read properties of undefined (reading 'id')"),
      Object.assign(new Error('syntax error at or near "x"'), { code: '42601' }),
      Object.assign(new Error('duplicate key value violates unique constraint'), { code: '23505' }),
      Object.assign(new Error('invalid input syntax for type integer'), { code: '22P02' }),
      null, 'a string', { code: 8 },
    ]) expect([e, isUnavailable(wrapped(e))]).toEqual([e, false]);
  });
});

const kinds = TEST_DATABASE_URL ? (['pglite', 'postgres'] as const) : (['pglite'] as const);

describe.each(kinds)('the web side while the database is away (%s)', (kind) => {
  let db: Database;
  let web: WebApp;
  let proxy: TcpProxy | undefined;
  let drop: (() => Promise<void>) | undefined;
  let session: { cookie: string; csrf: string };
  let closed = false;

  beforeAll(async () => {
    if (kind === 'pglite') db = await openDatabase({ dataDir: 'memory://' });
    else {
      const server = await createServerDatabase();
      drop = server.drop;
      const direct = new URL(server.url);
      proxy = await startTcpProxy(Number(direct.port || 5432), direct.hostname);
      const via = new URL(server.url);
      via.hostname = '127.0.0.1';
      via.port = String(proxy.port);
      db = await openDatabase({ url: via.toString(), poolSize: 4, connectTimeoutMs: 1_000, statementTimeoutMs: 2_000 });
    }
    web = await startWebApp(db);
    session = await signIn(web.url);
  });
  afterAll(async () => {
    proxy?.recover();
    await web?.close();
    if (!closed) await db?.close();
    await proxy?.close();
    await drop?.();
  });

  const shots = () => [
    { path: '/playground/api/messages', init: { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ chat: 'wangjia13', from: 'h-wangdama', text: '报事 3组王家门口的路灯坏了' }) } },
    { path: '/playground/api/setup', init: {} },
    { path: '/playground/api/events?chat=wangjia13', init: {} },
    { path: '/console', init: { headers: { cookie: session.cookie } } },
    { path: '/console/requests/1', init: { headers: { cookie: session.cookie } } },
    { path: '/console/command', init: { method: 'POST', headers: { cookie: session.cookie, 'content-type': 'application/x-www-form-urlencoded' }, body: `_csrf=${session.csrf}&text=${encodeURIComponent('待办')}` } },
    { path: '/console/login', init: { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: `token=${ADMIN_TOKEN}` } },
    { path: '/api/notices/1', init: { headers: { authorization: `Bearer ${ADMIN_TOKEN}` } } },
  ];

  it('should answer 503 with Retry-After, never 500, and work again once it is back', async () => {
    if (proxy) proxy.cut();
    else {
      await db.close();
      closed = true;
    }
    for (const shot of shots()) {
      const res = await fetch(`${web.url}${shot.path}`, { ...shot.init, redirect: 'manual', signal: AbortSignal.timeout(8_000) } as RequestInit);
      await res.body?.cancel();
      expect([shot.path, res.status, res.headers.get('retry-after')]).toEqual([shot.path, 503, '5']);
    }
    if (!proxy) return; // an embedded database that was closed does not come back
    proxy.recover();
    // No pool client is left checked out by a transaction whose BEGIN failed (drizzle kept them:
    // after poolSize such failures nothing could reach the database again).
    const free = async () => {
      for (const until = Date.now() + 5_000; Date.now() < until; await new Promise((r) => setTimeout(r, 50))) {
        const p = db.poolStats!();
        if (p.total === p.idle) return true;
      }
      return false;
    };
    expect(await free()).toBe(true);
    const again = await fetch(`${web.url}/playground/api/messages`, shots()[0].init as RequestInit);
    expect(again.status).toBe(202);
    expect((await fetch(`${web.url}/console`, { headers: { cookie: session.cookie } })).status).toBe(200);
  }, 60_000);
});
