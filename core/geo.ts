/**
 * issue 13: a household's location resolved to a grid. Grids may have a centre point in the org
 * file (optional `lat`, `lng`); a location is given to the grid whose centre is nearest, looking
 * only within the village of the chat's area (or the township when the chat is a village's or
 * township's), and only when that centre is within `maxKm` — a point far from every centre says
 * nothing about which grid it is in.
 */
import type { Area, AreaLevel } from './model';
import type { OrgTree } from './org-tree';

/** A point on the earth, in degrees (WGS-84 or GCJ-02 alike: the grid centres must use the same). */
export interface GeoPoint {
  lat: number;
  lng: number;
}

/** Farthest a grid centre may be from the point to count. (default: 5 km) */
export const NEAREST_GRID_MAX_KM = 5;

const EARTH_KM = 6371;
const rad = (deg: number) => (deg * Math.PI) / 180;

/** Great-circle distance in kilometres (haversine). */
export function distanceKm(a: GeoPoint, b: GeoPoint): number {
  const dLat = rad(b.lat - a.lat);
  const dLng = rad(b.lng - a.lng);
  const h = Math.sin(dLat / 2) ** 2 + Math.cos(rad(a.lat)) * Math.cos(rad(b.lat)) * Math.sin(dLng / 2) ** 2;
  return 2 * EARTH_KM * Math.asin(Math.min(1, Math.sqrt(h)));
}

/** The centre of an area, when the org file gives one. */
export function centreOf(area: Area): GeoPoint | null {
  return typeof area.lat === 'number' && typeof area.lng === 'number' ? { lat: area.lat, lng: area.lng } : null;
}

/** Where to look for grids: a grid's (or group's) village, else the area itself when it is a village or township. */
export function searchScope(tree: OrgTree, areaCode: string): Area | null {
  const wanted: AreaLevel[] = ['village', 'township'];
  return tree.ancestors(areaCode).find((a) => wanted.includes(a.level)) ?? null;
}

/**
 * The grid with the nearest centre to `point` within the search scope of `areaCode`, or null
 * when no grid there has a centre within `maxKm`. Ties go to the grid listed first in the file.
 */
export function nearestGrid(tree: OrgTree, areaCode: string, point: GeoPoint, maxKm = NEAREST_GRID_MAX_KM): Area | null {
  const scope = searchScope(tree, areaCode);
  if (!scope) return null;
  let best: { area: Area; km: number } | null = null;
  for (const area of tree.all()) {
    if (area.level !== 'grid' || !tree.isWithin(area.code, scope.code)) continue;
    const centre = centreOf(area);
    if (!centre) continue;
    const km = distanceKm(point, centre);
    if (km <= maxKm && (!best || km < best.km)) best = { area, km };
  }
  return best?.area ?? null;
}
