/**
 * Issue 18 — the 信访 HTTP routes: `GET /documents/:token` serves a formal document's PDF to
 * whoever holds its link (a 144-bit capability the household received privately; unknown tokens
 * 404), and `GET /api/petition-reports/:period.csv[?area=CODE]` with the admin token gives the
 * 信访 figures and scorecards as CSV. Data comes through the ports (tx.petitions, the blob store).
 */
import express, { type Router } from 'express';
import type { BotDeps } from '../../bots/deps';
import { buildPetitionReport } from '../../bots/petitions/petition-report';
import { bearerMatches } from './reports.routes';

/** Builds the router. */
export function createPetitionsRouter(deps: BotDeps, adminToken: string | undefined): Router {
  const router = express.Router();
  router.get('/documents/:token', async (req, res) => {
    const token = String(req.params.token).replace(/\.pdf$/, '');
    const doc = await deps.store.transaction((tx) => tx.petitions.documentByToken(token));
    const blob = doc && deps.blobs ? await deps.blobs.get(doc.blobSha) : null;
    if (!doc || !blob) return void res.status(404).type('text/plain; charset=utf-8').send('没有找到这份文书，请核对链接。');
    res.set('Cache-Control', 'private, no-store').set('Referrer-Policy', 'no-referrer').type('application/pdf')
      .set('Content-Disposition', `inline; filename="document-${doc.id}.pdf"; filename*=UTF-8''${encodeURIComponent(`${doc.number}.pdf`)}`).send(blob.bytes);
  });
  router.get('/api/petition-reports/:file', async (req, res) => {
    if (!adminToken) return void res.status(503).json({ error: 'the admin API is off: set ADMIN_TOKEN' });
    if (!bearerMatches(req.headers.authorization, adminToken)) return void res.status(401).json({ error: 'send Authorization: Bearer <ADMIN_TOKEN>' });
    const period = /^(\d{4}(?:-(?:0[1-9]|1[0-2]))?)\.csv$/.exec(String(req.params.file))?.[1];
    if (!period) return void res.status(400).json({ error: 'use /api/petition-reports/YYYY-MM.csv or /api/petition-reports/YYYY.csv' });
    const root = typeof req.query.area === 'string' ? req.query.area : deps.tree.all().find((a) => a.parent === null)?.code;
    if (!root || !deps.tree.get(root)) return void res.status(400).json({ error: `no area with code ${String(root).slice(0, 40)}` });
    const report = await deps.store.transaction((tx) => buildPetitionReport(deps, tx, root, period));
    if (!report) return void res.status(400).json({ error: 'bad period' });
    res.type('text/csv; charset=utf-8').attachment(`minhu-petitions-${root}-${period}.csv`).send(`\uFEFF${report.csv}`);
  });
  return router;
}
