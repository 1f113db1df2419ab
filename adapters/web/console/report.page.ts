/**
 * The month's figures in the console (issue 17): this month so far by default, tables by area
 * and category with whole-number percentages, the chart drawn in the browser from the chat's
 * option (a bar opens that area's requests), hot spots grouped by the area the place resolved
 * to, and the same tables as CSV and Excel with Chinese headers.
 */
import type { Request, Response, Router } from 'express';
import { CATEGORY_CODES, CATEGORY_NAMES, type CategoryCode } from '../../../core/categories';
import { authorize, maySeeSensitive } from '../../../core/permissions';
import { categoryName, statusName } from '../../../core/request-messages';
import { summarize } from '../../../core/text-tools';
import { formatTime, monthOf, monthRange } from '../../../core/time-format';
import { buildMonthlyReport, type MonthlyReport } from '../../../bots/watch/reports';
import { reportChartOption } from '../../charts/report-chart-option';
import { param, userOf, type ConsoleContext } from './context';
import { html, raw } from './html';
import { REPORT_HEADERS, categoryRows, reportCsvZh, reportRows, reportXlsx } from './report-export';

/** Issue 12: how requests came in (线上 / 线下点单) and 进群率 per area, when customer groups are bound. */
function reachCard(report: MonthlyReport) {
  const rows = (report.coverage ?? []).filter((c) => c.groups > 0);
  const intake = report.intake && report.intake.online + report.intake.offline > 0 ? report.intake : null;
  if (!rows.length && !intake) return '';
  return html`<section class="card" aria-labelledby="reach"><h2 id="reach">进群率与点单方式</h2>
    ${intake ? html`<p>线上点单 <b>${intake.online}</b> 件，线下点单（代报）<b>${intake.offline}</b> 件</p>` : ''}
    ${rows.length ? html`<div class="scroll"><table><thead><tr><th scope="col">区域</th><th scope="col">客户群</th><th scope="col">在群户代表</th><th scope="col">户数</th><th scope="col">进群率</th></tr></thead>
      <tbody>${rows.map((c) => html`<tr><th scope="row">${c.name}</th><td>${c.groups}</td><td>${c.inGroups}</td><td>${c.households ?? '未登记'}</td><td>${c.households ? `${Math.round(Math.min(1, c.inGroups / c.households) * 100)}%` : '—'}</td></tr>`)}</tbody></table></div>` : ''}
  </section>`;
}

export function addReportRoutes(router: Router, ctx: ConsoleContext): void {
  const { deps } = ctx;
  const { timeZone, locale } = deps.messages;
  const monthOfReq = (req: Request) => (/^\d{4}-(0[1-9]|1[0-2])$/.test(param(req, 'month')) ? param(req, 'month') : monthOf(deps.clock.now(), timeZone));
  const allowed = (res: Response) => {
    const { actor } = userOf(res);
    return authorize(actor, 'report', null, deps.tree).ok && actor.areaCode ? actor.areaCode : null;
  };
  const build = (root: string, month: string) => {
    const current = month === monthOf(deps.clock.now(), timeZone);
    const toDate = current ? `${Number(month.slice(5))}月1日至今` : undefined;
    return deps.store.transaction((tx) => buildMonthlyReport({ ...deps, renderChart: undefined }, root, month, tx.reports, toDate, tx.reach));
  };
  const refuse = (res: Response) => ctx.send(res, '月报', html`<p>您的角色看不到月报。</p>`, 403);

  router.get('/console/report', async (req, res) => {
    const root = allowed(res);
    if (!root) return refuse(res);
    const month = monthOfReq(req);
    const report = await build(root, month);
    const [from, to] = monthRange(month, timeZone);
    const hot = await deps.store.transaction((tx) => tx.console.hotAreas(root, from, to, 10));
    const option = reportChartOption(report.chartTitle, report.figures);
    const table = (first: string, rows: (string | number)[][], link: (i: number) => string | null) => html`<div class="scroll"><table><thead><tr><th scope="col">${first}</th>${REPORT_HEADERS.slice(1).map((h) => html`<th scope="col">${h}</th>`)}</tr></thead>
      <tbody>${rows.map((row, i) => html`<tr>${row.map((v, j) => (j === 0 && link(i) ? html`<th scope="row"><a href="${link(i)!}">${v}</a></th>` : j === 0 ? html`<th scope="row">${v}</th>` : html`<td>${v}</td>`))}</tr>`)}</tbody></table></div>`;
    const byArea = report.figures.byArea;
    const q = (extra: string) => `/console/report/requests?month=${month}&${extra}`;
    ctx.send(res, `月报 ${month}`, html`
      <form class="filters card" method="get" action="/console/report"><label>月份<input type="month" name="month" value="${month}"></label><button type="submit">查看</button>
        <a class="button secondary" href="/console/report.xlsx?month=${month}">下载 Excel</a><a class="button secondary" href="/console/report.csv?month=${month}">下载 CSV</a></form>
      <div class="card" aria-label="主要指标"><b>收到 <span id="received">${report.figures.total.received}</span> 件</b> · 办结 <span id="resolved">${report.figures.total.resolved}</span> 件 · ${report.chartTitle}</div>
      <div id="chart" role="img" aria-label="各区域收到、办结与满意率图表，点击柱子查看该区域的诉求"></div>
      <section class="card" aria-labelledby="ba"><h2 id="ba">分区域</h2>${table('区域', reportRows(report.figures), (i) => (i < byArea.length ? q(`area=${byArea[i].code}`) : q('')))}</section>
      <section class="card" aria-labelledby="bc"><h2 id="bc">分类别</h2>${table('类别', categoryRows(report.figures), (i) => q(`category=${report.figures.byCategory[i].category}`))}</section>
      <section class="card" aria-labelledby="hot"><h2 id="hot">热点（按定位到的区域）</h2>${hot.length ? html`<ol>${hot.map((h) => html`<li><a href="${q(`area=${h.areaCode}&category=${h.category}`)}">${deps.tree.get(h.areaCode)?.name ?? h.areaCode}${h.resolved ? '' : '（未定位到具体地点）'} · ${CATEGORY_NAMES[h.category as CategoryCode]?.zh ?? h.category}</a> ${h.count} 件</li>`)}</ol>` : html`<p class="who">本月还没有诉求。</p>`}</section>
      ${reachCard(report)}
      <details class="card"><summary>月报原文（与群里相同）</summary><pre>${report.text}</pre></details>
      <script type="application/json" id="chart-option">${raw(JSON.stringify(option).replace(/</g, '\\u003c'))}</script>
      <script type="application/json" id="chart-links">${raw(JSON.stringify(byArea.map((a) => q(`area=${a.code}`))).replace(/</g, '\\u003c'))}</script>`,
    200, ['/console/assets/echarts.min.js', '/console/assets/report.js']);
  });

  router.get('/console/report/requests', async (req, res) => {
    const root = allowed(res);
    if (!root) return refuse(res);
    const { actor } = userOf(res);
    const month = monthOfReq(req);
    const area = deps.tree.get(param(req, 'area')) && deps.tree.isWithin(param(req, 'area'), root) ? param(req, 'area') : root;
    const category = CATEGORY_CODES.includes(param(req, 'category') as CategoryCode) ? param(req, 'category') : null;
    const [from, to] = monthRange(month, timeZone);
    const rows = (await deps.store.transaction((tx) => tx.console.raisedIn(area, from, to, category, 500))).filter((r) => maySeeSensitive(actor, r, deps.tree));
    const title = `${deps.tree.get(area)?.name ?? area} ${month}${category ? ` ${CATEGORY_NAMES[category as CategoryCode].zh}` : ''} 的诉求`;
    ctx.send(res, title, html`<p>共 ${rows.length} 件。<a href="/console/report?month=${month}">返回月报</a></p><div class="scroll"><table><thead><tr><th scope="col">编号</th><th scope="col">类别</th><th scope="col">摘要</th><th scope="col">状态</th><th scope="col">登记时间</th></tr></thead>
      <tbody>${rows.map((r) => html`<tr><td>${authorize(actor, 'show', r, deps.tree).ok ? html`<a href="/console/requests/${r.id}">#${r.id}</a>` : `#${r.id}`}</td><td>${categoryName(r, locale)}</td><td>${r.sensitive ? '（敏感）' : summarize(r.detail, 40)}</td><td>${statusName(r.status, locale)}</td><td>${formatTime(r.createdAt, timeZone)}</td></tr>`)}</tbody></table></div>`);
  });

  for (const ext of ['csv', 'xlsx'] as const) {
    router.get(`/console/report.${ext}`, async (req, res) => {
      const root = allowed(res);
      if (!root) return refuse(res);
      const month = monthOfReq(req);
      const report = await build(root, month);
      const name = `${deps.tree.get(root)?.name ?? root}-${month}-月报.${ext}`;
      res.attachment(name);
      if (ext === 'csv') res.type('text/csv; charset=utf-8').send(reportCsvZh(report.figures));
      else res.type('application/vnd.openxmlformats-officedocument.spreadsheetml.sheet').send(await reportXlsx(report.chartTitle, report.figures));
    });
  }
}
