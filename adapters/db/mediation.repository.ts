/** Issue 18 — the mediation port on PostgreSQL. */
import { sql } from 'drizzle-orm';
import type { Mediation, MediationPort } from '../../bots/ports/mediation';
import { toStorableText } from '../../core/text-cut';
import type { Tx } from './requests.repository';
import { rowsOf, subtree } from './sql-helpers';

/** Creates the mediation port inside `tx`. */
export function createMediationRepository(tx: Tx): MediationPort {
  return {
    async start(requestId, committee, at, by) {
      const [row] = rowsOf<{ id: number }>(await tx.execute(sql`insert into mediations (request_id, committee, started_at, started_by) values (${requestId}, ${committee}, ${new Date(at)}, ${by}) returning id`));
      return Number(row.id);
    },
    async latest(requestId) {
      const [r] = rowsOf<Record<string, unknown>>(await tx.execute(sql`select * from mediations where request_id = ${requestId} order by id desc limit 1 for update`));
      if (!r) return null;
      return {
        id: Number(r.id), requestId, committee: String(r.committee), startedAt: new Date(r.started_at as string).getTime(),
        outcome: (r.outcome as Mediation['outcome']) ?? null, nextRoute: (r.next_route as Mediation['nextRoute']) ?? null, agreement: (r.agreement as string | null) ?? null,
      };
    },
    async setOutcome(id, outcome, nextRoute, agreement, at, by) {
      await tx.execute(sql`update mediations set outcome = ${outcome}, next_route = ${nextRoute}, agreement = ${agreement === null ? null : toStorableText(agreement)}, outcome_at = ${new Date(at)}, outcome_by = ${by} where id = ${id}`);
    },
    async counts(root, from, to) {
      const [r] = rowsOf<Record<string, number>>(await tx.execute(sql`select
          count(*) filter (where m.started_at >= ${new Date(from)} and m.started_at < ${new Date(to)})::int as started,
          count(*) filter (where m.outcome = 'onsite' and m.outcome_at >= ${new Date(from)} and m.outcome_at < ${new Date(to)})::int as onsite,
          count(*) filter (where m.outcome = 'joint' and m.outcome_at >= ${new Date(from)} and m.outcome_at < ${new Date(to)})::int as joint,
          count(*) filter (where m.outcome = 'failed' and m.outcome_at >= ${new Date(from)} and m.outcome_at < ${new Date(to)})::int as failed
        from mediations m join requests r on r.id = m.request_id where r.area_code in (${subtree(root)})`));
      return { started: Number(r.started), onsite: Number(r.onsite), joint: Number(r.joint), failed: Number(r.failed) };
    },
  };
}
