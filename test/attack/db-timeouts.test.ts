/**
 * Attack (issue 11.4, 11.5): every wait is bounded. Start-up against a host that accepts TCP
 * and never answers fails with a clear line within a bound; /healthz answers within 1 s when
 * the database hangs (503 "timeout"); an unreachable Telegram API neither blocks WeCom nor
 * makes /healthz fail — it reports the channel's state.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { spawn } from 'node:child_process';
import { createHttpApp } from '../../adapters/http/app';
import { createLogger } from '../../adapters/logger';
import { BOT, botGroupText, postBotCallback, startFakeWecom } from '../support/fakes/fake-wecom';
import { startMinhu, waitFor } from '../support/minhu-process';
import { sql } from 'drizzle-orm';
import { openDatabase } from '../../adapters/db/client';
import { rowsOf } from '../../adapters/db/sql-helpers';
import { startSilentServer } from '../support/tcp-proxy';
import { createServerDatabase, TEST_DATABASE_URL } from '../support/test-database';

const ROOT = path.join(__dirname, '../..');

describe('bounded waits', () => {
  it('should fail start-up against a silent database host with a clear line, within the bound', async () => {
    const silent = await startSilentServer();
    const started = Date.now();
    const child = spawn(process.execPath, ['--import', 'tsx', 'bots/main.ts'], {
      cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'],
      env: { PATH: process.env.PATH ?? '', PORT: '0', NODE_ENV: 'test', DATABASE_URL: `postgres://minhu:minhu@127.0.0.1:${silent.port}/minhu_test`, DB_CONNECT_TIMEOUT_MS: '1500' },
    });
    let out = '';
    child.stdout.on('data', (c) => (out += c));
    child.stderr.on('data', (c) => (out += c));
    const code = await new Promise<number | null>((resolve) => child.once('exit', resolve));
    await silent.close();
    expect(code).toBe(1);
    expect(Date.now() - started).toBeLessThan(15_000);
    expect(out).toContain(`connecting to PostgreSQL at 127.0.0.1:${silent.port}`);
    expect(out).toMatch(new RegExp(`cannot connect to PostgreSQL at 127\\.0\\.0\\.1:${silent.port}/minhu_test within 1500 ms`));
  });

  (TEST_DATABASE_URL ? it : it.skip)('should cancel a statement past DB_STATEMENT_TIMEOUT_MS and set the idle-in-transaction timeout (real PostgreSQL)', async () => {
    const server = await createServerDatabase();
    const database = await openDatabase({ url: server.url, statementTimeoutMs: 300, idleInTransactionTimeoutMs: 4_000 });
    try {
      const started = Date.now();
      await expect(database.db.execute(sql`select pg_sleep(3)`)).rejects.toMatchObject({ cause: { code: '57014' } });
      expect(Date.now() - started).toBeLessThan(2_000);
      const [row] = rowsOf<{ idle_in_transaction_session_timeout: string }>(await database.db.execute(sql`show idle_in_transaction_session_timeout`));
      expect(row.idle_in_transaction_session_timeout).toBe('4s');
    } finally {
      await database.close();
      await server.drop();
    }
  });

  it('should answer /healthz within 1 s with 503 when the database hangs, naming each channel', async () => {
    let hang = true;
    const app = createHttpApp({
      ping: () => (hang ? new Promise<void>(() => undefined) : Promise.resolve()),
      channels: () => ({ telegram: 'connecting', wecom: 'ok' }),
      telegramWebhook: null, log: createLogger('error', false),
    });
    const server: Server = await new Promise((resolve) => {
      const s = app.listen(0, '127.0.0.1', () => resolve(s));
    });
    try {
      const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
      const started = Date.now();
      const res = await fetch(`${base}/healthz`);
      expect(Date.now() - started).toBeLessThan(1_000);
      expect(res.status).toBe(503);
      expect(await res.json()).toEqual({ status: 'unavailable', db: 'timeout', channels: { telegram: 'connecting', wecom: 'ok' } });
      hang = false;
      const ok = await fetch(`${base}/healthz`);
      expect(ok.status).toBe(200); // a channel still connecting is not a 503
      expect(await ok.json()).toEqual({ status: 'ok', db: 'ok', channels: { telegram: 'connecting', wecom: 'ok' } });
    } finally {
      await new Promise((r) => server.close(r));
    }
  });

  it('should serve WeCom while the Telegram API never answers, and report telegram connecting', async () => {
    const silent = await startSilentServer();
    const fake = await startFakeWecom();
    const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'minhu-tgdown-'));
    const minhu = await startMinhu({
      DATA_DIR: dataDir, TELEGRAM_BOT_TOKEN: '123456:TEST', TELEGRAM_API_ROOT: `http://127.0.0.1:${silent.port}`,
      WECOM_API_BASE: fake.url, WECOM_BOT_TOKEN: BOT.token, WECOM_BOT_ENCODING_AES_KEY: BOT.aesKey,
    }, 30_000, { waitForTelegram: false });
    try {
      const base = `http://127.0.0.1:${minhu.port}`;
      await waitFor('the log line saying what Telegram waits for', () => minhu.logs.join('').includes('telegram: connecting (waiting for getMe at'));
      const res = await postBotCallback(base, botGroupText('wrDemoWangjia13', 'wangdama', '报事 3组王家门口的路灯坏了', fake.responseUrl()));
      expect(res.status).toBe(200);
      await waitFor('the WeCom receipt', () => fake.delivered.find((d) => d.content.includes('已登记')), 15_000);
      const health = await fetch(`${base}/healthz`);
      expect(health.status).toBe(200);
      const body = (await health.json()) as { channels: Record<string, string> };
      expect(body.channels.wecom).toBe('ok');
      expect(body.channels.telegram).toMatch(/^(connecting|error: )/);
    } finally {
      await minhu.stop();
      await fake.close();
      await silent.close();
      fs.rmSync(dataDir, { recursive: true, force: true });
    }
  });
});
