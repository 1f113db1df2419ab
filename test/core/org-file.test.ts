import fs from 'node:fs';
import path from 'node:path';
import { parseOrgFile } from '../../core/org-file';

const demo = JSON.parse(fs.readFileSync(path.join(__dirname, '../../adapters/org/demo-org.json'), 'utf8'));

describe('org file', () => {
  it('should accept the demo county', () => {
    const parsed = parseOrgFile(demo);
    expect(parsed.ok).toBe(true);
    if (parsed.ok) {
      expect(parsed.org.areas.filter((a) => a.level === 'grid')).toHaveLength(8);
      expect(parsed.org.departments).toHaveLength(5);
    }
  });

  it('should name the path of each bad field', () => {
    const broken = structuredClone(demo);
    broken.areas[3].parent = 'NOPE';
    broken.staff[0].area = 'X1';
    broken.staff[1].role = 'mayor';
    const parsed = parseOrgFile(broken);
    expect(parsed.ok).toBe(false);
    if (!parsed.ok) expect(parsed.errors.join('\n')).toMatch(/staff\.1\.role/);
    delete broken.staff[1].role;
    broken.staff[1].role = 'grid_worker';
    const again = parseOrgFile(broken);
    expect(again.ok).toBe(false);
    if (!again.ok) {
      expect(again.errors).toContain('areas.3.parent: no area with code NOPE');
      expect(again.errors).toContain('staff.0.area: no area with code X1');
    }
  });

  it('should refuse a grid above a village', () => {
    const broken = structuredClone(demo);
    broken.areas.push({ code: 'BAD', name: '错', level: 'village', parent: 'MS020101' });
    const parsed = parseOrgFile(broken);
    expect(!parsed.ok && parsed.errors).toEqual(['areas.15.parent: a village cannot sit under a grid']);
  });
});
