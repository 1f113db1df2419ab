/**
 * Attack (issue 11.3): "acknowledged but lost". minhu talks to PostgreSQL through a TCP proxy
 * that is made to hang (a) everything — WeCom must hear a non-200 within its 5 s and get the
 * message stored when it retries — and (b) only the connection processing the message, after
 * the inbox row was committed — the 200 stands, and the message is processed once the proxy
 * recovers. Nothing WeCom heard 200 for is lost. (c) Telegram polling while the database is
 * down: the update is not confirmed (next getUpdates) until it is stored, so it is not lost. Needs TEST_DATABASE_URL (skipped otherwise).
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Client } from 'pg';
import { BOT, botGroupText, postBotCallback, startFakeWecom, type FakeWecom } from '../support/fakes/fake-wecom';
import { groupText, startFakeTelegram, type FakeTelegram } from '../support/fakes/fake-telegram';
import { startMinhu, waitFor, type MinhuProcess } from '../support/minhu-process';
import { startTcpProxy, type TcpProxy } from '../support/tcp-proxy';
import { createServerDatabase, TEST_DATABASE_URL } from '../support/test-database';

const GROUP = 'wrDemoWangjia13';
// Skipped (the run prints once that TEST_DATABASE_URL is unset) without a PostgreSQL server.
const run = TEST_DATABASE_URL ? describe : describe.skip;

run('acknowledged means stored: the database hangs behind a proxy (real PostgreSQL)', () => {
  let fake: FakeWecom;
  let minhu: MinhuProcess;
  let proxy: TcpProxy;
  let dataDir: string;
  let server: { url: string; drop: () => Promise<void> };
  let base: string;

  beforeAll(async () => {
    fake = await startFakeWecom();
    server = await createServerDatabase();
    const direct = new URL(server.url);
    proxy = await startTcpProxy(Number(direct.port || 5432), direct.hostname);
    const viaProxy = new URL(server.url);
    viaProxy.port = String(proxy.port);
    viaProxy.hostname = '127.0.0.1';
    dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'minhu-ack-'));
    minhu = await startMinhu({
      DATABASE_URL: viaProxy.toString(), DATA_DIR: dataDir, WECOM_API_BASE: fake.url,
      WECOM_BOT_TOKEN: BOT.token, WECOM_BOT_ENCODING_AES_KEY: BOT.aesKey,
    });
    base = `http://127.0.0.1:${minhu.port}`;
  });
  afterAll(async () => {
    proxy?.recover();
    await minhu?.stop();
    await proxy?.close();
    await fake?.close();
    await server?.drop();
    fs.rmSync(dataDir, { recursive: true, force: true });
  });

  const stored = async (msgid: string) => {
    const c = new Client({ connectionString: server.url });
    await c.connect();
    const r = await c.query(`select (select count(*)::int from inbox where message_id = $1) as inbox, (select count(*)::int from processed_messages where message_id = $1) as processed`, [`bot:${msgid}`]);
    await c.end();
    return r.rows[0] as { inbox: number; processed: number };
  };
  const receiptFor = (text: string) => fake.delivered.find((d) => d.content.includes('已登记') && d.content.includes(text));

  it('should answer non-200 within 5 s while the database hangs, and store the retry', async () => {
    const message = botGroupText(GROUP, 'wangdama', '报事 3组王家门口的路灯坏了', fake.responseUrl());
    proxy.hang();
    const started = Date.now();
    const res = await postBotCallback(base, message);
    const took = Date.now() - started;
    expect(took).toBeLessThan(5_000);
    expect(res.status).not.toBe(200);
    proxy.recover();
    // WeCom retries what it did not hear 200 for.
    let retried = 0;
    for (let i = 0; i < 20 && retried !== 200; i++) {
      retried = (await postBotCallback(base, message)).status;
      if (retried !== 200) await new Promise((r) => setTimeout(r, 500));
    }
    expect(retried).toBe(200);
    await waitFor('the receipt of the retried message', () => receiptFor('路灯'), 20_000);
    expect(await stored(message.msgid as string)).toEqual({ inbox: 1, processed: 1 });
  });

  it('should keep a message acknowledged before the hang and process it after recovery', async () => {
    const message = botGroupText(GROUP, 'lidaye', '报事 2组桥头的井盖丢了', fake.responseUrl());
    proxy.hangOn('processed_messages'); // the first statement of processing, after the inbox commit
    const res = await postBotCallback(base, message);
    expect(res.status).toBe(200);
    await waitFor('processing to hang', () => proxy.held() > 0, 10_000);
    await new Promise((r) => setTimeout(r, 1_000));
    expect(receiptFor('井盖')).toBeUndefined();
    expect(minhu.child.exitCode).toBeNull();
    proxy.recover();
    await waitFor('the receipt of the acknowledged message', () => receiptFor('井盖'), 30_000);
    expect(await stored(message.msgid as string)).toEqual({ inbox: 1, processed: 1 });
    expect(fake.delivered.filter((d) => d.content.includes('井盖') && d.content.includes('已登记'))).toHaveLength(1);
  });
});

run('Telegram polling while the database is down (real PostgreSQL)', () => {
  let fake: FakeTelegram;
  let minhu: MinhuProcess;
  let proxy: TcpProxy;
  let dataDir: string;
  let server: { url: string; drop: () => Promise<void> };

  beforeAll(async () => {
    fake = await startFakeTelegram();
    server = await createServerDatabase();
    const direct = new URL(server.url);
    proxy = await startTcpProxy(Number(direct.port || 5432), direct.hostname);
    const viaProxy = new URL(server.url);
    viaProxy.port = String(proxy.port);
    viaProxy.hostname = '127.0.0.1';
    dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'minhu-poll-'));
    minhu = await startMinhu({ DATABASE_URL: viaProxy.toString(), DATA_DIR: dataDir, TELEGRAM_BOT_TOKEN: fake.token, TELEGRAM_API_ROOT: fake.url });
  });
  afterAll(async () => {
    proxy?.recover();
    await minhu?.stop();
    await proxy?.close();
    await fake?.close();
    await server?.drop();
    fs.rmSync(dataDir, { recursive: true, force: true });
  });

  it('should keep an update that arrived while the database was down for 8 s', async () => {
    proxy.cut();
    fake.push(groupText(-1001, { id: 5201, name: '孙大妈' }, '报事 4组水管爆了'));
    await new Promise((r) => setTimeout(r, 8_000));
    expect(fake.sent.find((m) => m.text.includes('已登记'))).toBeUndefined();
    expect(minhu.child.exitCode).toBeNull();
    proxy.recover();
    await waitFor('the receipt of the update that arrived while the database was down', () => fake.sent.find((m) => m.text.includes('已登记')), 30_000);
  });
});
