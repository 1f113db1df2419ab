import fs from 'node:fs';
import path from 'node:path';
import { resolvePlace } from '../../core/classifier/gazetteer';
import { parseOrgFile } from '../../core/org-file';
import { createOrgTree } from '../../core/org-tree';

const parsed = parseOrgFile(JSON.parse(fs.readFileSync(path.join(__dirname, '../../adapters/org/demo-org.json'), 'utf8')));
if (!parsed.ok) throw new Error('demo org invalid');
const tree = createOrgTree(parsed.org.areas);

describe('gazetteer', () => {
  it('should resolve short forms within the sender\'s village first', () => {
    expect(resolvePlace('5组18号', 'MS020101', tree)?.code).toBe('MS020102'); // 王家村4-6组网格 (alias 5组)
    expect(resolvePlace('3组王家门口', 'MS020101', tree)?.code).toBe('MS020101');
  });

  it('should resolve names elsewhere in the county and leave unknown places alone', () => {
    expect(resolvePlace('东风社区北门', 'MS020101', tree)?.code).toBe('MS0101');
    expect(resolvePlace('李庄村7组', 'MS020101', tree)?.code).toBe('MS0202');
    expect(resolvePlace('幸福小区2栋', 'MS020101', tree)).toBeNull();
    expect(resolvePlace(null, 'MS020101', tree)).toBeNull();
  });
});
