/**
 * Queues and routing: where a new request goes, where it goes when escalated (grid →
 * township → county, one level at a time), and how queues are named for people.
 */
import type { CategoryCode } from './categories';
import type { Area, Queue } from './model';
import type { OrgTree } from './org-tree';
import { fail, ok, type Result } from './result';

/** `area:MS02`, `department:zhujian`, `supervisor:MS` — stored on timeline events. */
export function queueKey(q: Queue): string {
  return `${q.kind}:${q.code}`;
}

/** Parses a queue key; null when malformed. */
export function parseQueueKey(key: string): Queue | null {
  const m = /^(area|department|supervisor):(.+)$/.exec(key);
  return m ? { kind: m[1] as Queue['kind'], code: m[2] } : null;
}

/** A rule of the org file: categories that skip the grid. */
export interface RoutingRule {
  category: CategoryCode;
  /** `supervisor` (the county's 纪委), `township`, `county`, or `department:<code>`. */
  to: string;
  /** Also tell the grid at once (e.g. safety). */
  notifyGrid: boolean;
}

/** The nearest ancestor (or self) of `code` at `level`. */
export function ancestorAt(tree: OrgTree, code: string, level: Area['level']): Area | undefined {
  return tree.ancestors(code).find((a) => a.level === level);
}

/**
 * The queue a new request from `gridCode` enters: its grid, unless a routing rule sends the
 * category elsewhere. `notifyGrid` says whether the grid should still be told.
 */
export function initialQueue(category: CategoryCode, gridCode: string, rules: readonly RoutingRule[], tree: OrgTree): { queue: Queue; notifyGrid: boolean } {
  const rule = rules.find((r) => r.category === category);
  if (!rule) return { queue: { kind: 'area', code: gridCode }, notifyGrid: false };
  const county = ancestorAt(tree, gridCode, 'county')?.code ?? gridCode;
  if (rule.to === 'supervisor') return { queue: { kind: 'supervisor', code: county }, notifyGrid: rule.notifyGrid };
  if (rule.to === 'county') return { queue: { kind: 'area', code: county }, notifyGrid: rule.notifyGrid };
  if (rule.to === 'township') return { queue: { kind: 'area', code: ancestorAt(tree, gridCode, 'township')?.code ?? county }, notifyGrid: rule.notifyGrid };
  return { queue: { kind: 'department', code: rule.to.replace(/^department:/, '') }, notifyGrid: rule.notifyGrid };
}

/**
 * Where an escalation goes: from a grid to its village when that village is one of
 * `villageSteps`, else (and from a village) to its township's dispatch centre, from a township
 * to the county command centre. The county cannot escalate further.
 */
export function escalationTarget(queue: Queue, tree: OrgTree, villageSteps: ReadonlySet<string> = new Set()): Result<Queue> {
  if (queue.kind !== 'area') return fail('ROUTE.NOT_ESCALATABLE');
  const area = tree.get(queue.code);
  if (!area) return fail('AREA.NOT_FOUND', { code: queue.code });
  if (area.level === 'county') return fail('ROUTE.TOP_LEVEL');
  // issue 14: a grid goes to its village first when the village is a step (org file `escalation`).
  const village = area.level === 'grid' ? ancestorAt(tree, area.code, 'village') : undefined;
  if (village && villageSteps.has(village.code)) return ok({ kind: 'area', code: village.code });
  const target = area.level === 'township' ? ancestorAt(tree, area.code, 'county') : ancestorAt(tree, area.code, 'township') ?? ancestorAt(tree, area.code, 'county');
  return target ? ok({ kind: 'area', code: target.code }) : fail('ROUTE.TOP_LEVEL');
}

/** A department as routing sees it. */
export interface DepartmentRef {
  code: string;
  name: string;
}

/** People's name for a queue: 王家村1-3组网格, 城关街道, 县住建局, 纪检监察. */
export function queueName(q: Queue, tree: OrgTree, departments: readonly DepartmentRef[]): string {
  if (q.kind === 'department') return departments.find((d) => d.code === q.code)?.name ?? q.code;
  if (q.kind === 'supervisor') return '纪检监察';
  return tree.get(q.code)?.name ?? q.code;
}

/** True when the queue is an area queue at dispatch level (township or county). */
export function isDispatchQueue(q: Queue, tree: OrgTree): boolean {
  if (q.kind !== 'area') return false;
  const level = tree.get(q.code)?.level;
  return level === 'township' || level === 'county';
}
