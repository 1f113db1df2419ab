/** 信访 figures in the seeds' definitions, on hand-computed fixtures. */
import { countChange, emptyPetitionCounts, petitionRates, rankUnits, rateChange, scoreOf, type PetitionCounts } from '../../core/petitions/figures';
import { percent } from '../../core/metrics';

const counts = (c: Partial<PetitionCounts>): PetitionCounts => ({ ...emptyPetitionCounts(), ...c });

describe('信访 figures', () => {
  it('should reproduce seed 003: 按期办结率 over the 221 cases due, 及时受理率 over the 431 received', () => {
    // 431 received, all of them due for the acceptance decision in the period, 430 decided in time;
    // 221 due for handling (应办结), 218 answered or closed by their limit.
    const r = petitionRates(counts({ received: 431, acceptDue: 431, acceptOnTime: 430, handleDue: 221, handleOnTime: 218 }));
    expect(percent(r.timelyHandle)).toBe('98.64%');
    expect((r.timelyHandle! * 100).toFixed(1)).toBe('98.6');
    expect((r.timelyAccept! * 100).toFixed(1)).toBe('99.8');
  });

  it('should compute 网上受理率, 重复信访率, 满意率 and 化解率 as their definitions say', () => {
    const r = petitionRates(counts({ received: 40, online: 30, repeat: 6, rated: 20, satisfied: 15, basic: 3, backlog: 25, backlogResolved: 24 }));
    expect(r.onlineShare).toBeCloseTo(0.75);
    expect(r.repeatShare).toBeCloseTo(0.15);
    expect(r.satisfaction).toBeCloseTo(0.9);
    expect(percent(r.resolution)).toBe('96.00%');
    expect(petitionRates(counts({})).timelyHandle).toBeNull();
  });

  it('should give 同比 as a relative change and rates as percentage points', () => {
    // seed 003: 越级集体访批数同比下降49.2% — e.g. 33 batches after 65.
    expect(countChange(33, 65)).toBe('-49.2%');
    expect(countChange(5, 0)).toBe('—');
    expect(rateChange(0.986, 0.95)).toBe('+3.60个百分点');
  });

  it('should score 40 按期办结 + 30 及时受理 + 30 满意, re-weighted when a rate is missing, and rank best first', () => {
    expect(scoreOf(petitionRates(counts({ handleDue: 10, handleOnTime: 9, acceptDue: 10, acceptOnTime: 10, rated: 4, satisfied: 4 })))).toBe(96);
    // Nothing rated: (0.5·40 + 1·30) / 70 = 71.4
    expect(scoreOf(petitionRates(counts({ handleDue: 2, handleOnTime: 1, acceptDue: 1, acceptOnTime: 1 })))).toBe(71.4);
    const ranked = rankUnits([
      { code: 'A', name: '甲镇', counts: counts({ received: 3, handleDue: 2, handleOnTime: 1 }) },
      { code: 'B', name: '乙镇', counts: counts({ received: 5, handleDue: 2, handleOnTime: 2 }) },
      { code: 'C', name: '丙镇', counts: counts({}) },
    ]);
    expect(ranked.map((u) => [u.code, u.rank, u.score])).toEqual([['B', 1, 100], ['A', 2, 50], ['C', 3, null]]);
  });
});
