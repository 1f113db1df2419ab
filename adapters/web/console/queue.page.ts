/**
 * The queue (issue 17): views with counts (我的 / 待认领 / 本单位全部 / 超期 / 包案 / 吹哨 /
 * 已办结待评价), search by number, words, place, reporter name or phone (phone only among the
 * requests the person handles), a date range, filters kept in the URL, urgent and possibly
 * urgent requests pinned on top, the least time left next; live over SSE (the rows region is
 * fetched again whenever any request changes); bulk claim / dispatch / merge with a
 * confirmation page, each sent as its chat command.
 */
import express, { type Request, type Router } from 'express';
import { CATEGORY_CODES, CATEGORY_NAMES } from '../../../core/categories';
import { QUEUE_VIEWS, QUEUE_VIEW_NAMES, inView, isPinned, sortQueue, timeLeft, viewCounts, type QueueViewName } from '../../../core/console-queue';
import { OPEN_STATUSES, type Actor, type CitizenRequest } from '../../../core/model';
import { authorize, handlesRequest, listView, maySeeSensitive } from '../../../core/permissions';
import { queueName } from '../../../core/queue';
import { categoryName, statusName } from '../../../core/request-messages';
import { maskPhones, summarize } from '../../../core/text-tools';
import { localMidnight } from '../../../core/time-format';
import type { StoreTx } from '../../../bots/ports';
import { hasNul } from '../storable-text';
import { answersSince } from './act';
import { param, userOf, type ConsoleContext } from './context';
import { html, raw, selected, type Raw } from './html';
import { streamFeed } from './live';
import { checkCsrf, type ConsoleUser } from './session';

const CHANNELS: Record<string, string> = { wecom: '企业微信', telegram: 'Telegram', web: '网页' };
const BASE_LIMIT = 3000;

/** The filters, as the URL carries them. */
interface Filters {
  view: QueueViewName;
  q: string;
  from: string;
  to: string;
  category: string;
  area: string;
}

function filtersOf(req: Request, ctx: ConsoleContext): Filters {
  const view = QUEUE_VIEWS.includes(param(req, 'view') as QueueViewName) ? (param(req, 'view') as QueueViewName) : 'all';
  const date = (name: string) => (/^\d{4}-\d{2}-\d{2}$/.test(param(req, name)) ? param(req, name) : '');
  const category = CATEGORY_CODES.includes(param(req, 'category') as never) ? param(req, 'category') : '';
  const area = ctx.deps.tree.get(param(req, 'area')) ? param(req, 'area') : '';
  const q = param(req, 'q', 100);
  return { view, q: hasNul(q) ? '' : q, from: date('from'), to: date('to'), category, area };
}

const query = (f: Filters, patch: Partial<Filters> = {}) => {
  const all = { ...f, ...patch };
  const p = new URLSearchParams();
  for (const [k, v] of Object.entries(all)) if (v && !(k === 'view' && v === 'all')) p.set(k, v);
  const s = p.toString();
  return s ? `?${s}` : '';
};

/** What the search box holds: a number (`#12`, `12`), phone digits (7+), or words. */
export function parseSearch(q: string): { id: number | null; phoneDigits: string | null; words: string[] } {
  const compact = q.replace(/[\s\-－—()（）+＋]/g, '').replace(/[０-９]/g, (d) => String.fromCharCode(d.charCodeAt(0) - 0xfee0));
  const id = /^[#＃]?(\d{1,7})$/.exec(compact);
  if (id && !/^1\d{6}$/.test(compact)) return { id: Number(id[1]), phoneDigits: null, words: [] };
  if (/^(86)?\d{7,12}$/.test(compact)) return { id: null, phoneDigits: compact.replace(/^86(?=1\d{10}$)/, ''), words: [] };
  return { id: null, phoneDigits: null, words: q.split(/[\s,，、]+/).filter(Boolean).slice(0, 5) };
}

/** The person's base set (their queue's open and to-be-rated requests, co-unit cases), with what they may not read removed. */
async function baseSet(ctx: ConsoleContext, tx: StoreTx, actor: Actor): Promise<CitizenRequest[]> {
  const view = listView(actor);
  if (!view) return [];
  const rows = await tx.console.inView(view, [...OPEN_STATUSES, 'resolved'], BASE_LIMIT);
  const co = actor.departmentCode ? await tx.console.coUnitOf(actor.departmentCode, 200) : [];
  const byId = new Map([...rows, ...co].map((r) => [r.id, r]));
  return [...byId.values()].filter((r) => maySeeSensitive(actor, r, ctx.deps.tree));
}

/** The rows region: the view tabs with counts and the table (what the live refresh replaces). */
async function region(ctx: ConsoleContext, user: ConsoleUser, f: Filters): Promise<{ body: Raw; shown: number }> {
  const { deps } = ctx;
  const { locale, timeZone } = deps.messages;
  const now = deps.clock.now();
  const actor = user.actor;
  const scope = (r: CitizenRequest) => (!f.category || r.category === f.category) && (!f.area || deps.tree.isWithin(r.areaCode, f.area));
  const searching = Boolean(f.q || f.from || f.to);
  const { base, found, names } = await deps.store.transaction(async (tx) => {
    const base = (await baseSet(ctx, tx, actor)).filter(scope);
    let found: CitizenRequest[] | null = null;
    const view = listView(actor);
    if (searching && view) {
      const s = parseSearch(f.q);
      const day = (d: string, plus: number) => {
        const [y, m, dd] = d.split('-').map(Number);
        return localMidnight(y, m, dd + plus, timeZone);
      };
      const rows = await tx.console.search({ view, ...s, from: f.from ? day(f.from, 0) : null, to: f.to ? day(f.to, 1) : null, limit: 200 });
      // A phone number finds only requests whose numbers this person may see unmasked.
      found = rows.filter((r) => maySeeSensitive(actor, r, deps.tree) && scope(r) && (!s.phoneDigits || handlesRequest(actor, r, deps.tree)));
    }
    const shownRows = found ?? base;
    const names = await tx.people.namesOf([...new Set(shownRows.map((r) => r.assigneeId).filter((x): x is number => x !== null))]);
    return { base, found, names };
  });
  const counts = viewCounts(base, actor, now);
  const rows = found ?? sortQueue(base.filter((r) => inView(f.view, r, actor, now)));
  const tabs = html`<ul class="tabs" aria-label="视图">${QUEUE_VIEWS.map((v) => html`<li><a href="/console${query(f, { view: v, q: '', from: '', to: '' })}"${raw(!searching && v === f.view ? ' aria-current="page"' : '')}>${QUEUE_VIEW_NAMES[v]}<span class="n" data-count="${v}">${counts[v]}</span></a></li>`)}</ul>`;
  const line = (r: CitizenRequest) => {
    const left = timeLeft(r, now);
    const pin = isPinned(r) ? (r.urgent ? 'urgent' : 'possible') : '';
    const holder = r.assigneeId ? names.get(r.assigneeId) ?? '' : '未认领';
    const hasPhoto = r.photos.some((p) => p.startsWith('blob:'));
    return html`<tr data-id="${r.id}" data-pin="${pin}"${raw(pin ? ' class="pinned"' : '')}>
      <td><input type="checkbox" name="ids" value="${r.id}" aria-label="选择 #${r.id}"></td>
      <td><a href="/console/requests/${r.id}">#${r.id}</a></td>
      <td>${categoryName(r, locale)}${pin === 'urgent' ? raw('<span class="badge b-urgent">急</span>') : pin === 'possible' ? raw('<span class="badge b-possible">疑似紧急</span>') : ''}${r.sensitive ? raw('<span class="badge b-sensitive">敏感</span>') : ''}</td>
      <td>${r.sensitive ? '（敏感，详情页查看）' : summarize(r.detail, 36)}<span class="hide-narrow who">${r.sensitive || !r.place ? '' : ` · ${maskPhones(r.place)}`}</span></td>
      <td>${queueName(r.queue, deps.tree, deps.departments)}<br><span class="who">${holder}</span></td>
      <td>${statusName(r.status, locale)}</td>
      <td class="${left.tone}" data-due="${left.tone}">${left.text}</td>
      <td>${1 + r.coReporters.length}户</td>
      <td class="hide-narrow">${CHANNELS[r.origin.channel] ?? r.origin.channel}</td>
      <td>${hasPhoto ? raw('<span class="badge b-photo" title="有照片">图</span>') : ''}</td></tr>`;
  };
  const caption = searching ? `搜索结果 ${rows.length} 件${rows.length >= 200 ? '（只显示最新200件，请缩小范围）' : ''}` : `${QUEUE_VIEW_NAMES[f.view]} ${rows.length} 件`;
  const body = html`${tabs}<div class="scroll"><table class="queue"><caption class="who" style="text-align:left;padding:4px 0">${caption}</caption>
    <thead><tr><th scope="col"><span class="hide-narrow">选择</span></th><th scope="col">编号</th><th scope="col">类别</th><th scope="col">摘要</th><th scope="col">单位 / 经办人</th><th scope="col">状态</th><th scope="col">剩余时间</th><th scope="col">户数</th><th scope="col" class="hide-narrow">渠道</th><th scope="col">照片</th></tr></thead>
    <tbody>${rows.map(line)}</tbody></table></div>${rows.length ? raw('') : html`<p>这里暂时没有诉求。</p>`}`;
  return { body, shown: rows.length };
}

type BulkAction = 'claim' | 'dispatch' | 'merge';
const BULK_WORDS: Record<BulkAction, string> = { claim: '认领', dispatch: '派单', merge: '合并' };

/** The chat commands a bulk form stands for; null when the form is incomplete. */
function bulkCommands(ctx: ConsoleContext, body: Record<string, unknown>): { action: BulkAction; ids: number[]; commands: string[] } | null {
  const action = ['claim', 'dispatch', 'merge'].includes(String(body.action)) ? (body.action as BulkAction) : null;
  const list = Array.isArray(body.ids) ? body.ids : body.ids === undefined ? [] : [body.ids];
  const ids = [...new Set(list.map(Number).filter((n) => Number.isInteger(n) && n > 0 && n < 2_147_483_647))].slice(0, 100);
  if (!action || ids.length === 0) return null;
  if (action === 'claim') return { action, ids, commands: ids.map((id) => `认领 ${id}`) };
  if (action === 'dispatch') {
    const dept = ctx.deps.departments.find((d) => d.code === body.department);
    return dept ? { action, ids, commands: ids.map((id) => `派单 ${id} ${dept.name}`) } : null;
  }
  const into = Number(body.into);
  if (!Number.isInteger(into) || into <= 0 || into >= 2_147_483_647) return null;
  return { action, ids, commands: ids.filter((id) => id !== into).map((id) => `合并 ${id} ${into}`) };
}

export function addQueueRoutes(router: Router, ctx: ConsoleContext): void {
  const { deps } = ctx;
  const form = express.urlencoded({ extended: false, limit: '32kb' });

  router.get('/console', async (req, res) => {
    const user = userOf(res);
    const f = filtersOf(req, ctx);
    const areas = user.actor.areaCode ? deps.tree.all().filter((a) => a.level !== 'grid' && deps.tree.isWithin(a.code, user.actor.areaCode!)) : [];
    const may = (a: 'claim' | 'dispatch' | 'merge') => authorize(user.actor, a, null, deps.tree).ok;
    const { body } = await region(ctx, user, f);
    ctx.send(res, '待办', html`${await ctx.flash(req, user)}
      <form class="filters card" method="get" action="/console" role="search" aria-label="搜索和筛选">
        <input type="hidden" name="view" value="${f.view}">
        <label>搜索<input type="search" name="q" value="${f.q}" maxlength="100" placeholder="编号、内容、地点、姓名或电话"></label>
        <label>从<input type="date" name="from" value="${f.from}"></label><label>到<input type="date" name="to" value="${f.to}"></label>
        <label>类别<select name="category"><option value="">全部</option>${CATEGORY_CODES.map((c) => html`<option value="${c}"${selected(c === f.category)}>${CATEGORY_NAMES[c].zh}</option>`)}</select></label>
        ${areas.length ? html`<label>区域<select name="area"><option value="">全部</option>${areas.map((a) => html`<option value="${a.code}"${selected(a.code === f.area)}>${a.name}</option>`)}</select></label>` : raw('')}
        <button type="submit">查找</button>${f.q || f.from || f.to || f.category || f.area ? html` <a href="/console${query({ ...f, q: '', from: '', to: '', category: '', area: '' })}">清除条件</a>` : raw('')}
      </form>
      <p class="noprint"><button type="button" class="secondary" id="sound" aria-pressed="true">提示音：开</button> <span id="live" role="status" aria-live="polite" class="who"></span></p>
      <form method="post" action="/console/bulk" id="bulk" aria-label="批量办理"><input type="hidden" name="_csrf" value="${user.csrf}">
        <div id="queue" data-query="${query(f)}">${body}</div>
        ${may('claim') || may('dispatch') || may('merge') ? html`<div class="bulk card"><strong>批量办理选中的诉求：</strong>
          <label>操作<select name="action">${may('claim') ? html`<option value="claim">认领</option>` : raw('')}${may('dispatch') ? html`<option value="dispatch">派单</option>` : raw('')}${may('merge') ? html`<option value="merge">合并到</option>` : raw('')}</select></label>
          ${may('dispatch') ? html`<label>派往部门<select name="department"><option value="">（派单时选择）</option>${deps.departments.map((d) => html`<option value="${d.code}">${d.name}</option>`)}</select></label>` : raw('')}
          ${may('merge') ? html`<label>合并到编号<input type="number" name="into" min="1" inputmode="numeric"></label>` : raw('')}
          <button type="submit">下一步：确认</button></div>` : raw('')}
      </form>`, 200, ['/console/assets/queue.js']);
  });

  router.get('/console/queue/rows', async (req, res) => {
    const { body } = await region(ctx, userOf(res), filtersOf(req, ctx));
    res.type('html').send(body.html);
  });

  router.get('/console/queue/events', (req, res) => {
    const release = ctx.streams.open(req.ip ?? '');
    if (release === 'ip' || release === 'total') {
      res.setHeader('Retry-After', '30');
      res.status(release === 'ip' ? 429 : 503).type('text/plain; charset=utf-8').send('打开的页面太多，请关闭一些标签页后再试。');
      return;
    }
    streamFeed(res, ctx.feed, release);
  });

  router.post('/console/bulk', form, checkCsrf, (req, res) => {
    const user = userOf(res);
    const plan = bulkCommands(ctx, req.body ?? {});
    if (!plan || plan.commands.length === 0) return ctx.send(res, '批量办理', html`<p role="alert">请先勾选诉求，并选好操作（派单要选部门，合并要填目标编号）。</p><p><a href="/console">返回待办</a></p>`, 400);
    ctx.send(res, `确认批量${BULK_WORDS[plan.action]}`, html`<div class="card"><p>将以您的身份依次发送下面 ${plan.commands.length} 条命令，规则与群里相同：</p>
      <ul>${plan.commands.map((c) => html`<li><code>${c}</code></li>`)}</ul>
      <form method="post" action="/console/bulk/confirm"><input type="hidden" name="_csrf" value="${user.csrf}"><input type="hidden" name="action" value="${plan.action}">
        ${plan.ids.map((id) => html`<input type="hidden" name="ids" value="${id}">`)}<input type="hidden" name="department" value="${String(req.body.department ?? '')}"><input type="hidden" name="into" value="${String(req.body.into ?? '')}">
        <button type="submit">确认${BULK_WORDS[plan.action]}</button> <a class="button secondary" href="/console">取消</a></form></div>`);
  });

  router.post('/console/bulk/confirm', form, checkCsrf, async (req, res) => {
    const user = userOf(res);
    const plan = bulkCommands(ctx, req.body ?? {});
    if (!plan) return ctx.send(res, '批量办理', html`<p role="alert">不认识的操作。</p><p><a href="/console">返回待办</a></p>`, 400);
    const results: { command: string; answers: string[] }[] = [];
    for (const command of plan.commands) {
      const since = await ctx.act(user, command);
      results.push({ command, answers: since === null ? ['（没有收到回复）'] : (await answersSince(ctx.webChats, user, since)).slice(0, 1) });
    }
    ctx.send(res, `批量${BULK_WORDS[plan.action]}结果`, html`<div class="card" role="status"><ul>${results.map((r) => html`<li><code>${r.command}</code>：${r.answers.join(' ')}</li>`)}</ul></div><p><a href="/console">返回待办</a></p>`);
  });
}
