/**
 * /api/v1 for staff systems (issue 19). A per-system bearer token (`npm run integrations --
 * api-token`, stored as SHA-256) acts as a staff identity with a role and an area, so every read
 * and every action passes the same permission table as a person in the chat; ADMIN_TOKEN acts as
 * the first admin. Routes are one table: the router and the OpenAPI 3.1 description
 * (/api/v1/openapi.json) are both made from it, so no route goes undescribed.
 */
import { createHash, randomUUID } from 'node:crypto';
import { OpenAPIRegistry, OpenApiGeneratorV31, type RouteConfig } from '@asteasolutions/zod-to-openapi';
import express, { type Request, type Response, type Router } from 'express';
import { rateLimit } from 'express-rate-limit';
import type { z } from 'zod';
import { CATEGORY_NAMES, type CategoryCode } from '../../../core/categories';
import type { Actor, CitizenRequest, RequestStatus } from '../../../core/model';
import { locationOf } from '../../../core/open311';
import { authorize, handlesRequest } from '../../../core/permissions';
import { maskPersonalData } from '../../../core/privacy/mask';
import { queueKey, queueName } from '../../../core/queue';
import { t } from '../../../core/texts';
import { localMidnight } from '../../../core/time-format';
import { actOnRequest } from '../../../bots/api/act';
import type { BotDeps } from '../../../bots/deps';
import { draftNotice, releaseNotice } from '../../../bots/notices/notices';
import type { ApiStore } from '../../../bots/ports/api';
import type { Open311Store, TimelineEntry } from '../../../bots/ports';
import { buildMonthlyReport } from '../../../bots/watch/reports';
import type { WebhookDeliveryLog, WebhookSubscriber, WebhookSubscribers } from '../../../bots/ports/webhooks';
import { hasNul, wellFormed } from '../../web/storable-text';
import * as S from './api-v1.schemas';

export interface ApiV1Options {
  deps: BotDeps;
  store: ApiStore;
  keys: Pick<Open311Store, 'keyByHash'>;
  integrations: WebhookSubscribers;
  deliveries: WebhookDeliveryLog;
  adminToken?: string;
  /** Wrong tokens per client address per 15 minutes, then 429. (default: 10) */
  badTokensPerIp?: number;
  /** Further routes of this table's form (exports). */
  extraRoutes?: ApiRoute[];
}

/** Who is calling: the staff identity, and whether it may manage webhooks. */
export interface Caller {
  actor: Actor;
  admin: boolean;
  /** The chat id of the caller on the `api` channel (`api:<key id>` or `api:admin`). */
  chat: string;
}

/** One route of /api/v1: its description (OpenAPI) and its handler. */
export interface ApiRoute {
  method: 'get' | 'post';
  /** OpenAPI form: `/requests/{id}`. */
  path: string;
  summary: string;
  request?: RouteConfig['request'];
  responses: RouteConfig['responses'];
  /** Needs an admin (ADMIN_TOKEN or a token with the admin role). */
  admin?: boolean;
  /** Readable without a token (the description itself). */
  public?: boolean;
  handler: (req: Request, res: Response, caller: Caller) => Promise<void> | void;
}

const json = <T extends z.ZodType>(schema: T, description: string) => ({ description, content: { 'application/json': { schema } } });
const ERRORS = { 400: json(S.ErrorSchema, 'Bad input'), 401: json(S.ErrorSchema, 'No or wrong token'), 404: json(S.ErrorSchema, 'No such thing (or not for this caller)') };
const iso = (ms: number | null) => (ms === null ? null : new Date(ms).toISOString());

/** Sends `{error: {code, message}}`. */
export function apiError(res: Response, status: number, code: string, message: string): void {
  res.status(status).json({ error: { code, message } });
}

/** Parses `input` with `schema`, or answers 400 with the first problems and returns null. */
export function parseOr400<T extends z.ZodType>(res: Response, schema: T, input: unknown): z.output<T> | null {
  const parsed = schema.safeParse(input ?? {});
  if (parsed.success) return parsed.data;
  apiError(res, 400, 'BAD_INPUT', parsed.error.issues.slice(0, 5).map((i) => `${i.path.join('.') || 'body'}: ${i.message}`).join('; '));
  return null;
}

/** A request as a staff system sees it: personal numbers in clear only for whoever handles it. */
export function toApiRequest(deps: BotDeps, r: CitizenRequest, actor: Actor): z.output<typeof S.RequestSchema> {
  const clear = handlesRequest(actor, r, deps.tree);
  const geo = locationOf(r.photos);
  return {
    id: r.id, status: r.status, category: r.category, category_name: CATEGORY_NAMES[r.category].zh, area_code: r.areaCode, area_name: deps.tree.get(r.areaCode)?.name ?? r.areaCode,
    queue: queueKey(r.queue), queue_name: queueName(r.queue, deps.tree, deps.departments), urgent: r.urgent, sensitive: r.sensitive,
    place: r.place === null ? null : clear ? r.place : maskPersonalData(r.place), place_area: r.placeArea,
    detail: clear ? r.detail : maskPersonalData(r.detail), phone: r.phone === null ? null : clear ? r.phone : maskPersonalData(r.phone),
    lat: geo?.lat ?? null, long: geo?.lng ?? null, households: 1 + r.coReporters.length, assignee_id: r.assigneeId, reopen_count: r.reopenCount, rating: r.rating,
    origin_channel: r.origin.channel, created_at: iso(r.createdAt)!, claim_due_at: iso(r.claimDueAt)!, answer_due_at: iso(r.answerDueAt)!, resolve_due_at: iso(r.resolveDueAt)!,
    claimed_at: iso(r.claimedAt), answered_at: iso(r.answeredAt), resolved_at: iso(r.resolvedAt), closed_at: iso(r.closedAt),
  };
}

const toEntry = (e: TimelineEntry, clear: boolean): z.output<typeof S.TimelineEntrySchema> => ({
  type: e.type, at: iso(e.at)!, actor: e.actorName, from_status: e.fromStatus, to_status: e.toStatus,
  note: e.note === null ? null : clear ? e.note : maskPersonalData(e.note), from_queue: e.fromQueue ?? null, to_queue: e.toQueue ?? null,
});

/** A date (midnight in `timeZone`) or date-time parameter as epoch ms; undefined when absent or impossible. */
export function instant(value: string | undefined, timeZone: string): number | undefined {
  if (value === undefined) return undefined;
  const day = /^(\d{4})-(\d{2})-(\d{2})$/.exec(value);
  if (day) {
    const [y, m, d] = day.slice(1).map(Number);
    const check = new Date(Date.UTC(y, m - 1, d));
    return check.getUTCMonth() === m - 1 && check.getUTCDate() === d ? localMidnight(y, m, d, timeZone) : undefined;
  }
  const ms = Date.parse(value);
  return Number.isFinite(ms) ? ms : undefined;
}

export function createApiV1Router(options: ApiV1Options): { router: Router; openapi: () => object; routes: ApiRoute[] } {
  const { deps, store } = options;
  const locale = deps.messages.locale;
  const visible = async (caller: Caller, id: number): Promise<CitizenRequest | null> => {
    const r = await store.request(id);
    return r && authorize(caller.actor, 'show', r, deps.tree).ok ? r : null;
  };

  const routes: ApiRoute[] = [
    {
      method: 'get', path: '/requests', summary: 'Requests the caller may see, newest first (cursor paging with `before`)',
      request: { query: S.RequestListQuery }, responses: { 200: json(S.RequestListSchema, 'A page of requests'), ...ERRORS },
      async handler(req, res, caller) {
        const q = parseOr400(res, S.RequestListQuery, req.query);
        if (!q) return;
        const limit = Math.min(200, Math.max(1, Number(q.limit ?? 50)));
        const own = caller.actor.areaCode;
        if (q.area && (!deps.tree.get(q.area) || !own || !deps.tree.isWithin(q.area, own))) return apiError(res, 400, 'BAD_INPUT', `area: ${q.area} is not within the caller's area`);
        if (q.before && Number(q.before) > 2_147_483_647) return apiError(res, 400, 'BAD_INPUT', 'before: a request number');
        const [from, to] = [instant(q.from, deps.messages.timeZone), instant(q.to, deps.messages.timeZone)];
        if ((q.from && from === undefined) || (q.to && to === undefined)) return apiError(res, 400, 'BAD_INPUT', 'from/to: an ISO date or date-time');
        const items: CitizenRequest[] = [];
        let before = q.before ? Number(q.before) : undefined;
        // Pages are read in rows the caller may see; a few rounds at most (sensitive requests are rare).
        for (let round = 0; round < 5 && items.length < limit; round++) {
          const rows = await store.listRequests({
            areaCode: caller.actor.role === 'department_staff' ? null : q.area ?? own, departmentCode: caller.actor.role === 'department_staff' ? caller.actor.departmentCode : null,
            statuses: q.status?.split(',') as RequestStatus[] | undefined, categories: q.category?.split(',') as CategoryCode[] | undefined, from, to, beforeId: before, limit: limit - items.length,
          });
          items.push(...rows.filter((r) => authorize(caller.actor, 'show', r, deps.tree).ok));
          if (rows.length < limit - items.length || rows.length === 0) {
            before = undefined;
            break;
          }
          before = rows[rows.length - 1].id;
        }
        res.json({ items: items.map((r) => toApiRequest(deps, r, caller.actor)), next_before: items.length >= limit ? items[items.length - 1].id : before ?? null });
      },
    },
    {
      method: 'get', path: '/requests/{id}', summary: 'One request with its timeline (the dossier)',
      request: { params: S.IdParams }, responses: { 200: json(S.RequestWithTimelineSchema, 'The request and its timeline'), ...ERRORS },
      async handler(req, res, caller) {
        const r = await visible(caller, Number(req.params.id));
        if (!r) return apiError(res, 404, 'REQUEST.NOT_FOUND', t('error.REQUEST.NOT_FOUND', { id: String(req.params.id) }, locale));
        const clear = handlesRequest(caller.actor, r, deps.tree);
        res.json({ request: toApiRequest(deps, r, caller.actor), timeline: (await store.timeline(r.id)).map((e) => toEntry(e, clear)) });
      },
    },
    {
      method: 'get', path: '/requests/{id}/timeline', summary: 'The timeline of a request, oldest first',
      request: { params: S.IdParams }, responses: { 200: json(S.TimelineEntrySchema.array(), 'Timeline entries'), ...ERRORS },
      async handler(req, res, caller) {
        const r = await visible(caller, Number(req.params.id));
        if (!r) return apiError(res, 404, 'REQUEST.NOT_FOUND', t('error.REQUEST.NOT_FOUND', { id: String(req.params.id) }, locale));
        res.json((await store.timeline(r.id)).map((e) => toEntry(e, handlesRequest(caller.actor, r, deps.tree))));
      },
    },
    {
      method: 'post', path: '/requests/{id}/actions', summary: 'An action on a request, as the chat command it stands for (same grammar, permissions, lifecycle). Send `Idempotency-Key` to make a retry safe.',
      request: { params: S.IdParams, body: { content: { 'application/json': { schema: S.ActionBody } } } },
      responses: { 200: json(S.ActionResultSchema, 'Done (or a repeat of an Idempotency-Key)'), 403: json(S.ErrorSchema, 'The caller may not do this'), 409: json(S.ErrorSchema, 'Not possible in the request\'s state'), ...ERRORS },
      async handler(req, res, caller) {
        const body = parseOr400(res, S.ActionBody, req.body);
        if (!body) return;
        if (body.text && hasNul(body.text)) return apiError(res, 400, 'BAD_INPUT', 'text: must not contain NUL characters');
        const key = String(req.headers['idempotency-key'] ?? '');
        if (key && !/^[A-Za-z0-9_.:-]{1,100}$/.test(key)) return apiError(res, 400, 'BAD_INPUT', 'Idempotency-Key: 1-100 of A-Z a-z 0-9 _ . : -');
        const id = Number(req.params.id);
        const outcome = await actOnRequest(deps, caller.actor, caller.chat, id, body.action, wellFormed(body.text?.trim() ?? ''), `${caller.chat}:${key || randomUUID()}`);
        if (!outcome.ok) {
          const status = { not_found: 404, forbidden: 403, conflict: 409, bad_command: 400 }[outcome.reason];
          return apiError(res, status, outcome.reason.toUpperCase(), outcome.reply);
        }
        const r = await store.request(id);
        res.json({ ok: true, duplicate: outcome.duplicate, reply: outcome.reply, request: r ? toApiRequest(deps, r, caller.actor) : null });
      },
    },
    {
      method: 'post', path: '/notices', summary: 'Draft a notice (上情下达) and, with `confirm`, send or schedule it — the same rules as `通知` in the chat',
      request: { body: { content: { 'application/json': { schema: S.NoticeBody } } } }, responses: { 200: json(S.NoticeSchema, 'Drafted'), 201: json(S.NoticeSchema, 'Sending or scheduled'), 403: json(S.ErrorSchema, 'The caller may not issue notices'), ...ERRORS },
      async handler(req, res, caller) {
        if (!authorize(caller.actor, 'notice', null, deps.tree).ok) return apiError(res, 403, 'PERMISSION.DENIED', 'only admins and dispatchers issue notices');
        const input = parseOr400(res, S.NoticeBody, req.body);
        if (!input) return;
        if (hasNul(JSON.stringify(input))) return apiError(res, 400, 'BAD_INPUT', 'must not contain NUL characters');
        const scope = Array.isArray(input.scope) ? input.scope : input.scope.split(/[、,，;；\s]+/).filter(Boolean);
        const unit = caller.actor.areaCode ? deps.tree.get(caller.actor.areaCode)?.name ?? caller.actor.name : caller.actor.name;
        const result = await deps.store.transaction(async (tx) => {
          const draft = await draftNotice(deps, tx, { personId: caller.actor.personId, unit, areaCode: caller.actor.areaCode }, { scope, text: wellFormed(input.text), scheduledLocal: input.scheduledAt ?? null, requiresAck: input.requiresAck });
          if (!draft.ok || !input.confirm) return { draft, released: null };
          return { draft, released: await releaseNotice(deps, tx, (await tx.notices.get(draft.value.id))!) };
        });
        if (!result.draft.ok) return apiError(res, 400, 'NOTICE.REFUSED', t(result.draft.error.id, result.draft.error.params, locale));
        if (result.released) deps.onQueued?.();
        const d = result.draft.value;
        res.status(result.released ? 201 : 200).json({ id: d.id, status: result.released?.status ?? 'draft', groups: d.groups, estimatedSeconds: d.etaSeconds, scheduledAt: d.scheduledAt === null ? null : iso(d.scheduledAt) });
      },
    },
    {
      method: 'get', path: '/notices/{id}', summary: 'A notice\'s progress: sent, pending, failed, acknowledgements',
      request: { params: S.IdParams }, responses: { 200: json(S.NoticeSchema, 'Progress'), ...ERRORS },
      async handler(req, res, caller) {
        const id = Number(req.params.id);
        const found = await deps.store.transaction(async (tx) => {
          const notice = await tx.notices.get(id);
          return notice ? { notice, progress: await tx.notices.progress(id) } : null;
        });
        if (!found || (found.notice.issuerId !== caller.actor.personId && caller.actor.role !== 'admin')) return apiError(res, 404, 'NOTICE.NOT_FOUND', `no notice ${id} of this caller`);
        res.json({ id, status: found.notice.status, groups: found.notice.groups, requiresAck: found.notice.requiresAck, ...found.progress });
      },
    },
    {
      method: 'get', path: '/reports/{month}', summary: 'The monthly figures (受理率, 办结率, 满意率 …) of the caller\'s area or a part of it',
      request: { params: S.ReportParams, query: S.ReportQuery }, responses: { 200: json(S.ReportSchema, 'The figures'), 403: json(S.ErrorSchema, 'The caller may not read reports'), ...ERRORS },
      async handler(req, res, caller) {
        if (!authorize(caller.actor, 'report', null, deps.tree).ok || !caller.actor.areaCode) return apiError(res, 403, 'PERMISSION.DENIED', 'only admins and dispatchers read reports');
        const params = parseOr400(res, S.ReportParams, req.params);
        const query = params && parseOr400(res, S.ReportQuery, req.query);
        if (!params || !query) return;
        const area = query.area ?? caller.actor.areaCode;
        if (!deps.tree.get(area) || !deps.tree.isWithin(area, caller.actor.areaCode)) return apiError(res, 400, 'BAD_INPUT', `area: ${area} is not within the caller's area`);
        const report = await buildMonthlyReport({ ...deps, renderChart: undefined }, area, params.month);
        res.json({ month: params.month, area, title: report.chartTitle, text: report.text, total: report.figures.total, by_area: report.figures.byArea, by_category: report.figures.byCategory });
      },
    },
    {
      method: 'get', path: '/webhooks', summary: 'Webhook subscribers (admins)', admin: true,
      responses: { 200: json(S.SubscriberSchema.array(), 'Subscribers'), ...ERRORS },
      async handler(_req, res) {
        res.json((await options.integrations.listSubscribers()).map(toSubscriber));
      },
    },
    {
      method: 'post', path: '/webhooks', summary: 'Add a webhook subscriber (admins); the signing secret is in this answer only', admin: true,
      request: { body: { content: { 'application/json': { schema: S.SubscriberBody } } } }, responses: { 201: json(S.SubscriberSchema, 'Added, with its secret'), ...ERRORS },
      async handler(req, res) {
        const body = parseOr400(res, S.SubscriberBody, req.body);
        if (!body) return;
        if (body.area && !deps.tree.get(body.area)) return apiError(res, 400, 'BAD_INPUT', `area: no area ${body.area}`);
        const sub = await options.integrations.addSubscriber({ name: wellFormed(body.name), url: body.url, events: body.events, areaCode: body.area ?? null, includeSensitive: body.include_sensitive });
        res.status(201).json(toSubscriber(sub));
      },
    },
    {
      method: 'get', path: '/webhooks/{id}/deliveries', summary: 'A subscriber\'s deliveries, newest first (status pending, sent or failed = dead-lettered)', admin: true,
      request: { params: S.IdParams, query: S.DeliveryQuery }, responses: { 200: json(S.DeliverySchema.array(), 'Deliveries'), ...ERRORS },
      async handler(req, res) {
        const q = parseOr400(res, S.DeliveryQuery, req.query);
        if (!q) return;
        const list = await options.deliveries.list(Number(req.params.id), { status: q.status, limit: 100, beforeId: q.before ? Number(q.before) : undefined });
        res.json(list.map((d) => ({ id: d.id, event_id: d.eventId, type: d.type, status: d.status, attempts: d.attempts, last_error: d.lastError, created_at: iso(d.createdAt), sent_at: iso(d.sentAt), next_attempt_at: iso(d.nextAttemptAt) })));
      },
    },
    {
      method: 'post', path: '/webhooks/{id}/replay', summary: 'Send dead-lettered deliveries again (all of the subscriber\'s, or the ids given): the same rows, so still one per event', admin: true,
      request: { params: S.IdParams, body: { content: { 'application/json': { schema: S.ReplayBody } } } }, responses: { 200: json(S.ReplayResultSchema, 'How many were queued again'), ...ERRORS },
      async handler(req, res) {
        const body = parseOr400(res, S.ReplayBody, req.body);
        if (!body) return;
        const replayed = await options.deliveries.replay(Number(req.params.id), body.delivery_ids);
        if (replayed) deps.onQueued?.();
        res.json({ replayed });
      },
    },
    ...(options.extraRoutes ?? []),
  ];

  const registry = new OpenAPIRegistry();
  registry.registerComponent('securitySchemes', 'bearer', { type: 'http', scheme: 'bearer', description: 'An API token (`npm run integrations -- api-token …`) or ADMIN_TOKEN' });
  for (const r of routes) registry.registerPath({ method: r.method, path: `/api/v1${r.path}`, summary: r.summary, request: r.request, responses: r.responses, security: [{ bearer: [] }] });
  registry.registerPath({ method: 'get', path: '/api/v1/openapi.json', summary: 'This description (OpenAPI 3.1)', responses: { 200: { description: 'The OpenAPI document' } } });
  let doc: object | null = null;
  const openapi = () => (doc ??= new OpenApiGeneratorV31(registry.definitions).generateDocument({
    openapi: '3.1.0', info: { title: 'minhu 民呼 API for staff systems', version: '1.0.0', description: 'Requests, timelines, actions as chat commands, notices, reports, webhooks and exports. Every call acts as the staff identity of its token, within its role and area.' },
    servers: [{ url: '/' }],
  }));

  const router = express.Router();
  const throttle = rateLimit({
    windowMs: 15 * 60_000, limit: options.badTokensPerIp ?? 10, standardHeaders: 'draft-7', legacyHeaders: false, validate: { xForwardedForHeader: false },
    skipSuccessfulRequests: true, requestWasSuccessful: (_req, res) => res.statusCode !== 401,
    handler: (_req, res) => apiError(res.setHeader('Retry-After', '900'), 429, 'TOO_MANY_ATTEMPTS', 'too many wrong tokens; try again in 15 minutes'),
  });
  router.get('/api/v1/openapi.json', (_req, res) => res.json(openapi()));
  router.use('/api/v1', throttle, express.json({ limit: '64kb' }), async (req, res, next) => {
    try {
      const given = /^Bearer\s+(.{1,300})$/i.exec(req.headers.authorization ?? '')?.[1] ?? '';
      let caller: Caller | null = null;
      if (given && options.adminToken && createHash('sha256').update(given).digest('hex') === createHash('sha256').update(options.adminToken).digest('hex')) {
        const admin = await store.firstAdmin();
        if (admin) caller = { actor: admin, admin: true, chat: 'api:admin' };
      } else if (given) {
        const key = await options.keys.keyByHash('api', createHash('sha256').update(given).digest('hex'));
        const actor = key?.personId ? await store.actor(key.personId) : null;
        if (key && actor) caller = { actor, admin: actor.role === 'admin', chat: `api:${key.id}` };
      }
      if (!caller) return apiError(res, 401, 'UNAUTHORIZED', 'send Authorization: Bearer <an API token or ADMIN_TOKEN>');
      res.locals.caller = caller;
      next();
    } catch (e) {
      next(e);
    }
  });
  for (const r of routes) {
    router[r.method](`/api/v1${r.path.replace(/\{(\w+)\}/g, ':$1')}`, async (req, res, next) => {
      const caller = res.locals.caller as Caller;
      if (r.admin && !caller.admin) return apiError(res, 403, 'PERMISSION.DENIED', 'admins only');
      const id = (req.params as Record<string, string | undefined>).id;
      if (id !== undefined && !(/^\d{1,10}$/.test(id) && Number(id) <= 2_147_483_647)) return apiError(res, 404, 'NOT_FOUND', `no ${id.slice(0, 20)}`);
      try {
        await r.handler(req, res, caller);
      } catch (e) {
        next(e);
      }
    });
  }
  router.use('/api/v1', (_req, res) => apiError(res, 404, 'NOT_FOUND', 'no such route: see /api/v1/openapi.json'));
  router.use('/api/v1', ((err, _req, res, next) => {
    const status = typeof err?.status === 'number' && err.status >= 400 && err.status < 500 ? err.status : null;
    if (status === null) return next(err);
    apiError(res, status, status === 413 ? 'TOO_LARGE' : 'BAD_INPUT', status === 413 ? 'the body is larger than 64 kB' : 'the body is not valid JSON');
  }) as express.ErrorRequestHandler);
  return { router, openapi, routes };
}

function toSubscriber(s: WebhookSubscriber) {
  return { id: s.id, name: s.name, url: s.url, events: s.events, area: s.areaCode, include_sensitive: s.includeSensitive, active: s.active, ...(s.secret ? { secret: s.secret } : {}) };
}
