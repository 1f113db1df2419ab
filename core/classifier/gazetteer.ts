/**
 * Resolves a place mention against the org's areas: names, aliases and short forms (`3组`,
 * `王家村`, `城关`), looking first near the sender (their village), then in their township, then
 * the county. Unknown places stay free text (null here).
 */
import type { Area } from '../model';
import type { OrgTree } from '../org-tree';

const SUFFIX = /(县|街道|镇|乡|社区|村|网格)$/;

function namesOf(a: Area): string[] {
  const names = [a.name, ...(a.aliases ?? [])];
  const short = a.name.replace(SUFFIX, '');
  if (short.length >= 2 && short !== a.name) names.push(short);
  return names;
}

/** The area a place mention refers to, searched outward from the sender's grid; null when none. */
export function resolvePlace(place: string | null, senderGrid: string, tree: OrgTree): Area | null {
  if (!place) return null;
  const chain = tree.ancestors(senderGrid); // grid, village, township, county
  for (const scope of chain.slice(1)) {
    let best: { area: Area; length: number } | null = null;
    for (const area of tree.all()) {
      if (area.code === scope.code || !tree.isWithin(area.code, scope.code)) continue;
      for (const name of namesOf(area)) {
        if (place.includes(name) && (!best || name.length > best.length || (name.length === best.length && depth(tree, area) > depth(tree, best.area)))) best = { area, length: name.length };
      }
    }
    if (best) return best.area;
  }
  return null;
}

const depth = (tree: OrgTree, a: Area) => tree.ancestors(a.code).length;
