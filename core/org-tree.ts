/** Helpers over the area tree (县 → 乡镇 → 村 → 网格), by area code. */
import type { Area } from './model';

/** A read-only view of the area tree with O(depth) ancestry queries. */
export interface OrgTree {
  get(code: string): Area | undefined;
  /** The area and all its ancestors, nearest first. */
  ancestors(code: string): Area[];
  /** True when `code` is `root` or lies below it. */
  isWithin(code: string, root: string): boolean;
  /** All areas in the tree. */
  all(): Area[];
}

/** Builds an OrgTree. Throws on a cycle, which the org-file validation reports earlier. */
export function createOrgTree(areas: readonly Area[]): OrgTree {
  const byCode = new Map(areas.map((a) => [a.code, a]));
  const ancestors = (code: string): Area[] => {
    const chain: Area[] = [];
    let cur = byCode.get(code);
    while (cur) {
      if (chain.length > byCode.size) throw new Error(`Area tree has a cycle at ${code}: fix the parent fields in the org file.`);
      chain.push(cur);
      cur = cur.parent ? byCode.get(cur.parent) : undefined;
    }
    return chain;
  };
  return {
    get: (code) => byCode.get(code),
    ancestors,
    isWithin: (code, root) => ancestors(code).some((a) => a.code === root),
    all: () => [...byCode.values()],
  };
}
