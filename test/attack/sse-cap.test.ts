/**
 * Attack: 3,000 anonymous event streams held +180 MB (issue 11 item 14). Streams are now capped
 * per address (429) and in all (503), politely, with Retry-After; a closed stream frees its place.
 */
import http from 'node:http';
import type { Database } from '../../adapters/db/client';
import { openTestDatabase } from '../support/test-database';
import { startWebApp, type WebApp } from '../support/web-app';

/** Opens an event stream; resolves with its status once the headers arrive, and a way to close it. */
function open(url: string, ip: string): Promise<{ status: number; retryAfter: string | undefined; close: () => void }> {
  return new Promise((resolve, reject) => {
    const req = http.get(`${url}/playground/api/events?chat=wangjia13`, { headers: { 'x-forwarded-for': ip } }, (res) => {
      resolve({ status: res.statusCode ?? 0, retryAfter: res.headers['retry-after'] as string | undefined, close: () => req.destroy() });
      res.resume();
    });
    req.on('error', (e) => (String(e).includes('socket hang up') ? undefined : reject(e)));
  });
}

describe('event stream caps', () => {
  let db: Database;
  let web: WebApp;
  beforeAll(async () => {
    db = await openTestDatabase('pglite');
    web = await startWebApp(db, { streams: { perIp: 3, total: 5 }, trustProxy: 1 });
  });
  afterAll(async () => {
    await web.close();
    await db.close();
  });

  it('should cap streams per address with 429 and in all with 503, and free a place when one closes', async () => {
    const mine = await Promise.all([1, 2, 3].map(() => open(web.url, '192.0.2.1')));
    expect(mine.map((s) => s.status)).toEqual([200, 200, 200]);
    const fourth = await open(web.url, '192.0.2.1');
    expect(fourth.status).toBe(429);
    expect(fourth.retryAfter).toBe('30');
    const others = await Promise.all([open(web.url, '192.0.2.2'), open(web.url, '192.0.2.3')]);
    expect(others.map((s) => s.status)).toEqual([200, 200]);
    const full = await open(web.url, '192.0.2.4');
    expect(full.status).toBe(503);
    expect(web.streams.count).toBe(5);
    mine[0].close();
    for (let i = 0; i < 50 && web.streams.count > 4; i++) await new Promise((r) => setTimeout(r, 20));
    expect(web.streams.count).toBe(4);
    const again = await open(web.url, '192.0.2.1');
    expect(again.status).toBe(200);
    for (const s of [...mine, again, ...others]) s.close();
    for (let i = 0; i < 50 && web.streams.count > 0; i++) await new Promise((r) => setTimeout(r, 20));
    expect(web.streams.count).toBe(0);
  });
});
