/**
 * Notices in the console (issue 17): a structured composer — scope picked over the org tree,
 * the text, a schedule, 需回执 — that sends the chat's `通知` command; a preview page with the
 * household groups per channel and a warning for channels minhu is not connected to; confirm
 * and cancel as buttons (`确认 N`, `取消通知 N`); progress by group name with failures explained
 * in Chinese, and acknowledgements per grid.
 */
import express, { type Router } from 'express';
import type { Area, Channel } from '../../../core/model';
import { authorize } from '../../../core/permissions';
import { cutText } from '../../../core/text-cut';
import { t, type TextId } from '../../../core/texts';
import { formatTime } from '../../../core/time-format';
import type { NoticeRecord } from '../../../bots/ports';
import { wellFormed } from '../storable-text';
import { userOf, type ConsoleContext } from './context';
import { checked, html, raw } from './html';
import { checkCsrf } from './session';

const CHANNELS: Partial<Record<Channel, string>> = { wecom: '企业微信', telegram: 'Telegram', web: '网页' };

/** A channel's failure reason in words a dispatcher can act on. */
export function explainFailure(reason: string): string {
  const r = reason.toLowerCase();
  if (/chat not found|chat_not_found|group chat was deleted|not exist/.test(r)) return '群已解散或不存在，请核对群的绑定';
  if (/kicked|not a member|bot was blocked|forbidden|403|no rights|not enough rights/.test(r)) return '机器人已被移出群或没有发言权限，请把机器人重新加入群';
  if (/too many requests|429|45009|freq/.test(r)) return '渠道限流，稍后会自动重试';
  if (/timeout|timed out|etimedout|econnreset|econnrefused|network|fetch failed/.test(r)) return '网络不通或超时，已多次重试仍未送达';
  if (/token|40014|42001|invalid credential|unauthorized|401/.test(r)) return '渠道凭证无效或已过期，请检查配置';
  if (/cancel/.test(r)) return '已撤回';
  return reason ? `发送失败：${cutText(reason, 60)}` : '发送失败，原因不明';
}

export function addNoticeRoutes(router: Router, ctx: ConsoleContext, connected: readonly Channel[]): void {
  const { deps } = ctx;
  const { timeZone, locale } = deps.messages;
  const form = express.urlencoded({ extended: true, limit: '32kb' });
  const stateName = (s: NoticeRecord['status']) => t(`notice.state.${s}` as TextId, {}, locale);
  const mayNotice = (res: Parameters<typeof userOf>[0]) => authorize(userOf(res).actor, 'notice', null, deps.tree).ok;
  const mine = async (res: Parameters<typeof userOf>[0]) => {
    const { actor } = userOf(res);
    const list = await deps.store.transaction((tx) => tx.console.recentNotices(50));
    return list.filter((n) => actor.areaCode && n.scope.every((s) => deps.tree.isWithin(s, actor.areaCode!)));
  };
  /** The scope picker: the person's area and everything above grids below it, indented by level. */
  const picker = (root: string | null) => {
    const areas = root ? deps.tree.all().filter((a) => a.level !== 'grid' && deps.tree.isWithin(a.code, root)) : [];
    const depth = (a: Area) => deps.tree.ancestors(a.code).length - (root ? deps.tree.ancestors(root).length : 0);
    return html`<fieldset><legend>范围（可多选）</legend>${areas.map((a) => html`<label class="inline" style="margin-left:${depth(a) * 18}px"><input type="checkbox" name="scope" value="${a.code}"${checked(false)}>${a.name}</label>`)}</fieldset>`;
  };

  router.get('/console/notices', async (req, res) => {
    const user = userOf(res);
    if (!mayNotice(res)) return ctx.send(res, '通知', html`<p>您的角色不能发布通知。</p>`, 403);
    const list = await mine(res);
    const progress = await deps.store.transaction(async (tx) => Promise.all(list.map((n) => tx.notices.progress(n.id))));
    ctx.send(res, '通知', html`${await ctx.flash(req, user)}
      <form class="card" method="post" action="/console/notices/compose" aria-labelledby="compose"><h2 id="compose">发布通知</h2><input type="hidden" name="_csrf" value="${user.csrf}">
        ${picker(user.actor.areaCode)}
        <label>通知内容<textarea name="text" rows="3" maxlength="2000" required placeholder="如：明天上午9点至12点停水，请提前储水"></textarea></label>
        <p style="display:flex;gap:16px;flex-wrap:wrap;align-items:flex-end"><label>定时发送（可不填）<input type="datetime-local" name="at"></label><label class="inline"><input type="checkbox" name="ack" value="1">需回执（群众回复“收到”）</label></p>
        <p><button type="submit">预览</button></p></form>
      <section class="card" aria-labelledby="list"><h2 id="list">已发的通知</h2><div class="scroll"><table><thead><tr><th scope="col">编号</th><th scope="col">范围</th><th scope="col">内容</th><th scope="col">状态</th><th scope="col">已发／待发／失败</th><th scope="col">回执</th></tr></thead><tbody>
      ${list.map((n, i) => {
        const p = progress[i];
        const acks = p.acksByArea.reduce((a, x) => a + x.acks, 0);
        return html`<tr><td><a href="/console/notices/${n.id}">#${n.id}</a></td><td>${n.scope.map((s) => deps.tree.get(s)?.name ?? s).join('、')}</td><td>${cutText(n.text, 40)}</td><td>${stateName(n.status)}</td><td>${p.sent}／${p.pending}／${p.failed}</td><td>${n.requiresAck ? `${acks} 户` : '不需要'}</td></tr>`;
      })}</tbody></table></div>${list.length ? raw('') : html`<p class="who">还没有通知。</p>`}</section>`);
  });

  router.post('/console/notices/compose', form, checkCsrf, async (req, res) => {
    const user = userOf(res);
    if (!mayNotice(res)) return ctx.send(res, '通知', html`<p>您的角色不能发布通知。</p>`, 403);
    const scope = (Array.isArray(req.body.scope) ? req.body.scope : req.body.scope ? [req.body.scope] : []).map(String).filter((c: string) => deps.tree.get(c));
    const text = wellFormed(String(req.body.text ?? '')).replace(/\s+/g, ' ').trim();
    const at = /^(\d{4}-\d{2}-\d{2})T(\d{2}:\d{2})$/.exec(String(req.body.at ?? ''));
    if (!scope.length || !text || text.length > 2000) return ctx.send(res, '通知', html`<p role="alert">请至少选一个范围，并填写通知内容（不超过2000字）。</p><p><a href="/console/notices">返回</a></p>`, 400);
    const command = `通知 ${scope.join('、')} ${text}${at ? ` 定时 ${at[1]} ${at[2]}` : ''}${req.body.ack === '1' ? ' 需回执' : ''}`;
    const before = new Set((await mine(res)).map((n) => n.id));
    const since = await ctx.act(user, command);
    const draft = (await mine(res)).find((n) => !before.has(n.id) && n.issuerId === user.actor.personId && n.status === 'draft');
    res.redirect(303, ctx.withAnswers(draft ? `/console/notices/${draft.id}` : '/console/notices', since));
  });

  router.get('/console/notices/:id', async (req, res) => {
    const user = userOf(res);
    const id = Number(req.params.id);
    const n = mayNotice(res) && Number.isInteger(id) ? (await mine(res)).find((x) => x.id === id) : undefined;
    if (!n) return ctx.send(res, '通知', html`<p role="alert">没有找到通知 #${String(req.params.id).slice(0, 12)}。</p><p><a href="/console/notices">返回</a></p>`, 404);
    const { groups, p, titles } = await deps.store.transaction(async (tx) => {
      const p = await tx.notices.progress(id);
      return { groups: await tx.notices.countGroups(n.scope), p, titles: await tx.console.chatTitles(p.failures) };
    });
    const offline = (Object.keys(groups) as Channel[]).filter((c) => (groups[c] ?? 0) > 0 && !connected.includes(c));
    const acks = p.acksByArea.map((a) => ({ ...a, name: deps.tree.get(a.areaCode)?.name ?? a.areaCode })).sort((a, b) => a.name.localeCompare(b.name, 'zh-CN'));
    const mayAct = n.issuerId === user.actor.personId || user.actor.role === 'admin';
    ctx.send(res, `通知 #${id}（${stateName(n.status)}）`, html`${await ctx.flash(req, user)}
      <section class="card" aria-labelledby="pv"><h2 id="pv">${n.status === 'draft' ? '预览' : '内容'}</h2><dl>
        <dt>发布单位</dt><dd>${n.issuerUnit}</dd><dt>范围</dt><dd>${n.scope.map((s) => deps.tree.get(s)?.name ?? s).join('、')}</dd>
        <dt>内容</dt><dd>${n.text}</dd><dt>群众群</dt><dd>共 ${Object.values(groups).reduce((a, b) => a + (b ?? 0), 0)} 个：${(Object.keys(groups) as Channel[]).map((c) => `${CHANNELS[c]} ${groups[c]}`).join('、') || '无'}</dd>
        <dt>发送时间</dt><dd>${n.scheduledAt ? formatTime(n.scheduledAt, timeZone) : '确认后立即发送'}</dd><dt>回执</dt><dd>${n.requiresAck ? '需回执' : '不需要'}</dd></dl>
        ${offline.map((c) => html`<p class="warn" role="alert">有 ${groups[c]} 个${CHANNELS[c]}群，但民呼还没有接入${CHANNELS[c]}（未配置），这些群收不到这条通知。</p>`)}
        ${mayAct && n.status === 'draft' ? html`<div style="display:flex;gap:8px"><form method="post" action="/console/notices/${id}/confirm"><input type="hidden" name="_csrf" value="${user.csrf}"><button type="submit">确认发送</button></form>
          <form method="post" action="/console/notices/${id}/cancel"><input type="hidden" name="_csrf" value="${user.csrf}"><button type="submit" class="secondary">取消</button></form></div>` : raw('')}
        ${mayAct && (n.status === 'sending' || n.status === 'scheduled') ? html`<form method="post" action="/console/notices/${id}/cancel"><input type="hidden" name="_csrf" value="${user.csrf}"><button type="submit" class="danger">撤回通知</button></form>` : raw('')}
      </section>
      ${n.status === 'draft' ? raw('') : html`<section class="card" aria-labelledby="pg"><h2 id="pg">发送进度</h2><p>已发送 ${p.sent}，待发送 ${p.pending}，失败 ${p.failed}${p.cancelled ? `，已停止 ${p.cancelled}` : ''}</p>
        ${p.failures.length ? html`<h3 class="who">没有送达的群</h3><ul>${p.failures.map((f) => html`<li>${titles.get(`${f.channel}:${f.chatId}`) ?? `${CHANNELS[f.channel]}群 ${f.chatId}`}：${explainFailure(f.reason)}</li>`)}</ul>` : raw('')}
        ${n.requiresAck ? html`<h3 class="who">回执（按网格）</h3><div class="scroll"><table><thead><tr><th scope="col">网格</th><th scope="col">已送达的群</th><th scope="col">有回执的群</th><th scope="col">回执户数</th></tr></thead><tbody>
          ${acks.map((a) => html`<tr><td>${a.name}</td><td>${a.groups}</td><td>${a.ackedGroups}</td><td>${a.acks}</td></tr>`)}</tbody></table></div>` : raw('')}</section>`}
      <p><a href="/console/notices">返回通知列表</a></p>`);
  });

  for (const [verb, word] of [['confirm', '确认'], ['cancel', '取消通知']] as const) {
    router.post(`/console/notices/:id/${verb}`, form, checkCsrf, async (req, res) => {
      const id = Number(req.params.id);
      if (!Number.isInteger(id) || id <= 0 || id >= 2_147_483_647) return ctx.send(res, '通知', html`<p role="alert">不认识的通知编号。</p>`, 400);
      res.redirect(303, ctx.withAnswers(`/console/notices/${id}`, await ctx.act(userOf(res), `${word} ${id}`)));
    });
  }
}
