/**
 * Staff corrections (issue 15): written inside the bot's transaction (StoreTx.recordCorrection),
 * read by `npm run eval -- --corrections` (how often the model is corrected, per category) and
 * `--export-corrections` (corrected requests as labelled lines, for review).
 */
import { sql } from 'drizzle-orm';
import type { Correction } from '../../core/corrections';
import type { Db } from './client';
import { corrections } from './schema';
import { rowsOf } from './sql-helpers';

type Writer = Pick<Db, 'insert'>;

/** Stores one correction. */
export async function insertCorrection(db: Writer, c: Correction): Promise<void> {
  await db.insert(corrections).values({ requestId: c.requestId, kind: c.kind, fromValue: c.from, toValue: c.to, byId: c.byId, at: new Date(c.at) });
}

/** Per category as the model first read it: requests, category corrections, raises to urgent. */
export interface CorrectionRate {
  category: string;
  requests: number;
  recategorized: number;
  raised: number;
}

/** How often staff corrected the model, per category the model chose. */
export async function correctionRates(db: Db): Promise<{ rates: CorrectionRate[]; moves: { from: string; to: string; n: number }[] }> {
  const rates = rowsOf<{ category: string; requests: number; recategorized: number; raised: number }>(await db.execute(sql`
    with first_category as (
      select distinct on (request_id) request_id, from_value from corrections where kind = 'category' order by request_id, id),
    raised as (select distinct request_id from corrections where kind = 'urgency')
    select coalesce(f.from_value, r.category) as category, count(*)::int as requests,
      count(f.request_id)::int as recategorized, count(u.request_id)::int as raised
    from requests r left join first_category f on f.request_id = r.id left join raised u on u.request_id = r.id
    group by 1 order by 2 desc, 1`));
  const moves = rowsOf<{ from: string; to: string; n: number }>(await db.execute(sql`
    select from_value as "from", to_value as "to", count(*)::int as n from corrections where kind = 'category'
    group by 1, 2 order by 3 desc, 1, 2`));
  return { rates, moves };
}

/** Every corrected request as it stands now: its category, urgency and text (for labelled lines). */
export async function correctedRequests(db: Db): Promise<{ id: number; category: string; urgent: boolean; detail: string }[]> {
  return rowsOf<{ id: number; category: string; urgent: boolean; detail: string }>(await db.execute(sql`
    select id, category, urgent, detail from requests where id in (select request_id from corrections) order by id`));
}
