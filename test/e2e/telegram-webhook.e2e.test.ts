/**
 * Webhook mode: the minhu process (on the real PostgreSQL server when TEST_DATABASE_URL is set,
 * else PGlite) receives updates on POST /telegram/webhook, checks the secret header, rejects
 * malformed bodies with 4xx, and replies through the fake Bot API.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { groupText, startFakeTelegram, type FakeTelegram } from '../support/fakes/fake-telegram';
import { startMinhu, waitFor, type MinhuProcess } from '../support/minhu-process';
import { createServerDatabase, TEST_DATABASE_URL } from '../support/test-database';

const SECRET = 'e2e-secret_123';
const METRICS_TOKEN = 'metrics-token-0123456789';

describe(`Telegram webhook mode on ${TEST_DATABASE_URL ? 'PostgreSQL' : 'PGlite'}`, () => {
  let fake: FakeTelegram;
  let minhu: MinhuProcess;
  let dataDir: string;
  let dropDb: (() => Promise<void>) | null = null;

  beforeAll(async () => {
    fake = await startFakeTelegram();
    dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'minhu-wh-'));
    const env: Record<string, string> = {
      TELEGRAM_BOT_TOKEN: fake.token, TELEGRAM_API_ROOT: fake.url, TELEGRAM_MODE: 'webhook', TELEGRAM_WEBHOOK_SECRET: SECRET, DATA_DIR: dataDir,
      METRICS_TOKEN, LOG_FORMAT: 'json', // issue 16
    };
    if (TEST_DATABASE_URL) {
      const server = await createServerDatabase();
      env.DATABASE_URL = server.url;
      dropDb = server.drop;
    }
    minhu = await startMinhu(env);
  });
  afterAll(async () => {
    await minhu?.stop();
    await fake?.close();
    await dropDb?.();
    fs.rmSync(dataDir, { recursive: true, force: true, maxRetries: 5, retryDelay: 200 });
  });

  const post = (body: string, secret: string | null = SECRET, type = 'application/json') =>
    fetch(`http://127.0.0.1:${minhu.port}/telegram/webhook`, {
      method: 'POST', body, headers: { 'content-type': type, ...(secret ? { 'x-telegram-bot-api-secret-token': secret } : {}) },
    });

  it('should refuse a missing or wrong secret with 401', async () => {
    const update = JSON.stringify({ update_id: 1, ...groupText(-1001, { id: 5001, name: '王' }, '报事 路灯坏了 3组') });
    expect((await post(update, null)).status).toBe(401);
    expect((await post(update, 'wrong')).status).toBe(401);
    expect(fake.sent).toHaveLength(0);
  });

  it('should refuse malformed bodies with 400 and a reason', async () => {
    const bad = await post('{not json');
    expect(bad.status).toBe(400);
    const noId = await post(JSON.stringify({ message: {} }));
    expect(noId.status).toBe(400);
    expect(((await noId.json()) as { error: string }).error).toContain('update_id');
  });

  it('should take a report and answer a redelivery only once', async () => {
    const update = JSON.stringify({ update_id: 42, ...groupText(-1001, { id: 5001, name: '王大妈' }, '报事 3组王家门口的路灯坏了') });
    expect((await post(update)).status).toBe(200);
    expect((await post(update)).status).toBe(200);
    await waitFor('receipt', () => fake.sent.find((m) => m.text.includes('已登记')));
    await new Promise((r) => setTimeout(r, 300));
    expect(fake.sent.filter((m) => m.text.includes('已登记'))).toHaveLength(1);
  });

  it('should count the report in /metrics (behind METRICS_TOKEN) and log its ids as JSON (issue 16)', async () => {
    const scrape = (token?: string) => fetch(`http://127.0.0.1:${minhu.port}/metrics`, { headers: token ? { authorization: `Bearer ${token}` } : {} });
    expect((await scrape()).status).toBe(401);
    expect((await scrape('wrong-token-0123456789')).status).toBe(401);
    const res = await scrape(METRICS_TOKEN);
    expect(res.status).toBe(200);
    const text = await res.text();
    expect(text).toContain('minhu_inbound_messages_total{channel="telegram",outcome="handled"} 1');
    expect(text).toContain('minhu_inbound_received_total{channel="telegram",outcome="duplicate"} 1');
    expect(text).toContain('minhu_requests_registered_total{channel="telegram"} 1');
    expect(text).toMatch(/minhu_sends_total\{channel="telegram"\} [1-9]/);
    expect(text).toMatch(/minhu_db_query_seconds_count [1-9]/);
    expect(text).toContain('# TYPE minhu_outbox_depth gauge');
    expect(text).toContain('process_cpu_user_seconds_total');
    const lines = minhu.logs.join('').split('\n').filter((l) => l.startsWith('{')).map((l) => JSON.parse(l) as Record<string, unknown>);
    const handled = lines.find((l) => l.message === 'inbound handled' && l.outcome === 'handled');
    expect(handled).toMatchObject({ channel: 'telegram', messageId: expect.stringContaining('42'), created: [expect.any(Number)], level: 'info' });
  });
});
