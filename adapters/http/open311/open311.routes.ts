/**
 * Open311 GeoReport v2 at /open311/v2/ (issue 19): services.{json,xml}, services/{code}.{json,xml},
 * requests.{json,xml} (GET with filters and pages; POST with an api_key), requests/{id}.{json,xml},
 * tokens/{token}.{json,xml}. Public reads show no personal data and no sensitive request (those
 * answer like one that does not exist). A POST enters like any channel's message: stored in the
 * inbox, handled by `handleInbound`, deduplicated on the system's caller id.
 */
import { createHash, randomBytes } from 'node:crypto';
import express, { type Request, type Response, type Router } from 'express';
import { rateLimit } from 'express-rate-limit';
import { OPEN311_ATTRIBUTES, isPublic, open311Services, parseW3Time, toOpen311Request, w3Time } from '../../../core/open311';
import { isCategoryCode, type CategoryCode } from '../../../core/categories';
import type { CitizenRequest, InboundMessage } from '../../../core/model';
import { queueName } from '../../../core/queue';
import { statusName } from '../../../core/request-messages';
import { formatTime } from '../../../core/time-format';
import { t } from '../../../core/texts';
import type { BotDeps } from '../../../bots/deps';
import type { BlobStore } from '../../../bots/ports/blobs';
import type { Open311Store } from '../../../bots/ports/open311';
import { sendDefinition, sendErrors, sendList, type Format, type Open311Error } from './open311-format';
import { multipartBody } from './multipart';
import { fetchMedia, parsePost, storePhotos } from './open311-post';

export interface Open311Options {
  store: Open311Store;
  deps: BotDeps;
  /** Stores an inbound message in the inbox (resolves once committed) and starts handling it. */
  accept: (message: InboundMessage) => Promise<unknown>;
  blobs?: BlobStore;
  /** The jurisdiction_id clients may send; unset: the parameter is ignored (one jurisdiction). */
  jurisdictionId?: string;
  /** Largest POST body in bytes. (default: 8 MB) */
  maxBodyBytes?: number;
  /** How long a POST waits for its request before answering with a token. (default: 3000) */
  waitMs?: number;
  /** Wrong api_keys per client address per 15 minutes, then 429. (default: 10) */
  badKeysPerIp?: number;
  /** POSTs per api_key per minute (in this process), then 429. (default: 60) */
  postsPerKeyPerMinute?: number;
  /** Hosts (`host` or `host:port`) whose http(s) media_url is downloaded. (default: none) */
  mediaHosts?: string[];
  /** Time limit of one media_url download. (default: 10000) */
  mediaTimeoutMs?: number;
}

const PATH = /^\/(services|requests|tokens)(?:\/([A-Za-z0-9_.:-]{1,128}))?\.(json|xml)$/;
const DAY = 86_400_000;
/** Default and largest page of GET requests (the spec's "first 1000 requests"). */
const MAX_PAGE_SIZE = 1000;
const MAX_PAGE = 10_000;

/** The UTC offset of `timeZone` at `ms`, in minutes. */
function offsetMinutes(ms: number, timeZone: string): number {
  const name = new Intl.DateTimeFormat('en-US', { timeZone, timeZoneName: 'longOffset' }).formatToParts(ms).find((p) => p.type === 'timeZoneName')?.value ?? 'GMT';
  const m = /GMT([+-])(\d{2}):(\d{2})/.exec(name);
  return m ? (m[1] === '-' ? -1 : 1) * (Number(m[2]) * 60 + Number(m[3])) : 0;
}

/** A query parameter as one string: repeated ones joined by commas (the spec's lists), objects refused. */
function param(req: Request, name: string): string | undefined | null {
  const v = (req.query as Record<string, unknown>)[name];
  if (v === undefined) return undefined;
  if (typeof v === 'string') return v;
  if (Array.isArray(v) && v.every((x) => typeof x === 'string')) return v.join(',');
  return null;
}

export function createOpen311Router(options: Open311Options): Router {
  const { store, deps } = options;
  const waitMs = options.waitMs ?? 3000;
  const router = express.Router();
  const timeZone = deps.messages.timeZone;
  const w3 = (ms: number) => w3Time(ms, offsetMinutes(ms, timeZone));
  const view = (r: CitizenRequest) => toOpen311Request(r, { statusName: statusName(r.status, deps.messages.locale), agency: queueName(r.queue, deps.tree, deps.departments), formatTime: w3 });
  // Guessing api_keys: a wrong key counts, nothing else does (a system's malformed report is not an attack).
  const keyThrottle = rateLimit({
    windowMs: 15 * 60_000, limit: options.badKeysPerIp ?? 10, standardHeaders: 'draft-7', legacyHeaders: false, validate: { xForwardedForHeader: false },
    skipSuccessfulRequests: true, requestWasSuccessful: (_req, res) => res.statusCode !== 403,
    handler: (req, res) => sendErrors(res.setHeader('Retry-After', '900'), formatOf(req), [{ code: 429, description: 'too many invalid api_keys; try again in 15 minutes' }]),
  });
  const bodyLimit = options.maxBodyBytes ?? 8 * 1_048_576;
  const parsers = [
    express.urlencoded({ extended: true, limit: bodyLimit, parameterLimit: 200 }),
    express.json({ limit: bodyLimit }),
    multipartBody({ limit: bodyLimit, maxParts: 200 }),
  ];
  // One system flooding minhu (a loop in its client): POSTs per api_key, counted before the key is checked.
  const keyOf = (req: Request) => {
    const key = (req.body as Record<string, unknown> | undefined)?.api_key;
    return typeof key === 'string' && key ? createHash('sha256').update(key).digest('hex') : '';
  };
  const perKey = rateLimit({
    windowMs: 60_000, limit: options.postsPerKeyPerMinute ?? 60, standardHeaders: 'draft-7', legacyHeaders: false, validate: false,
    keyGenerator: keyOf, skip: (req) => keyOf(req) === '',
    handler: (req, res) => sendErrors(res.setHeader('Retry-After', '60'), formatOf(req), [{ code: 429, description: `more than ${options.postsPerKeyPerMinute ?? 60} reports a minute with this api_key; try again in a minute` }], 429),
  });

  router.use('/open311/v2', (req, res, next) => {
    const m = PATH.exec(req.path);
    if (!m) return sendErrors(res, formatOf(req), [{ code: 404, description: 'no such resource: use services, services/{code}, requests, requests/{id} or tokens/{token}, with .json or .xml' }]);
    res.locals.open311 = { resource: m[1], id: m[2] ?? null, format: m[3] as Format };
    next();
  });
  router.post('/open311/v2/requests.:format', keyThrottle, ...parsers, perKey);
  router.use('/open311/v2', async (req, res, next) => {
    const { resource, id, format } = res.locals.open311 as { resource: string; id: string | null; format: Format };
    const fail = (errors: Open311Error[], status?: number) => sendErrors(res, format, errors, status);
    try {
      const jurisdiction = req.method === 'POST' ? (req.body as Record<string, unknown> | undefined)?.jurisdiction_id : param(req, 'jurisdiction_id');
      if (jurisdiction !== undefined && jurisdiction !== '' && options.jurisdictionId && jurisdiction !== options.jurisdictionId) {
        return fail([{ code: 404, description: `jurisdiction_id ${JSON.stringify(String(jurisdiction).slice(0, 100))} was not found (this endpoint serves ${options.jurisdictionId})` }]);
      }
      if (req.method === 'POST') {
        if (resource !== 'requests' || id) return fail([{ code: 400, description: 'POST only to requests.json or requests.xml' }]);
        return await postRequest(req, res, format);
      }
      if (req.method !== 'GET' && req.method !== 'HEAD') return fail([{ code: 400, description: `${req.method} is not supported here` }]);
      if (resource === 'services') return id ? serviceDefinition(res, format, id) : sendList(res, format, 'services', open311Services());
      if (resource === 'tokens') return id ? await token(res, format, id) : fail([{ code: 400, description: 'use tokens/{token}.json' }]);
      return id ? await oneRequest(res, format, id) : await listRequests(req, res, format);
    } catch (e) {
      next(e);
    }
  });
  // A body too large or not parseable: the spec's error format, never a 5xx.
  router.use('/open311/v2', ((err, req, res, next) => {
    const status = typeof err?.status === 'number' && err.status >= 400 && err.status < 500 ? err.status : null;
    if (status === null) return next(err);
    sendErrors(res, formatOf(req), [{ code: status, description: status === 413 ? `the body is larger than ${Math.round(bodyLimit / 1024)} kB` : 'the body could not be read (send application/x-www-form-urlencoded)' }], status);
  }) as express.ErrorRequestHandler);

  function serviceDefinition(res: Response, format: Format, code: string) {
    if (!isCategoryCode(code)) return sendErrors(res, format, [{ code: 404, description: `service_code ${JSON.stringify(code)} was not found` }]);
    sendDefinition(res, format, { service_code: code, attributes: OPEN311_ATTRIBUTES });
  }

  async function token(res: Response, format: Format, value: string) {
    const found = /^[A-Za-z0-9-]{8,64}$/.test(value) ? await store.byToken(value) : null;
    if (!found) return sendErrors(res, format, [{ code: 404, description: `token ${JSON.stringify(value.slice(0, 64))} was not found` }]);
    sendList(res, format, 'requests', [{ service_request_id: found.requestId === null ? null : String(found.requestId), token: found.token }]);
  }

  async function oneRequest(res: Response, format: Format, id: string) {
    const request = /^\d{1,10}$/.test(id) ? await store.request(Number(id)) : null;
    if (!request || !isPublic(request)) return sendErrors(res, format, [{ code: 404, description: `service_request_id ${JSON.stringify(id.slice(0, 20))} was not found` }]);
    sendList(res, format, 'requests', [view(request)]);
  }

  async function listRequests(req: Request, res: Response, format: Format) {
    const fail = (description: string) => sendErrors(res, format, [{ code: 400, description }]);
    let refused = false;
    const get = (name: string): string | undefined => {
      const v = param(req, name);
      if (v === null && !refused) {
        refused = true;
        fail(`${name} must be text`);
      }
      return v === '' || v === null ? undefined : v;
    };
    const ids = get('service_request_id');
    const codes = get('service_code');
    const start = get('start_date');
    const end = get('end_date');
    const status = get('status');
    const page = get('page');
    const pageSize = get('page_size');
    if (refused) return;
    let idList: number[] | undefined;
    if (ids !== undefined) {
      const parts = ids!.split(',').map((s) => s.trim()).filter(Boolean);
      if (parts.length > 200 || !parts.every((p) => /^\d{1,10}$/.test(p) && Number(p) <= 2_147_483_647)) return fail('service_request_id: up to 200 request numbers, comma delimited');
      idList = parts.map(Number);
    }
    const categories = codes?.split(',').map((s) => s.trim()).filter(Boolean);
    const unknown = categories?.find((c) => !isCategoryCode(c));
    if (unknown !== undefined) return fail(`service_code ${JSON.stringify(unknown.slice(0, 64))} is not one of GET services.json`);
    const statuses = status?.split(',').map((s) => s.trim());
    if (statuses?.some((s) => s !== 'open' && s !== 'closed')) return fail('status: open, closed, or both comma delimited');
    const from = start === undefined ? null : parseW3Time(start!);
    const to = end === undefined ? null : parseW3Time(end!);
    if (from === null && start !== undefined) return fail('start_date: use the w3 format, e.g. 2010-01-01T00:00:00Z');
    if (to === null && end !== undefined) return fail('end_date: use the w3 format, e.g. 2010-01-01T00:00:00Z');
    const toMs = to !== null ? to + 1 : from !== null ? Math.min(from + 90 * DAY, Date.now() + 1) : Date.now() + 1;
    const fromMs = from ?? toMs - 90 * DAY;
    if (fromMs >= toMs) return fail('start_date must be before end_date');
    if (toMs - fromMs > 90 * DAY + 1) return fail('start_date and end_date may not span more than 90 days');
    const size = pageSize === undefined ? MAX_PAGE_SIZE : /^\d{1,4}$/.test(pageSize!) ? Number(pageSize) : NaN;
    const number = page === undefined ? 1 : /^\d{1,5}$/.test(page!) ? Number(page) : NaN;
    if (!(size >= 1 && size <= MAX_PAGE_SIZE)) return fail(`page_size: 1 to ${MAX_PAGE_SIZE}`);
    if (!(number >= 1 && number <= MAX_PAGE)) return fail(`page: 1 to ${MAX_PAGE}`);
    const list = await store.listPublic({ ids: idList, categories: categories as CategoryCode[] | undefined, from: fromMs, to: toMs, statuses: statuses as ('open' | 'closed')[] | undefined, limit: size, offset: (number - 1) * size });
    if (list.length === size) {
      const next = new URL(req.originalUrl, 'http://host');
      next.searchParams.set('page', String(number + 1));
      next.searchParams.set('page_size', String(size));
      res.setHeader('Link', `<${next.pathname}${next.search}>; rel="next"`);
    }
    sendList(res, format, 'requests', list.map(view));
  }

  async function postRequest(req: Request, res: Response, format: Format) {
    const body = (req.body && typeof req.body === 'object' ? req.body : {}) as Record<string, unknown>;
    const apiKey = typeof body.api_key === 'string' ? body.api_key : '';
    if (!apiKey) return sendErrors(res, format, [{ code: 403, description: 'api_key is missing -- can\'t proceed with create_request.' }]);
    const key = apiKey.length <= 200 ? await store.keyByHash('open311', createHash('sha256').update(apiKey).digest('hex')) : null;
    if (!key) return sendErrors(res, format, [{ code: 403, description: 'Invalid api_key received -- can\'t proceed with create_request.' }]);
    const parsed = parsePost(body, { maxPhotos: deps.media.maxPerRequest, maxPhotoBytes: deps.media.maxBytes });
    if (!parsed.ok) return sendErrors(res, format, parsed.errors);
    const post = parsed.value;
    const token = randomBytes(16).toString('hex');
    const reservation = await store.reserve(key.system, post.externalId ?? `token:${token}`, token);
    if (reservation.requestId !== null) return answer(res, format, reservation.requestId, reservation.token);
    const fetched = post.mediaUrls.length ? await fetchMedia(post.mediaUrls, { allowedHosts: options.mediaHosts ?? [], maxBytes: deps.media.maxBytes, timeoutMs: options.mediaTimeoutMs ?? 10_000 }) : { ok: true as const, photos: [] };
    if (!fetched.ok) return sendErrors(res, format, fetched.errors);
    const photos = await storePhotos(options.blobs, [...post.photos, ...fetched.photos]);
    if (!photos.ok) return sendErrors(res, format, photos.errors);
    const areaCode = post.addressId && deps.tree.get(post.addressId) ? post.addressId : null;
    await options.accept({
      channel: 'open311', messageId: `${key.system}:${post.externalId ?? `token:${reservation.token}`}`, chatId: key.system, chatType: 'private',
      senderId: `${key.system}:${post.caller ?? `case:${post.externalId ?? reservation.token}`}`, senderName: post.name || '来电群众', text: post.description,
      addressed: true, sourceMessageId: null, replyToMessageId: null, buttonData: null, photo: null, kind: 'text', at: Date.now(),
      report: { system: key.system, externalId: post.externalId, token: reservation.token, category: post.category, place: post.place, areaCode, phone: post.phone, lat: post.lat, lng: post.lng, photos: photos.refs },
    });
    // Handled inline at once (the inbox retries it if that fails): wait a little for the number.
    const started = Date.now();
    for (let pause = 10; Date.now() - started < waitMs; pause = Math.min(pause * 2, 200)) {
      const found = await store.byToken(reservation.token);
      if (found?.requestId) return answer(res, format, found.requestId, reservation.token);
      await new Promise((r) => setTimeout(r, pause));
    }
    sendList(res, format, 'requests', [{ token: reservation.token, service_notice: t('open311.pending', {}, deps.messages.locale) }]);
  }

  async function answer(res: Response, format: Format, requestId: number, _token: string) {
    const request = await store.request(requestId);
    const handler = request ? queueName(request.queue, deps.tree, deps.departments) : '';
    const notice = request ? t('open311.registered', { id: requestId, handler, claimDue: formatTime(request.claimDueAt, timeZone) }, deps.messages.locale) : null;
    sendList(res, format, 'requests', [{ service_request_id: String(requestId), service_notice: notice, account_id: null }]);
  }

  return router;
}

/** The format a path asks for (`….xml` → XML), JSON otherwise. */
function formatOf(req: Request): Format {
  return /\.xml$/.test(req.path) ? 'xml' : 'json';
}
