import type { CitizenRequest } from '../../core/model';
import { submitRequest, transition } from '../../core/request-lifecycle';
import { moveRequest } from '../../core/request-moves';
import { DEFAULT_POLICY, dueReminders, firstReminderAt, limitsFor, nextReminderAt, REPEAT_MS } from '../../core/sla-policy';

const H = 3_600_000;
/** A simulated clock: tests move it, nothing waits. */
class SimulatedClock {
  constructor(public t: number) {}
  advance(ms: number) {
    this.t += ms;
    return this.t;
  }
}
const t0 = Date.UTC(2026, 10, 24, 0, 0); // 08:00 in Asia/Shanghai
const fresh = (): CitizenRequest => submitRequest({
  id: 7, category: 'water', areaCode: 'G', place: 'x', detail: 'd', phone: null, photos: [], sensitive: false, reporterId: 1,
  origin: { channel: 'telegram', chatId: '-1', userId: '1', name: 'n' },
}, t0).request;
const keys = (r: CitizenRequest, now: number) => dueReminders(r, now).map((x) => `${x.phase}:${x.kind}:${x.repeat}`);

describe('SLA policy', () => {
  it('should warn at 80 % of each limit and breach at the deadline', () => {
    const r = fresh();
    expect(keys(r, t0 + 19 * H)).toEqual([]);
    expect(keys(r, t0 + 19.2 * H)).toEqual(['claim:warn:0']);
    expect(keys(r, t0 + 24 * H)).toEqual(['claim:breach:0']);
    expect(keys(r, t0 + 58 * H)).toEqual(['claim:breach:1', 'answer:warn:0']);
    expect(keys(r, t0 + 72 * H)).toEqual(['claim:breach:2', 'answer:breach:0']);
  });

  it('should send each reminder once when a tick comes hours late (the same key)', () => {
    const r = fresh();
    const clock = new SimulatedClock(t0);
    const sent = new Set<string>();
    // Ticks every 5 minutes for 4 days, one of them 7 hours late.
    for (let i = 0; i < 4 * 24 * 12; i++) {
      clock.advance(i === 300 ? 7 * H : 5 * 60_000);
      for (const rem of dueReminders(r, clock.t)) sent.add(rem.key);
    }
    const claimKeys = [...sent].filter((k) => k.includes(':claim:'));
    expect(claimKeys).toEqual([`sla:7:claim:${r.claimDueAt}:warn`, `sla:7:claim:${r.claimDueAt}:breach:0`, `sla:7:claim:${r.claimDueAt}:breach:1`, `sla:7:claim:${r.claimDueAt}:breach:2`, `sla:7:claim:${r.claimDueAt}:breach:3`]);
  });

  it('should stop the claim clock on claim and keep the resolve clock running', () => {
    const claimed = transition(fresh(), { type: 'claim' }, 2, t0 + H);
    if (!claimed.ok) throw new Error('claim failed');
    expect(keys(claimed.value.request, t0 + 25 * H)).toEqual([]);
    expect(keys(claimed.value.request, t0 + 135 * H)).toEqual(['answer:breach:2', 'resolve:warn:0']);
  });

  it('should restart the claim clock when the request enters a new queue', () => {
    const moved = moveRequest(fresh(), { type: 'escalate', to: { kind: 'area', code: 'T' }, reason: 'r' }, 2, t0 + 30 * H);
    if (!moved.ok) throw new Error('move failed');
    const r = moved.value.request;
    expect(r.claimDueAt).toBe(t0 + 54 * H);
    expect(keys(r, t0 + 31 * H)).toEqual([]);
    expect(dueReminders(r, t0 + 54 * H)[0].key).toBe(`sla:7:claim:${t0 + 54 * H}:breach:0`);
  });

  it('should keep reminding after a reopen, within the original resolve deadline', () => {
    let r = fresh();
    for (const step of [{ type: 'claim' }, { type: 'reply', text: 'x' }, { type: 'resolve', text: 'x' }] as const) {
      const res = transition(r, step, 2, t0 + H);
      if (!res.ok) throw new Error('step failed');
      r = res.value.request;
    }
    expect(dueReminders(r, t0 + 200 * H)).toEqual([]); // resolved: no clock
    const reopened = transition(r, { type: 'rate', rating: 'unsatisfied' }, 1, t0 + 2 * H);
    if (!reopened.ok) throw new Error('rate failed');
    expect(keys(reopened.value.request, t0 + 169 * H)).toEqual(['resolve:breach:0']);
  });

  it('should say when to look next, and never for a closed request', () => {
    const r = fresh();
    expect(firstReminderAt(r)).toBe(t0 + 19.2 * H);
    expect(nextReminderAt(r, t0)).toBe(t0 + 19.2 * H);
    expect(nextReminderAt(r, t0 + 20 * H)).toBe(t0 + 24 * H);
    expect(nextReminderAt(r, t0 + 25 * H)).toBe(t0 + 24 * H + REPEAT_MS);
    expect(nextReminderAt({ ...r, status: 'closed' }, t0)).toBeNull();
  });

  it('should use category and urgent limits', () => {
    const policy = { ...DEFAULT_POLICY, byCategory: { gas: { claimMs: H, answerMs: 2 * H, resolveMs: 6 * H } } };
    expect(limitsFor(policy, 'gas')).toEqual({ claimMs: H, answerMs: 2 * H, resolveMs: 6 * H });
    expect(limitsFor(policy, 'water')).toBe(policy.default);
    expect(limitsFor(policy, 'water', true)).toBe(policy.urgent);
  });
});
