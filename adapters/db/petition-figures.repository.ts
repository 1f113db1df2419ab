/**
 * Issue 18 — the 信访 figures in SQL: one pass over the petitions of a subtree and one over its
 * service requests, each counted by the dates that fall in the period (received, due, closed),
 * grouped by grid and department and rolled up in core.
 */
import { sql } from 'drizzle-orm';
import type { PetitionCountRow, PetitionFiguresPort } from '../../bots/ports/petition-figures';
import { emptyPetitionCounts, PETITION_COUNT_FIELDS } from '../../core/petitions/figures';
import type { Tx } from './requests.repository';
import { rowsOf, subtree } from './sql-helpers';

const SNAKE: Record<string, string> = Object.fromEntries(PETITION_COUNT_FIELDS.map((f) => [f, f.replace(/[A-Z]/g, (c) => `_${c.toLowerCase()}`)]));

/** Creates the figures port inside `tx` (or on the plain database). */
export function createPetitionFiguresRepository(tx: Tx): PetitionFiguresPort {
  return {
    async countRows(root, fromMs, toMs) {
      const from = new Date(fromMs);
      const to = new Date(toMs);
      const inP = (col: string) => sql.raw(`(${col} >= '${from.toISOString()}' and ${col} < '${to.toISOString()}')`);
      const petitions = await tx.execute(sql`
        select p.area_code, p.department_code,
          count(*) filter (where ${inP('p.received_at')})::int as received,
          count(*) filter (where ${inP('p.received_at')} and p.channel = 'online')::int as online,
          count(*) filter (where ${inP('p.received_at')} and jsonb_array_length(p.repeat_of) > 0)::int as repeat,
          count(*) filter (where ${inP('p.received_at')} and p.collective)::int as collective_batches,
          coalesce(sum(p.households) filter (where ${inP('p.received_at')} and p.collective), 0)::int as collective_people,
          count(*) filter (where ${inP('p.received_at')} and p.bypassed)::int as bypass,
          count(*) filter (where ${inP('p.received_at')} and p.bypassed and p.collective)::int as bypass_collective,
          count(*) filter (where ${inP('p.accept_due_at')})::int as accept_due,
          count(*) filter (where ${inP('p.accept_due_at')} and p.decided_at <= p.accept_due_at)::int as accept_on_time,
          (count(*) filter (where ${inP('p.handle_due_at')}) + count(*) filter (where ${inP('p.review_due_at')}) + count(*) filter (where ${inP('p.recheck_due_at')}))::int as answer_due,
          (count(*) filter (where ${inP('p.handle_due_at')} and coalesce(p.answered_at, p.closed_at) <= p.handle_due_at)
            + count(*) filter (where ${inP('p.review_due_at')} and coalesce(p.reviewed_at, p.closed_at) <= p.review_due_at)
            + count(*) filter (where ${inP('p.recheck_due_at')} and coalesce(p.rechecked_at, p.closed_at) <= p.recheck_due_at))::int as answer_on_time,
          count(*) filter (where ${inP('p.handle_due_at')})::int as handle_due,
          count(*) filter (where ${inP('p.handle_due_at')} and coalesce(p.answered_at, p.closed_at) <= p.handle_due_at)::int as handle_on_time,
          count(*) filter (where ${inP('p.closed_at')} and r.rating is not null)::int as rated,
          count(*) filter (where ${inP('p.closed_at')} and r.rating = 'satisfied')::int as satisfied,
          count(*) filter (where ${inP('p.closed_at')} and r.rating = 'basic')::int as basic,
          count(*) filter (where p.backlog is not null and (p.backlog->>'listedAt')::bigint < ${toMs})::int as backlog,
          count(*) filter (where p.backlog is not null and (p.backlog->>'listedAt')::bigint < ${toMs} and p.status = 'resolved' and p.closed_at < ${to})::int as backlog_resolved
        from petitions p join requests r on r.id = p.request_id
        where p.area_code in (${subtree(root)})
        group by p.area_code, p.department_code`);
      const service = await tx.execute(sql`
        select area_code, case when queue_kind = 'department' then queue_code end as department_code,
          count(*) filter (where ${inP('claim_due_at')})::int as claim_due,
          count(*) filter (where ${inP('claim_due_at')} and claimed_at <= claim_due_at)::int as claim_on_time,
          count(*) filter (where ${inP('answer_due_at')})::int as svc_answer_due,
          count(*) filter (where ${inP('answer_due_at')} and answered_at <= answer_due_at)::int as svc_answer_on_time,
          count(*) filter (where ${inP('resolve_due_at')})::int as resolve_due,
          count(*) filter (where ${inP('resolve_due_at')} and resolved_at <= resolve_due_at)::int as resolve_on_time
        from requests
        where track = 'service' and status not in ('rejected', 'withdrawn', 'merged') and area_code in (${subtree(root)})
          and (${inP('claim_due_at')} or ${inP('answer_due_at')} or ${inP('resolve_due_at')})
        group by 1, 2`);
      const rows = new Map<string, PetitionCountRow>();
      for (const raw of [...rowsOf<Record<string, unknown>>(petitions), ...rowsOf<Record<string, unknown>>(service)]) {
        const key = `${raw.area_code}|${raw.department_code ?? ''}`;
        const row = rows.get(key) ?? { ...emptyPetitionCounts(), areaCode: String(raw.area_code), departmentCode: (raw.department_code as string | null) ?? null };
        for (const f of PETITION_COUNT_FIELDS) if (raw[SNAKE[f]] !== undefined) row[f] += Number(raw[SNAKE[f]]);
        rows.set(key, row);
      }
      return [...rows.values()];
    },
    async coverage(root) {
      const [r] = rowsOf<{ households: number; joined: number }>(await tx.execute(sql`
        select count(*)::int as households,
          count(*) filter (where exists (select 1 from people p where p.role = 'household' and p.area_code = h.grid
            and ((h.phone is not null and p.phone = h.phone) or p.name = h.representative)))::int as joined
        from household_registry h where h.grid in (${subtree(root)})`));
      return { households: Number(r.households), joined: Number(r.joined) };
    },
  };
}
