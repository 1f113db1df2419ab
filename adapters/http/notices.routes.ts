/**
 * The admin notices API (token-protected like the reports API):
 * - `POST /api/notices` `{scope: "全县" | ["城关街道", "MS0201"], text, scheduledAt?: "2026-12-01 09:00",
 *   requiresAck?: bool, confirm?: bool}` — the same validation as `通知` in chat; without
 *   `confirm` it only drafts and previews, with it the notice goes out (or is scheduled).
 * - `GET /api/notices/:id` — progress: sent / pending / failed, acknowledgements, failures.
 */
import express, { type Router } from 'express';
import { z } from 'zod';
import { draftNotice, releaseNotice } from '../../bots/notices/notices';
import type { BotDeps } from '../../bots/deps';
import { t } from '../../core/texts';
import { bearerMatches } from './reports.routes';
import { hasNul, wellFormed } from '../web/storable-text';

/** Text PostgreSQL can store: NUL is refused (400, not 500), lone surrogates become U+FFFD. */
const storable = () => z.string().refine((v) => !hasNul(v), 'must not contain NUL characters').transform(wellFormed);

const body = z.object({
  scope: z.union([storable().pipe(z.string().min(1)), z.array(storable().pipe(z.string().min(1))).min(1)]),
  text: storable().pipe(z.string().trim().min(1).max(2000)),
  scheduledAt: z.string().regex(/^\d{4}-\d{2}-\d{2} \d{2}:\d{2}$/, 'use "YYYY-MM-DD HH:mm" in APP_TIMEZONE').optional(),
  requiresAck: z.boolean().default(false),
  confirm: z.boolean().default(false),
});

/** Builds the notices router. */
export function createNoticesRouter(deps: BotDeps, adminToken: string | undefined): Router {
  const router = express.Router();
  router.use('/api/notices', (req, res, next) => {
    if (!adminToken) return void res.status(503).json({ error: 'the admin API is off: set ADMIN_TOKEN' });
    if (!bearerMatches(req.headers.authorization, adminToken)) return void res.status(401).json({ error: 'send Authorization: Bearer <ADMIN_TOKEN>' });
    next();
  });
  router.post('/api/notices', express.json({ limit: '32kb' }), async (req, res) => {
    const parsed = body.safeParse(req.body ?? {});
    if (!parsed.success) return void res.status(400).json({ error: parsed.error.issues.map((i) => `${i.path.join('.') || 'body'}: ${i.message}`).join('; ') });
    const input = parsed.data;
    const root = deps.tree.all().find((a) => a.parent === null);
    const scope = Array.isArray(input.scope) ? input.scope : input.scope.split(/[、,，;；\s]+/).filter(Boolean);
    const result = await deps.store.transaction(async (tx) => {
      const draft = await draftNotice(deps, tx, { personId: null, unit: root?.name ?? '', areaCode: root?.code ?? null }, { scope, text: input.text, scheduledLocal: input.scheduledAt ?? null, requiresAck: input.requiresAck });
      if (!draft.ok || !input.confirm) return { draft, released: null };
      const notice = (await tx.notices.get(draft.value.id))!;
      return { draft, released: await releaseNotice(deps, tx, notice) };
    });
    if (!result.draft.ok) return void res.status(400).json({ error: t(result.draft.error.id, result.draft.error.params) });
    if (result.released) deps.onQueued?.();
    const d = result.draft.value;
    res.status(result.released ? 201 : 200).json({
      id: d.id, status: result.released?.status ?? 'draft', groups: d.groups, total: d.total, estimatedSeconds: d.etaSeconds,
      scheduledAt: d.scheduledAt === null ? null : new Date(d.scheduledAt).toISOString(),
    });
  });
  router.get('/api/notices/:id', async (req, res) => {
    const id = Number(req.params.id);
    const found = await deps.store.transaction(async (tx) => {
      const notice = await tx.notices.get(id);
      return notice ? { notice, progress: await tx.notices.progress(id) } : null;
    });
    if (!found) return void res.status(404).json({ error: `no notice ${req.params.id}` });
    res.json({ id, status: found.notice.status, groups: found.notice.groups, requiresAck: found.notice.requiresAck, ...found.progress });
  });
  return router;
}
