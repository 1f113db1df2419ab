/**
 * The admin reports API: `GET /api/reports/:month.csv[?area=CODE]` with
 * `Authorization: Bearer <ADMIN_TOKEN>` — the monthly figures as CSV (UTF-8 with BOM, so
 * spreadsheet programs show the Chinese names). The same numbers as the chat report.
 */
import { createHash, timingSafeEqual } from 'node:crypto';
import express, { type Router } from 'express';
import { buildMonthlyReport } from '../../bots/watch/reports';
import type { BotDeps } from '../../bots/deps';

/** Constant-time check of a bearer token against the configured one. */
export function bearerMatches(header: string | undefined, token: string): boolean {
  const given = /^Bearer\s+(.+)$/i.exec(header ?? '')?.[1] ?? '';
  const a = createHash('sha256').update(given).digest();
  const b = createHash('sha256').update(token).digest();
  return given !== '' && timingSafeEqual(a, b);
}

/** Builds the reports router; every route answers 503 with a reason when no ADMIN_TOKEN is set. */
export function createReportsRouter(deps: BotDeps, adminToken: string | undefined): Router {
  const router = express.Router();
  router.get('/api/reports/:file', async (req, res) => {
    if (!adminToken) return void res.status(503).json({ error: 'the admin API is off: set ADMIN_TOKEN' });
    if (!bearerMatches(req.headers.authorization, adminToken)) return void res.status(401).json({ error: 'send Authorization: Bearer <ADMIN_TOKEN>' });
    const month = /^(\d{4}-(?:0[1-9]|1[0-2]))\.csv$/.exec(String(req.params.file))?.[1];
    if (!month) return void res.status(400).json({ error: 'use /api/reports/YYYY-MM.csv, e.g. /api/reports/2026-10.csv' });
    const root = typeof req.query.area === 'string' ? req.query.area : deps.tree.all().find((a) => a.parent === null)?.code;
    if (!root || !deps.tree.get(root)) return void res.status(400).json({ error: `no area with code ${root}` });
    const report = await buildMonthlyReport({ ...deps, renderChart: undefined }, root, month);
    res.type('text/csv; charset=utf-8').attachment(`minhu-${root}-${month}.csv`).send(`\uFEFF${report.csv}`);
  });
  return router;
}
