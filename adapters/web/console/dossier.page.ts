/** The dossier (完整卷宗) of one request: details, attachments, timeline and the actions the permission table allows. */
import express, { type Router } from 'express';
import { OPEN_STATUSES } from '../../../core/model';
import { authorize, type Action } from '../../../core/permissions';
import { queueName } from '../../../core/queue';
import { categoryName, statusName } from '../../../core/request-messages';
import { maskPhones } from '../../../core/text-tools';
import { formatTime } from '../../../core/time-format';
import { describeEvent, describePlace } from '../../../bots/desk/views';
import { hasNul, wellFormed } from '../storable-text';
import { attachmentsCard } from './attachments';
import { userOf, type ConsoleContext } from './context';
import { html, raw } from './html';
import { checkCsrf } from './session';

/** Request actions offered on the dossier, as the chat command each one sends. */
const ACTIONS: { action: Action; word: string; label: string; text: string | null }[] = [
  { action: 'claim', word: '认领', label: '认领', text: null },
  { action: 'reply', word: '答复', label: '答复', text: '答复内容' },
  { action: 'resolve', word: '办结', label: '办结', text: '办理结果' },
  { action: 'escalate', word: '上报', label: '上报', text: '上报理由' },
  { action: 'dispatch', word: '派单', label: '派单', text: '部门，如 住建局' },
  { action: 'transfer', word: '转办', label: '转办', text: '部门 理由' },
  { action: 'return', word: '退回', label: '退回', text: '退回理由' },
  { action: 'whistle', word: '吹哨', label: '吹哨', text: '牵头部门 协办部门…' },
  { action: 'reportIn', word: '报到', label: '报到', text: '说明（可不填）' },
  { action: 'keyCase', word: '包案', label: '包案', text: '领导姓名' },
  { action: 'reject', word: '不予受理', label: '不予受理', text: '理由' },
];

export function addDossierRoutes(router: Router, ctx: ConsoleContext): void {
  const { deps } = ctx;
  const { locale, timeZone } = deps.messages;
  const form = express.urlencoded({ extended: false, limit: '32kb' });

  router.get('/console/requests/:id', async (req, res) => {
    const user = userOf(res);
    const id = Number(req.params.id);
    const found = Number.isInteger(id) && id > 0 ? await deps.store.transaction(async (tx) => {
      const r = await tx.requests.get(id);
      if (!r || !authorize(user.actor, 'show', r, deps.tree).ok) return null;
      return { r, events: await tx.requests.timeline(id) };
    }) : null;
    // Unknown and not-yours look the same: a number reveals nothing about other grids.
    if (!found) return ctx.send(res, `#${req.params.id}`, html`<p role="alert">没有找到 #${req.params.id}，或您无权查看。</p><p><a href="/console">返回待办</a></p>`, 404);
    const { r, events } = found;
    const place = describePlace(deps, r) ?? '未说明';
    const actions = ACTIONS.filter((a) => authorize(user.actor, a.action, r, deps.tree).ok && OPEN_STATUSES.includes(r.status));
    ctx.send(res, `#${r.id} ${categoryName(r, locale)}`, html`${await ctx.flash(req, user)}
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
    if (!Number.isInteger(id) || id <= 0 || !action || hasNul(text)) return ctx.send(res, '办理', html`<p role="alert">不认识的操作。</p>`, 400);
    if (action.text && action.action !== 'reportIn' && !text) return ctx.send(res, '办理', html`<p role="alert">请填写${action.text}。</p><p><a href="/console/requests/${id}">返回</a></p>`, 400);
    res.redirect(303, ctx.withAnswers(`/console/requests/${id}`, await ctx.act(user, `${action.word} ${id}${text ? ` ${text}` : ''}`)));
  });

}
