/** Notices in the console: compose (as the chat command), preview, confirm, progress and acknowledgements. */
import type { Router } from 'express';
import { authorize } from '../../../core/permissions';
import { cutText } from '../../../core/text-cut';
import { userOf, type ConsoleContext } from './context';
import { commandBox } from './command-box';
import { html } from './html';

export function addNoticeRoutes(router: Router, ctx: ConsoleContext): void {
  const { deps } = ctx;
  router.get('/console/notices', async (req, res) => {
    const user = userOf(res);
    const allowed = authorize(user.actor, 'notice', null, deps.tree).ok;
    const list = allowed ? await deps.store.transaction((tx) => tx.console.recentNotices(20)) : [];
    const mine = list.filter((n) => !user.actor.areaCode || n.scope.every((s) => deps.tree.isWithin(s, user.actor.areaCode!)));
    const progress = await deps.store.transaction(async (tx) => Promise.all(mine.map((n) => tx.notices.progress(n.id))));
    ctx.send(res, '通知', html`${await ctx.flash(req, user)}
      ${allowed ? html`<form class="card" method="post" action="/console/command" aria-label="发布通知"><input type="hidden" name="_csrf" value="${user.csrf}"><input type="hidden" name="back" value="/console/notices">
        <label>通知命令(先预览,再发送 确认 N)<textarea name="text" rows="3" required placeholder="通知 全县 明天上午9点至12点停水 需回执"></textarea></label><p><button type="submit">预览</button></p></form>` : html`<p>您的角色不能发布通知。</p>`}
      <table><thead><tr><th>编号</th><th>范围</th><th>内容</th><th>状态</th><th>已发/待发/失败</th><th>回执</th></tr></thead><tbody>
      ${mine.map((n, i) => {
        const p = progress[i];
        const acks = p.acksByArea.reduce((a, x) => a + x.acks, 0);
        return html`<tr><td>${n.id}</td><td>${n.scope.map((s) => deps.tree.get(s)?.name ?? s).join('、')}</td><td>${cutText(n.text, 60)}</td><td>${n.status}</td><td>${p.sent}/${p.pending}/${p.failed}</td><td>${n.requiresAck ? `${acks} 户` : '—'}</td></tr>`;
      })}</tbody></table>${commandBox(user, '/console/notices')}`);
  });

}
