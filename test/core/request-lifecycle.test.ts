import type { CitizenRequest } from '../../core/model';
import { submitRequest, transition } from '../../core/request-lifecycle';
import { DEFAULT_SLA } from '../../core/sla-policy';

const t0 = Date.UTC(2026, 10, 24, 1, 0);
const fresh = (): CitizenRequest =>
  submitRequest({
    id: 12, category: 'municipal', areaCode: 'G1', place: '3组', detail: '路灯坏了', phone: null, photos: [], sensitive: false, reporterId: 1,
    origin: { channel: 'telegram', chatId: '-1', userId: '7', name: '王' },
  }, t0).request;

function apply(r: CitizenRequest, ...steps: Parameters<typeof transition>[1][]): CitizenRequest {
  return steps.reduce((cur, s) => {
    const res = transition(cur, s, 2, t0 + 1000);
    if (!res.ok) throw new Error(JSON.stringify(res.error));
    return res.value.request;
  }, r);
}

describe('request lifecycle', () => {
  it('should set the 24 h / 72 h / 7 d deadlines on submit', () => {
    const { request, events } = submitRequest({ ...fresh(), id: 1 }, t0);
    expect(request.status).toBe('submitted');
    expect(request.claimDueAt - t0).toBe(DEFAULT_SLA.claimMs);
    expect(request.answerDueAt - t0).toBe(72 * 3_600_000);
    expect(request.resolveDueAt - t0).toBe(7 * 24 * 3_600_000);
    expect(events).toEqual([expect.objectContaining({ type: 'submitted', toStatus: 'submitted' })]);
  });

  it('should walk the closed loop claim → reply → resolve → rate', () => {
    const done = apply(fresh(), { type: 'claim' }, { type: 'reply', text: '明天修' }, { type: 'resolve', text: '修好了' }, { type: 'rate', rating: 'satisfied' });
    expect(done).toMatchObject({ status: 'closed', rating: 'satisfied', assigneeId: 2 });
  });

  it('should reopen on an unsatisfied rating and count it', () => {
    const resolved = apply(fresh(), { type: 'claim' }, { type: 'resolve', text: '修好了' });
    const res = transition(resolved, { type: 'rate', rating: 'unsatisfied' }, 1, t0 + 5000);
    expect(res.ok && res.value.request).toMatchObject({ status: 'claimed', reopenCount: 1, assigneeId: 2, resolvedAt: null });
    expect(res.ok && res.value.events.map((e) => e.type)).toEqual(['rated', 'reopened']);
  });

  it('should refuse steps that the status does not allow', () => {
    expect(transition(fresh(), { type: 'resolve', text: 'x' }, 2, t0)).toEqual({ ok: false, error: expect.objectContaining({ code: 'REQUEST.BAD_STATE' }) });
    const resolved = apply(fresh(), { type: 'claim' }, { type: 'resolve', text: 'ok' });
    expect(transition(resolved, { type: 'withdraw' }, 1, t0).ok).toBe(false);
    expect(transition(resolved, { type: 'claim' }, 2, t0).ok).toBe(false);
  });

  it('should allow withdrawing before resolve only', () => {
    expect(apply(fresh(), { type: 'withdraw' }).status).toBe('withdrawn');
    expect(apply(fresh(), { type: 'claim' }, { type: 'withdraw' }).status).toBe('withdrawn');
  });
});
