import { emptyCounts, percent, ratesOf, rollUp, type CountRow } from '../../core/metrics';
import { createOrgTree } from '../../core/org-tree';
import { reportCsv, reportText } from '../../core/report-text';
import { monthOf, monthRange } from '../../core/time-format';

const tree = createOrgTree([
  { code: 'C', name: '明水县', level: 'county', parent: null },
  { code: 'T1', name: '城关街道', level: 'township', parent: 'C' },
  { code: 'T2', name: '清河镇', level: 'township', parent: 'C' },
  { code: 'V1', name: '东风社区', level: 'village', parent: 'T1' },
  { code: 'G1', name: '网格1', level: 'grid', parent: 'V1' },
  { code: 'V2', name: '王家村', level: 'village', parent: 'T2' },
  { code: 'G2', name: '网格2', level: 'grid', parent: 'V2' },
]);
const row = (areaCode: string, category: CountRow['category'], c: Partial<CountRow>): CountRow => ({ ...emptyCounts(), areaCode, category, ...c });

// Hand-computed fixture: 20 received, 2 rejected, 1 withdrawn → 17 accepted, 19 not withdrawn.
// Claimed on time 15, answered on time 14, resolved 16 (on time 13), rated 12: 9 satisfied + 2 basic.
const rows: CountRow[] = [
  row('G1', 'water', { received: 12, rejected: 1, withdrawn: 1, claimedOnTime: 9, answeredOnTime: 8, resolved: 10, resolvedOnTime: 8, rated: 8, satisfied: 6, basic: 1, everResolved: 10 }),
  row('G2', 'municipal', { received: 6, rejected: 1, claimedOnTime: 4, answeredOnTime: 4, resolved: 4, resolvedOnTime: 3, rated: 3, satisfied: 2, basic: 1, everResolved: 4 }),
  row('G2', 'water', { received: 2, claimedOnTime: 2, answeredOnTime: 2, resolved: 2, resolvedOnTime: 2, rated: 1, satisfied: 1, everResolved: 2 }),
];

describe('metrics', () => {
  it('should compute the rates exactly as defined', () => {
    const { total } = rollUp(rows, tree, 'C');
    const r = ratesOf(total);
    expect(r.accepted).toBe(17);
    expect(percent(r.acceptance)).toBe('89.47%'); // 17 / 19
    expect(percent(r.timelyClaim)).toBe('88.24%'); // 15 / 17
    expect(percent(r.timelyAnswer)).toBe('82.35%'); // 14 / 17
    expect(percent(r.closure)).toBe('94.12%'); // 16 / 17
    expect(percent(r.timelyClosure)).toBe('76.47%'); // 13 / 17
    expect(percent(r.satisfaction)).toBe('91.67%'); // 11 / 12
    expect(percent(r.ratedShare)).toBe('75.00%'); // 12 / 16
    expect(percent(ratesOf(emptyCounts()).closure)).toBe('—');
  });

  it('should roll grids up to the townships and categories', () => {
    const f = rollUp(rows, tree, 'C');
    expect(f.byArea.map((a) => [a.name, a.counts.received])).toEqual([['城关街道', 12], ['清河镇', 8]]);
    expect(f.byCategory.map((c) => [c.category, c.counts.received])).toEqual([['water', 14], ['municipal', 6]]);
    expect(rollUp(rows, tree, 'T2').byArea.map((a) => [a.name, a.counts.received])).toEqual([['王家村', 8]]);
  });

  it('should write the report text and CSV with the same numbers', () => {
    const current = rollUp(rows, tree, 'C');
    const previous = rollUp([row('G1', 'water', { received: 10, resolved: 9, rated: 5, satisfied: 5, everResolved: 9 })], tree, 'C');
    const text = reportText({ title: '明水县', month: '2026-10', current, previous, hot: [{ category: 'water', place: '3组', count: 5 }] });
    expect(text).toContain('收到 20 件，受理 17 件，办结 16 件');
    expect(text).toContain('办结率 94.12%');
    expect(text).toContain('满意率 91.67%');
    expect(text).toContain('较上月：收到 +10 件，办结率 +4.12个百分点，满意率 -8.33个百分点');
    expect(text).toContain('1. 供水·3组 5 件');
    const csv = reportCsv(current).trim().split('\n');
    expect(csv[0]).toContain('closure_rate');
    // issue 14 added: rated, closed unrated, reopened, key cases, key-case breaches.
    expect(csv.at(-1)).toBe('total,合计,20,17,2,1,16,89.47,88.24,82.35,94.12,76.47,91.67,75.00,12,0,0,0,0');
  });

  it('should find month boundaries in the time zone', () => {
    const [start, end] = monthRange('2026-10', 'Asia/Shanghai');
    expect(new Date(start).toISOString()).toBe('2026-09-30T16:00:00.000Z');
    expect(new Date(end).toISOString()).toBe('2026-10-31T16:00:00.000Z');
    expect(monthOf(Date.UTC(2026, 9, 31, 17), 'Asia/Shanghai')).toBe('2026-11');
    expect(monthOf(Date.UTC(2026, 0, 5), 'Asia/Shanghai', 1)).toBe('2025-12');
  });
});
