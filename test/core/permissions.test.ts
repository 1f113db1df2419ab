import type { Actor, CitizenRequest, Role } from '../../core/model';
import { ROLES } from '../../core/model';
import { createOrgTree } from '../../core/org-tree';
import { ACTIONS, authorize, PERMISSIONS } from '../../core/permissions';

const tree = createOrgTree([
  { code: 'C', name: '县', level: 'county', parent: null },
  { code: 'T', name: '镇', level: 'township', parent: 'C' },
  { code: 'V', name: '村', level: 'village', parent: 'T' },
  { code: 'G1', name: '网格1', level: 'grid', parent: 'V' },
  { code: 'G2', name: '网格2', level: 'grid', parent: 'V' },
]);
const request = { id: 5, queueArea: 'G1', reporterId: 100 } as CitizenRequest;
const actor = (role: Role, areaCode: string | null, personId = 1): Actor => ({ personId, name: 'x', role, areaCode, departmentCode: null });

describe('permissions', () => {
  it('should let a household act only on its own request and never claim', () => {
    const household = actor('household', 'G1', 100);
    expect(authorize(household, 'withdraw', request, tree).ok).toBe(true);
    expect(authorize(household, 'rate', request, tree).ok).toBe(true);
    expect(authorize(household, 'claim', request, tree)).toMatchObject({ ok: false, error: { code: 'PERMISSION.DENIED' } });
    expect(authorize(actor('household', 'G1', 101), 'withdraw', request, tree)).toMatchObject({ ok: false, error: { code: 'REQUEST.NOT_OWN' } });
  });

  it('should keep a grid worker to their own grid', () => {
    expect(authorize(actor('grid_worker', 'G1'), 'claim', request, tree).ok).toBe(true);
    expect(authorize(actor('grid_worker', 'G2'), 'claim', request, tree)).toMatchObject({ ok: false, error: { code: 'PERMISSION.OTHER_AREA' } });
  });

  it('should let leaders and dispatchers act in their subtree', () => {
    expect(authorize(actor('grid_leader', 'V'), 'resolve', request, tree).ok).toBe(true);
    expect(authorize(actor('dispatcher', 'T'), 'reject', request, tree).ok).toBe(true);
  });

  it('should let only admins bind groups', () => {
    for (const role of ROLES) expect(authorize(actor(role, 'C'), 'bind', null, tree).ok).toBe(role === 'admin');
  });

  it('should decide every role × action pair from the table', () => {
    for (const role of ROLES) {
      for (const action of ACTIONS) {
        const scope = PERMISSIONS[role][action];
        const result = authorize(actor(role, 'C', 100), action, request, tree);
        expect([role, action, result.ok]).toEqual([role, action, scope !== undefined]);
      }
    }
  });
});
