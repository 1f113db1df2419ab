/**
 * `sla` and `report`: the SLA tick over a database of N open requests (0.1 % due), and the
 * monthly report (aggregates, roll-up, text, chart) over the same N requests.
 * Targets (issue 5, N = 1,000,000 on PostgreSQL 15): tick < 200 ms, report < 2 s.
 */
import { renderReportChart } from '../../adapters/charts/report-chart';
import type { Database } from '../../adapters/db/client';
import { storesFor } from '../../adapters/db/stores';
import { DEMO_ORG_FILE, readOrgFile } from '../../adapters/org/org-import';
import { createBotDeps } from '../../bots/deps';
import { buildMonthlyReport } from '../../bots/watch/reports';
import { runSlaTick } from '../../bots/watch/sla-tick';
import { monthOf } from '../../core/time-format';
import { seedRequests } from '../seed-requests';

/** Seeds `n` requests into `database`, then times one SLA tick and one monthly report. */
export async function benchSlaAndReport(database: Database, label: string, n: number): Promise<string[]> {
  const seeded = await seedRequests(database.db, n);
  const deps = createBotDeps({ ...storesFor(database.db), org: readOrgFile(DEMO_ORG_FILE), renderChart: renderReportChart });
  let t0 = performance.now();
  const tick = await runSlaTick(deps);
  const tickMs = performance.now() - t0;
  t0 = performance.now();
  const idle = await runSlaTick(deps);
  const idleMs = performance.now() - t0;
  t0 = performance.now();
  const report = await buildMonthlyReport(deps, 'MS', monthOf(Date.now(), 'Asia/Shanghai'));
  const reportMs = performance.now() - t0;
  return [
    `seed ${n} open requests (${label}): ${seeded.toFixed(1)} s`,
    `sla tick (${label}): ${tickMs.toFixed(0)} ms for ${tick.examined} due requests, ${tick.queued} reminders queued (target < 200 ms); next tick with nothing due: ${idleMs.toFixed(1)} ms (${idle.examined} due)`,
    `monthly report (${label}): ${reportMs.toFixed(0)} ms over ${n} requests incl. chart of ${report.png?.length ?? 0} bytes (target < 2000 ms)`,
  ];
}
