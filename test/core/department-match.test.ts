import { matchDepartment } from '../../core/department-match';
import { escalationTarget, initialQueue } from '../../core/queue';
import { createOrgTree } from '../../core/org-tree';

const departments = [
  { code: 'zhujian', name: '县住建局' }, { code: 'renshe', name: '县人社局' }, { code: 'minzheng', name: '县民政局' },
  { code: 'shijian', name: '县市场监管局' }, { code: 'weijian', name: '县卫健局' },
];
const tree = createOrgTree([
  { code: 'C', name: '县', level: 'county', parent: null }, { code: 'T', name: '镇', level: 'township', parent: 'C' },
  { code: 'V', name: '村', level: 'village', parent: 'T' }, { code: 'G', name: '网格', level: 'grid', parent: 'V' },
]);

describe('department matching and routing', () => {
  it('should find a department by code, full name or short form', () => {
    expect(matchDepartment('zhujian', departments)).toMatchObject({ ok: true, department: { code: 'zhujian' } });
    expect(matchDepartment('县人社局', departments)).toMatchObject({ ok: true, department: { code: 'renshe' } });
    expect(matchDepartment('住建', departments)).toMatchObject({ ok: true, department: { code: 'zhujian' } });
    expect(matchDepartment('市场监管', departments)).toMatchObject({ ok: true, department: { code: 'shijian' } });
  });

  it('should suggest the closest name for a typo, and nothing for nonsense', () => {
    expect(matchDepartment('住键局', departments)).toEqual({ ok: false, suggestion: { code: 'zhujian', name: '县住建局' } });
    expect(matchDepartment('民正', departments)).toEqual({ ok: false, suggestion: { code: 'minzheng', name: '县民政局' } });
    expect(matchDepartment('天文台', departments)).toEqual({ ok: false, suggestion: null });
  });

  it('should escalate one level at a time and stop at the county', () => {
    expect(escalationTarget({ kind: 'area', code: 'G' }, tree)).toEqual({ ok: true, value: { kind: 'area', code: 'T' } });
    expect(escalationTarget({ kind: 'area', code: 'V' }, tree)).toEqual({ ok: true, value: { kind: 'area', code: 'T' } });
    expect(escalationTarget({ kind: 'area', code: 'T' }, tree)).toEqual({ ok: true, value: { kind: 'area', code: 'C' } });
    expect(escalationTarget({ kind: 'area', code: 'C' }, tree)).toMatchObject({ ok: false, error: { code: 'ROUTE.TOP_LEVEL' } });
    expect(escalationTarget({ kind: 'department', code: 'zhujian' }, tree)).toMatchObject({ ok: false, error: { code: 'ROUTE.NOT_ESCALATABLE' } });
  });

  it('should route categories that skip the grid', () => {
    const rules = [{ category: 'integrity' as const, to: 'supervisor', notifyGrid: false }, { category: 'safety' as const, to: 'township', notifyGrid: true }, { category: 'labor' as const, to: 'department:renshe', notifyGrid: false }];
    expect(initialQueue('water', 'G', rules, tree)).toEqual({ queue: { kind: 'area', code: 'G' }, notifyGrid: false });
    expect(initialQueue('integrity', 'G', rules, tree)).toEqual({ queue: { kind: 'supervisor', code: 'C' }, notifyGrid: false });
    expect(initialQueue('safety', 'G', rules, tree)).toEqual({ queue: { kind: 'area', code: 'T' }, notifyGrid: true });
    expect(initialQueue('labor', 'G', rules, tree)).toEqual({ queue: { kind: 'department', code: 'renshe' }, notifyGrid: false });
  });
});
