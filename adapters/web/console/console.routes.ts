/**
 * The console (/console) for dispatchers, admins and other staff: their queue with filters,
 * the request dossier with the same actions as the chat commands, notices, and the monthly
 * figures with a chart. Every action is sent as the chat command through the web channel, so
 * it passes the same parser, permission table and lifecycle as in WeCom or Telegram; reads
 * check `authorize` the same way. No personal data goes into URLs.
 */
import { randomUUID } from 'node:crypto';
import path from 'node:path';
import express, { type Request, type RequestHandler, type Response, type Router } from 'express';
import { CATEGORY_CODES, CATEGORY_NAMES } from '../../../core/categories';
import { OPEN_STATUSES, REQUEST_STATUSES, type CitizenRequest, type InboundMessage, type RequestStatus } from '../../../core/model';
import { authorize, listView, type Action, maySeeSensitive } from '../../../core/permissions';
import { queueName } from '../../../core/queue';
import { categoryName, statusName } from '../../../core/request-messages';
import { maskPhones, summarize } from '../../../core/text-tools';
import { cutText } from '../../../core/text-cut';
import { formatTime, monthOf } from '../../../core/time-format';
import { percent, ratesOf } from '../../../core/metrics';
import type { BotDeps } from '../../../bots/deps';
import { buildMonthlyReport } from '../../../bots/watch/reports';
import { describeEvent, describePlace } from '../../../bots/desk/views';
import { reportChartOption } from '../../charts/report-chart-option';
import type { WebChats } from '../web-chat';
import { html, page, raw, type Raw } from './html';
import { securityHeaders } from '../security-headers';
import { hasNul, wellFormed } from '../storable-text';
import { checkCsrf, COOKIE, cookieOf, type ConsoleUser, type Sessions } from './session';
import { addFontRoutes } from '../fonts.routes';
import { addBlobRoute, attachmentsCard } from './attachments';

/** Request actions offered on the dossier, as the chat command each one sends. */
const ACTIONS: { action: Action; word: string; label: string; text: string | null }[] = [
  { action: 'claim', word: '认领', label: '认领', text: null },
  { action: 'reply', word: '答复', label: '答复', text: '答复内容' },
  { action: 'resolve', word: '办结', label: '办结', text: '办理结果' },
  { action: 'escalate', word: '上报', label: '上报', text: '上报理由' },
  { action: 'dispatch', word: '派单', label: '派单', text: '部门,如 住建局' },
  { action: 'transfer', word: '转办', label: '转办', text: '部门 理由' },
  { action: 'return', word: '退回', label: '退回', text: '退回理由' },
  { action: 'whistle', word: '吹哨', label: '吹哨', text: '牵头部门 协办部门…' },
  { action: 'reportIn', word: '报到', label: '报到', text: '说明(可不填)' },
  { action: 'keyCase', word: '包案', label: '包案', text: '领导姓名' },
  { action: 'reject', word: '不予受理', label: '不予受理', text: '理由' },
];

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
}

export function createConsoleRouter(options: ConsoleOptions): Router {
  const { deps, sessions, handle, webChats } = options;
  const { locale, timeZone } = deps.messages;
  const router = express.Router();
  const form = express.urlencoded({ extended: false, limit: '32kb' });
  const userOf = (res: Response) => res.locals.user as ConsoleUser;
  const send = (res: Response, title: string, body: Raw, status = 200) => {
    const user = res.locals.user as ConsoleUser | undefined;
    res.status(status).type('html').send(page(title, body, user && { name: user.actor.name, csrf: user.csrf }));
  };
  const setCookie = (res: Response, token: string) =>
    res.cookie(COOKIE, token, { httpOnly: true, sameSite: 'strict', secure: options.secureCookie, path: '/console', maxAge: options.sessionHours * 3_600_000 });

  // Security headers on every console page, and nothing cached (pages show personal data).
  router.use('/console', securityHeaders({ noStore: true }));
  const throttle: RequestHandler = options.signInThrottle ?? ((_req, _res, next) => next());
  router.get('/console/login', (_req, res) => send(res, '登录', html`
    <div class="card"><p>在企业微信或 Telegram 里私聊民呼发送 <b>工作台</b>,点开收到的一次性链接即可登录(10 分钟内有效)。</p></div>
    <form class="card" method="post" action="/console/login"><label>管理员口令(ADMIN_TOKEN)<input type="password" name="token" autocomplete="current-password" required></label><p><button type="submit">登录</button></p></form>`));
  router.post('/console/login', throttle, form, async (req, res) => {
    const token = await sessions.adminSignIn(String(req.body?.token ?? ''));
    if (!token) return send(res, '登录', html`<p role="alert">口令不对,或未设置 ADMIN_TOKEN。</p><p><a href="/console/login">返回</a></p>`, 401);
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
  router.get('/console/assets/report.js', (_req, res) => res.type('application/javascript').sendFile(path.join(__dirname, '..', 'public', 'console-report.js')));

  router.use('/console', sessions.require);
  addBlobRoute(router, deps); // issue 13
  router.post('/console/logout', form, checkCsrf, async (req, res) => {
    const token = cookieOf(req);
    if (token) await sessions.end(token);
    res.clearCookie(COOKIE, { path: '/console' });
    res.redirect(303, '/console/login');
  });

  /**
   * Sends a chat command as the signed-in person and waits (at most 2 s) for minhu's first answer
   * in their own web chat, through the web channel's hub. Returns the id to show answers after.
   */
  async function act(user: ConsoleUser, text: string): Promise<number | null> {
    let first: number | null = null;
    let wake = () => {};
    const answered = new Promise<void>((resolve) => (wake = resolve));
    const unwatch = webChats.watch(user.webId, (e) => {
      if (e.type === 'message' && e.message.senderId === null && first === null) {
        first = e.message.id;
        wake();
      }
    });
    let timer: NodeJS.Timeout | undefined;
    try {
      await handle({
        channel: 'web', messageId: randomUUID(), chatId: user.webId, chatType: 'private', senderId: user.webId, senderName: user.actor.name,
        text, addressed: true, sourceMessageId: null, replyToMessageId: null, buttonData: null, photo: null, kind: 'text', at: Date.now(),
      });
      await Promise.race([answered, new Promise<void>((resolve) => (timer = setTimeout(resolve, 2000)))]);
    } finally {
      clearTimeout(timer);
      unwatch();
    }
    return first === null ? null : first - 1;
  }
  const withAnswers = (to: string, since: number | null) => (since === null ? to : `${to}?since=${since}`);
  /** minhu's answers in the person's own web chat after `?since=`, shown at the top of the page. */
  const flash = async (req: Request, user: ConsoleUser) => {
    const since = Number(req.query.since);
    if (req.query.since === undefined || !Number.isSafeInteger(since) || since < 0) return raw('');
    const replies = (await webChats.history(user.webId, since)).filter((m) => m.senderId === null).map((m) => m.text);
    return replies.length ? html`<div class="flash" role="status">${replies.join('\n\n')}</div>` : raw('');
  };

  router.get('/console', async (req, res) => {
    const user = userOf(res);
    const view = listView(user.actor);
    const status = REQUEST_STATUSES.includes(req.query.status as RequestStatus) ? (req.query.status as RequestStatus) : null;
    const category = CATEGORY_CODES.includes(req.query.category as never) ? String(req.query.category) : '';
    const area = typeof req.query.area === 'string' && deps.tree.get(req.query.area) ? req.query.area : '';
    const overdue = req.query.overdue === '1';
    const now = deps.clock.now();
    const rows = view ? await deps.store.transaction((tx) => tx.requests.listQueue(view, status ? [status] : OPEN_STATUSES, 500)) : [];
    const due = (r: CitizenRequest) => (r.status === 'submitted' ? r.claimDueAt : r.resolveDueAt);
    const shown = rows.filter((r) => maySeeSensitive(user.actor, r, deps.tree) && (!category || r.category === category) && (!area || deps.tree.isWithin(r.areaCode, area)) && (!overdue || due(r) < now));
    const areas = user.actor.areaCode ? deps.tree.all().filter((a) => a.level !== 'grid' && deps.tree.isWithin(a.code, user.actor.areaCode!)) : [];
    send(res, '待办', html`${await flash(req, user)}
      <form class="filters" method="get" action="/console" aria-label="筛选">
        <label>状态<select name="status"><option value="">未办结</option>${REQUEST_STATUSES.map((s) => html`<option value="${s}"${raw(s === status ? ' selected' : '')}>${statusName(s, locale)}</option>`)}</select></label>
        <label>类别<select name="category"><option value="">全部</option>${CATEGORY_CODES.map((c) => html`<option value="${c}"${raw(c === category ? ' selected' : '')}>${CATEGORY_NAMES[c].zh}</option>`)}</select></label>
        ${areas.length ? html`<label>区域<select name="area"><option value="">全部</option>${areas.map((a) => html`<option value="${a.code}"${raw(a.code === area ? ' selected' : '')}>${a.name}</option>`)}</select></label>` : raw('')}
        <label style="flex-direction:row;align-items:center;gap:4px"><input type="checkbox" name="overdue" value="1"${raw(overdue ? ' checked' : '')}>只看超期</label>
        <button type="submit">筛选</button>
      </form>
      <table><caption class="hide-narrow" style="text-align:left;padding:4px 0">共 ${shown.length} 件</caption>
        <thead><tr><th>编号</th><th>类别</th><th>摘要</th><th class="hide-narrow">地点</th><th>状态</th><th>期限</th><th class="hide-narrow">户数</th></tr></thead>
        <tbody>${shown.map((r) => html`<tr><td><a href="/console/requests/${r.id}">#${r.id}</a></td><td>${categoryName(r, locale)}${raw(r.urgent ? ' <b class="late">急</b>' : '')}</td>
          <td>${r.sensitive ? '(敏感,详情页查看)' : summarize(r.detail, 40)}</td><td class="hide-narrow">${r.sensitive ? '' : maskPhones(r.place ?? '')}</td><td>${statusName(r.status, locale)}</td>
          <td class="${due(r) < now && OPEN_STATUSES.includes(r.status) ? 'late' : ''}">${formatTime(due(r), timeZone)}</td><td class="hide-narrow">${1 + r.coReporters.length}</td></tr>`)}</tbody>
      </table>${commandBox(user)}`);
  });

  router.get('/console/requests/:id', async (req, res) => {
    const user = userOf(res);
    const id = Number(req.params.id);
    const found = Number.isInteger(id) && id > 0 ? await deps.store.transaction(async (tx) => {
      const r = await tx.requests.get(id);
      if (!r || !authorize(user.actor, 'show', r, deps.tree).ok) return null;
      return { r, events: await tx.requests.timeline(id) };
    }) : null;
    // Unknown and not-yours look the same: a number reveals nothing about other grids.
    if (!found) return send(res, `#${req.params.id}`, html`<p role="alert">没有找到 #${req.params.id},或您无权查看。</p><p><a href="/console">返回待办</a></p>`, 404);
    const { r, events } = found;
    const place = describePlace(deps, r) ?? '未说明';
    const actions = ACTIONS.filter((a) => authorize(user.actor, a.action, r, deps.tree).ok && OPEN_STATUSES.includes(r.status));
    send(res, `#${r.id} ${categoryName(r, locale)}`, html`${await flash(req, user)}
      <div class="card"><dl>
        <dt>状态</dt><dd>${statusName(r.status, locale)}${r.urgent ? '(紧急)' : ''}${r.sensitive ? '(敏感,不在群里显示)' : ''}</dd>
        <dt>所在队列</dt><dd>${queueName(r.queue, deps.tree, deps.departments)}</dd>
        <dt>诉求</dt><dd>${maskPhones(r.detail)}</dd><dt>地点</dt><dd>${place}</dd>
        <dt>受理期限 / 办结期限</dt><dd>${formatTime(r.claimDueAt, timeZone)} / ${formatTime(r.resolveDueAt, timeZone)}</dd>
        <dt>涉及户数</dt><dd>${1 + r.coReporters.length}</dd>
      </dl></div>${await attachmentsCard(deps.blobs, r)}
      <section class="card" aria-labelledby="tl"><h2 id="tl" style="font-size:17px">办理过程</h2><ol>${events.map((e) => {
        const d = describeEvent(deps, e, false);
        return html`<li>${d.at} ${d.actor} ${d.event}${d.note ? `:${d.note}` : ''}</li>`;
      })}</ol></section>
      ${actions.length ? html`<section class="card actions" aria-labelledby="act"><h2 id="act" style="font-size:17px">办理</h2>${actions.map((a) => html`
        <form method="post" action="/console/requests/${r.id}/act"><input type="hidden" name="_csrf" value="${user.csrf}"><input type="hidden" name="action" value="${a.action}">
          ${a.text ? html`<label>${a.label}:${a.text}<input type="text" name="text" ${raw(a.action === 'reportIn' ? '' : 'required')} maxlength="500"></label>` : raw('')}<button type="submit">${a.label}</button></form>`)}</section>` : raw('')}
      <p><a href="/console">返回待办</a></p>`);
  });

  router.post('/console/requests/:id/act', form, checkCsrf, async (req, res) => {
    const user = userOf(res);
    const id = Number(req.params.id);
    const action = ACTIONS.find((a) => a.action === req.body?.action);
    const text = wellFormed(String(req.body?.text ?? '')).replace(/\s+/g, ' ').trim();
    if (!Number.isInteger(id) || id <= 0 || !action || hasNul(text)) return send(res, '办理', html`<p role="alert">不认识的操作。</p>`, 400);
    if (action.text && action.action !== 'reportIn' && !text) return send(res, '办理', html`<p role="alert">请填写${action.text}。</p><p><a href="/console/requests/${id}">返回</a></p>`, 400);
    res.redirect(303, withAnswers(`/console/requests/${id}`, await act(user, `${action.word} ${id}${text ? ` ${text}` : ''}`)));
  });

  router.post('/console/command', form, checkCsrf, async (req, res) => {
    const user = userOf(res);
    const text = wellFormed(String(req.body?.text ?? '')).trim();
    if (!text || text.length > 2000 || hasNul(text)) return send(res, '命令', html`<p role="alert">请输入命令(不超过 2000 字)。</p>`, 400);
    const back = String(req.body?.back ?? '/console');
    res.redirect(303, withAnswers(/^\/console(\/notices|\/report)?$/.test(back) ? back : '/console', await act(user, text)));
  });

  router.get('/console/notices', async (req, res) => {
    const user = userOf(res);
    const allowed = authorize(user.actor, 'notice', null, deps.tree).ok;
    const list = allowed ? await deps.store.transaction((tx) => tx.console.recentNotices(20)) : [];
    const mine = list.filter((n) => !user.actor.areaCode || n.scope.every((s) => deps.tree.isWithin(s, user.actor.areaCode!)));
    const progress = await deps.store.transaction(async (tx) => Promise.all(mine.map((n) => tx.notices.progress(n.id))));
    send(res, '通知', html`${await flash(req, user)}
      ${allowed ? html`<form class="card" method="post" action="/console/command" aria-label="发布通知"><input type="hidden" name="_csrf" value="${user.csrf}"><input type="hidden" name="back" value="/console/notices">
        <label>通知命令(先预览,再发送 确认 N)<textarea name="text" rows="3" required placeholder="通知 全县 明天上午9点至12点停水 需回执"></textarea></label><p><button type="submit">预览</button></p></form>` : html`<p>您的角色不能发布通知。</p>`}
      <table><thead><tr><th>编号</th><th>范围</th><th>内容</th><th>状态</th><th>已发/待发/失败</th><th>回执</th></tr></thead><tbody>
      ${mine.map((n, i) => {
        const p = progress[i];
        const acks = p.acksByArea.reduce((a, x) => a + x.acks, 0);
        return html`<tr><td>${n.id}</td><td>${n.scope.map((s) => deps.tree.get(s)?.name ?? s).join('、')}</td><td>${cutText(n.text, 60)}</td><td>${n.status}</td><td>${p.sent}/${p.pending}/${p.failed}</td><td>${n.requiresAck ? `${acks} 户` : '—'}</td></tr>`;
      })}</tbody></table>${commandBox(user, '/console/notices')}`);
  });

  router.get('/console/report', async (req, res) => {
    const user = userOf(res);
    if (!authorize(user.actor, 'report', null, deps.tree).ok || !user.actor.areaCode) return send(res, '月报', html`<p>您的角色看不到月报。</p>`, 403);
    const month = /^\d{4}-(0[1-9]|1[0-2])$/.test(String(req.query.month)) ? String(req.query.month) : monthOf(deps.clock.now(), timeZone);
    // The chart is drawn in the browser, from the same option as the chat's PNG.
    const report = await deps.store.transaction((tx) => buildMonthlyReport({ ...deps, renderChart: undefined }, user.actor.areaCode!, month, tx.reports));
    const { figures } = report;
    const rates = ratesOf(figures.total);
    const option = reportChartOption(report.chartTitle, figures);
    send(res, `月报 ${month}`, html`
      <form class="filters" method="get" action="/console/report"><label>月份<input type="month" name="month" value="${month}"></label><button type="submit">查看</button></form>
      <div class="card" aria-label="主要指标"><b>收到 <span id="received">${figures.total.received}</span> 件</b> · 办结 <span id="resolved">${figures.total.resolved}</span> · 办结率 ${percent(rates.closure)} · 满意率 ${percent(rates.satisfaction)}</div>
      <div id="chart" role="img" aria-label="各区域收到、办结与满意率图表"></div>
      <pre>${report.text}</pre>
      <script type="application/json" id="chart-option">${raw(JSON.stringify(option).replace(/</g, '\\u003c'))}</script>
      <script src="/console/assets/echarts.min.js"></script>
      <script src="/console/assets/report.js"></script>`);
  });
  return router;
}

function commandBox(user: ConsoleUser, back = '/console'): Raw {
  return html`<form class="card" method="post" action="/console/command" aria-label="命令"><input type="hidden" name="_csrf" value="${user.csrf}"><input type="hidden" name="back" value="${back}">
    <label>聊天命令(与群里相同,如 待办、查看 12、报表)<input type="text" name="text" required maxlength="2000"></label><p><button type="submit">发送</button></p></form>`;
}

