import { dueOf, inView, sortQueue, timeLeft, viewCounts } from '../../core/console-queue';
import type { Actor, CitizenRequest } from '../../core/model';

const H = 3_600_000;
const NOW = Date.UTC(2026, 10, 24, 2, 0);
const me: Actor = { personId: 7, name: '张网格', role: 'grid_worker', areaCode: 'G', departmentCode: null };
const req = (id: number, patch: Partial<CitizenRequest> = {}): CitizenRequest => ({
  id, status: 'submitted', urgent: false, possiblyUrgent: false, assigneeId: null, keyCase: null, coUnits: [], coReporters: [], answeredAt: null,
  createdAt: NOW - 10 * H, claimDueAt: NOW + 14 * H, answerDueAt: NOW + 62 * H, resolveDueAt: NOW + 158 * H, ...patch,
} as CitizenRequest);

describe('the console queue', () => {
  it('should take the deadline that runs now: claim, then answer, then resolve, or a key case sooner', () => {
    expect(dueOf(req(1))).toBe(NOW + 14 * H);
    expect(dueOf(req(1, { status: 'claimed' }))).toBe(NOW + 62 * H);
    expect(dueOf(req(1, { status: 'answered', answeredAt: NOW }))).toBe(NOW + 158 * H);
    expect(dueOf(req(1, { status: 'claimed', keyCase: { leaderId: 1, leaderName: '李县长', dueAt: NOW + H } }))).toBe(NOW + H);
  });

  it('should pin urgent, then possibly urgent, then sort by time left', () => {
    const rows = [req(1, { claimDueAt: NOW + 2 * H }), req(2, { possiblyUrgent: true }), req(3, { claimDueAt: NOW - H }), req(4, { urgent: true, claimDueAt: NOW + 20 * H })];
    expect(sortQueue(rows).map((r) => r.id)).toEqual([4, 2, 3, 1]);
    expect(sortQueue([req(5, { urgent: true, status: 'resolved' }), req(6)]).map((r) => r.id)).toEqual([6, 5]);
  });

  it('should say the time left in words and colour', () => {
    expect(timeLeft(req(1, { claimDueAt: NOW - 3 * H }), NOW)).toEqual({ text: '超期3小时', tone: 'late' });
    expect(timeLeft(req(1, { claimDueAt: NOW + 30 * 60_000 }), NOW)).toEqual({ text: '剩30分钟', tone: 'soon' });
    expect(timeLeft(req(1, { claimDueAt: NOW + 72 * H }), NOW)).toEqual({ text: '剩3天', tone: 'ok' });
    expect(timeLeft(req(1, { status: 'resolved' }), NOW).tone).toBe('done');
  });

  it('should count every view over the same rows', () => {
    const rows = [
      req(1), req(2, { status: 'claimed', assigneeId: 7 }), req(3, { claimDueAt: NOW - H }), req(4, { status: 'resolved' }),
      req(5, { status: 'claimed', keyCase: { leaderId: 7, leaderName: '张网格', dueAt: NOW + H } }), req(6, { status: 'claimed', coUnits: [{ department: 'd', reportedAt: null, note: null }] }),
    ];
    expect(viewCounts(rows, me, NOW)).toEqual({ mine: 2, unclaimed: 2, all: 5, overdue: 1, keyCase: 1, whistle: 1, toRate: 1 });
    expect(inView('toRate', rows[3], me, NOW)).toBe(true);
  });
});
