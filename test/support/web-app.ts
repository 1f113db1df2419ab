/**
 * The web side of minhu in this process, wired as bots/main.ts wires it (console, playground,
 * admin API, sign-in throttle, stream caps, the web channel's sender) on a test database,
 * listening on 127.0.0.1 — for attack tests that need many requests fast.
 */
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Database } from '../../adapters/db/client';
import { createOutbox } from '../../adapters/db/outbox.repository';
import { storesFor } from '../../adapters/db/stores';
import { createHttpApp } from '../../adapters/http/app';
import { createNoticesRouter } from '../../adapters/http/notices.routes';
import { createReportsRouter } from '../../adapters/http/reports.routes';
import { createSignInThrottle, throttleRouter } from '../../adapters/http/throttle';
import { createLogger } from '../../adapters/logger';
import { DEMO_ORG_FILE, importOrg, readOrgFile } from '../../adapters/org/org-import';
import { createConsoleRouter } from '../../adapters/web/console/console.routes';
import { createSessions } from '../../adapters/web/console/session';
import { createPlaygroundRouter } from '../../adapters/web/playground.routes';
import { createStreamCaps, type StreamCaps } from '../../adapters/web/sse';
import { createWebChats } from '../../adapters/web/web-chat';
import { createBotDeps, type BotDeps } from '../../bots/deps';
import { handleInbound } from '../../bots/inbound/handle-inbound';
import { createSender } from '../../bots/outbox/sender';
import { NO_FLOOD_LIMITS } from './harness';

export const ADMIN_TOKEN = 'attack-admin-token-0123456789';

export interface WebApp {
  url: string;
  deps: BotDeps;
  streams: StreamCaps;
  close(): Promise<void>;
}

export interface WebAppOptions {
  signIn?: { perIp: number; total: number };
  streams?: { perIp: number; total: number };
  trustProxy?: number;
}

export async function startWebApp(db: Database, options: WebAppOptions = {}): Promise<WebApp> {
  const org = readOrgFile(DEMO_ORG_FILE);
  await importOrg(db.db, org);
  const deps = createBotDeps({ ...storesFor(db.db), org, flood: NO_FLOOD_LIMITS, consoleUrl: 'http://127.0.0.1' });
  const handle = async (m: Parameters<typeof handleInbound>[1]) => void (await handleInbound(deps, m));
  const webChats = createWebChats(deps.store);
  const sender = createSender(createOutbox(db.db), [webChats.sender], { idleMs: 200 });
  deps.onQueued = () => sender.poke();
  const signInThrottle = createSignInThrottle(options.signIn ?? { perIp: 10, total: 100 });
  const sessions = createSessions(deps.store, { adminToken: ADMIN_TOKEN, sessionHours: 1 });
  const streams = createStreamCaps(options.streams ?? { perIp: 20, total: 1000 });
  const routers = [
    throttleRouter(['/api/reports', '/api/notices'], signInThrottle), createReportsRouter(deps, ADMIN_TOKEN), createNoticesRouter(deps, ADMIN_TOKEN),
    createConsoleRouter({ webChats, deps, sessions, handle, secureCookie: false, sessionHours: 1, signInThrottle }),
    createPlaygroundRouter({ store: deps.store, webChats, handle, streams }),
  ];
  const app = createHttpApp({ ping: db.ping, telegramWebhook: null, routers, log: createLogger('error', false) });
  app.set('trust proxy', options.trustProxy ?? 0);
  const server = await new Promise<Server>((resolve) => {
    const s = app.listen(0, '127.0.0.1', () => resolve(s));
  });
  sender.start();
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    deps,
    streams,
    async close() {
      server.closeAllConnections();
      await new Promise((r) => server.close(r));
      await sender.stop();
    },
  };
}

/** Signs in with ADMIN_TOKEN and returns the session cookie and the page's CSRF token. */
export async function signIn(url: string): Promise<{ cookie: string; csrf: string }> {
  const res = await fetch(`${url}/console/login`, { method: 'POST', redirect: 'manual', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: `token=${ADMIN_TOKEN}` });
  const cookie = (res.headers.get('set-cookie') ?? '').split(';')[0];
  if (!cookie.startsWith('minhu_console=')) throw new Error(`sign-in failed: ${res.status}`);
  const page = await (await fetch(`${url}/console`, { headers: { cookie } })).text();
  const csrf = /name="_csrf" value="([^"]+)"/.exec(page)?.[1];
  if (!csrf) throw new Error('no CSRF token on the console page');
  return { cookie, csrf };
}
