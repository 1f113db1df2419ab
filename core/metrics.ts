/**
 * The figures every report shows (DOMAIN.md), computed from counts — pure, so the definitions
 * can be tested on hand-computed fixtures. Definitions (also in README):
 * - received 收到: requests registered in the period (merged duplicates excluded);
 * - accepted 受理: received − rejected − withdrawn; 受理率 = accepted / (received − withdrawn);
 * - 及时受理率 = claimed within the claim limit / accepted;
 * - 按期答复率 = answered within the answer limit / accepted;
 * - 办结率 = resolved / accepted; 按期办结率 = resolved within the resolve limit / accepted;
 * - 满意率 = (satisfied + basically satisfied) / rated (an unsatisfied rating that reopened a
 *   request counts); 参评率 = rated / requests that reached 办结 at least once;
 * - (issue 14) 未评价归档 closed unrated when the rating window passed; 重办 reopened at least
 *   once; 包案 key cases and their 超期 breaches (deadline passed before 办结, or still open past it).
 */
import type { CategoryCode } from './categories';
import type { OrgTree } from './org-tree';

export interface Counts {
  received: number;
  rejected: number;
  withdrawn: number;
  claimedOnTime: number;
  answeredOnTime: number;
  resolved: number;
  resolvedOnTime: number;
  rated: number;
  satisfied: number;
  basic: number;
  /** Requests that reached 办结 at least once (resolved now, or rated and reopened). */
  everResolved: number;
  // issue 14: nothing left hanging
  /** Closed as unrated: the rating window passed without a rating. */
  closedUnrated: number;
  /** Reopened by an unsatisfied rating at least once. */
  reopened: number;
  /** 包案 key cases, and those whose deadline passed before they were resolved (or are still open past it). */
  keyCases: number;
  keyCaseBreaches: number;
}

export const COUNT_FIELDS: (keyof Counts)[] = ['received', 'rejected', 'withdrawn', 'claimedOnTime', 'answeredOnTime', 'resolved', 'resolvedOnTime', 'rated', 'satisfied', 'basic', 'everResolved',
  'closedUnrated', 'reopened', 'keyCases', 'keyCaseBreaches'];

export const emptyCounts = (): Counts => ({ received: 0, rejected: 0, withdrawn: 0, claimedOnTime: 0, answeredOnTime: 0, resolved: 0, resolvedOnTime: 0, rated: 0, satisfied: 0, basic: 0, everResolved: 0,
  closedUnrated: 0, reopened: 0, keyCases: 0, keyCaseBreaches: 0 });

/** Adds `b` into `a` (mutates `a`, returns it). */
export function addCounts(a: Counts, b: Counts): Counts {
  for (const f of COUNT_FIELDS) a[f] += b[f];
  return a;
}

/** Rates as fractions in [0, 1]; null where the denominator is zero. */
export interface Rates {
  accepted: number;
  acceptance: number | null;
  timelyClaim: number | null;
  timelyAnswer: number | null;
  closure: number | null;
  timelyClosure: number | null;
  satisfaction: number | null;
  ratedShare: number | null;
}

const ratio = (n: number, d: number): number | null => (d > 0 ? n / d : null);

/** The rates of a set of counts. */
export function ratesOf(c: Counts): Rates {
  const accepted = c.received - c.rejected - c.withdrawn;
  return {
    accepted,
    acceptance: ratio(accepted, c.received - c.withdrawn),
    timelyClaim: ratio(c.claimedOnTime, accepted),
    timelyAnswer: ratio(c.answeredOnTime, accepted),
    closure: ratio(c.resolved, accepted),
    timelyClosure: ratio(c.resolvedOnTime, accepted),
    satisfaction: ratio(c.satisfied + c.basic, c.rated),
    ratedShare: ratio(c.rated, c.everResolved),
  };
}

/** One row of the database aggregate: counts of one grid (area) and one category. */
export interface CountRow extends Counts {
  areaCode: string;
  category: CategoryCode;
}

/** A report's figures: the total, per child area of the root, per category. */
export interface ReportFigures {
  total: Counts;
  byArea: { code: string; name: string; counts: Counts }[];
  byCategory: { category: CategoryCode; counts: Counts }[];
}

/** Rolls grid-level rows up to the root's children (in tree order) and to categories (largest first). */
export function rollUp(rows: readonly CountRow[], tree: OrgTree, root: string): ReportFigures {
  const total = emptyCounts();
  const areas = new Map<string, Counts>();
  const categories = new Map<CategoryCode, Counts>();
  for (const row of rows) {
    addCounts(total, row);
    const chain = tree.ancestors(row.areaCode);
    const child = chain.find((a) => a.parent === root)?.code ?? root;
    addCounts(areas.get(child) ?? areas.set(child, emptyCounts()).get(child)!, row);
    addCounts(categories.get(row.category) ?? categories.set(row.category, emptyCounts()).get(row.category)!, row);
  }
  const order = tree.all().filter((a) => a.parent === root).map((a) => a.code);
  return {
    total,
    byArea: order.map((code) => ({ code, name: tree.get(code)!.name, counts: areas.get(code) ?? emptyCounts() })),
    byCategory: [...categories].map(([category, counts]) => ({ category, counts })).sort((a, b) => b.counts.received - a.counts.received),
  };
}

/** `99.41%`, or `—` when there is nothing to divide. */
export function percent(rate: number | null): string {
  return rate === null ? '—' : `${(rate * 100).toFixed(2)}%`;
}
