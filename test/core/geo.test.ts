import fs from 'node:fs';
import path from 'node:path';
import { distanceKm, nearestGrid, searchScope } from '../../core/geo';
import { parseOrgFile } from '../../core/org-file';
import { createOrgTree } from '../../core/org-tree';

const demo = JSON.parse(fs.readFileSync(path.join(__dirname, '../../adapters/org/demo-org.json'), 'utf8'));
/** 王家村 grids 1.1 km apart, 李庄村 further east. */
export const CENTRES: Record<string, [number, number]> = {
  MS020101: [25.03, 102.7], MS020102: [25.04, 102.706], MS020201: [25.05, 102.73], MS020202: [25.06, 102.74],
};
const withCentres = { ...demo, areas: demo.areas.map((a: { code: string }) => (CENTRES[a.code] ? { ...a, lat: CENTRES[a.code][0], lng: CENTRES[a.code][1] } : a)) };

describe('geo: a location to a grid', () => {
  const parsed = parseOrgFile(withCentres);
  if (!parsed.ok) throw new Error(parsed.errors.join('; '));
  const tree = createOrgTree(parsed.org.areas);

  it('should measure great-circle distances', () => {
    expect(distanceKm({ lat: 25, lng: 102 }, { lat: 25, lng: 102 })).toBe(0);
    expect(distanceKm({ lat: 0, lng: 0 }, { lat: 1, lng: 0 })).toBeCloseTo(111.19, 1);
    expect(distanceKm({ lat: 25.03, lng: 102.7 }, { lat: 25.04, lng: 102.706 })).toBeGreaterThan(1.1);
  });

  it('should pick the nearest grid centre within the village of a grid, or within a village or township', () => {
    expect(searchScope(tree, 'MS020101')?.code).toBe('MS0201');
    expect(searchScope(tree, 'MS02')?.code).toBe('MS02');
    expect(searchScope(tree, 'MS')).toBeNull();
    expect(nearestGrid(tree, 'MS020101', { lat: 25.039, lng: 102.705 })?.code).toBe('MS020102');
    expect(nearestGrid(tree, 'MS0201', { lat: 25.031, lng: 102.701 })?.code).toBe('MS020101');
    // From the township, 李庄村's grids count too; from 王家村's grid, they do not.
    expect(nearestGrid(tree, 'MS02', { lat: 25.059, lng: 102.739 })?.code).toBe('MS020202');
    expect(nearestGrid(tree, 'MS020101', { lat: 25.059, lng: 102.739 })?.code).toBe('MS020102');
  });

  it('should give no grid for a point far from every centre, in a scope without centres, or at the county', () => {
    expect(nearestGrid(tree, 'MS020101', { lat: 39.9, lng: 116.4 })).toBeNull(); // Beijing
    expect(nearestGrid(tree, 'MS0101', { lat: 25.03, lng: 102.7 })).toBeNull(); // 东风社区 has no centres
    expect(nearestGrid(tree, 'MS', { lat: 25.03, lng: 102.7 })).toBeNull();
  });

  it('should refuse half a centre and coordinates out of range in the org file', () => {
    const half = { ...demo, areas: demo.areas.map((a: { code: string }) => (a.code === 'MS020101' ? { ...a, lat: 25 } : a)) };
    const r = parseOrgFile(half);
    expect(!r.ok && r.errors).toEqual([expect.stringMatching(/^areas\.\d+: give both lat and lng, or neither$/)]);
    const far = { ...demo, areas: demo.areas.map((a: { code: string }) => (a.code === 'MS020101' ? { ...a, lat: 95, lng: 102 } : a)) };
    expect(parseOrgFile(far).ok).toBe(false);
  });
});
