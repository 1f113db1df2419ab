/**
 * Who may do what, where (DESIGN.md invariant 4). One table, role × action → scope;
 * `authorize` applies it to a concrete actor and request.
 */
import type { Actor, CitizenRequest, Role } from './model';
import type { OrgTree } from './org-tree';
import { fail, ok, type Result } from './result';

export const ACTIONS = ['submit', 'my', 'claim', 'reply', 'resolve', 'reject', 'show', 'list', 'withdraw', 'rate', 'bind'] as const;
export type Action = (typeof ACTIONS)[number];

/**
 * Scope of a permission: `any` (no request involved), `own` (the reporter's own request),
 * `area` (the request's queue lies within the actor's area), `ownOrArea` (either).
 */
export type Scope = 'any' | 'own' | 'area' | 'ownOrArea';

type Table = Record<Role, Partial<Record<Action, Scope>>>;

const STAFF_WORK: Partial<Record<Action, Scope>> = { submit: 'any', my: 'any', claim: 'area', reply: 'area', resolve: 'area', show: 'ownOrArea', list: 'any', withdraw: 'own', rate: 'own' };

/** The permission table. An action missing from a role's row is denied. */
export const PERMISSIONS: Table = {
  household: { submit: 'any', my: 'any', show: 'own', withdraw: 'own', rate: 'own' },
  grid_worker: STAFF_WORK,
  grid_leader: STAFF_WORK,
  dispatcher: { ...STAFF_WORK, reject: 'area' },
  department_staff: { submit: 'any', my: 'any', list: 'any', show: 'own', withdraw: 'own', rate: 'own' },
  supervisor: { submit: 'any', my: 'any', show: 'ownOrArea', list: 'any', withdraw: 'own', rate: 'own' },
  admin: { ...STAFF_WORK, reject: 'area', bind: 'any' },
};

/**
 * Decides whether `actor` may do `action` (on `request` when there is one).
 * Refusals carry the action name so that the reply can say what was refused.
 */
export function authorize(actor: Actor, action: Action, request: CitizenRequest | null, tree: OrgTree): Result<void> {
  const scope = PERMISSIONS[actor.role][action];
  const denied = () => fail<void>('PERMISSION.DENIED', { action, role: actor.role });
  if (!scope) return denied();
  if (scope === 'any' || !request) return ok(undefined);
  const own = request.reporterId === actor.personId;
  const inArea = actor.areaCode !== null && tree.isWithin(request.queueArea, actor.areaCode);
  if (scope === 'own') return own ? ok(undefined) : fail('REQUEST.NOT_OWN', { action, id: request.id });
  if (scope === 'area') return inArea ? ok(undefined) : fail('PERMISSION.OTHER_AREA', { action, id: request.id });
  return own || inArea ? ok(undefined) : fail('PERMISSION.OTHER_AREA', { action, id: request.id });
}
