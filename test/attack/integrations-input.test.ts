/**
 * Attacks on the doors to other systems (issue 19): wrong api_keys and tokens, huge bodies,
 * malformed dates, SQL-ish input and paging abuse on Open311 and /api/v1 — always a 4xx in the
 * endpoint's own error format, never a 5xx; guessing keys is throttled.
 */
import type { Database } from '../../adapters/db/client';
import { createRandom } from '../support/fuzz';
import { form, startIntegrationsApp, type IntegrationsApp } from '../support/integrations-app';
import { openTestDatabase } from '../support/test-database';

describe('attacks on Open311 and /api/v1', () => {
  let db: Database;
  let app: IntegrationsApp;
  let key: string;
  let token: string;
  beforeAll(async () => {
    db = await openTestDatabase('pglite');
    app = await startIntegrationsApp(db, { adminToken: 'attack-admin-token-0123456789', maxBodyBytes: 256 * 1024 });
    key = (await app.integrations.createKey({ kind: 'open311', system: 'hotline', name: '热线' })).key;
    token = (await app.integrations.createKey({ kind: 'api', system: 'sys', name: '调度平台', role: 'dispatcher', areaCode: 'MS' })).key;
  });
  afterAll(async () => {
    await app.close();
    await db.close();
  });

  const SQLISH = ["1' or '1'='1", '1;drop table requests', "water'--", '%27%20OR%201=1', '../../etc/passwd', '1 union select * from people', '\u0000', '\uD800', '𠮷'.repeat(300)];

  it('should answer hostile Open311 queries with 4xx in the spec\'s format', async () => {
    const rnd = createRandom(19);
    const params = ['service_request_id', 'service_code', 'start_date', 'end_date', 'status', 'page', 'page_size', 'jurisdiction_id', 'service_request_id[]', 'status[a]'];
    const values = [...SQLISH, '', '-1', '0', '99999999999999999999', '2026-13-45T99:99:99Z', '2026-02-30', 'NaN', '1e308', ',,,', 'open,closed,open', 'a'.repeat(5000)];
    const statuses: number[] = [];
    const inPath = values.filter((v) => !/[\uD800-\uDFFF]/.test(v) || /[\uD800-\uDBFF][\uDC00-\uDFFF]/.test(v));
    for (let i = 0; i < 300; i++) {
      const q = new URLSearchParams();
      for (let j = 0; j < 1 + rnd.int(3); j++) q.append(rnd.pick(params), rnd.pick(values));
      const path = rnd.pick(['requests.json', 'requests.xml', `requests/${encodeURIComponent(rnd.pick(inPath))}.json`, `services/${encodeURIComponent(rnd.pick(inPath))}.xml`, `tokens/${encodeURIComponent(rnd.pick(inPath))}.json`, 'requests.html', 'nothing']);
      const res = await fetch(`${app.url}/open311/v2/${path}?${q}`);
      statuses.push(res.status);
      if (res.status >= 400) {
        const body = await res.text();
        expect(body.startsWith('[{"code":') || body.startsWith('<?xml version="1.0" encoding="utf-8"?>\n<errors>')).toBe(true);
      } else await res.arrayBuffer();
    }
    expect(statuses.filter((s) => s >= 500)).toEqual([]);
    expect(statuses.filter((s) => s === 400).length).toBeGreaterThan(50);
  });

  it('should refuse hostile POSTs with 4xx, and throttle guessing api_keys', async () => {
    const post = (body: string, type = 'application/x-www-form-urlencoded') => fetch(`${app.url}/open311/v2/requests.json`, { method: 'POST', headers: { 'content-type': type }, body });
    const cases = [
      form({ api_key: key, service_code: 'water', address_string: 'x', description: 'x'.repeat(300_000) }), // 413
      form({ api_key: key, service_code: SQLISH[0], address_string: 'x' }),
      form({ api_key: key, service_code: 'water', lat: '91', long: '0' }),
      form({ api_key: key, service_code: 'water', lat: '1e5', long: 'NaN' }),
      form({ api_key: key, service_code: 'water', lat: '30' }),
      form({ api_key: key, service_code: 'water', address_string: 'x', 'attribute[external_id]': SQLISH[1] }),
      form({ api_key: key, service_code: 'water', address_string: 'x', 'attribute[photo]': 'data:image/png;base64,AAAA' }),
      form({ api_key: key, service_code: 'water', address_string: 'x', media_url: 'data:text/html;base64,PHNjcmlwdD4=' }),
      `api_key=${key}&service_code[a]=water&address_string=x`,
      `api_key=${key}&service_code=water&address_string=%00`,
      `api_key=${encodeURIComponent(key)}&${'x=1&'.repeat(500)}`,
      '{"api_key": ', // JSON body that is not JSON
    ];
    for (const [i, body] of cases.entries()) {
      const res = await post(body, i === cases.length - 1 ? 'application/json' : undefined);
      expect([i, res.status >= 400 && res.status < 500]).toEqual([i, true]);
      expect(Array.isArray(await res.json())).toBe(true);
    }
    const statuses: number[] = [];
    for (let i = 0; i < 12; i++) statuses.push((await post(form({ api_key: `o311_guess${i}`, service_code: 'water', address_string: 'x' }))).status);
    expect(statuses.slice(0, 10)).toEqual(Array(10).fill(403));
    expect(statuses.slice(10)).toEqual([429, 429]);
  });

  it('should answer hostile /api/v1 calls with 4xx', async () => {
    const rnd = createRandom(1919);
    const statuses: number[] = [];
    const paths = ['/requests', '/requests/1', '/requests/1/timeline', '/reports/2026-10', '/exports/requests.csv', '/webhooks', '/notices/1', '/nothing'];
    for (let i = 0; i < 150; i++) {
      const q = new URLSearchParams({ [rnd.pick(['status', 'category', 'from', 'to', 'before', 'limit', 'area'])]: rnd.pick([...SQLISH, '9999999999', '-5', '2026-02-31', 'all']) });
      const res = await fetch(`${app.url}/api/v1${rnd.pick(paths)}?${q}`, { headers: { authorization: `Bearer ${token}` } });
      statuses.push(res.status);
      await res.arrayBuffer();
    }
    for (const body of ['{"action":"claim"', '{"action":"claim","text":"\\u0000"}', JSON.stringify({ action: 'drop table' }), JSON.stringify({ action: 'reply', text: 'x'.repeat(3000) }), 'x'.repeat(100_000)]) {
      const res = await fetch(`${app.url}/api/v1/requests/1/actions`, { method: 'POST', headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' }, body });
      statuses.push(res.status);
      await res.arrayBuffer();
    }
    expect(statuses.filter((s) => s >= 500)).toEqual([]);
    expect(statuses.filter((s) => s >= 400).length).toBeGreaterThan(60);
  });
});
