import { readDuplicatePairs } from '../../adapters/classifier/labelled-data';
import { findDuplicate, problemOf, textSimilarity } from '../../core/classifier/similarity';
import { extractPlace } from '../../core/classifier/place';

describe('duplicate detection', () => {
  it('should match a report with a phone number and one an hour later without it (issue 15)', () => {
    const first = '3组12号门口路灯坏了 联系我138-1234-5678 …';
    const second = '3组12号门口的路灯坏了好几天了';
    expect(extractPlace(first)).toBe('3组12号门口');
    expect(findDuplicate({ category: 'municipal', detail: second, place: extractPlace(second) }, [{ id: 7, category: 'municipal', detail: first, place: extractPlace(first) }])?.id).toBe(7);
  });

  it('should compare problems, not places', () => {
    expect(problemOf('1组村口路灯坏了', null)).not.toContain('1组');
    expect(textSimilarity('隔壁天天半夜打麻将吵死了', '隔壁打麻将到半夜 吵得睡不着')).toBeGreaterThan(0.2);
    expect(findDuplicate({ category: 'municipal', detail: '1组村口路灯坏了', place: '1组村' }, [{ id: 3, category: 'municipal', detail: '1组村口那个井盖丢了', place: '1组村' }])).toBeNull();
    expect(findDuplicate({ category: 'water', detail: '停水两天了', place: null }, [{ id: 3, category: 'power', detail: '停水两天了', place: null }])).toBeNull();
  });

  it('should keep precision at least 95 % on the labelled pairs', () => {
    const pairs = readDuplicatePairs();
    expect(pairs.length).toBeGreaterThanOrEqual(50);
    let tp = 0;
    let fp = 0;
    for (const p of pairs) {
      const found = findDuplicate({ category: p.category, detail: p.second, place: extractPlace(p.second) }, [{ id: 1, category: p.category, detail: p.first, place: extractPlace(p.first) }]) !== null;
      if (found && p.same) tp++;
      else if (found) fp++;
    }
    expect(tp / (tp + fp)).toBeGreaterThanOrEqual(0.95);
    expect(tp).toBeGreaterThanOrEqual(15);
  });
});
