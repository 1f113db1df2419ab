/**
 * The dossier's actions as real controls (issue 17): which the permission table and the status
 * allow, their forms (department and leader pickers from the org, the units of a 吹哨), and the
 * chat command each form stands for — the console sends exactly that command.
 */
import { ALLOWED_FROM } from '../../../core/request-lifecycle';
import { OPEN_STATUSES, type Actor, type CitizenRequest } from '../../../core/model';
import { authorize, type Action } from '../../../core/permissions';
import type { OrgTree } from '../../../core/org-tree';
import type { DepartmentRef } from '../../../core/queue';
import type { StaffEntry } from '../../../bots/ports';
import { wellFormed } from '../storable-text';
import { checked, html, raw, type Raw } from './html';

export type DossierAction = 'claim' | 'reply' | 'resolve' | 'privateReply' | 'note' | 'escalate' | 'dispatch' | 'transfer' | 'return' | 'whistle' | 'reportIn' | 'keyCase' | 'merge' | 'reject';

const WORDS: Record<DossierAction, string> = {
  claim: '认领', reply: '答复', resolve: '办结', privateReply: '私信', note: '备注', escalate: '上报', dispatch: '派单', transfer: '转办',
  return: '退回', whistle: '吹哨', reportIn: '报到', keyCase: '包案', merge: '合并', reject: '不予受理',
};
export const ACTION_LABELS: Record<DossierAction, string> = { ...WORDS, privateReply: '私信群众', note: '内部备注', merge: '合并到' };
const LIFECYCLE = new Set<DossierAction>(['claim', 'reply', 'resolve', 'reject']);
const ORDER: DossierAction[] = ['claim', 'reply', 'resolve', 'privateReply', 'note', 'escalate', 'dispatch', 'transfer', 'return', 'whistle', 'reportIn', 'keyCase', 'merge', 'reject'];

/** The actions `actor` may take on `r` now: the permission table, then the status (认领 only while unclaimed). */
export function availableActions(actor: Actor, r: CitizenRequest, tree: OrgTree): DossierAction[] {
  const open = OPEN_STATUSES.includes(r.status);
  return ORDER.filter((a) => {
    if (!authorize(actor, a as Action, r, tree).ok) return false;
    if (LIFECYCLE.has(a)) return ALLOWED_FROM[a as 'claim'].includes(r.status);
    if (a === 'note') return true;
    if (a === 'reportIn') return open && r.coUnits.some((c) => c.department === actor.departmentCode && c.reportedAt === null);
    return open;
  });
}

/** People the 包案 picker offers: leaders of the county (admins, the command centre's dispatchers, supervisors). */
export const leadersOf = (staff: readonly StaffEntry[], tree: OrgTree) =>
  staff.filter((s) => ['admin', 'dispatcher', 'supervisor'].includes(s.role) && tree.get(s.areaCode ?? '')?.level === 'county');

const clean = (v: unknown, max = 500) => wellFormed(String(v ?? '')).replace(/\s+/g, ' ').trim().slice(0, max);

/** The chat command a submitted action form stands for, or the reason it cannot be sent. */
export function commandOf(action: DossierAction, id: number, body: Record<string, unknown>, departments: readonly DepartmentRef[], leaders: readonly StaffEntry[]): { ok: true; text: string } | { ok: false; error: string } {
  const text = clean(body.text);
  const dept = (code: unknown) => departments.find((d) => d.code === code);
  const need = (what: string) => ({ ok: false as const, error: `请填写${what}。` });
  switch (action) {
    case 'claim':
      return { ok: true, text: `认领 ${id}` };
    case 'reportIn':
      return { ok: true, text: `报到 ${id}${text ? ` ${text}` : ''}` };
    case 'dispatch':
    case 'transfer': {
      const d = dept(body.department);
      if (!d) return { ok: false, error: '请选择部门。' };
      if (action === 'transfer' && !text) return need('转办理由');
      return { ok: true, text: `${WORDS[action]} ${id} ${d.name}${text ? ` ${text}` : ''}` };
    }
    case 'whistle': {
      const lead = dept(body.lead);
      const co = (Array.isArray(body.co) ? body.co : body.co === undefined ? [] : [body.co]).map(dept).filter((d): d is DepartmentRef => !!d && d.code !== lead?.code);
      if (!lead || co.length === 0) return { ok: false, error: '请选择牵头部门和至少一个协办部门。' };
      return { ok: true, text: `吹哨 ${id} ${[lead, ...new Map(co.map((d) => [d.code, d])).values()].map((d) => d.name).join(' ')}` };
    }
    case 'keyCase': {
      const leader = leaders.find((l) => String(l.personId) === String(body.leader));
      const days = Number(body.days);
      if (!leader) return { ok: false, error: '请选择包案领导。' };
      return { ok: true, text: `包案 ${id} ${leader.name}${Number.isInteger(days) && days >= 1 && days <= 365 ? ` ${days}` : ''}` };
    }
    case 'merge': {
      const into = Number(body.into);
      if (!Number.isInteger(into) || into <= 0 || into >= 2_147_483_647) return need('要合并到的编号');
      return { ok: true, text: `合并 ${id} ${into}` };
    }
    default:
      return text ? { ok: true, text: `${WORDS[action]} ${id} ${text}` } : need(action === 'reject' ? '不予受理的理由' : '内容');
  }
}

/** One action's form. */
export function actionForm(a: DossierAction, r: CitizenRequest, csrf: string, departments: readonly DepartmentRef[], leaders: readonly StaffEntry[], privateRoute: string | null): Raw {
  const head = html`<input type="hidden" name="_csrf" value="${csrf}"><input type="hidden" name="action" value="${a}">`;
  const field = (label: string, required = true, long = false) => long
    ? html`<label>${label}<textarea name="text" rows="2" maxlength="500"${raw(required ? ' required' : '')}></textarea></label>`
    : html`<label>${label}<input type="text" name="text" maxlength="500"${raw(required ? ' required' : '')}></label>`;
  const depts = (name: string, label: string) => html`<label>${label}<select name="${name}" required><option value="">请选择</option>${departments.map((d) => html`<option value="${d.code}">${d.name}</option>`)}</select></label>`;
  const id = `act-${a}`;
  let controls: Raw;
  switch (a) {
    case 'claim': controls = raw(''); break;
    case 'reply': controls = field('答复内容（群众会收到）', true, true); break;
    case 'resolve': controls = field('办理结果（群众会收到，并请其评价）', true, true); break;
    case 'privateReply': controls = privateRoute ? field(`私信内容（经${privateRoute}发给群众本人，不进群）`, true, true) : html`<p class="who">这位群众没有可私信的渠道，请在群里答复或电话联系。</p>`; break;
    case 'note': controls = field('备注内容（只有工作人员能看到）', true, true); break;
    case 'escalate': controls = field('上报理由'); break;
    case 'dispatch': controls = html`${depts('department', '派往部门')}${field('说明（可不填）', false)}`; break;
    case 'transfer': controls = html`${depts('department', '转往部门')}${field('转办理由')}`; break;
    case 'return': controls = field('退回理由'); break;
    case 'whistle': controls = html`${depts('lead', '牵头部门')}<fieldset><legend>协办部门</legend>${departments.map((d) => html`<label class="inline"><input type="checkbox" name="co" value="${d.code}"${checked(false)}>${d.name}</label>`)}</fieldset>`; break;
    case 'reportIn': controls = field('报到说明（可不填）', false); break;
    case 'keyCase': controls = html`<label>包案领导<select name="leader" required><option value="">请选择</option>${leaders.map((l) => html`<option value="${l.personId}">${l.name}</option>`)}</select></label><label>期限（天）<input type="number" name="days" min="1" max="365" value="15"></label>`; break;
    case 'merge': controls = html`<label>合并到编号（本件的群众并入该件）<input type="number" name="into" min="1" required inputmode="numeric"></label>`; break;
    case 'reject': controls = field('不予受理的理由（下一步确认）'); break;
  }
  const disabled = a === 'privateReply' && !privateRoute;
  return html`<form method="post" action="/console/requests/${r.id}/act" aria-labelledby="${id}" class="${a === 'reject' ? 'danger-zone' : ''}">${head}<h3 id="${id}" class="who" style="margin:0;width:100%">${ACTION_LABELS[a]}</h3>${controls}${disabled ? raw('') : html`<button type="submit"${raw(a === 'reject' ? ' class="danger"' : '')}>${a === 'reject' ? '不予受理…' : ACTION_LABELS[a]}</button>`}</form>`;
}
