import { digitsInPlace, extractPlace } from '../../core/classifier/place';
import { placeNames, resolvePlace } from '../../core/classifier/gazetteer';
import { createOrgTree } from '../../core/org-tree';
import { DEMO_ORG_FILE, readOrgFile } from '../../adapters/org/org-import';
import { readLabelledMessages } from '../../adapters/classifier/labelled-data';

const tree = createOrgTree(readOrgFile(DEMO_ORG_FILE).areas);
const names = placeNames(tree);

describe('place mentions', () => {
  it.each([
    ['3组王家门口的路灯坏了', '3组王家门口'],
    ['幸福小区2栋1单元电梯坏了', '幸福小区2栋1单元'],
    ['12号楼3单元402漏水', '12号楼3单元402'],
    ['报事 七组老李家后面的排水沟堵了', '七组老李家后面'],
    ['建设路和人民路路口的红绿灯坏了', '建设路和人民路路口'],
    ['县医院门口乱停车', '县医院门口'],
    ['报事 城关菜市场门口垃圾成堆', '城关菜市场门口'],
    ['建议东风社区加几个晾衣架', '东风社区'],
    // Issue 15: 路灯 is a thing on a road, and a position word is not a road's name.
    ['3组12号门口路灯坏了 联系我138-1234-5678', '3组12号门口'],
    ['1组村口路灯坏了', '1组村口'],
    ['建设路路面坏了', '建设路'],
    ['幸福路上有个大坑', '幸福路'],
  ])('should find the place in %s', (text, place) => {
    expect(extractPlace(text, names)).toBe(place);
  });

  it.each(['家里停水了', '路灯坏了', '希望村里多搞点文化活动', '有人在村里赌博', '老板跑路了', '9月3号停水吗', '3号停电到几点', '二楼根本上不去水', '菜市场缺斤短两'])(
    'should find no place in %s',
    (text) => expect(extractPlace(text, names)).toBeNull(),
  );

  it('should find the labelled place of nearly every labelled message (rules in test/data/README.md)', () => {
    const all = readLabelledMessages();
    const wrong = all.filter((m) => extractPlace(m.text, names) !== (m.place ?? null));
    expect(wrong.length / all.length).toBeLessThanOrEqual(0.02);
    const misplaced = all.filter((m) => (resolvePlace(extractPlace(m.text, names), 'MS020101', tree)?.code ?? null) !== (m.placeArea ?? null));
    expect(misplaced.length / all.length).toBeLessThanOrEqual(0.02);
  });

  it('should read Chinese numerals before units', () => {
    expect(digitsInPlace('二组')).toBe('2组');
    expect(digitsInPlace('十二栋三单元')).toBe('12栋3单元');
    expect(digitsInPlace('二十组')).toBe('20组');
  });
});

describe('resolving places against the gazetteer', () => {
  const from = (place: string, grid = 'MS020101') => resolvePlace(place, grid, tree)?.code ?? null;

  it('should resolve a group short form within the sender village', () => {
    expect(from('二组')).toBe('MS020101');
    expect(from('5组12号门口')).toBe('MS020102');
  });

  it('should let a named village outrank the sender village for its groups', () => {
    expect(from('李庄村4组')).toBe('MS0202');
    expect(from('东风社区5栋')).toBe('MS0101');
    expect(from('城关')).toBe('MS01');
  });

  it('should leave unknown places as free text', () => {
    expect(from('幸福小区2栋')).toBeNull();
    expect(from('七组')).toBeNull();
    expect(from('5组', 'MS020201')).toBeNull(); // 李庄村 has no 5组 short form; 王家村's is not borrowed
  });
});

describe('things on a road are not roads (issue 15)', () => {
  it.each(['门口路灯坏了', '路口路灯不亮', '村口路灯坏了好几天'])('should not read a road in %s', (text) => {
    expect(extractPlace(text) ?? '').not.toMatch(/路$/);
  });
});
