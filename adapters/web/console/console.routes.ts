/**
 * The console (/console) for dispatchers, admins and other staff (issue 17): the live queue,
 * the dossier, notices and the month's figures. Every action is sent as the chat command
 * through the web channel (./act.ts), so it passes the same parser, permission table and
 * lifecycle as in WeCom or Telegram; reads check `authorize` the same way, and reach data
 * through the console's port. No personal data goes into URLs.
 */
import path from 'node:path';
import express, { type Request, type RequestHandler, type Response, type Router } from 'express';
import type { Channel, InboundMessage } from '../../../core/model';
import type { BotDeps } from '../../../bots/deps';
import type { WebChats } from '../web-chat';
import { securityHeaders } from '../security-headers';
import { hasNul, wellFormed } from '../storable-text';
import { addFontRoutes } from '../fonts.routes';
import { createStreamCaps, type StreamCaps } from '../sse';
import { answersSince, createAct } from './act';
import { addBlobRoute } from './attachments';
import { addAuditRoutes } from './audit.page';
import { userOf, type ConsoleContext } from './context';
import { addDossierRoutes } from './dossier.page';
import { html, page, raw, type Raw } from './html';
import { createConsoleFeed, type ConsoleFeed } from './live';
import { addNoticeRoutes } from './notices.page';
import { addQueueRoutes } from './queue.page';
import { addReportRoutes } from './report.page';
import { checkCsrf, COOKIE, cookieOf, type ConsoleUser, type Sessions } from './session';

export interface ConsoleOptions {
  /** The web channel's chats: console actions are answered in the person's own web chat. */
  webChats: WebChats;
  deps: BotDeps;
  sessions: Sessions;
  handle: (msg: InboundMessage) => Promise<void>;
  secureCookie: boolean;
  sessionHours: number;
  /** Throttles failed sign-ins (ADMIN_TOKEN guesses, used or made-up links); none when absent. */
  signInThrottle?: RequestHandler;
  /** The live queue's feed (default: one polling `latestChange` every 500 ms while pages listen). */
  feed?: ConsoleFeed;
  /** Channels minhu is connected to (the notice preview warns about groups on others). (default: web only) */
  channels?: Channel[];
  /** Caps on open live-queue streams (default: 20 per address, 1,000 in all). */
  streams?: StreamCaps;
}

const PUBLIC = path.join(__dirname, '..', 'public');
const ASSETS: Record<string, string> = { 'console.css': 'console.css', 'queue.js': 'console-queue.js', 'report.js': 'console-report.js' };

export function createConsoleRouter(options: ConsoleOptions): Router {
  const { deps, sessions, webChats } = options;
  const router = express.Router();
  const form = express.urlencoded({ extended: false, limit: '32kb' });
  const send = (res: Response, title: string, body: Raw, status = 200, scripts: string[] = []) => {
    const user = res.locals.user as ConsoleUser | undefined;
    const audit = user && ['supervisor', 'admin'].includes(user.actor.role);
    res.status(status).type('html').send(page(title, body, user && { name: user.actor.name, csrf: user.csrf, audit }, scripts));
  };
  const setCookie = (res: Response, token: string) =>
    res.cookie(COOKIE, token, { httpOnly: true, sameSite: 'strict', secure: options.secureCookie, path: '/console', maxAge: options.sessionHours * 3_600_000 });
  const feed = options.feed ?? createConsoleFeed(() => deps.store.transaction((tx) => tx.console.latestChange()));
  const ctx: ConsoleContext = {
    deps, webChats, feed, send,
    act: createAct(webChats, options.handle),
    streams: options.streams ?? createStreamCaps({ perIp: 20, total: 1000 }),
    withAnswers: (to, since) => (since === null ? to : `${to}${to.includes('?') ? '&' : '?'}since=${since}`),
    async flash(req: Request, user: ConsoleUser) {
      const since = Number(req.query.since);
      if (req.query.since === undefined || !Number.isSafeInteger(since) || since < 0) return raw('');
      const replies = await answersSince(webChats, user, since);
      return replies.length ? html`<div class="flash" role="status">${replies.join('\n\n')}</div>` : raw('');
    },
  };

  // Security headers on every console page, and nothing cached (pages show personal data).
  router.use('/console', securityHeaders({ noStore: true }));
  const throttle: RequestHandler = options.signInThrottle ?? ((_req, _res, next) => next());
  router.get('/console/login', (_req, res) => send(res, '登录', html`
    <div class="card"><p>在企业微信或 Telegram 里私聊民呼发送 <b>工作台</b>，点开收到的一次性链接即可登录（10 分钟内有效）。</p></div>
    <form class="card" method="post" action="/console/login"><label>管理员口令（ADMIN_TOKEN）<input type="password" name="token" autocomplete="current-password" required></label><p><button type="submit">登录</button></p></form>`));
  router.post('/console/login', throttle, form, async (req, res) => {
    const token = await sessions.adminSignIn(String(req.body?.token ?? ''));
    if (!token) return send(res, '登录', html`<p role="alert">口令不对，或未设置 ADMIN_TOKEN。</p><p><a href="/console/login">返回</a></p>`, 401);
    setCookie(res, token);
    res.redirect(303, '/console');
  });
  router.get('/console/login/:token', throttle, async (req, res) => {
    const token = await sessions.redeemLink(String(req.params.token));
    if (!token) return send(res, '登录', html`<p role="alert">链接无效、已用过或已过期。请在聊天里再发一次 <b>工作台</b>。</p>`, 400);
    setCookie(res, token);
    res.redirect(303, '/console'); // the token leaves the address bar at once
  });
  addFontRoutes(router);
  router.get('/console/assets/echarts.min.js', (_req, res) => res.sendFile(path.join(path.dirname(require.resolve('echarts/package.json')), 'dist', 'echarts.min.js')));
  router.get('/console/assets/:file', (req, res, next) => {
    const file = ASSETS[String(req.params.file)];
    if (!file) return next();
    res.type(file.endsWith('.css') ? 'text/css' : 'application/javascript').sendFile(path.join(PUBLIC, file));
  });

  router.use('/console', sessions.require);
  addBlobRoute(router, deps); // issue 13
  router.post('/console/logout', form, checkCsrf, async (req, res) => {
    const token = cookieOf(req);
    if (token) await sessions.end(token);
    res.clearCookie(COOKIE, { path: '/console' });
    res.redirect(303, '/console/login');
  });

  addQueueRoutes(router, ctx);
  addDossierRoutes(router, ctx);
  addNoticeRoutes(router, ctx, options.channels ?? ['web']);
  addReportRoutes(router, ctx);
  addAuditRoutes(router, ctx);

  router.post('/console/command', form, checkCsrf, async (req, res) => {
    const user = userOf(res);
    const text = wellFormed(String(req.body?.text ?? '')).trim();
    if (!text || text.length > 2000 || hasNul(text)) return send(res, '命令', html`<p role="alert">请输入命令（不超过 2000 字）。</p>`, 400);
    const back = String(req.body?.back ?? '/console');
    res.redirect(303, ctx.withAnswers(/^\/console(\/notices|\/report)?$/.test(back) ? back : '/console', await ctx.act(user, text)));
  });
  return router;
}
