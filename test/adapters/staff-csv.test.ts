import { parseCsv, readStaffCsv } from '../../adapters/org/staff-csv';

const known = { areas: new Set(['MS', 'MS020101']), departments: new Set(['zhujian']) };

describe('staff CSV', () => {
  it('should read quoted fields, a BOM, CRLF and Chinese commas', () => {
    expect(parseCsv('\uFEFFa,b\r\n"x, ""y""",z\n\n1，2\n')).toEqual([['a', 'b'], ['x, "y"', 'z'], ['1', '2']]);
  });

  it('should turn rows into staff and report bad rows by line', () => {
    const ok = readStaffCsv('name,role,area,department,telegram,wecom\n王五,grid_worker,MS020101,,9201,wangwu\n周六,department_staff,MS,zhujian,,zhouliu\n', known);
    expect(ok).toEqual({ ok: true, staff: [
      { name: '王五', role: 'grid_worker', area: 'MS020101', telegram: '9201', wecom: 'wangwu' },
      { name: '周六', role: 'department_staff', area: 'MS', department: 'zhujian', wecom: 'zhouliu' },
    ] });
    const bad = readStaffCsv('name,role,area,department,telegram,wecom\n王五,grid_worker,X9,,9201,\n赵七,grid_worker,MS,,,\n', known);
    expect(bad).toEqual({ ok: false, errors: ['line 2: area: no area with code X9', 'line 3: give a telegram or wecom id'] });
    expect(readStaffCsv('name,role\n', known)).toMatchObject({ ok: false, errors: [expect.stringContaining('missing: area,department,telegram,wecom')] });
  });
});
