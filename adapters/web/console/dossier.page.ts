/**
 * The dossier (完整卷宗) of one request (issue 17): details, the reporter panel (the phone
 * unmasked only for staff who handle it, each unmasking logged and shown to supervisors), the
 * household's earlier requests, attachments, the timeline with internal notes and private
 * replies, and the actions the permission table allows as real controls — each sent as its
 * chat command. 不予受理 asks for confirmation and shows the guidance the household will get.
 * A request the person may not read answers exactly like a missing one.
 */
import express, { type Request, type Response, type Router } from 'express';
import type { CitizenRequest } from '../../../core/model';
import { authorize, handlesRequest } from '../../../core/permissions';
import { queueName } from '../../../core/queue';
import { categoryName, statusName } from '../../../core/request-messages';
import { findPhone, maskPhones } from '../../../core/text-tools';
import { timeLeft } from '../../../core/console-queue';
import { formatTime } from '../../../core/time-format';
import { rejectGuidance } from '../../../bots/desk/commands';
import { privateRouteOf } from '../../../bots/desk/private-reply';
import { describeEvent, describePlace } from '../../../bots/desk/views';
import { attachmentsCard } from './attachments';
import { userOf, type ConsoleContext } from './context';
import { actionForm, availableActions, commandOf, leadersOf, type DossierAction } from './dossier-actions';
import { dossierPdf } from './dossier-pdf';
import { html, raw } from './html';
import { checkCsrf, type ConsoleUser } from './session';

const CHANNELS: Record<string, string> = { wecom: '企业微信', telegram: 'Telegram', web: '网页' };
const ROUTES: Record<string, string> = { telegram: 'Telegram 私聊', web: '网页私聊', wecom: '企业微信私聊' };

/** Everything the dossier shows, read in one transaction; null when the person may not see the request. */
export async function loadDossier(ctx: ConsoleContext, user: ConsoleUser, id: number) {
  const { deps } = ctx;
  if (!Number.isInteger(id) || id <= 0) return null;
  return deps.store.transaction(async (tx) => {
    const r = await tx.requests.get(id);
    if (!r || !authorize(user.actor, 'show', r, deps.tree).ok) return null;
    const [events, reporter, earlier, chatTitle, contacts, staff] = [await tx.requests.timeline(id), await tx.console.reporter(r.reporterId), await tx.requests.listByReporter(r.reporterId, 11),
      await tx.console.chatTitle(r.origin.channel, r.origin.chatId), await tx.people.contactsOf([r.reporterId]), await tx.console.staff()];
    const overseer = ['supervisor', 'admin'].includes(user.actor.role);
    const audit = overseer ? await tx.console.auditOf(id, 20) : [];
    const assignee = r.assigneeId ? await tx.people.nameOf(r.assigneeId) : null;
    return { r, events, reporter, earlier: earlier.filter((e) => e.id !== id).slice(0, 10), chatTitle, route: privateRouteOf(r, contacts), staff, audit, assignee, overseer };
  });
}
type Dossier = NonNullable<Awaited<ReturnType<typeof loadDossier>>>;

/** The phone to show: the one stored with the request, the reporter's, or one in the text. */
export const phoneOf = (d: Dossier): string | null => d.r.phone ?? d.reporter?.phone ?? findPhone(d.r.detail);

export function addDossierRoutes(router: Router, ctx: ConsoleContext): void {
  const { deps } = ctx;
  const { locale, timeZone } = deps.messages;
  const form = express.urlencoded({ extended: true, limit: '32kb' });
  const missing = (res: Response, id: string) => ctx.send(res, `#${id}`, html`<p role="alert">没有找到 #${id}，或您无权查看。</p><p><a href="/console">返回待办</a></p>`, 404);

  async function render(req: Request, res: Response, d: Dossier, reveal: boolean, notice?: string) {
    const user = userOf(res);
    const { r } = d;
    const mayReveal = handlesRequest(user.actor, r, deps.tree);
    const phone = phoneOf(d);
    const left = timeLeft(r, deps.clock.now());
    const actions = availableActions(user.actor, r, deps.tree);
    const leaders = leadersOf(d.staff, deps.tree);
    const canSeeOther = (e: CitizenRequest) => authorize(user.actor, 'show', e, deps.tree).ok;
    ctx.send(res, `#${r.id} ${categoryName(r, locale)}`, html`${await ctx.flash(req, user)}${notice ? html`<div class="flash" role="status">${notice}</div>` : raw('')}
      <div class="grid2"><div>
      <section class="card" aria-labelledby="facts"><h2 id="facts">诉求</h2><dl>
        <dt>状态</dt><dd>${statusName(r.status, locale)}${r.urgent ? raw('<span class="badge b-urgent">紧急</span>') : r.possiblyUrgent ? raw('<span class="badge b-possible">疑似紧急</span>') : ''}${r.sensitive ? raw('<span class="badge b-sensitive">敏感，不在群里显示</span>') : ''}</dd>
        <dt>所在单位</dt><dd>${queueName(r.queue, deps.tree, deps.departments)}${d.assignee ? ` · 经办人 ${d.assignee}` : ' · 未认领'}</dd>
        <dt>诉求内容</dt><dd>${reveal ? r.detail : maskPhones(r.detail)}</dd><dt>地点</dt><dd>${(reveal ? r.place : describePlace(deps, r)) ?? '未说明'}</dd>
        <dt>登记时间</dt><dd>${formatTime(r.createdAt, timeZone)}</dd>
        <dt>期限</dt><dd>认领 ${formatTime(r.claimDueAt, timeZone)} · 答复 ${formatTime(r.answerDueAt, timeZone)} · 办结 ${formatTime(r.resolveDueAt, timeZone)} <span class="${left.tone}">${left.text}</span></dd>
        ${r.keyCase ? html`<dt>包案</dt><dd>${r.keyCase.leaderName}，${formatTime(r.keyCase.dueAt, timeZone)}前</dd>` : raw('')}
        ${r.coUnits.length ? html`<dt>吹哨协办</dt><dd>${r.coUnits.map((c) => `${queueName({ kind: 'department', code: c.department }, deps.tree, deps.departments)}${c.reportedAt ? '（已报到）' : '（未报到）'}`).join('、')}</dd>` : raw('')}
        <dt>涉及户数</dt><dd>${1 + r.coReporters.length} 户</dd>
      </dl><p class="noprint"><a class="button secondary" href="/console/requests/${r.id}/dossier.pdf">导出完整卷宗（PDF）</a></p></section>
      ${await attachmentsCard(deps.blobs, r)}
      <section class="card" aria-labelledby="tl"><h2 id="tl">办理过程</h2><ol class="timeline">${d.events.map((e) => {
        const ev = describeEvent(deps, e, false);
        const cls = e.type === 'noted' ? 'note' : e.type === 'replied_privately' ? 'private' : '';
        return html`<li class="${cls}">${ev.at} ${ev.actor} ${ev.event}${ev.note ? `：${ev.note}` : ''}${e.type === 'noted' ? raw(' <span class="who">（仅工作人员可见）</span>') : ''}</li>`;
      })}</ol></section>
      ${actions.length ? html`<section class="card actions" aria-labelledby="act"><h2 id="act">办理</h2>${actions.map((a) => actionForm(a, r, user.csrf, deps.departments, leaders, d.route ? ROUTES[d.route.via] : null))}</section>` : raw('')}
      </div><div>
      <section class="card" aria-labelledby="who"><h2 id="who">反映人</h2><dl>
        <dt>姓名</dt><dd>${d.reporter?.name ?? r.origin.name}</dd>
        <dt>电话</dt><dd>${phone ? (reveal ? phone : maskPhones(phone)) : '未留'}${phone && mayReveal && !reveal ? html`<form method="post" action="/console/requests/${r.id}/reveal" class="noprint"><input type="hidden" name="_csrf" value="${user.csrf}"><button type="submit" class="secondary">显示完整号码（会留下查看记录）</button></form>` : raw('')}</dd>
        <dt>渠道</dt><dd>${CHANNELS[r.origin.channel] ?? r.origin.channel}${d.chatTitle ? ` · ${d.chatTitle}` : r.origin.chatId === r.origin.userId ? ' · 私聊' : ''}</dd>
        <dt>私信渠道</dt><dd>${d.route ? ROUTES[d.route.via] : '无（只能在群里答复）'}</dd>
      </dl>
      <h3 class="who">同一户以前的诉求</h3>${d.earlier.length ? html`<ul>${d.earlier.map((e) => html`<li>${canSeeOther(e) ? html`<a href="/console/requests/${e.id}">#${e.id}</a>` : `#${e.id}`} ${categoryName(e, locale)} · ${statusName(e.status, locale)} · ${formatTime(e.createdAt, timeZone)}</li>`)}</ul>` : html`<p class="who">没有。</p>`}</section>
      ${d.overseer ? html`<section class="card" aria-labelledby="aud"><h2 id="aud">号码查看记录</h2>${d.audit.length ? html`<ul>${d.audit.map((a) => html`<li>${formatTime(a.at, timeZone)} ${a.personName}（${a.via === 'console' ? '工作台' : CHANNELS[a.via] ?? a.via}）</li>`)}</ul>` : html`<p class="who">还没有人查看过完整号码。</p>`}</section>` : raw('')}
      </div></div>
      <p><a href="/console">返回待办</a></p>`);
  }

  router.get('/console/requests/:id', async (req, res) => {
    const d = await loadDossier(ctx, userOf(res), Number(req.params.id));
    if (!d) return missing(res, String(req.params.id).slice(0, 20));
    await render(req, res, d, false);
  });

  // Unmasking is a POST (never a link to share), allowed to those who handle the request, and logged.
  router.post('/console/requests/:id/reveal', form, checkCsrf, async (req, res) => {
    const user = userOf(res);
    const d = await loadDossier(ctx, user, Number(req.params.id));
    if (!d) return missing(res, String(req.params.id).slice(0, 20));
    if (!handlesRequest(user.actor, d.r, deps.tree)) return ctx.send(res, '无权查看号码', html`<p role="alert">只有经办这件诉求的工作人员能看到完整号码。</p><p><a href="/console/requests/${d.r.id}">返回</a></p>`, 403);
    await deps.store.transaction((tx) => tx.console.recordUnmask(user.actor.personId, d.r.id, 'console', deps.clock.now()));
    await render(req, res, d, true, '已显示完整号码，本次查看已记录。');
  });

  router.post('/console/requests/:id/act', form, checkCsrf, async (req, res) => {
    const user = userOf(res);
    const id = Number(req.params.id);
    const d = await loadDossier(ctx, user, id);
    if (!d) return missing(res, String(req.params.id).slice(0, 20));
    const action = String(req.body?.action ?? '') as DossierAction;
    if (!availableActions(user.actor, d.r, deps.tree).includes(action)) return ctx.send(res, '办理', html`<p role="alert">这个操作现在不能用（状态已变化，或不在您的权限内）。</p><p><a href="/console/requests/${id}">返回</a></p>`, 400);
    const command = commandOf(action, id, req.body ?? {}, deps.departments, leadersOf(d.staff, deps.tree));
    if (!command.ok) return ctx.send(res, '办理', html`<p role="alert">${command.error}</p><p><a href="/console/requests/${id}">返回</a></p>`, 400);
    if (action === 'reject' && req.body.confirm !== '1') {
      const reason = String(req.body.text ?? '').trim();
      return ctx.send(res, `确认不予受理 #${id}`, html`<div class="card warn" role="alert"><p><strong>不予受理后，这件诉求即告结束。</strong>群众会收到：</p>
        <blockquote>#${id} 不予受理：${reason}${rejectGuidance(reason, locale)}</blockquote></div>
        <form method="post" action="/console/requests/${id}/act" class="card"><input type="hidden" name="_csrf" value="${user.csrf}"><input type="hidden" name="action" value="reject"><input type="hidden" name="text" value="${reason}"><input type="hidden" name="confirm" value="1">
          <button type="submit" class="danger">确认不予受理</button> <a class="button secondary" href="/console/requests/${id}">取消</a></form>`);
    }
    res.redirect(303, ctx.withAnswers(`/console/requests/${id}`, await ctx.act(user, command.text)));
  });

  router.get('/console/requests/:id/dossier.pdf', async (req, res) => {
    const user = userOf(res);
    const d = await loadDossier(ctx, user, Number(req.params.id));
    if (!d) return missing(res, String(req.params.id).slice(0, 20));
    const pdf = await dossierPdf(deps, d, user.actor.name);
    res.set({ 'content-type': 'application/pdf', 'content-disposition': `attachment; filename="minhu-${d.r.id}.pdf"; filename*=UTF-8''${encodeURIComponent(`完整卷宗-${d.r.id}.pdf`)}` }).send(pdf);
  });
}
