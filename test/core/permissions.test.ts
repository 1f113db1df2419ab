import type { Actor, CitizenRequest, Role } from '../../core/model';
import { ROLES } from '../../core/model';
import { createOrgTree } from '../../core/org-tree';
import { ACTIONS, authorize, listView, PERMISSIONS } from '../../core/permissions';

const tree = createOrgTree([
  { code: 'C', name: '县', level: 'county', parent: null },
  { code: 'T', name: '镇', level: 'township', parent: 'C' },
  { code: 'T2', name: '乡', level: 'township', parent: 'C' },
  { code: 'V', name: '村', level: 'village', parent: 'T' },
  { code: 'G1', name: '网格1', level: 'grid', parent: 'V' },
  { code: 'G2', name: '网格2', level: 'grid', parent: 'V' },
]);

const base = { id: 5, areaCode: 'G1', reporterId: 100, coReporters: [{ personId: 101, origin: {} }], coUnits: [{ department: 'd1', reportedAt: null, note: null }] };
const inGrid = { ...base, queue: { kind: 'area', code: 'G1' } } as unknown as CitizenRequest;
const actor = (role: Role, areaCode: string | null, personId = 1, departmentCode: string | null = null): Actor => ({ personId, name: 'x', role, areaCode, departmentCode });

/** An actor of `role` inside every scope of that role (also its reporter), with a request that fits. */
function inside(role: Role): { who: Actor; request: CitizenRequest } {
  const r = insideOf(role);
  return { who: { ...r.who, personId: 100 }, request: r.request };
}

function insideOf(role: Role): { who: Actor; request: CitizenRequest } {
  switch (role) {
    case 'household':
      return { who: actor(role, 'G1', 100), request: inGrid };
    case 'department_staff':
      return { who: actor(role, 'C', 1, 'd1'), request: { ...inGrid, queue: { kind: 'department', code: 'd1' } } };
    case 'supervisor':
      return { who: actor(role, 'C'), request: { ...inGrid, queue: { kind: 'supervisor', code: 'C' } } };
    case 'grid_worker':
      return { who: actor(role, 'G1'), request: inGrid };
    case 'grid_leader':
      return { who: actor(role, 'V'), request: inGrid };
    default: // dispatcher and admin of the county
      return { who: actor(role, 'C'), request: inGrid };
  }
}

/** The same role, but outside: another grid, another department, another person (for 关注: another village too). */
function outside(role: Role, action?: string): Actor {
  if (role === 'household') return actor(role, action === 'follow' ? 'T2' : 'G1', 999);
  if (role === 'department_staff') return actor(role, 'C', 1, 'd9');
  return actor(role, role === 'grid_worker' ? 'G2' : 'T2');
}

describe('permissions', () => {
  it('should decide every role × action pair from the table, inside the scope', () => {
    for (const role of ROLES) {
      const { who, request } = inside(role);
      for (const action of ACTIONS) {
        const expected = PERMISSIONS[role][action] !== undefined;
        expect([role, action, authorize(who, action, request, tree).ok]).toEqual([role, action, expected]);
      }
    }
  });

  it('should refuse every scoped action outside the role\'s area, department or own requests', () => {
    for (const role of ROLES) {
      const { request } = inside(role);
      for (const action of ACTIONS) {
        const who = outside(role, action);
        const scope = PERMISSIONS[role][action];
        if (!scope || scope === 'any') continue;
        expect([role, action, authorize(who, action, request, tree).ok]).toEqual([role, action, false]);
      }
    }
  });

  it('should let a household act on its own request only, and never claim', () => {
    expect(authorize(actor('household', 'G1', 100), 'withdraw', inGrid, tree).ok).toBe(true);
    expect(authorize(actor('household', 'G1', 101), 'rate', inGrid, tree).ok).toBe(true); // a co-reporter
    expect(authorize(actor('household', 'G1', 100), 'claim', inGrid, tree)).toMatchObject({ ok: false, error: { code: 'PERMISSION.DENIED' } });
    expect(authorize(actor('household', 'G1', 999), 'show', inGrid, tree)).toMatchObject({ ok: false, error: { code: 'REQUEST.NOT_OWN' } });
  });

  it('should keep a grid worker to their grid and a township dispatcher to the township', () => {
    expect(authorize(actor('grid_worker', 'G2'), 'claim', inGrid, tree)).toMatchObject({ ok: false, error: { code: 'PERMISSION.OTHER_AREA' } });
    expect(authorize(actor('dispatcher', 'T'), 'dispatch', inGrid, tree).ok).toBe(true);
    expect(authorize(actor('dispatcher', 'T2'), 'dispatch', inGrid, tree).ok).toBe(false);
  });

  it('should leave 包案 to admins and the county command centre', () => {
    expect(authorize(actor('dispatcher', 'T'), 'keyCase', inGrid, tree)).toMatchObject({ ok: false, error: { code: 'PERMISSION.DENIED' } });
    expect(authorize(actor('dispatcher', 'C'), 'keyCase', inGrid, tree).ok).toBe(true);
    expect(authorize(actor('admin', 'C'), 'keyCase', inGrid, tree).ok).toBe(true);
  });

  it('should let a neighbour in the same village follow a request, but not one elsewhere or a sensitive one (issue 14)', () => {
    expect(authorize(actor('household', 'G2', 999), 'follow', inGrid, tree).ok).toBe(true);
    expect(authorize(actor('household', 'T2', 999), 'follow', inGrid, tree)).toMatchObject({ ok: false, error: { code: 'REQUEST.NOT_NEIGHBOUR' } });
    expect(authorize(actor('household', 'G2', 999), 'follow', { ...inGrid, category: 'integrity', sensitive: true } as CitizenRequest, tree)).toMatchObject({ ok: false, error: { code: 'REQUEST.NOT_FOUND' } });
    for (const role of ROLES) expect([role, authorize(actor(role, 'G2', 999), 'follow', inGrid, tree).ok]).toEqual([role, role === 'household']);
  });

  it('should let dispatchers 转办 within their subtree and a co-unit answer its part (issue 14)', () => {
    expect(authorize(actor('dispatcher', 'T'), 'transfer', inGrid, tree).ok).toBe(true);
    expect(authorize(actor('dispatcher', 'T2'), 'transfer', inGrid, tree).ok).toBe(false);
    expect(authorize(actor('department_staff', 'C', 1, 'd1'), 'coAnswer', inGrid, tree).ok).toBe(true);
    expect(authorize(actor('department_staff', 'C', 1, 'd2'), 'coAnswer', inGrid, tree)).toMatchObject({ ok: false, error: { code: 'COUNIT.NOT_MEMBER' } });
    expect(authorize(actor('household', 'G1', 100), 'chase', inGrid, tree).ok).toBe(true);
    expect(authorize(actor('household', 'G1', 999), 'chase', inGrid, tree).ok).toBe(false);
  });

  it('should let only admins bind groups', () => {
    for (const role of ROLES) expect(authorize(actor(role, 'C'), 'bind', null, tree).ok).toBe(role === 'admin');
  });

  it('should give each role its own 待办 view', () => {
    expect(listView(actor('grid_worker', 'G1'))).toEqual({ kind: 'areaQueues', within: 'G1' });
    expect(listView(actor('department_staff', 'C', 1, 'd1'))).toEqual({ kind: 'department', code: 'd1' });
    expect(listView(actor('supervisor', 'C'))).toEqual({ kind: 'supervisor', within: 'C' });
    expect(listView(actor('admin', 'C'))).toEqual({ kind: 'raisedWithin', within: 'C' });
    expect(listView(actor('household', 'G1'))).toBeNull();
  });
});
