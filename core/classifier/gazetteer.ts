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

/** The org's names, indexed once per tree: name → areas, and the distinct name lengths. */
interface Gazetteer {
  byName: Map<string, Area[]>;
  lengths: number[];
  /** Names of villages and above (at least 2 characters), for the place extractor. */
  names: string[];
}
const GAZETTEERS = new WeakMap<OrgTree, Gazetteer>();

function gazetteerOf(tree: OrgTree): Gazetteer {
  let g = GAZETTEERS.get(tree);
  if (!g) {
    const byName = new Map<string, Area[]>();
    for (const area of tree.all()) for (const name of new Set(namesOf(area))) byName.set(name, [...(byName.get(name) ?? []), area]);
    const names = [...new Set(tree.all().filter((a) => a.level !== 'grid').flatMap(namesOf))].filter((n) => n.length >= 2);
    g = { byName, lengths: [...new Set([...byName.keys()].map((n) => n.length))], names };
    GAZETTEERS.set(tree, g);
  }
  return g;
}

interface Mention {
  area: Area;
  length: number;
}

/** Every area named somewhere in the text: one set lookup per position and name length. */
function mentionsIn(text: string, g: Gazetteer): Mention[] {
  const out: Mention[] = [];
  for (let i = 0; i < text.length; i++) {
    for (const length of g.lengths) {
      const areas = i + length <= text.length ? g.byName.get(text.slice(i, i + length)) : undefined;
      if (areas) for (const area of areas) out.push({ area, length });
    }
  }
  return out;
}

/** The area a place mention refers to. Names of villages, townships and the county are looked
 * for anywhere, nearest the sender first; short forms of grids (`3组`) only inside the named
 * village, or the sender's own when none is named. Null when nothing matches. */
export function resolvePlace(place: string | null, senderGrid: string, tree: OrgTree): Area | null {
  if (!place) return null;
  const found = mentionsIn(digitsInPlace(place), gazetteerOf(tree));
  if (!found.length) return null;
  const chain = tree.ancestors(senderGrid); // grid, village, township, county
  let named: Area | null = null;
  for (const scope of chain.slice(1)) {
    named = bestMatch(found.filter((m) => m.area.level !== 'grid' && m.area.code !== scope.code && tree.isWithin(m.area.code, scope.code)), tree);
    if (named) break;
  }
  const base = named ?? chain[1];
  if (!base) return null;
  return bestMatch(found.filter((m) => m.area.code !== base.code && tree.isWithin(m.area.code, base.code)), tree) ?? named;
}

/** The area with the longest name among the mentions; deeper areas win ties. */
function bestMatch(mentions: readonly Mention[], tree: OrgTree): Area | null {
  let best: Mention | null = null;
  for (const m of mentions) {
    if (!best || m.length > best.length || (m.length === best.length && depth(tree, m.area) > depth(tree, best.area))) best = m;
  }
  return best?.area ?? null;
}

const depth = (tree: OrgTree, a: Area) => tree.ancestors(a.code).length;

/** Every name, alias and short form of the org's villages and above: what the place extractor should know (one array per tree). */
export function placeNames(tree: OrgTree): string[] {
  return gazetteerOf(tree).names;
}
