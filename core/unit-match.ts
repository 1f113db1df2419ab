/**
 * Issue 14 — 交办 to any unit: finds the unit a dispatcher names in `派单 N 清河镇` / `派单 N 王家村` /
 * `派单 N 王家村1-3组网格` / `派单 N 住建` among the areas of their subtree and the departments.
 * A name that fits no unit (or several) is never a dead end: the answer lists what exists,
 * nearest first (the areas right below, then the departments, then deeper areas).
 */
import type { Area, Queue } from './model';
import type { OrgTree } from './org-tree';
import { matchDepartment, similarity } from './department-match';
import type { DepartmentRef } from './queue';
import { normalizeText } from './text-tools';


/** Where a person may send a request. */
export interface UnitScope {
  /** The root of the areas they may send to (their own area); null: no areas, departments only. */
  within: string | null;
  /** Whether departments may be chosen. */
  departments: boolean;
}

/** A unit found, or what to offer instead. */
export type UnitMatch =
  | { ok: true; queue: Queue; name: string }
  | { ok: false; suggestion: string | null; choices: string[] };

/** How many names the "可派" list shows at most. */
export const MAX_CHOICES = 8;

const AREA_SUFFIX = /(网格|街道|社区|镇|乡|村)$/;
const areaCore = (name: string) => name.replace(/^(.+?县)/, '').replace(AREA_SUFFIX, '');
/** The distinctive part of any unit's name, for suggestions: 县住建局 → 住建, 清河镇 → 清河. */
const unitCore = (name: string) => areaCore(name).replace(/^(县|市|区)/, '').replace(/(局|委|办|中心|公司|所|站)$/, '');

/** The areas within `root` below it, nearest first (children, then grandchildren …), in tree order. */
function areasBelow(tree: OrgTree, root: string): Area[] {
  const out: Area[] = [];
  let level = tree.all().filter((a) => a.parent === root);
  while (level.length) {
    out.push(...level);
    const codes = new Set(level.map((a) => a.code));
    level = tree.all().filter((a) => a.parent !== null && codes.has(a.parent));
  }
  return out;
}

/** Resolves `input` to a unit within `scope`. */
export function matchUnit(input: string, tree: OrgTree, departments: readonly DepartmentRef[], scope: UnitScope): UnitMatch {
  const q = normalizeText(input).replace(/[\s，,。]+$/, '');
  const areas = scope.within ? [tree.get(scope.within), ...areasBelow(tree, scope.within)].filter((a): a is Area => !!a) : [];
  const depts = scope.departments ? departments : [];
  const asArea = (a: Area): UnitMatch => ({ ok: true, queue: { kind: 'area', code: a.code }, name: a.name });
  const asDept = (d: DepartmentRef): UnitMatch => ({ ok: true, queue: { kind: 'department', code: d.code }, name: d.name });
  if (q) {
    // 1. A code, a full name or an alias, exactly.
    const exactArea = areas.filter((a) => a.code.toLowerCase() === q.toLowerCase() || a.name === q || (a.aliases ?? []).includes(q));
    if (exactArea.length === 1) return asArea(exactArea[0]);
    const dept = depts.length ? matchDepartment(q, depts) : null;
    if (dept?.ok && exactArea.length === 0) return asDept(dept.department);
    // 2. A short form: `清河` for 清河镇, `王家村1-3组` for 王家村1-3组网格.
    const qc = areaCore(q);
    const byCore = areas.filter((a) => qc.length >= 2 && areaCore(a.name) === qc);
    if (byCore.length === 1 && exactArea.length === 0) return asArea(byCore[0]);
    // 3. A part of exactly one name.
    const containing = areas.filter((a) => qc.length >= 2 && a.name.includes(qc));
    if (containing.length === 1 && exactArea.length === 0 && byCore.length === 0) return asArea(containing[0]);
  }
  const names = [...areas.filter((a) => a.parent === scope.within).map((a) => a.name), ...depts.map((d) => d.name), ...areas.filter((a) => a.parent !== scope.within && a.code !== scope.within).map((a) => a.name)];
  const ranked = q ? [...names].map((n) => ({ n, score: similarity(unitCore(n), unitCore(q)) })).sort((a, b) => b.score - a.score) : [];
  return { ok: false, suggestion: ranked[0] && ranked[0].score > 0.3 ? ranked[0].n : null, choices: names.slice(0, MAX_CHOICES) };
}
