/**
 * Open311 GeoReport v2 wire formats: JSON (arrays, `application/json; charset=utf-8`) and XML
 * (the spec's root elements, the XML declaration with encoding utf-8, `text/xml; charset=utf-8`).
 * Errors are `[{code, description}]` / `<errors><error>…` with the HTTP status the spec names:
 * 404 for what does not exist, 403 for a wrong or missing api_key, 400 for anything else.
 */
import type { Response } from 'express';
import { XMLBuilder } from 'fast-xml-parser';

export type Format = 'json' | 'xml';

/** The XML root element and the element of each item, per response kind. */
const ROOTS = {
  services: ['services', 'service'],
  requests: ['service_requests', 'request'],
  errors: ['errors', 'error'],
} as const;

const builder = new XMLBuilder({ format: true, indentBy: '  ', processEntities: true, suppressEmptyNode: false });

/** Characters XML 1.0 cannot carry at all (C0 controls but tab, CR, LF; U+FFFE/U+FFFF; lone surrogates). */
const NOT_XML = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g;

function xmlSafe(value: unknown): unknown {
  if (typeof value === 'string') return value.replace(NOT_XML, '');
  if (Array.isArray(value)) return value.map(xmlSafe);
  if (value && typeof value === 'object') return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, xmlSafe(v)]));
  return value;
}

/** The XML document of a value under a root element. */
export function toXml(root: string, body: unknown): string {
  return `<?xml version="1.0" encoding="utf-8"?>\n${builder.build({ [root]: xmlSafe(body) })}`;
}

/** Sends a list (services, requests, errors) in the format asked for. */
export function sendList(res: Response, format: Format, kind: keyof typeof ROOTS, items: readonly object[], status = 200): void {
  res.status(status);
  if (format === 'json') return void res.type('application/json; charset=utf-8').send(JSON.stringify(items));
  const [root, item] = ROOTS[kind];
  res.type('text/xml; charset=utf-8').send(toXml(root, items.length ? { [item]: items } : ''));
}

/** Sends a service definition (one object, root `service_definition`). */
export function sendDefinition(res: Response, format: Format, definition: { service_code: string; attributes: readonly object[] }): void {
  if (format === 'json') return void res.type('application/json; charset=utf-8').send(JSON.stringify(definition));
  res.type('text/xml; charset=utf-8').send(toXml('service_definition', { service_code: definition.service_code, attributes: { attribute: definition.attributes } }));
}

/** One Open311 error. `code` usually matches the HTTP status. */
export interface Open311Error {
  code: number;
  description: string;
}

/** Sends errors with their HTTP status (the first error's code unless given). */
export function sendErrors(res: Response, format: Format, errors: Open311Error[], status = errors[0]?.code ?? 400): void {
  sendList(res, format, 'errors', errors, status);
}
