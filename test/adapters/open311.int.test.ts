/**
 * Open311 GeoReport v2 (issue 19) over HTTP on 127.0.0.1, on PGlite and PostgreSQL: every
 * response checked against the spec's schemas in JSON and in XML (the spec's own examples pass
 * the same schemas), POST through the inbox and handleInbound, deduplicated on the caller's id,
 * public reads without personal data or sensitive requests, errors in the spec's format.
 */
import { eq } from 'drizzle-orm';
import { XMLParser } from 'fast-xml-parser';
import type { z } from 'zod';
import type { Database } from '../../adapters/db/client';
import { requests } from '../../adapters/db/schema';
import {
  open311DefinitionSchema, open311ErrorsSchema, open311PostResponseSchema, open311RequestsSchema, open311ServicesSchema, open311TokenSchema,
} from '../../adapters/http/open311/open311-schemas';
import { form, startIntegrationsApp, type IntegrationsApp } from '../support/integrations-app';
import { DB_KINDS, openTestDatabase } from '../support/test-database';

const LISTS: Record<string, string> = { services: 'service', service_requests: 'request', errors: 'error', attributes: 'attribute', values: 'value' };
const BOOLEAN = new Set(['metadata', 'variable', 'required']);
const NUMBER = new Set(['order', 'lat', 'long', 'code']);

/** Reads an Open311 XML document back into the JSON shape (the spec's Spark convention), for the same schemas. */
export function fromXml(xml: string): unknown {
  const parser = new XMLParser({ parseTagValue: false, isArray: (name) => Object.values(LISTS).includes(name) });
  const doc = parser.parse(xml) as Record<string, unknown>;
  const norm = (key: string, v: unknown): unknown => {
    if (v && typeof v === 'object' && !Array.isArray(v)) {
      const entries = Object.entries(v as Record<string, unknown>);
      if (key in LISTS) return ((v as Record<string, unknown>)[LISTS[key]] as unknown[] ?? []).map((x) => norm(LISTS[key], x));
      return Object.fromEntries(entries.map(([k, x]) => [k, norm(k, x)]));
    }
    if (typeof v === 'string') {
      const s = v.trim();
      if (s === '') return null;
      if (BOOLEAN.has(key)) return s === 'true';
      if (NUMBER.has(key) && /^-?\d+(\.\d+)?$/.test(s)) return Number(s);
      return s;
    }
    return v === '' ? null : v;
  };
  const [root, body] = Object.entries(doc).find(([k]) => k !== '?xml')!;
  if (root === 'service_definition') return norm(root, body);
  return body === '' ? [] : norm(root, body);
}

/** The spec's own example responses (wiki.open311.org/GeoReport_v2), to check the schemas themselves. */
const SPEC_EXAMPLES = {
  services: `<?xml version="1.0" encoding="utf-8"?><services><service><service_code>001</service_code><service_name>Cans left out 24x7</service_name><description>Garbage or recycling cans that have been left out for more than 24 hours after collection. Violators will be cited.</description><metadata>true</metadata><type>realtime</type><keywords>lorem, ipsum, dolor</keywords><group>sanitation</group></service><service><service_code>002</service_code><metadata>true</metadata><type>realtime</type><keywords>lorem, ipsum, dolor</keywords><group>street</group><service_name>Construction plate shifted</service_name><description>Metal construction plate covering the street or sidewalk has been moved.</description></service></services>`,
  definition: `<?xml version="1.0" encoding="utf-8"?><service_definition><service_code>DMV66</service_code><attributes><attribute><variable>true</variable><code>WHISHETN</code><datatype>singlevaluelist</datatype><required>true</required><datatype_description></datatype_description><order>1</order><description>What is the ticket/tag/DL number?</description><values><value><key>123</key><name>Ford</name></value><value><key>124</key><name>Chrysler</name></value></values></attribute></attributes></service_definition>`,
  post: `<?xml version="1.0" encoding="utf-8"?><service_requests><request><service_request_id>293944</service_request_id><service_notice>The City will inspect and require the responsible party to correct within 24 hours and/or issue a Correction Notice or Notice of Violation of the Public Works Code</service_notice><account_id/></request></service_requests>`,
  token: `<?xml version="1.0" encoding="utf-8"?><service_requests><request><service_request_id>638344</service_request_id><token>12345</token></request></service_requests>`,
  requests: `<?xml version="1.0" encoding="utf-8"?><service_requests><request><service_request_id>638344</service_request_id><status>closed</status><status_notes>Duplicate request.</status_notes><service_name>Sidewalk and Curb Issues</service_name><service_code>006</service_code><description></description><agency_responsible></agency_responsible><service_notice></service_notice><requested_datetime>2010-04-14T06:37:38-08:00</requested_datetime><updated_datetime>2010-04-14T06:37:38-08:00</updated_datetime><expected_datetime>2010-04-15T06:37:38-08:00</expected_datetime><address>8TH AVE and JUDAH ST</address><address_id>545483</address_id><zipcode>94122</zipcode><lat>37.762221815</lat><long>-122.4651145</long><media_url>http://city.gov.s3.amazonaws.com/requests/media/638344.jpg </media_url></request></service_requests>`,
  errors: `<?xml version="1.0" encoding="utf-8"?><errors><error><code>403</code><description>Invalid api_key received -- can't proceed with create_request.</description></error></errors>`,
};

describe('the Open311 schemas', () => {
  it('should accept the spec\'s own example responses', () => {
    expect(open311ServicesSchema.safeParse(fromXml(SPEC_EXAMPLES.services)).success).toBe(true);
    expect(open311DefinitionSchema.safeParse(fromXml(SPEC_EXAMPLES.definition)).success).toBe(true);
    expect(open311PostResponseSchema.safeParse(fromXml(SPEC_EXAMPLES.post)).success).toBe(true);
    expect(open311TokenSchema.safeParse(fromXml(SPEC_EXAMPLES.token)).success).toBe(true);
    expect(open311RequestsSchema.safeParse(fromXml(SPEC_EXAMPLES.requests)).success).toBe(true);
    expect(open311ErrorsSchema.safeParse(fromXml(SPEC_EXAMPLES.errors)).success).toBe(true);
  });
  it('should refuse what the spec does not allow', () => {
    expect(open311RequestsSchema.safeParse([{ service_request_id: '1', status: 'pending', service_name: 'x', service_code: 'x', requested_datetime: '2010-01-01T00:00:00Z', updated_datetime: '2010-01-01T00:00:00Z' }]).success).toBe(false);
    expect(open311RequestsSchema.safeParse([{ service_request_id: '1', status: 'open', service_name: 'x', service_code: 'x', requested_datetime: '2010-01-01 00:00', updated_datetime: '2010-01-01T00:00:00Z' }]).success).toBe(false);
    expect(open311PostResponseSchema.safeParse([{ service_request_id: '1', token: 'a' }]).success).toBe(false);
  });
});

describe.each(DB_KINDS)('Open311 GeoReport v2 on %s', (kind) => {
  let db: Database;
  let app: IntegrationsApp;
  let apiKey: string;
  beforeAll(async () => {
    db = await openTestDatabase(kind);
    app = await startIntegrationsApp(db, { jurisdictionId: 'mingshui.gov.cn', maxBodyBytes: 64 * 1024 });
    apiKey = (await app.integrations.createKey({ kind: 'open311', system: 'hotline12345', name: '12345热线' })).key;
  });
  afterAll(async () => {
    await app.close();
    await db.close();
  });

  const get = (path: string) => fetch(`${app.url}/open311/v2/${path}`);
  /** GETs a path as JSON and as XML, checks both with the schema, and returns the JSON body. */
  async function both<S extends z.ZodType>(path: string, schema: S, status = 200): Promise<z.output<S>> {
    const [json, xml] = await Promise.all([get(path.replace('{f}', 'json')), get(path.replace('{f}', 'xml'))]);
    expect([json.status, xml.status]).toEqual([status, status]);
    expect(json.headers.get('content-type')).toBe('application/json; charset=utf-8');
    expect(xml.headers.get('content-type')).toBe('text/xml; charset=utf-8');
    const [j, x] = [await json.json(), await xml.text()];
    expect(x.startsWith('<?xml version="1.0" encoding="utf-8"?>')).toBe(true);
    const fromJson = schema.safeParse(j);
    const fromXmlDoc = schema.safeParse(fromXml(x));
    expect(fromJson.error?.issues ?? []).toEqual([]);
    expect(fromXmlDoc.error?.issues ?? []).toEqual([]);
    return fromJson.data!;
  }
  const post = (fields: Record<string, string | string[]>, format = 'json') =>
    fetch(`${app.url}/open311/v2/requests.${format}`, { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded; charset=utf-8' }, body: form(fields) });

  it('should list the categories as services with a group and Chinese names', async () => {
    const services = await both('services.{f}', open311ServicesSchema);
    expect(services).toHaveLength(19);
    expect(services.find((s) => s.service_code === 'municipal')).toMatchObject({ service_name: '市政设施', group: '城乡建设', metadata: true, type: 'realtime' });
    expect(services.find((s) => s.service_code === 'integrity')?.keywords).toContain('private');
  });

  it('should describe a service with its attributes (place, photo, the caller\'s id)', async () => {
    const definition = await both('services/water.{f}', open311DefinitionSchema);
    expect(definition.attributes.map((a) => a.code)).toEqual(['place', 'photo', 'external_id']);
    await both('services/nope.{f}', open311ErrorsSchema, 404);
  });

  it('should refuse a POST without an api_key or with a wrong one (403, the spec\'s error)', async () => {
    for (const key of [undefined, 'o311_wrong']) {
      const res = await post({ ...(key ? { api_key: key } : {}), service_code: 'water', address_string: '王家村3组' });
      expect(res.status).toBe(403);
      expect(open311ErrorsSchema.parse(await res.json())[0].code).toBe(403);
    }
    const xml = await post({ api_key: 'o311_wrong', service_code: 'water', address_string: '王家村3组' }, 'xml');
    expect(xml.status).toBe(403);
    expect(open311ErrorsSchema.safeParse(fromXml(await xml.text())).success).toBe(true);
  });

  it('should register a report as a request of the grid its place names, once per caller id', async () => {
    const fields = {
      api_key: apiKey, jurisdiction_id: 'mingshui.gov.cn', service_code: 'municipal', address_string: '王家村3组12号门口',
      description: '路灯坏了一个星期，晚上很黑，电话13812345678', first_name: '大妈', last_name: '王', phone: '13812345678', 'attribute[external_id]': 'HL-2026-0001',
      lat: '34.7466', long: '113.6254',
    };
    const first = await post(fields);
    expect(first.status).toBe(200);
    const [created] = open311PostResponseSchema.parse(await first.json());
    expect(created.service_notice).toContain('王家村1-3组网格');
    const id = Number(created.service_request_id);
    const again = open311PostResponseSchema.parse(await (await post(fields, 'xml').then(async (r) => ({ json: async () => fromXml(await r.text()) }))).json());
    expect(Number(again[0].service_request_id)).toBe(id);
    const rows = await db.db.select().from(requests).where(eq(requests.originChannel, 'open311'));
    expect(rows.filter((r) => r.id === id)).toHaveLength(1);
    const row = rows.find((r) => r.id === id)!;
    expect(row).toMatchObject({ category: 'municipal', queueKind: 'area', place: '王家村3组12号门口', phone: '13812345678', originChatId: 'hotline12345' });
    expect(row.areaCode).toBe(row.queueCode);
    expect(row.photos).toContain('geo:34.7466,113.6254');

    const [shown] = await both(`requests/${id}.{f}`, open311RequestsSchema);
    expect(shown).toMatchObject({ service_request_id: String(id), status: 'open', service_code: 'municipal', service_name: '市政设施', lat: 34.7466, long: 113.6254, agency_responsible: '王家村1-3组网格' });
    expect(JSON.stringify(shown)).not.toContain('13812345678');
    expect(JSON.stringify(shown)).not.toContain('王大妈');
    expect(shown.requested_datetime).toMatch(/\+08:00$/);
  });

  it('should answer a token with the request it became', async () => {
    const res = await post({ api_key: apiKey, service_code: 'water', address_string: '李庄村5组', description: '停水两天了' });
    const [created] = open311PostResponseSchema.parse(await res.json());
    const ids = (await db.db.select({ token: requests.id }).from(requests)).length;
    expect(ids).toBeGreaterThan(0);
    // The token of a report is kept with it: read it back from the mapping the POST made.
    const { open311Requests } = await import('../../adapters/db/schema');
    const [link] = await db.db.select().from(open311Requests).where(eq(open311Requests.requestId, Number(created.service_request_id)));
    const [token] = await both(`tokens/${link.token}.{f}`, open311TokenSchema);
    expect(token).toEqual({ service_request_id: created.service_request_id, token: link.token });
    await both('tokens/0000000000000000.{f}', open311ErrorsSchema, 404);
  });

  it('should never show a sensitive request', async () => {
    const res = await post({ api_key: apiKey, service_code: 'integrity', address_string: '王家村', description: '村干部优亲厚友，低保给了亲戚' });
    const [created] = open311PostResponseSchema.parse(await res.json());
    await both(`requests/${created.service_request_id}.{f}`, open311ErrorsSchema, 404);
    const all = await both('requests.{f}', open311RequestsSchema);
    expect(all.map((r) => r.service_request_id)).not.toContain(created.service_request_id);
    expect(all.length).toBeGreaterThanOrEqual(2);
  });

  it('should filter by ids, service_code and status, and page', async () => {
    const open = await both('requests.{f}?status=open&service_code=municipal,water', open311RequestsSchema);
    expect(open.every((r) => r.status === 'open' && ['municipal', 'water'].includes(String(r.service_code)))).toBe(true);
    const ids = open.map((r) => r.service_request_id).join(',');
    const byId = await both(`requests.{f}?service_request_id=${ids}&service_code=health`, open311RequestsSchema);
    expect(byId.map((r) => r.service_request_id).sort()).toEqual(open.map((r) => r.service_request_id).sort());
    expect(await both('requests.{f}?status=closed', open311RequestsSchema)).toEqual([]);
    const page1 = await get('requests.json?page_size=1&page=1');
    expect(page1.headers.get('link')).toContain('page=2');
    const [p1, p2] = [await page1.json() as { service_request_id: string }[], await (await get('requests.json?page_size=1&page=2')).json() as { service_request_id: string }[]];
    expect(p1).toHaveLength(1);
    expect(p2[0].service_request_id).not.toBe(p1[0].service_request_id);
  });

  it('should answer bad arguments with 400 and unknown things with 404, in the spec\'s format', async () => {
    for (const q of ['start_date=yesterday', 'end_date=2026-02-31T00:00:00Z', 'start_date=2020-01-01T00:00:00Z&end_date=2020-12-31T00:00:00Z', 'status=pending', 'page_size=5000', 'page=0', 'service_request_id=1;drop', 'service_code=water\'--']) {
      await both(`requests.{f}?${q}`, open311ErrorsSchema, 400);
    }
    await both('requests.{f}?jurisdiction_id=elsewhere.gov.cn', open311ErrorsSchema, 404);
    await both('requests/99999999.{f}', open311ErrorsSchema, 404);
    const missing = await post({ api_key: apiKey, service_code: 'water' });
    expect(missing.status).toBe(400);
    expect(open311ErrorsSchema.parse(await missing.json())[0].description).toContain('location');
    expect((await post({ api_key: apiKey, service_code: 'pothole', address_string: 'x' })).status).toBe(404);
    const huge = await post({ api_key: apiKey, service_code: 'water', address_string: 'x', description: 'x'.repeat(70_000) });
    expect(huge.status).toBe(413);
    expect(open311ErrorsSchema.safeParse(await huge.json()).success).toBe(true);
  });
});
