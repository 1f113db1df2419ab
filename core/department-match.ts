/**
 * Finds a department by what a dispatcher types: its code, its full name, or a short form
 * (`住建` finds 县住建局). When nothing fits, suggests the closest name.
 */
import type { DepartmentRef } from './queue';

export type DepartmentMatch = { ok: true; department: DepartmentRef } | { ok: false; suggestion: DepartmentRef | null };

const SUFFIXES = /^(县|市|区)|(局|委|办|中心|公司|所|站)$/g;

function core(name: string): string {
  return name.replace(SUFFIXES, '').replace(SUFFIXES, '');
}

/**
 * Overlap (Dice coefficient) of the characters and character pairs of two short Chinese
 * names: `住键` (a typo) still shares 住 with 住建.
 */
export function similarity(a: string, b: string): number {
  const grams = (s: string) => {
    const out = new Map<string, number>();
    const add = (g: string) => out.set(g, (out.get(g) ?? 0) + 1);
    for (const ch of s) add(ch);
    for (let i = 0; i < s.length - 1; i++) add(s.slice(i, i + 2));
    return out;
  };
  const ga = grams(a);
  const gb = grams(b);
  let common = 0;
  for (const [g, n] of ga) common += Math.min(n, gb.get(g) ?? 0);
  const total = [...ga.values()].reduce((x, y) => x + y, 0) + [...gb.values()].reduce((x, y) => x + y, 0);
  return total === 0 ? 0 : (2 * common) / total;
}

/** Resolves `input` against `departments`. Unambiguous short forms match; otherwise a suggestion. */
export function matchDepartment(input: string, departments: readonly DepartmentRef[]): DepartmentMatch {
  const q = input.trim();
  if (!q) return { ok: false, suggestion: null };
  const exact = departments.find((d) => d.code.toLowerCase() === q.toLowerCase() || d.name === q);
  if (exact) return { ok: true, department: exact };
  const qc = core(q);
  const containing = departments.filter((d) => qc.length >= 2 && (d.name.includes(qc) || core(d.name) === qc));
  if (containing.length === 1) return { ok: true, department: containing[0] };
  const ranked = [...departments].map((d) => ({ d, score: similarity(core(d.name), qc) })).sort((a, b) => b.score - a.score);
  return { ok: false, suggestion: ranked[0] && ranked[0].score > 0 ? ranked[0].d : null };
}
