/**
 * The GeoReport v2 responses as zod schemas, field by field from the spec's tables (required
 * fields required, "may not be returned" ones optional): the Open311 tests check every response
 * minhu gives — and the spec's own examples — against them, in JSON and (read back) in XML.
 */
import { z } from 'zod';

const w3 = z.string().regex(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})$/, 'a w3 datetime with a time zone');
const id = z.union([z.string().min(1), z.number()]);
const maybe = <T extends z.ZodType>(s: T) => s.nullable().optional();

export const open311ServiceSchema = z.object({
  service_code: id,
  service_name: z.string().min(1),
  description: maybe(z.string()),
  metadata: z.boolean(),
  type: z.enum(['realtime', 'batch', 'blackbox']),
  keywords: maybe(z.string()),
  group: maybe(z.string()),
});
export const open311ServicesSchema = z.array(open311ServiceSchema);

export const open311AttributeSchema = z.object({
  variable: z.boolean(),
  code: id,
  datatype: z.enum(['string', 'number', 'datetime', 'text', 'singlevaluelist', 'multivaluelist']),
  required: z.boolean(),
  datatype_description: maybe(z.string()),
  order: z.number().int().positive(),
  description: z.string(),
  values: maybe(z.array(z.object({ key: id, name: z.string() }))),
});
export const open311DefinitionSchema = z.object({ service_code: id, attributes: z.array(open311AttributeSchema) });

export const open311RequestSchema = z.object({
  service_request_id: id,
  status: z.enum(['open', 'closed']),
  status_notes: maybe(z.string()),
  service_name: z.string(),
  service_code: id,
  description: maybe(z.string().max(4000)),
  agency_responsible: maybe(z.string()),
  service_notice: maybe(z.string()),
  requested_datetime: w3,
  updated_datetime: w3,
  expected_datetime: maybe(w3),
  address: maybe(z.string()),
  address_id: maybe(id),
  zipcode: maybe(id),
  lat: maybe(z.number().min(-90).max(90)),
  long: maybe(z.number().min(-180).max(180)),
  media_url: maybe(z.string()),
});
export const open311RequestsSchema = z.array(open311RequestSchema);

/** POST requests: a service_request_id or a token, never both. */
export const open311PostResponseSchema = z.array(z.object({
  service_request_id: maybe(id),
  token: maybe(id),
  service_notice: maybe(z.string()),
  account_id: maybe(id),
}).refine((r) => (r.service_request_id == null) !== (r.token == null), 'either service_request_id or token')).length(1);

/** GET tokens/{token}: the token, and the service_request_id once there is one. */
export const open311TokenSchema = z.array(z.object({ service_request_id: maybe(id), token: id })).length(1);

export const open311ErrorsSchema = z.array(z.object({ code: z.number().int(), description: z.string().min(1) })).min(1);
