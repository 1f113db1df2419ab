/** Issue 17: who saw personal numbers unmasked, and when — for supervisors and admins of the area. */
import type { Router } from 'express';
import { formatTime } from '../../../core/time-format';
import { userOf, type ConsoleContext } from './context';
import { html } from './html';

const VIA: Record<string, string> = { console: '工作台', wecom: '企业微信', telegram: 'Telegram', web: '网页' };

export function addAuditRoutes(router: Router, ctx: ConsoleContext): void {
  const { deps } = ctx;
  router.get('/console/audit', async (_req, res) => {
    const { actor } = userOf(res);
    if (!['supervisor', 'admin'].includes(actor.role) || !actor.areaCode) return ctx.send(res, '号码查看记录', html`<p>只有纪检监察和管理员能看号码查看记录。</p>`, 403);
    const rows = await deps.store.transaction((tx) => tx.console.auditWithin(actor.areaCode!, 200));
    ctx.send(res, '号码查看记录', html`<p>每次有人看到完整号码（工作台“显示完整号码”，或经办人私聊“查看”），都记在这里。最近 ${rows.length} 条：</p>
      <div class="scroll"><table><thead><tr><th scope="col">时间</th><th scope="col">人员</th><th scope="col">诉求</th><th scope="col">途径</th></tr></thead>
      <tbody>${rows.map((a) => html`<tr><td>${formatTime(a.at, deps.messages.timeZone)}</td><td>${a.personName}</td><td><a href="/console/requests/${a.requestId}">#${a.requestId}</a></td><td>${VIA[a.via] ?? a.via}</td></tr>`)}</tbody></table></div>`);
  });
}
