import { parseCategory, raiseUrgency, recategorize } from '../../core/corrections';
import { submitRequest } from '../../core/request-lifecycle';
import { DEFAULT_POLICY } from '../../core/sla-policy';

const HOUR = 3_600_000;
const base = submitRequest({
  id: 5, category: 'municipal', areaCode: 'G1', place: null, detail: '路灯坏了', phone: null, photos: [], sensitive: false, reporterId: 1,
  origin: { channel: 'telegram', chatId: '-1', userId: '1', name: 'x' },
}, 0).request;

describe('corrections (issue 15)', () => {
  it.each([['供水', 'water'], ['water', 'water'], ['WATER', 'water'], ['社会救助', 'welfare'], ['救助', 'welfare'], ['住房', 'housing'], ['Public works', 'municipal'], ['火星', null], ['', null]])('should read %s as %s', (input, code) => {
    expect(parseCategory(input)).toBe(code);
  });

  it('should change the category and keep what the model read', () => {
    const r = recategorize(base, 'power', 9, 100);
    expect(r).toMatchObject({ ok: true, request: { category: 'power' }, event: { type: 'recategorized', note: 'municipal→power' }, correction: { kind: 'category', from: 'municipal', to: 'power', byId: 9 } });
    expect(recategorize(base, 'municipal', 9, 100)).toEqual({ ok: false, reason: 'same' });
    expect(recategorize({ ...base, status: 'closed' }, 'power', 9, 100)).toEqual({ ok: false, reason: 'closed' });
  });

  it('should raise to urgent limits counted from submission, never later than before', () => {
    const r = raiseUrgency(base, DEFAULT_POLICY.urgent, 9, 2 * HOUR, 'possible');
    expect(r.ok && r.request.urgent).toBe(true);
    expect(r.ok && r.request.claimDueAt).toBe(DEFAULT_POLICY.urgent.claimMs);
    expect(r.ok && r.correction).toMatchObject({ kind: 'urgency', from: 'possible', to: 'urgent' });
    expect(raiseUrgency({ ...base, urgent: true }, DEFAULT_POLICY.urgent, 9, 0)).toEqual({ ok: false, reason: 'same' });
    const early = { ...base, claimDueAt: 10 };
    const e = raiseUrgency(early, DEFAULT_POLICY.urgent, 9, 0);
    expect(e.ok && e.request.claimDueAt).toBe(10);
  });
});
