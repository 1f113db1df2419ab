/**
 * The zod schemas of /api/v1 (issue 19): what each route takes and gives. The same schemas
 * validate the input and, through @asteasolutions/zod-to-openapi, make the OpenAPI 3.1
 * description served at /api/v1/openapi.json.
 */
import { extendZodWithOpenApi } from '@asteasolutions/zod-to-openapi';
import { z } from 'zod';
import { CATEGORY_CODES } from '../../../core/categories';
import { REQUEST_STATUSES } from '../../../core/model';
import { WEBHOOK_EVENT_TYPES } from '../../../core/webhook-events';
import { API_ACTIONS } from '../../../bots/api/act';

extendZodWithOpenApi(z);

const isoTime = z.string().openapi({ format: 'date-time', example: '2026-11-24T10:00:00.000Z' });
const csv = <T extends readonly [string, ...string[]]>(values: T, description: string) =>
  z.string().regex(new RegExp(`^(${values.join('|')})(,(${values.join('|')}))*$`), `comma delimited: ${values.join(', ')}`).optional().openapi({ description });
const day = z.string().regex(/^\d{4}-\d{2}-\d{2}(T\d{2}:\d{2}(:\d{2})?(\.\d{1,3})?(Z|[+-]\d{2}:\d{2}))?$/, 'an ISO date (2026-11-01) or date-time with a zone').optional();

export const ErrorSchema = z.object({ error: z.object({ code: z.string(), message: z.string() }) }).openapi('Error');

export const RequestSchema = z.object({
  id: z.number().int(),
  status: z.enum(REQUEST_STATUSES),
  category: z.enum(CATEGORY_CODES),
  category_name: z.string(),
  area_code: z.string(),
  area_name: z.string(),
  queue: z.string().openapi({ example: 'area:MS020101' }),
  queue_name: z.string(),
  urgent: z.boolean(),
  sensitive: z.boolean(),
  place: z.string().nullable(),
  place_area: z.string().nullable(),
  detail: z.string().openapi({ description: 'Personal numbers masked unless the caller handles the request' }),
  phone: z.string().nullable(),
  lat: z.number().nullable(),
  long: z.number().nullable(),
  households: z.number().int().openapi({ description: 'Reporter and co-reporters' }),
  assignee_id: z.number().int().nullable(),
  reopen_count: z.number().int(),
  rating: z.enum(['satisfied', 'basic', 'unsatisfied']).nullable(),
  origin_channel: z.string(),
  created_at: isoTime,
  claim_due_at: isoTime,
  answer_due_at: isoTime,
  resolve_due_at: isoTime,
  claimed_at: isoTime.nullable(),
  answered_at: isoTime.nullable(),
  resolved_at: isoTime.nullable(),
  closed_at: isoTime.nullable(),
}).openapi('Request');

export const TimelineEntrySchema = z.object({
  type: z.string(),
  at: isoTime,
  actor: z.string().nullable(),
  from_status: z.string().nullable(),
  to_status: z.string(),
  note: z.string().nullable(),
  from_queue: z.string().nullable(),
  to_queue: z.string().nullable(),
}).openapi('TimelineEntry');

export const RequestListQuery = z.object({
  status: csv(REQUEST_STATUSES, 'Statuses, comma delimited'),
  category: csv(CATEGORY_CODES, 'Categories, comma delimited'),
  area: z.string().regex(/^[A-Za-z0-9_-]{1,32}$/).optional().openapi({ description: 'An area code within the caller\'s area' }),
  from: day.openapi({ description: 'Registered at or after' }),
  to: day.openapi({ description: 'Registered before' }),
  before: z.string().regex(/^\d{1,10}$/).optional().openapi({ description: 'Cursor: requests numbered below this (the previous page\'s next_before)' }),
  limit: z.string().regex(/^\d{1,3}$/).optional().openapi({ description: '1–200 (default 50)' }),
});
export const RequestListSchema = z.object({ items: z.array(RequestSchema), next_before: z.number().int().nullable() }).openapi('RequestList');
export const RequestWithTimelineSchema = z.object({ request: RequestSchema, timeline: z.array(TimelineEntrySchema) }).openapi('RequestWithTimeline');

export const IdParams = z.object({ id: z.string().regex(/^\d{1,10}$/).openapi({ param: { name: 'id', in: 'path' }, example: '12' }) });

export const ActionBody = z.object({
  action: z.enum(Object.keys(API_ACTIONS) as [keyof typeof API_ACTIONS, ...(keyof typeof API_ACTIONS)[]]).openapi({ description: 'The chat command it stands for: claim 认领, reply 答复, resolve 办结, escalate 上报, dispatch 派单, transfer 转办, return 退回, whistle 吹哨, reportIn 报到, keyCase 包案, reject 不予受理, recategorize 改类, raise 加急' }),
  text: z.string().max(2000).optional().openapi({ description: 'The command\'s text: the answer, the result, the reason, the department …' }),
}).openapi('Action');
export const ActionResultSchema = z.object({ ok: z.boolean(), duplicate: z.boolean(), reply: z.string(), request: RequestSchema.nullable() }).openapi('ActionResult');

export const NoticeBody = z.object({
  scope: z.union([z.string().min(1).max(200), z.array(z.string().min(1).max(100)).min(1).max(50)]).openapi({ example: '全县' }),
  text: z.string().trim().min(1).max(2000),
  scheduledAt: z.string().regex(/^\d{4}-\d{2}-\d{2} \d{2}:\d{2}$/, 'use "YYYY-MM-DD HH:mm" in APP_TIMEZONE').optional(),
  requiresAck: z.boolean().default(false),
  confirm: z.boolean().default(false),
}).openapi('NoticeDraft');
export const NoticeSchema = z.object({
  id: z.number().int(), status: z.string(), groups: z.number().int(), requiresAck: z.boolean().optional(), estimatedSeconds: z.number().optional(), scheduledAt: isoTime.nullable().optional(),
  sent: z.number().int().optional(), pending: z.number().int().optional(), failed: z.number().int().optional(), cancelled: z.number().int().optional(),
}).openapi('Notice');

export const ReportParams = z.object({ month: z.string().regex(/^\d{4}-(0[1-9]|1[0-2])$/).openapi({ param: { name: 'month', in: 'path' }, example: '2026-10' }) });
export const ReportQuery = z.object({ area: z.string().regex(/^[A-Za-z0-9_-]{1,32}$/).optional() });
const CountsSchema = z.record(z.string(), z.number());
export const ReportSchema = z.object({
  month: z.string(), area: z.string(), title: z.string(), text: z.string(),
  total: CountsSchema, by_area: z.array(z.object({ code: z.string(), name: z.string(), counts: CountsSchema })), by_category: z.array(z.object({ category: z.string(), counts: CountsSchema })),
}).openapi('Report');

export const SubscriberBody = z.object({
  name: z.string().min(1).max(100),
  url: z.string().url().max(2000).regex(/^https?:\/\//, 'http(s) only'),
  events: z.array(z.enum(WEBHOOK_EVENT_TYPES)).min(1),
  area: z.string().regex(/^[A-Za-z0-9_-]{1,32}$/).nullable().optional(),
  include_sensitive: z.boolean().default(false),
}).openapi('NewSubscriber');
export const SubscriberSchema = z.object({
  id: z.number().int(), name: z.string(), url: z.string(), events: z.array(z.string()), area: z.string().nullable(), include_sensitive: z.boolean(), active: z.boolean(),
  secret: z.string().optional().openapi({ description: 'Only in the answer that created it' }),
}).openapi('Subscriber');
export const DeliveryQuery = z.object({ status: z.enum(['pending', 'sent', 'failed']).optional(), before: z.string().regex(/^\d{1,15}$/).optional() });
export const DeliverySchema = z.object({
  id: z.number().int(), event_id: z.string(), type: z.string(), status: z.string(), attempts: z.number().int(), last_error: z.string().nullable(),
  created_at: isoTime, sent_at: isoTime.nullable(), next_attempt_at: isoTime,
}).openapi('Delivery');
export const ReplayBody = z.object({ delivery_ids: z.array(z.number().int().positive()).max(1000).optional() }).openapi('Replay');
export const ReplayResultSchema = z.object({ replayed: z.number().int() }).openapi('ReplayResult');
