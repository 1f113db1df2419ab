/** The month's figures in the console, with the chart drawn in the browser from the chat's option. */
import type { Router } from 'express';
import { percent, ratesOf } from '../../../core/metrics';
import { authorize } from '../../../core/permissions';
import { monthOf } from '../../../core/time-format';
import { buildMonthlyReport } from '../../../bots/watch/reports';
import { reportChartOption } from '../../charts/report-chart-option';
import { userOf, type ConsoleContext } from './context';
import { html, raw } from './html';

export function addReportRoutes(router: Router, ctx: ConsoleContext): void {
  const { deps } = ctx;
  const { timeZone } = deps.messages;
  router.get('/console/report', async (req, res) => {
    const user = userOf(res);
    if (!authorize(user.actor, 'report', null, deps.tree).ok || !user.actor.areaCode) return ctx.send(res, '月报', html`<p>您的角色看不到月报。</p>`, 403);
    const month = /^\d{4}-(0[1-9]|1[0-2])$/.test(String(req.query.month)) ? String(req.query.month) : monthOf(deps.clock.now(), timeZone);
    // The chart is drawn in the browser, from the same option as the chat's PNG.
    const report = await deps.store.transaction((tx) => buildMonthlyReport({ ...deps, renderChart: undefined }, user.actor.areaCode!, month, tx.reports));
    const { figures } = report;
    const rates = ratesOf(figures.total);
    const option = reportChartOption(report.chartTitle, figures);
    ctx.send(res, `月报 ${month}`, html`
      <form class="filters" method="get" action="/console/report"><label>月份<input type="month" name="month" value="${month}"></label><button type="submit">查看</button></form>
      <div class="card" aria-label="主要指标"><b>收到 <span id="received">${figures.total.received}</span> 件</b> · 办结 <span id="resolved">${figures.total.resolved}</span> · 办结率 ${percent(rates.closure)} · 满意率 ${percent(rates.satisfaction)}</div>
      <div id="chart" role="img" aria-label="各区域收到、办结与满意率图表"></div>
      <pre>${report.text}</pre>
      <script type="application/json" id="chart-option">${raw(JSON.stringify(option).replace(/</g, '\\u003c'))}</script>
      <script src="/console/assets/echarts.min.js"></script>
      <script src="/console/assets/report.js"></script>`);
  });
}
