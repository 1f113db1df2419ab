/**
 * Who may do what, where (DESIGN.md invariant 4): one table, role × action → scope, and
 * `authorize` applying it to an actor and a request. Tests enumerate the whole table.
 */
import { SENSITIVE_CATEGORIES } from './categories';
import type { Actor, CitizenRequest, Role } from './model';
import type { OrgTree } from './org-tree';
import { fail, ok, type Result } from './result';

export const ACTIONS = [
  'submit', 'my', 'list', 'show', 'claim', 'reply', 'resolve', 'reject', 'withdraw', 'rate', 'bind',
  'escalate', 'dispatch', 'transfer', 'return', 'whistle', 'reportIn', 'keyCase', 'merge', 'report', 'notice', 'console',
  // issue 15: staff corrections
  'recategorize', 'raise',
  // issue 14: households chase and follow; staff's canned replies; a co-unit's answer of its part
  'chase', 'follow', 'unfollow', 'replies', 'coAnswer',
  // issue 12: 代报, registering for a household
  'registerFor',
  // issue 17: private replies to the household and internal notes (the console's and the chat's 私信 / 备注)
  'privateReply', 'note',
  // issue 18: 信访 (petitions, backlog cases, reception days, visits, mediation, the petition report)
  'petition', 'petitionReview', 'petitionRequest', 'backlog', 'book', 'visit', 'mediate', 'mediationOutcome', 'petitionReport',
] as const;
export type Action = (typeof ACTIONS)[number];

/**
 * - `any`: needs no request.
 * - `own`: the reporter's (or a co-reporter's) own request.
 * - `queue`: the request sits in the actor's queue — an area queue within their area (grid
 *   workers, leaders, dispatchers), their department's queue (department staff), the
 *   supervisor queue of their area (supervisors); for admins anything from their area.
 * - `coUnit`: the actor's department is a co-unit of the request (吹哨报到).
 * - `view`: own, queue or co-unit, or — for dispatchers, supervisors and admins — any request
 *   raised within their area.
 * - `neighbour` (issue 14): a request raised in the actor's own village (their grid's parent) —
 *   a neighbour may follow it (关注) instead of reporting it again.
 */
export type Scope = 'any' | 'own' | 'queue' | 'coUnit' | 'view' | 'neighbour';

type Row = Partial<Record<Action, Scope>>;

const CITIZEN: Row = { submit: 'any', my: 'any', show: 'view', withdraw: 'own', rate: 'own', chase: 'own', unfollow: 'own' };
// issue 14: households (only they) follow a neighbour's request; staff have 常用语.
const HOUSEHOLD: Row = { ...CITIZEN, follow: 'neighbour' };
const STAFF: Row = { ...CITIZEN, list: 'any', console: 'any', replies: 'any', note: 'view' };
// Staff who may act on a request may correct its reading (issue 15: 改类, 加急).
const CORRECT: Row = { recategorize: 'queue', raise: 'queue', privateReply: 'queue' };
const GRID: Row = { ...STAFF, ...CORRECT, claim: 'queue', reply: 'queue', resolve: 'queue', escalate: 'queue', merge: 'queue', registerFor: 'any' };

// Issue 18 — 信访. Households book receptions and ask for 复查 / 复核 of their own petitions. The formal
// procedure (转信访, 受理, 处理意见 …) is for the 信访 offices: dispatch centres, departments and admins,
// on requests in their queue; 复查 / 复核 opinions for dispatch centres and admins over their area
// (the office one level up). Grid leaders (网格长 / 片长) and grid workers record visits and send disputes
// to mediation; a committee's mediators (department_staff of a `mediation` department) record outcomes.
const PETITION_CITIZEN: Row = { book: 'any', petitionRequest: 'own' };
const PETITION_GRID: Row = { ...PETITION_CITIZEN, petitionRequest: 'queue', visit: 'any', mediate: 'queue' };
const PETITION_OFFICE: Row = { ...PETITION_GRID, petition: 'queue', petitionReview: 'view', backlog: 'view', petitionReport: 'any' };

/** The permission table. An action missing from a role's row is refused. */
export const PERMISSIONS: Record<Role, Row> = {
  household: { ...HOUSEHOLD, ...PETITION_CITIZEN },
  grid_worker: { ...GRID, ...PETITION_GRID },
  grid_leader: { ...GRID, ...PETITION_GRID },
  // issue 14: dispatchers and admins also 转办 within their subtree; a co-unit answers its part (coAnswer).
  dispatcher: { ...GRID, reject: 'queue', dispatch: 'queue', whistle: 'queue', keyCase: 'queue', report: 'any', notice: 'any', ...PETITION_OFFICE, transfer: 'queue' },
  department_staff: { ...STAFF, ...CORRECT, claim: 'queue', reply: 'queue', resolve: 'queue', reject: 'queue', transfer: 'queue', return: 'queue', reportIn: 'coUnit', merge: 'queue', ...PETITION_GRID, petition: 'queue', mediationOutcome: 'queue', coAnswer: 'coUnit' },
  supervisor: { ...STAFF, ...CORRECT, claim: 'queue', reply: 'queue', resolve: 'queue' },
  admin: { ...GRID, reject: 'queue', dispatch: 'queue', whistle: 'queue', keyCase: 'queue', bind: 'any', report: 'any', notice: 'any', ...PETITION_OFFICE, mediationOutcome: 'queue', transfer: 'queue' },
};

/** The actions a role may take, for "you may instead …" hints. */
export function allowedActions(role: Role): Action[] {
  return ACTIONS.filter((a) => PERMISSIONS[role][a] !== undefined);
}

/** True when `request` sits in `actor`'s queue (see Scope `queue`). */
export function isInQueue(actor: Actor, request: CitizenRequest, tree: OrgTree): boolean {
  const { queue } = request;
  const within = (code: string) => actor.areaCode !== null && tree.isWithin(code, actor.areaCode);
  switch (actor.role) {
    case 'admin':
      return within(request.areaCode) || (queue.kind === 'area' && within(queue.code));
    case 'department_staff':
      return queue.kind === 'department' && queue.code === actor.departmentCode;
    case 'supervisor':
      return queue.kind === 'supervisor' && within(request.areaCode);
    case 'household':
      return false;
    default:
      return queue.kind === 'area' && within(queue.code);
  }
}

/**
 * Decides whether `actor` may do `action` (on `request` when there is one).
 * Without a request only the role is checked. Refusals carry the action name.
 */
export function authorize(actor: Actor, action: Action, request: CitizenRequest | null, tree: OrgTree): Result<void> {
  const scope = PERMISSIONS[actor.role][action];
  if (!scope) return fail('PERMISSION.DENIED', { action, role: actor.role });
  // 包案 is for admins and the county command centre only.
  if (action === 'keyCase' && actor.role !== 'admin' && tree.get(actor.areaCode ?? '')?.level !== 'county') return fail('PERMISSION.DENIED', { action, role: actor.role });
  // 列为积案 and the 五个一 are the county's (issue 18), like 包案.
  if (action === 'backlog' && actor.role !== 'admin' && tree.get(actor.areaCode ?? '')?.level !== 'county') return fail('PERMISSION.DENIED', { action, role: actor.role });
  if (scope === 'any' || !request) return ok(undefined);
  // Sensitive categories: whoever may not read it gets the answer for a missing request.
  if (!maySeeSensitive(actor, request, tree)) return fail('REQUEST.NOT_FOUND', { id: request.id });
  const own = request.reporterId === actor.personId || request.coReporters.some((c) => c.personId === actor.personId);
  const coUnit = actor.departmentCode !== null && request.coUnits.some((c) => c.department === actor.departmentCode);
  const inQueue = isInQueue(actor, request, tree);
  const where = { action, id: request.id };
  switch (scope) {
    case 'own':
      return own ? ok(undefined) : fail('REQUEST.NOT_OWN', where);
    case 'queue':
      return inQueue ? ok(undefined) : fail('PERMISSION.OTHER_AREA', where);
    case 'coUnit':
      return coUnit ? ok(undefined) : fail('COUNIT.NOT_MEMBER', where);
    case 'neighbour': {
      const home = actor.areaCode ? tree.get(actor.areaCode) : undefined;
      const village = home ? (home.level === 'grid' ? home.parent : home.code) : null;
      return own || (village !== null && !request.sensitive && tree.isWithin(request.areaCode, village)) ? ok(undefined) : fail('REQUEST.NOT_NEIGHBOUR', where);
    }
    case 'view': {
      const overseer = ['dispatcher', 'supervisor', 'admin'].includes(actor.role) && actor.areaCode !== null && tree.isWithin(request.areaCode, actor.areaCode);
      return own || inQueue || coUnit || overseer ? ok(undefined) : fail(actor.role === 'household' ? 'REQUEST.NOT_OWN' : 'PERMISSION.OTHER_AREA', where);
    }
  }
}

// --- Sensitive requests (issue 11.8) -------------------------------------------------------

/**
 * Who may know a request of a sensitive category (SENSITIVE_CATEGORIES: complaints about
 * officials …) exists at all: its reporter and co-reporters; supervisors and admins of an area
 * it was raised in; staff the org file names `sensitiveReader` there; and the unit it was
 * explicitly given to — the department or supervisor queue that holds it, or a co-unit. Grid
 * workers, grid leaders and dispatchers — the people such a complaint is often about — are not
 * readers, even when it sits in their area's queue. Other categories: true.
 */
export function maySeeSensitive(actor: Actor, request: CitizenRequest, tree: OrgTree): boolean {
  if (!SENSITIVE_CATEGORIES.has(request.category)) return true;
  if (request.reporterId === actor.personId || request.coReporters.some((c) => c.personId === actor.personId)) return true;
  const inArea = actor.areaCode !== null && tree.isWithin(request.areaCode, actor.areaCode);
  if (inArea && (actor.role === 'supervisor' || actor.role === 'admin' || actor.sensitiveReader === true)) return true;
  if (request.queue.kind !== 'area' && isInQueue(actor, request, tree)) return true;
  return actor.departmentCode !== null && request.coUnits.some((c) => c.department === actor.departmentCode);
}

/**
 * True when `actor` handles the request: its assignee, or staff of the very unit whose queue
 * holds it (not everyone who oversees that queue). Only they see personal numbers unmasked,
 * and only privately (issue 11.7).
 */
export function handlesRequest(actor: Actor, request: CitizenRequest, tree: OrgTree): boolean {
  if (actor.role === 'household' || !maySeeSensitive(actor, request, tree)) return false;
  if (request.assigneeId === actor.personId) return true;
  if (request.queue.kind === 'area') return request.queue.code === actor.areaCode && isInQueue(actor, request, tree);
  return isInQueue(actor, request, tree);
}

/** What a person's 待办 lists, by role (null: nothing, e.g. households). */
export type ListView =
  | { kind: 'areaQueues'; within: string }
  | { kind: 'department'; code: string }
  | { kind: 'supervisor'; within: string }
  | { kind: 'raisedWithin'; within: string };

/** The queue view of `actor`: their area's queues, their department, the supervisor queue, or (admins) all raised in their area. */
export function listView(actor: Actor): ListView | null {
  if (actor.role === 'department_staff') return actor.departmentCode ? { kind: 'department', code: actor.departmentCode } : null;
  if (!actor.areaCode) return null;
  if (actor.role === 'supervisor') return { kind: 'supervisor', within: actor.areaCode };
  if (actor.role === 'admin') return { kind: 'raisedWithin', within: actor.areaCode };
  if (actor.role === 'household') return null;
  return { kind: 'areaQueues', within: actor.areaCode };
}
