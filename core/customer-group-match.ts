/**
 * Issue 12: which area a WeCom customer group (客户群) is for, read from its name — a group named
 * `王家村1-3组网格群` is the grid 王家村1-3组网格. Used by `npm run wecom:groups` to suggest bindings
 * (staff confirm them with `--apply`); never to bind anything on its own.
 */

/** An area as the matcher needs it. */
export interface NamedArea {
  code: string;
  name: string;
  aliases?: readonly string[];
}

/** The suggestion for one group: one area, several equally good ones, or none. */
export type GroupMatch = { kind: 'area'; code: string } | { kind: 'ambiguous'; codes: string[] } | { kind: 'none' };

/** Words that name the kind of group or unit rather than the place (trailing, longest first). */
const SUFFIXES = ['网格员工作群', '网格微信群', '网格群', '微信群', '居民群', '村民群', '工作群', '网格', '群'];

/** Full-width digits and dashes as ASCII (NFKC), no spaces, 至 / 到 / ~ / — between numbers as a dash. */
export function normaliseGroupName(name: string): string {
  return name.normalize('NFKC').replace(/\s+/gu, '').replace(/(\d)[~至到—–](?=\d)/gu, '$1-');
}

function stem(name: string): string {
  let s = normaliseGroupName(name);
  for (let changed = true; changed; ) {
    changed = false;
    for (const suffix of SUFFIXES) {
      if (s.length > suffix.length + 1 && s.endsWith(suffix)) {
        s = s.slice(0, -suffix.length);
        changed = true;
      }
    }
  }
  return s;
}

/**
 * The area whose name (or an alias), without words like 网格/群, occurs in the group's name; the
 * longest such name wins (王家村1-3组 beats 王家村). Two different areas as long: ambiguous.
 * Names of fewer than 2 characters never match.
 */
export function matchGroupToArea(groupName: string, areas: readonly NamedArea[]): GroupMatch {
  const group = normaliseGroupName(groupName);
  let best = 0;
  let codes: string[] = [];
  for (const area of areas) {
    let score = 0;
    for (const name of [area.name, ...(area.aliases ?? [])]) {
      for (const candidate of new Set([normaliseGroupName(name), stem(name)])) {
        if (candidate.length >= 2 && group.includes(candidate) && !digitContinues(group, candidate)) score = Math.max(score, candidate.length);
      }
    }
    if (score === 0) continue;
    if (score > best) {
      best = score;
      codes = [area.code];
    } else if (score === best) codes.push(area.code);
  }
  if (codes.length === 0) return { kind: 'none' };
  return codes.length === 1 ? { kind: 'area', code: codes[0] } : { kind: 'ambiguous', codes };
}

/** `王家村1` inside `王家村12组`: the number goes on, so it is not that place. */
function digitContinues(group: string, candidate: string): boolean {
  if (!/\d$/.test(candidate)) return false;
  for (let at = group.indexOf(candidate); at >= 0; at = group.indexOf(candidate, at + 1)) {
    if (!/\d/.test(group[at + candidate.length] ?? '')) return false;
  }
  return true;
}
