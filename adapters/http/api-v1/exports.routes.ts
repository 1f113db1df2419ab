/**
 * GET /api/v1/exports/requests.{csv,xlsx,jsonl}?from&to&area (issue 19): the requests of a period
 * and area with their timelines, streamed from a keyset cursor as they are read — for admins and
 * dispatchers (ADMIN_TOKEN or an API token), within their area; rows they may not see are left out.
 */
import { extendZodWithOpenApi } from '@asteasolutions/zod-to-openapi';
import { z } from 'zod';
import { authorize } from '../../../core/permissions';
import type { BotDeps } from '../../../bots/deps';
import type { ExportSource } from '../../../bots/ports/exports';
import { createExportWriter, type ExportFormat } from '../../exports/export-format';
import { apiError, instant, parseOr400, type ApiRoute } from './api-v1.routes';

extendZodWithOpenApi(z);

const DAY = 86_400_000;
const TYPES: Record<ExportFormat, string> = {
  csv: 'text/csv; charset=utf-8',
  xlsx: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
  jsonl: 'application/x-ndjson; charset=utf-8',
};

const Query = z.object({
  from: z.string().regex(/^\d{4}-\d{2}-\d{2}$/).openapi({ description: 'First day (APP_TIMEZONE)', example: '2026-01-01' }),
  to: z.string().regex(/^\d{4}-\d{2}-\d{2}$/).openapi({ description: 'Day after the last (APP_TIMEZONE)', example: '2027-01-01' }),
  area: z.string().regex(/^[A-Za-z0-9_-]{1,32}$/).optional().openapi({ description: 'Area code (default: the caller\'s area)' }),
});
const Params = z.object({ format: z.enum(['csv', 'xlsx', 'jsonl']).openapi({ param: { name: 'format', in: 'path' } }) });

export function exportRoutes(deps: BotDeps, source: ExportSource): ApiRoute[] {
  return [{
    method: 'get', path: '/exports/requests.{format}', summary: 'Requests with their timelines for a period and area: CSV (Chinese headers), XLSX or JSON Lines, streamed',
    request: { params: Params, query: Query },
    responses: {
      200: { description: 'The file, streamed', content: { 'text/csv': { schema: z.string() }, [TYPES.xlsx]: { schema: z.string().openapi({ format: 'binary' }) }, 'application/x-ndjson': { schema: z.string() } } },
      400: { description: 'Bad input' }, 401: { description: 'No or wrong token' }, 403: { description: 'Not an admin or dispatcher of that area' },
    },
    async handler(req, res, caller) {
      const params = parseOr400(res, Params, req.params);
      const q = params && parseOr400(res, Query, req.query);
      if (!params || !q) return;
      const actor = caller.actor;
      if (!authorize(actor, 'report', null, deps.tree).ok || !actor.areaCode) return apiError(res, 403, 'PERMISSION.DENIED', 'exports are for admins and dispatchers');
      const area = q.area ?? actor.areaCode;
      if (!deps.tree.get(area) || !deps.tree.isWithin(area, actor.areaCode)) return apiError(res, 403, 'PERMISSION.DENIED', `area ${area} is not within the caller's area`);
      const [from, to] = [instant(q.from, deps.messages.timeZone), instant(q.to, deps.messages.timeZone)];
      if (from === undefined || to === undefined || from >= to || to - from > 5 * 366 * DAY) return apiError(res, 400, 'BAD_INPUT', 'from < to, real dates, at most five years apart');
      res.status(200).type(TYPES[params.format]).attachment(`minhu-${area}-${q.from}-${q.to}.${params.format}`);
      res.setHeader('Cache-Control', 'no-store');
      const writer = createExportWriter(params.format, res, deps);
      let aborted = false;
      res.once('close', () => (aborted = !res.writableFinished));
      for await (const batch of source.batches({ areaCode: area, from, to })) {
        if (aborted) return;
        for (const { request, timeline } of batch) if (authorize(actor, 'show', request, deps.tree).ok) await writer.row(request, timeline);
      }
      await writer.end();
    },
  }];
}
