/**
 * Attack: 800 ADMIN_TOKEN guesses in a second went unthrottled, and the console had no security
 * headers (issue 11 item 14). Failed sign-ins are now limited per address and in all; console
 * and playground pages carry helmet's headers with a CSP that allows exactly what they load.
 */
import type { Database } from '../../adapters/db/client';
import { openTestDatabase } from '../support/test-database';
import { ADMIN_TOKEN, signIn, startWebApp, type WebApp } from '../support/web-app';

const form = (token: string, ip?: string) => ({
  method: 'POST', redirect: 'manual' as const, body: `token=${encodeURIComponent(token)}`,
  headers: { 'content-type': 'application/x-www-form-urlencoded', ...(ip ? { 'x-forwarded-for': ip } : {}) },
});

describe('console sign-in throttle and security headers', () => {
  let db: Database;
  let web: WebApp;
  beforeAll(async () => {
    db = await openTestDatabase('pglite');
  });
  afterAll(() => db.close());
  // A fresh app (fresh throttle counters) per test.
  beforeEach(async () => {
    web = await startWebApp(db, { signIn: { perIp: 10, total: 40 }, trustProxy: 1 });
  });
  afterEach(() => web.close());

  it('should stop 800 guesses from one address after 10 failures, with 429 and Retry-After', async () => {
    const statuses: number[] = [];
    for (let batch = 0; batch < 8; batch++) {
      const answers = await Promise.all(Array.from({ length: 100 }, (_, i) => fetch(`${web.url}/console/login`, form(`guess-${batch}-${i}-000000000`, '203.0.113.7'))));
      statuses.push(...answers.map((r) => r.status));
    }
    expect(statuses.filter((s) => s === 401).length).toBeLessThanOrEqual(10);
    expect(statuses.filter((s) => s === 429).length).toBeGreaterThanOrEqual(790);
    const refused = await fetch(`${web.url}/console/login`, form(ADMIN_TOKEN, '203.0.113.7'));
    expect(refused.status).toBe(429);
    expect(refused.headers.get('retry-after')).toBe('900');
    expect(await refused.text()).toContain('登录失败次数过多');
    // Another address is not locked out by this one.
    expect((await fetch(`${web.url}/console/login`, form(ADMIN_TOKEN, '198.51.100.1'))).status).toBe(303);
  });

  it('should cap failures from many addresses together, and count used or made-up links and API tokens too', async () => {
    for (let i = 0; i < 40; i++) {
      const ip = `10.0.${i}.1`;
      const res = i % 2 ? await fetch(`${web.url}/console/login/made-up-link-${i}`, { headers: { 'x-forwarded-for': ip } })
        : await fetch(`${web.url}/api/reports/2026-10.csv`, { headers: { authorization: 'Bearer wrong-token-0000000000', 'x-forwarded-for': ip } });
      expect([400, 401]).toContain(res.status);
    }
    expect((await fetch(`${web.url}/console/login`, form('one-more-guess-00000', '10.9.9.9'))).status).toBe(429);
    const api = await fetch(`${web.url}/api/notices/1`, { headers: { authorization: `Bearer ${ADMIN_TOKEN}`, 'x-forwarded-for': '10.9.9.10' } });
    expect(api.status).toBe(429);
    expect(await api.json()).toEqual({ error: expect.stringContaining('too many failed attempts') });
  });

  it('should send CSP, frame-ancestors none, nosniff, no-referrer and no-store on console pages', async () => {
    const { cookie } = await signIn(web.url);
    for (const page of ['/console/login', '/console', '/console/report']) {
      const res = await fetch(`${web.url}${page}`, { headers: { cookie } });
      expect(res.status).toBe(200);
      const csp = res.headers.get('content-security-policy') ?? '';
      expect(csp).toContain("default-src 'none'");
      expect(csp).toContain("script-src 'self'");
      expect(csp).not.toMatch(/script-src[^;]*unsafe-(inline|eval)/);
      expect(csp).toContain("frame-ancestors 'none'");
      expect(res.headers.get('x-content-type-options')).toBe('nosniff');
      expect(res.headers.get('x-frame-options')).toBe('DENY');
      expect(res.headers.get('referrer-policy')).toBe('no-referrer');
      expect(res.headers.get('cache-control')).toBe('no-store');
      // No inline script is left for the CSP to block: the chart reads a JSON data block.
      expect((await res.text()).match(/<script(?![^>]*\bsrc=)(?![^>]*type="application\/json")[^>]*>/g)).toBeNull();
    }
    const report = await (await fetch(`${web.url}/console/report`, { headers: { cookie } })).text();
    expect(report).toMatch(/<script src="\/console\/assets\/echarts\.min\.js"( defer)?><\/script>/);
    expect(report).toContain('<script type="application/json" id="chart-option">');
    expect((await fetch(`${web.url}/console/assets/report.js`)).headers.get('content-type')).toContain('javascript');
  });

  it('should send the same headers on the playground, which loads only its own script files', async () => {
    const res = await fetch(`${web.url}/playground`);
    expect(res.headers.get('content-security-policy')).toContain("frame-ancestors 'none'");
    expect(res.headers.get('x-content-type-options')).toBe('nosniff');
    expect(res.headers.get('referrer-policy')).toBe('no-referrer');
    const page = await res.text();
    // Only same-origin script files: no inline script, nothing from another origin.
    const scripts = page.match(/<script[^>]*>/g) ?? [];
    expect(scripts).toContain('<script src="/playground/playground.js">');
    for (const tag of scripts) expect(tag).toMatch(/^<script src="\/playground\/[\w.-]+\.js">$/);
  });
});
