/**
 * Report aggregates in SQL: one pass over the month's requests grouped by grid and category
 * (rolled up in core), the hot issues, and the open work per queue. Indexed on created_at and
 * on (queue, status), so a month of a million requests aggregates in one scan.
 */
import { sql } from 'drizzle-orm';
import type { CategoryCode } from '../../core/categories';
import type { CountRow } from '../../core/metrics';
import type { Queue } from '../../core/model';
import type { QueueLoad, ReportStore } from '../../bots/ports';
import type { Db } from './client';
import { rowsOf, subtree } from './sql-helpers';

const OPEN = sql`status in ('submitted', 'claimed', 'answered')`;

/** Creates the ReportStore over a drizzle database. */
export function createReportStore(db: Db): ReportStore {
  return {
    async countRows(root, from, to, now = to) {
      const result = await db.execute(sql`
        select area_code, category,
          count(*)::int as received,
          count(*) filter (where status = 'rejected')::int as rejected,
          count(*) filter (where status = 'withdrawn')::int as withdrawn,
          count(*) filter (where status not in ('rejected', 'withdrawn') and claimed_at is not null and claimed_at <= claim_due_at)::int as claimed_on_time,
          count(*) filter (where status not in ('rejected', 'withdrawn') and answered_at is not null and answered_at <= answer_due_at)::int as answered_on_time,
          count(*) filter (where status in ('resolved', 'closed'))::int as resolved,
          count(*) filter (where status in ('resolved', 'closed') and resolved_at <= resolve_due_at)::int as resolved_on_time,
          count(*) filter (where rating is not null)::int as rated,
          count(*) filter (where rating = 'satisfied')::int as satisfied,
          count(*) filter (where rating = 'basic')::int as basic,
          count(*) filter (where status in ('resolved', 'closed') or rating is not null)::int as ever_resolved,
          count(*) filter (where status = 'closed' and rating_due_at is not null and closed_at >= rating_due_at)::int as closed_unrated,
          count(*) filter (where reopen_count > 0)::int as reopened,
          count(*) filter (where key_case is not null)::int as key_cases,
          count(*) filter (where key_case is not null and (key_case->>'dueAt')::bigint
            < coalesce((extract(epoch from coalesce(resolved_at, closed_at)) * 1000)::bigint, ${Math.round(now)}::bigint))::int as key_case_breaches
        from requests
        where created_at >= ${new Date(from)} and created_at < ${new Date(to)} and status <> 'merged'
          and area_code in (${subtree(root)})
        group by area_code, category`);
      type Raw = Record<string, number | string>;
      return rowsOf<Raw>(result).map((r): CountRow => ({
        areaCode: String(r.area_code), category: r.category as CategoryCode,
        received: Number(r.received), rejected: Number(r.rejected), withdrawn: Number(r.withdrawn),
        claimedOnTime: Number(r.claimed_on_time), answeredOnTime: Number(r.answered_on_time), resolved: Number(r.resolved),
        resolvedOnTime: Number(r.resolved_on_time), rated: Number(r.rated), satisfied: Number(r.satisfied), basic: Number(r.basic),
        everResolved: Number(r.ever_resolved),
        closedUnrated: Number(r.closed_unrated), reopened: Number(r.reopened), keyCases: Number(r.key_cases), keyCaseBreaches: Number(r.key_case_breaches),
      }));
    },
    async hotIssues(root, from, to, limit) {
      const result = await db.execute(sql`
        select category, coalesce(place, '') as place, count(*)::int as n from requests
        where created_at >= ${new Date(from)} and created_at < ${new Date(to)} and status <> 'merged' and sensitive = false
          and area_code in (${subtree(root)})
        group by 1, 2 order by n desc, 2 limit ${limit}`);
      return rowsOf<{ category: CategoryCode; place: string; n: number }>(result).map((r) => ({ category: r.category, place: r.place, count: Number(r.n) }));
    },
    async queueLoads(now, dayEnd) {
      const at = new Date(now);
      const end = new Date(dayEnd);
      const overdue = sql`((status = 'submitted' and claim_due_at < ${at}) or (answered_at is null and answer_due_at < ${at}) or resolve_due_at < ${at})`;
      const result = await db.execute(sql`
        select queue_kind, queue_code, count(*)::int as open,
          count(*) filter (where not ${overdue} and ((status = 'submitted' and claim_due_at < ${end}) or (answered_at is null and answer_due_at < ${end}) or resolve_due_at < ${end}))::int as due_today,
          count(*) filter (where ${overdue})::int as overdue,
          (array_agg(id order by created_at) filter (where ${overdue}))[1:10] as overdue_ids
        from requests where ${OPEN}
        group by queue_kind, queue_code`);
      return rowsOf<{ queue_kind: Queue['kind']; queue_code: string; open: number; due_today: number; overdue: number; overdue_ids: number[] | null }>(result).map((r): QueueLoad => ({
        queue: { kind: r.queue_kind, code: r.queue_code }, open: Number(r.open), dueToday: Number(r.due_today), overdue: Number(r.overdue), overdueIds: (r.overdue_ids ?? []).map(Number),
      }));
    },
  };
}
