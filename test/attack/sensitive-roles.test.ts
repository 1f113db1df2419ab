/**
 * Attack (issue 11.8): a township dispatcher read a complaint about village officials and who
 * made it. Each role × each sensitive category × where the request sits, decided by the
 * permission table: readers are the reporters, supervisors and admins of the area, staff the
 * org file names `sensitiveReader` there, and the unit explicitly given the case; everyone
 * else gets the answer for a missing request.
 */
import { SENSITIVE_CATEGORIES } from '../../core/categories';
import type { Actor, CitizenRequest, Queue, Role } from '../../core/model';
import { parseOrgFile } from '../../core/org-file';
import { createOrgTree } from '../../core/org-tree';
import { ACTIONS, PERMISSIONS, authorize, handlesRequest, maySeeSensitive } from '../../core/permissions';

const tree = createOrgTree([
  { code: 'C', name: '县', level: 'county', parent: null },
  { code: 'T', name: '镇', level: 'township', parent: 'C' },
  { code: 'T2', name: '乡', level: 'township', parent: 'C' },
  { code: 'V', name: '村', level: 'village', parent: 'T' },
  { code: 'G1', name: '网格1', level: 'grid', parent: 'V' },
]);

const request = (category: CitizenRequest['category'], queue: Queue): CitizenRequest => ({
  id: 7, category, areaCode: 'G1', queue, status: 'submitted', reporterId: 100, coReporters: [{ personId: 101, origin: { channel: 'telegram', chatId: '-1', userId: '2', name: '李' } }],
  coUnits: [], sensitive: true,
} as unknown as CitizenRequest);

const who = (role: Role, areaCode: string | null, extra: Partial<Actor> = {}): Actor => ({ personId: 1, name: 'x', role, areaCode, departmentCode: null, ...extra });

const QUEUES: Record<string, Queue> = {
  supervisor: { kind: 'supervisor', code: 'C' }, // as the demo org routes integrity
  grid: { kind: 'area', code: 'G1' }, // an org without routing: it sits in the grid's queue
  township: { kind: 'area', code: 'T' },
  department: { kind: 'department', code: 'd1' },
};

// [who, may read when the request sits in: supervisor, grid, township, department queue]
const TABLE: [string, Actor, [boolean, boolean, boolean, boolean]][] = [
  ['the reporter', who('household', 'G1', { personId: 100 }), [true, true, true, true]],
  ['a co-reporter', who('household', 'G1', { personId: 101 }), [true, true, true, true]],
  ['a neighbour', who('household', 'G1', { personId: 999 }), [false, false, false, false]],
  ['the grid worker', who('grid_worker', 'G1'), [false, false, false, false]],
  ['the village grid leader', who('grid_leader', 'V'), [false, false, false, false]],
  ['the township dispatcher', who('dispatcher', 'T'), [false, false, false, false]],
  ['the county dispatcher', who('dispatcher', 'C'), [false, false, false, false]],
  ['department staff of the queue', who('department_staff', 'C', { departmentCode: 'd1' }), [false, false, false, true]],
  ['department staff of another department', who('department_staff', 'C', { departmentCode: 'd2' }), [false, false, false, false]],
  ['the county supervisor', who('supervisor', 'C'), [true, true, true, true]],
  ['a supervisor of another township', who('supervisor', 'T2'), [false, false, false, false]],
  ['the county admin', who('admin', 'C'), [true, true, true, true]],
  ['an admin of another township', who('admin', 'T2'), [false, false, false, false]],
  ['a named reader (township leader)', who('dispatcher', 'T', { sensitiveReader: true }), [true, true, true, true]],
  ['a named reader of another township', who('dispatcher', 'T2', { sensitiveReader: true }), [false, false, false, false]],
];

describe('attack: sensitive requests by role (issue 11.8)', () => {
  const categories = [...SENSITIVE_CATEGORIES];
  const cases = categories.flatMap((category) => TABLE.flatMap(([name, actor, expected]) =>
    Object.keys(QUEUES).map((q, i) => [category, name, q, actor, expected[i]] as const)));

  it.each(cases)('%s: %s, request in the %s queue', (category, _name, q, actor, expected) => {
    const r = request(category, QUEUES[q]);
    expect(maySeeSensitive(actor, r, tree)).toBe(expected);
    const show = authorize(actor, 'show', r, tree);
    if (expected) return;
    // Not a reader: every action on it answers as for a missing request.
    expect(show).toEqual({ ok: false, error: { code: 'REQUEST.NOT_FOUND', params: { id: 7 } } });
    for (const action of ACTIONS) {
      const result = authorize(actor, action, r, tree);
      if (result.ok) continue; // actions that need no request (list, report …) are not about it
      expect([action, result.error.code]).toEqual([action, expect.stringMatching(/^(REQUEST\.NOT_FOUND|PERMISSION\.DENIED)$/)]);
    }
    // What stays allowed on it must be an action the table scopes to no request at all (`any`: 报事, 待办, 报表 …).
    for (const action of ACTIONS) if (authorize(actor, action, r, tree).ok) expect([action, PERMISSIONS[actor.role][action]]).toEqual([action, 'any']);
  });

  it('should leave other categories to the ordinary table', () => {
    const r = { ...request('municipal', QUEUES.grid), sensitive: false };
    expect(maySeeSensitive(who('dispatcher', 'T'), r, tree)).toBe(true);
    expect(authorize(who('dispatcher', 'T'), 'show', r, tree).ok).toBe(true);
  });

  it('should reveal personal numbers only to whoever handles the request (issue 11.7)', () => {
    const r = { ...request('municipal', QUEUES.grid), sensitive: false, assigneeId: null } as CitizenRequest;
    expect(handlesRequest(who('grid_worker', 'G1'), r, tree)).toBe(true);
    expect(handlesRequest(who('grid_leader', 'V'), r, tree)).toBe(false); // oversees the grid's queue
    expect(handlesRequest(who('dispatcher', 'T'), r, tree)).toBe(false);
    expect(handlesRequest(who('dispatcher', 'T'), { ...r, assigneeId: 1 }, tree)).toBe(true);
    expect(handlesRequest(who('household', 'G1', { personId: 100 }), r, tree)).toBe(false);
    expect(handlesRequest(who('supervisor', 'C'), request('integrity', QUEUES.supervisor), tree)).toBe(true);
    expect(handlesRequest(who('grid_worker', 'G1'), request('integrity', QUEUES.grid), tree)).toBe(false);
  });

  it('should validate sensitiveReader in the org file: a reader needs an area', () => {
    const org = (staff: unknown) => parseOrgFile({ areas: [{ code: 'C', name: '县', level: 'county' }], staff: [staff] });
    expect(org({ name: '李县长', role: 'dispatcher', area: 'C', telegram: '1', sensitiveReader: true }).ok).toBe(true);
    expect(org({ name: '某局长', role: 'department_staff', department: 'd', telegram: '1', sensitiveReader: true })).toMatchObject({ ok: false });
    expect(org({ name: '某', role: 'dispatcher', area: 'C', telegram: '1', sensitiveReader: 'yes' })).toMatchObject({ ok: false, errors: [expect.stringContaining('staff.0.sensitiveReader')] });
  });
});
