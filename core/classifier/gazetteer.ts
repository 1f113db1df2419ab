/**
 * Resolves a place mention against the org's areas: names, aliases and short forms (`3组`,
 * `王家村`, `城关`): named areas nearest the sender first, short forms of grids within the named
 * (or the sender's) village. Unknown places stay free text (null here).
 */
import type { Area } from '../model';
import type { OrgTree } from '../org-tree';
import { digitsInPlace } from './place';

const SUFFIX = /(县|街道|镇|乡|社区|村|网格)$/;

function namesOf(a: Area): string[] {
  const names = [a.name, ...(a.aliases ?? [])];
  const short = a.name.replace(SUFFIX, '');
  if (short.length >= 2 && short !== a.name) names.push(short);
  return names;
}

/** The area a place mention refers to. Names of villages, townships and the county are looked
 * for anywhere, nearest the sender first; short forms of grids (`3组`) only inside the named
 * village, or the sender's own when none is named. Null when nothing matches. */
export function resolvePlace(place: string | null, senderGrid: string, tree: OrgTree): Area | null {
  if (!place) return null;
  const text = digitsInPlace(place);
  const chain = tree.ancestors(senderGrid); // grid, village, township, county
  let named: Area | null = null;
  for (const scope of chain.slice(1)) {
    named = bestMatch(text, tree.all().filter((a) => a.level !== 'grid' && a.code !== scope.code && tree.isWithin(a.code, scope.code)), tree);
    if (named) break;
  }
  const base = named ?? chain[1];
  if (!base) return null;
  const inside = bestMatch(text, tree.all().filter((a) => a.code !== base.code && tree.isWithin(a.code, base.code)), tree);
  return inside ?? named;
}

/** The area whose longest name the text contains; deeper areas win ties. */
function bestMatch(text: string, areas: readonly Area[], tree: OrgTree): Area | null {
  let best: { area: Area; length: number } | null = null;
  for (const area of areas) {
    for (const name of namesOf(area)) {
      if (text.includes(name) && (!best || name.length > best.length || (name.length === best.length && depth(tree, area) > depth(tree, best.area)))) best = { area, length: name.length };
    }
  }
  return best?.area ?? null;
}

const depth = (tree: OrgTree, a: Area) => tree.ancestors(a.code).length;

/** Every name, alias and short form of the org's areas: what the place extractor should know. */
export function placeNames(tree: OrgTree): string[] {
  return [...new Set(tree.all().filter((a) => a.level !== 'grid').flatMap(namesOf))].filter((n) => n.length >= 2);
}
