import { matchGroupToArea, normaliseGroupName } from '../../core/customer-group-match';

const AREAS = [
  { code: 'MS0201', name: '王家村' },
  { code: 'MS020101', name: '王家村1-3组网格' },
  { code: 'MS020102', name: '王家村4-6组网格' },
  { code: 'MS010101', name: '东风社区第1网格', aliases: ['东风一网格'] },
  { code: 'MS010102', name: '东风社区第2网格' },
  { code: 'X1', name: '新村' },
  { code: 'X2', name: '新村' },
];

describe('matchGroupToArea', () => {
  it('should suggest the grid a group is named after, the longest name winning over its village', () => {
    expect(matchGroupToArea('王家村1-3组网格群', AREAS)).toEqual({ kind: 'area', code: 'MS020101' });
    expect(matchGroupToArea('王家村4-6组群', AREAS)).toEqual({ kind: 'area', code: 'MS020102' });
    expect(matchGroupToArea('王家村村民群', AREAS)).toEqual({ kind: 'area', code: 'MS0201' });
  });

  it('should read full-width digits, spaces and 至 between numbers', () => {
    expect(normaliseGroupName('王家村１～３组 网格群')).toBe('王家村1-3组网格群');
    expect(matchGroupToArea('王家村１至３组网格群', AREAS)).toEqual({ kind: 'area', code: 'MS020101' });
    expect(matchGroupToArea('东风社区 第１网格 居民群', AREAS)).toEqual({ kind: 'area', code: 'MS010101' });
  });

  it('should match aliases, and not take 第1 for 第12', () => {
    expect(matchGroupToArea('东风一网格群', AREAS)).toEqual({ kind: 'area', code: 'MS010101' });
    expect(matchGroupToArea('东风社区第12网格群', AREAS)).toEqual({ kind: 'none' });
  });

  it('should call two areas of the same name ambiguous, and an unknown name no match', () => {
    expect(matchGroupToArea('新村群', AREAS)).toEqual({ kind: 'ambiguous', codes: ['X1', 'X2'] });
    expect(matchGroupToArea('广场舞爱好者', AREAS)).toEqual({ kind: 'none' });
    expect(matchGroupToArea('', AREAS)).toEqual({ kind: 'none' });
  });
});
