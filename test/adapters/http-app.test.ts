import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createHttpApp } from '../../adapters/http/app';
import { createLogger } from '../../adapters/logger';

describe('http app', () => {
  let server: Server;
  let healthy = true;
  let base: string;
  beforeAll(async () => {
    const app = createHttpApp({
      ping: async () => {
        if (!healthy) throw new Error('connection refused');
      },
      telegramWebhook: (_req, res) => void res.json({ ok: true }),
      log: createLogger('error', false),
    });
    server = await new Promise((resolve) => {
      const s = app.listen(0, '127.0.0.1', () => resolve(s));
    });
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  afterAll(() => new Promise((r) => server.close(r)));

  it('should report database health, 503 when unreachable', async () => {
    healthy = true;
    expect((await fetch(`${base}/healthz`)).status).toBe(200);
    healthy = false;
    const res = await fetch(`${base}/healthz`);
    expect(res.status).toBe(503);
    expect(await res.json()).toEqual({ status: 'unavailable', db: 'unreachable' });
  });

  it('should answer unknown routes and oversized or malformed webhook bodies with 4xx', async () => {
    expect((await fetch(`${base}/nope`)).status).toBe(404);
    const big = await fetch(`${base}/telegram/webhook`, { method: 'POST', body: JSON.stringify({ update_id: 1, pad: 'x'.repeat(300_000) }), headers: { 'content-type': 'application/json' } });
    expect(big.status).toBe(413);
    const text = await fetch(`${base}/telegram/webhook`, { method: 'POST', body: 'hello', headers: { 'content-type': 'text/plain' } });
    expect(text.status).toBe(400);
  });
});
