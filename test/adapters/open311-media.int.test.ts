/**
 * Open311 POST with photos beyond inline data: URLs (issue 19), on PGlite and PostgreSQL:
 * multipart/form-data file parts (FormData, as a browser or curl -F sends them), an http
 * `media_url` downloaded from an allowed host (a fake photo server on 127.0.0.1), a host not
 * allowed never contacted, a redirect never followed; and the per-api_key POST limit.
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { eq } from 'drizzle-orm';
import type { Database } from '../../adapters/db/client';
import { requests } from '../../adapters/db/schema';
import { open311ErrorsSchema, open311PostResponseSchema } from '../../adapters/http/open311/open311-schemas';
import { makeExe, makePng } from '../support/fixtures/media';
import { form, startIntegrationsApp, type IntegrationsApp } from '../support/integrations-app';
import { DB_KINDS, openTestDatabase } from '../support/test-database';

describe.each(DB_KINDS)('Open311 media and limits on %s', (kind) => {
  let db: Database;
  let app: IntegrationsApp;
  let apiKey: string;
  let otherKey: string;
  let photoServer: http.Server;
  let photoHost: string;
  const hits: string[] = [];
  beforeAll(async () => {
    photoServer = http.createServer((req, res) => {
      hits.push(req.url ?? '');
      if (req.url === '/moved.jpg') return void res.writeHead(302, { location: 'http://169.254.169.254/latest/meta-data' }).end();
      if (req.url === '/photo.png') return void res.writeHead(200, { 'content-type': 'image/png' }).end(makePng(6, 6, 41));
      res.writeHead(404).end();
    });
    await new Promise<void>((r) => photoServer.listen(0, '127.0.0.1', () => r()));
    photoHost = `127.0.0.1:${(photoServer.address() as AddressInfo).port}`;
    db = await openTestDatabase(kind);
    app = await startIntegrationsApp(db, { mediaHosts: [photoHost], postsPerKeyPerMinute: 8 });
    apiKey = (await app.integrations.createKey({ kind: 'open311', system: 'fms', name: 'FixMyStreet' })).key;
    otherKey = (await app.integrations.createKey({ kind: 'open311', system: 'hotline', name: '12345热线' })).key;
  });
  afterAll(async () => {
    await app.close();
    await db.close();
    await new Promise((r) => photoServer.close(r));
  });

  const photosOf = async (id: number) => (await db.db.select({ photos: requests.photos }).from(requests).where(eq(requests.id, id)))[0].photos as string[];
  const post = (body: string | FormData, key = apiKey) =>
    fetch(`${app.url}/open311/v2/requests.json`, typeof body === 'string'
      ? { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: form({ api_key: key, ...JSON.parse(body) }) }
      : { method: 'POST', body });

  it('should store a photo sent as a multipart file part with the request', async () => {
    const fd = new FormData();
    for (const [k, v] of Object.entries({ api_key: apiKey, service_code: 'municipal', address_string: '王家村3组', description: '井盖坏了', 'attribute[external_id]': 'FMS-1' })) fd.append(k, v);
    fd.append('media', new Blob([makePng(5, 5, 7)], { type: 'image/png' }), 'well.png');
    const res = await post(fd);
    expect(res.status).toBe(200);
    const [created] = open311PostResponseSchema.parse(await res.json());
    const photos = await photosOf(Number(created.service_request_id));
    expect(photos.filter((p) => p.startsWith('blob:'))).toHaveLength(1);
    const stored = await app.deps.blobs!.get(photos.find((p) => p.startsWith('blob:'))!.slice(5));
    expect(stored?.mime).toBe('image/png');
  });

  it('should refuse a multipart file that is not a photo, in the spec\'s error format', async () => {
    const fd = new FormData();
    for (const [k, v] of Object.entries({ api_key: apiKey, service_code: 'municipal', address_string: '王家村3组', 'attribute[external_id]': 'FMS-2' })) fd.append(k, v);
    fd.append('media', new Blob([makeExe()]), 'photo.jpg');
    const res = await post(fd);
    expect(res.status).toBe(400);
    expect(open311ErrorsSchema.parse(await res.json())[0].description).toMatch(/^photo:/);
  });

  it('should download a media_url from an allowed host, and never contact another or follow a redirect', async () => {
    hits.length = 0;
    const ok = await post(JSON.stringify({ service_code: 'water', address_string: '李庄村5组', description: '水管漏了', 'attribute[external_id]': 'FMS-3', media_url: `http://${photoHost}/photo.png` }));
    expect(ok.status).toBe(200);
    const [created] = open311PostResponseSchema.parse(await ok.json());
    expect((await photosOf(Number(created.service_request_id))).filter((p) => p.startsWith('blob:'))).toHaveLength(1);
    expect(hits).toEqual(['/photo.png']);

    const elsewhere = await post(JSON.stringify({ service_code: 'water', address_string: '李庄村5组', 'attribute[external_id]': 'FMS-4', media_url: 'http://127.0.0.2:9/photo.png' }));
    expect(elsewhere.status).toBe(200);
    const [kept] = open311PostResponseSchema.parse(await elsewhere.json());
    expect((await photosOf(Number(kept.service_request_id))).filter((p) => p.startsWith('blob:'))).toHaveLength(0);

    const moved = await post(JSON.stringify({ service_code: 'water', address_string: '李庄村5组', 'attribute[external_id]': 'FMS-5', media_url: `http://${photoHost}/moved.jpg` }));
    expect(moved.status).toBe(400);
    expect(open311ErrorsSchema.parse(await moved.json())[0].description).toContain('redirects are not followed');
    expect(hits).toEqual(['/photo.png', '/moved.jpg']);
  });

  it('should answer 429 once one api_key has sent its POSTs for the minute, and not hold up another key', async () => {
    const statuses: number[] = [];
    for (let i = 0; i < 6; i++) statuses.push((await post(JSON.stringify({ service_code: 'water', address_string: '李庄村5组', 'attribute[external_id]': `FMS-L${i}` }))).status);
    // 5 POSTs above and 6 here: the limit of 8 falls within this loop.
    expect(statuses.filter((s) => s === 429).length).toBeGreaterThan(0);
    const limited = await post(JSON.stringify({ service_code: 'water', address_string: '李庄村5组', 'attribute[external_id]': 'FMS-L9' }));
    expect(limited.status).toBe(429);
    expect(limited.headers.get('retry-after')).toBe('60');
    expect(open311ErrorsSchema.parse(await limited.json())[0].code).toBe(429);
    const other = await post(JSON.stringify({ service_code: 'water', address_string: '李庄村5组', 'attribute[external_id]': 'HL-1' }), otherKey);
    expect(other.status).toBe(200);
  });
});
