/** The 信访 statutory clock: transitions and reminders (pure). */
import { nextPetitionCheck, petitionReminders, superviseReminder } from '../../core/petitions/clock';
import { documentNumber, legalRouteOf } from '../../core/petitions/documents';
import { collectiveOf, isBypass, repeatsOf } from '../../core/petitions/kinds';
import { petitionStep, registerPetition, type Petition } from '../../core/petitions/petition';
import { DEFAULT_PETITION_SETTINGS, petitionLimitsOf } from '../../core/petitions/settings';

const DAY = 86_400_000;
const limits = petitionLimitsOf(DEFAULT_PETITION_SETTINGS);
const T0 = Date.UTC(2026, 0, 5, 1);
const fresh = () => registerPetition({ requestId: 7, channel: 'online', entryLevel: 'grid', receivedAt: T0, repeatOf: [], collective: false, households: 1, bypassed: false }, limits);
const step = (p: Petition, a: Parameters<typeof petitionStep>[1], at: number) => {
  const r = petitionStep(p, a, at, limits);
  if (!r.ok) throw new Error(JSON.stringify(r.error));
  return r.petition;
};

describe('信访 statutory clock', () => {
  it('should decide within 15 days, handle within 60, extend once by at most 30', () => {
    const p = fresh();
    expect(p.acceptDueAt).toBe(T0 + 15 * DAY);
    const accepted = step(p, { type: 'accept' }, T0 + 2 * DAY);
    expect(accepted.handleDueAt).toBe(T0 + 62 * DAY);
    expect(petitionStep(accepted, { type: 'extend', days: 31, reason: '复杂' }, T0 + 50 * DAY, limits)).toMatchObject({ ok: false, error: { code: 'PETITION.EXTEND_TOO_LONG', maxDays: 30 } });
    const extended = step(accepted, { type: 'extend', days: 30, reason: '需要现场核实' }, T0 + 50 * DAY);
    expect(extended.handleDueAt).toBe(T0 + 92 * DAY);
    expect(petitionStep(extended, { type: 'extend', days: 5, reason: '再延' }, T0 + 60 * DAY, limits)).toMatchObject({ ok: false, error: { code: 'PETITION.EXTENDED_ALREADY' } });
  });

  it('should open 复查 for 30 days after the answer, each review with its own 30-day limit', () => {
    const answered = step(step(fresh(), { type: 'accept' }, T0), { type: 'answer', text: '处理意见' }, T0 + 40 * DAY);
    expect(petitionStep(answered, { type: 'requestReview' }, T0 + 71 * DAY, limits)).toMatchObject({ ok: false, error: { code: 'PETITION.WINDOW_CLOSED' } });
    const review = step(answered, { type: 'requestReview' }, T0 + 69 * DAY);
    expect(review.reviewDueAt).toBe(T0 + 99 * DAY);
    const reviewed = step(review, { type: 'review', text: '维持' }, T0 + 80 * DAY);
    const recheck = step(reviewed, { type: 'requestRecheck' }, T0 + 100 * DAY);
    expect(recheck.recheckDueAt).toBe(T0 + 130 * DAY);
    expect(petitionStep(recheck, { type: 'accept' }, T0, limits)).toMatchObject({ ok: false, error: { code: 'PETITION.BAD_STATE', status: 'recheck' } });
  });

  it('should need the agreement to close by 化解', () => {
    const p = step(fresh(), { type: 'accept' }, T0);
    expect(petitionStep(p, { type: 'resolve', agreement: ' ', agreementRef: null }, T0, limits)).toMatchObject({ ok: false, error: { code: 'PETITION.NO_AGREEMENT' } });
    expect(step(p, { type: 'resolve', agreement: '', agreementRef: 'blob:ab' }, T0).status).toBe('resolved');
  });

  it('should warn at 80 %, breach at the deadline and start again for an extended one', () => {
    const accepted = step(fresh(), { type: 'accept' }, T0);
    expect(petitionReminders(accepted, T0 + 47 * DAY)).toEqual([]);
    expect(petitionReminders(accepted, T0 + 48 * DAY)).toEqual([expect.objectContaining({ phase: 'handle', kind: 'warn', key: 'petition:7:handle:0:warn' })]);
    expect(petitionReminders(accepted, T0 + 61 * DAY)).toEqual([expect.objectContaining({ kind: 'breach', repeat: 1 })]);
    const extended = step(accepted, { type: 'extend', days: 30, reason: '核实' }, T0 + 59 * DAY);
    // The new deadline (day 90) is a new cycle: quiet until 80 % of it (day 72), then warned once more.
    expect(petitionReminders(extended, T0 + 61 * DAY)).toEqual([]);
    expect(nextPetitionCheck(extended, T0 + 61 * DAY, limits)).toBe(T0 + 72 * DAY);
    expect(petitionReminders(extended, T0 + 73 * DAY)).toEqual([expect.objectContaining({ key: 'petition:7:handle:30:warn' })]);
  });

  it('should remind the supervising leader weekly, then weekly past the deadline', () => {
    const p: Petition = { ...step(fresh(), { type: 'accept' }, T0), backlog: { listedAt: T0, listedBy: 1, leader: null, taskForce: [], plan: null, supervisor: { personId: 2, name: '王书记' }, dossierCheckedAt: null, supervisedAt: T0, supervisedDueAt: T0 + 20 * DAY } };
    expect(superviseReminder(p, T0 + 6 * DAY, limits)).toBeNull();
    expect(superviseReminder(p, T0 + 8 * DAY, limits)).toMatchObject({ kind: 'week', n: 1 });
    expect(superviseReminder(p, T0 + 15 * DAY, limits)).toMatchObject({ kind: 'week', n: 2 });
    expect(superviseReminder(p, T0 + 21 * DAY, limits)).toMatchObject({ kind: 'overdue', n: 0 });
    expect(nextPetitionCheck(p, T0 + 15 * DAY, limits)).toBe(T0 + 20 * DAY);
  });

  it('should number documents per word and year, and read the legal route of a refusal', () => {
    expect(documentNumber('明信', 'not_accept', 2026, 127)).toBe('明信告〔2026〕127号');
    expect(documentNumber('明信', 'opinion', 2026, 3)).toBe('明信处〔2026〕3号');
    expect(legalRouteOf('属于法院已判决事项')).toBe('litigation');
    expect(legalRouteOf('劳动争议应申请仲裁')).toBe('arbitration');
  });

  it('should tell first from repeat, collective and 越级', () => {
    const earlier = [
      { requestId: 1, receivedAt: T0 - 400 * DAY, category: 'labor' as const, detail: '工资被拖欠', households: [5] },
      { requestId: 2, receivedAt: T0 - 100 * DAY, category: 'labor' as const, detail: '工资被拖欠', households: [5] },
      { requestId: 3, receivedAt: T0 - 50 * DAY, category: 'water' as const, detail: '停水', households: [9] },
    ];
    expect(repeatsOf({ category: 'labor', detail: '工资还没发', households: [5, 6], receivedAt: T0 }, earlier, limits.repeatWindowMs)).toEqual([2]);
    expect(collectiveOf(4, null, 5)).toEqual({ collective: false, people: 4 });
    expect(collectiveOf(2, 12, 5)).toEqual({ collective: true, people: 12 });
    expect(isBypass('county', false, false)).toBe(true);
    expect(isBypass('county', true, false)).toBe(false);
    expect(isBypass('township', false, false)).toBe(false);
  });
});
