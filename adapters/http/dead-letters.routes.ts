/**
 * The admin view of dead letters: `GET /api/dead-letters[?limit=50&before=ID]` with
 * `Authorization: Bearer <ADMIN_TOKEN>` — inbound payloads minhu could not handle, newest first,
 * each with its channel, reason and time (the payload as JSON-escaped text).
 */
import express, { type Router } from 'express';
import type { DeadLetters } from '../../bots/inbox/ports';
import { bearerMatches } from './reports.routes';

/** Builds the router; answers 503 with a reason when no ADMIN_TOKEN is set. */
export function createDeadLettersRouter(deadLetters: DeadLetters, adminToken: string | undefined): Router {
  const router = express.Router();
  router.get('/api/dead-letters', async (req, res, next) => {
    if (!adminToken) return void res.status(503).json({ error: 'the admin API is off: set ADMIN_TOKEN' });
    if (!bearerMatches(req.headers.authorization, adminToken)) return void res.status(401).json({ error: 'send Authorization: Bearer <ADMIN_TOKEN>' });
    const limit = Math.min(200, Math.max(1, Number.parseInt(String(req.query.limit ?? '50'), 10) || 50));
    const before = /^\d{1,15}$/.test(String(req.query.before ?? '')) ? Number(req.query.before) : undefined;
    try {
      const items = await deadLetters.list(limit, before);
      res.json({ items: items.map((d) => ({ id: d.id, channel: d.channel, reason: d.reason, messageId: d.messageId, at: new Date(d.at).toISOString(), payload: d.payload })) });
    } catch (e) {
      next(e);
    }
  });
  return router;
}
