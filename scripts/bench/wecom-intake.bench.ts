/**
 * `wecom-intake`: encrypted AI-bot callbacks through POST /wecom/bot/callback, the full path
 * (verify → decrypt → dedupe → dialog → request + event + outbox commit → 200), against a
 * baseline handler in the same run that only verifies, decrypts and does one INSERT.
 * Also a paced run at 10× a county's peak to count callbacks slower than WeCom's 5 s.
 */
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { encrypt, getSignature } from '@wecom/crypto';
import express from 'express';
import { sql } from 'drizzle-orm';
import type { Database } from '../../adapters/db/client';
import { storesFor } from '../../adapters/db/stores';
import { createHttpApp } from '../../adapters/http/app';
import { createLogger } from '../../adapters/logger';
import { DEMO_ORG_FILE, importOrg, readOrgFile } from '../../adapters/org/org-import';
import { parseRawQuery, verifyAndDecrypt } from '../../adapters/wecom/wecom-callback-crypto';
import { createWecomCallbackRouter } from '../../adapters/wecom/wecom-callback.routes';
import { createBotDeps } from '../../bots/deps';
import { handleInbound } from '../../bots/inbound/handle-inbound';
import { formatLoad, postAll, type LoadResult } from './load';

const SECRETS = { token: 'benchtoken', encodingAesKey: 'jWmYm7qr5nMoAUwZRjGtBxmz3KA1tkAj3ykkR6q2B2C', receiveId: '' };
const listen = (app: express.Express) => new Promise<Server>((resolve) => { const s = app.listen(0, '127.0.0.1', () => resolve(s)); });
const portOf = (s: Server) => (s.address() as AddressInfo).port;

/** Pre-encrypted callbacks (encryption is WeCom's work, not minhu's) with their signed query strings. */
function callbacks(n: number, prefix: string): { query: string; body: string }[] {
  const problems = ['路灯坏了', '水管爆了到处是水', '垃圾好几天没人清运', '停电一整天了'];
  return Array.from({ length: n }, (_, i) => {
    const message = {
      msgid: `${prefix}-${i}`, aibotid: 'bench', chatid: 'wrDemoWangjia13', chattype: 'group', from: { userid: `hh${i % 500}` },
      response_url: 'http://127.0.0.1:9/response', msgtype: 'text', text: { content: `@民呼 报事 ${(i % 6) + 1}组${problems[i % 4]} 第${i}次` },
    };
    const enc = encrypt(SECRETS.encodingAesKey, JSON.stringify(message), '');
    const timestamp = String(Math.floor(Date.now() / 1000));
    const nonce = String(i);
    return { query: `msg_signature=${getSignature(SECRETS.token, timestamp, nonce, enc)}&timestamp=${timestamp}&nonce=${nonce}`, body: JSON.stringify({ encrypt: enc }) };
  });
}

function run(port: number, items: { query: string; body: string }[], concurrency: number): Promise<LoadResult> {
  return postAll(items.map((it) => ({ url: `http://127.0.0.1:${port}/wecom/bot/callback?${it.query}`, body: it.body })), concurrency);
}

/** Runs the benchmark on `database`; returns the printed lines. */
export async function benchWecomIntake(database: Database, label: string, n: number, concurrency: number): Promise<string[]> {
  const log = createLogger('error', false);
  const org = readOrgFile(DEMO_ORG_FILE);
  await importOrg(database.db, org);
  const deps = createBotDeps({ ...storesFor(database.db), org });
  const full = await listen(createHttpApp({
    ping: database.ping, telegramWebhook: null, log,
    routers: [createWecomCallbackRouter({ bot: SECRETS, handle: (m) => handleInbound(deps, m), park: async () => undefined, log })],
  }));
  await database.db.execute(sql`create table if not exists bench_wecom_baseline (msgid text primary key, body jsonb not null)`);
  const baselineApp = express();
  baselineApp.post('/wecom/bot/callback', express.text({ type: () => true, limit: '64kb' }), async (req, res) => {
    const body = JSON.parse(req.body as string) as { encrypt: string };
    const r = verifyAndDecrypt(SECRETS, parseRawQuery(req.originalUrl), body.encrypt, { nowSeconds: Math.floor(Date.now() / 1000), maxAgeSeconds: 300 });
    if (!r.ok) return void res.status(r.rejection.status).send(r.rejection.reason);
    const message = JSON.parse(r.message) as { msgid: string };
    await database.db.execute(sql`insert into bench_wecom_baseline (msgid, body) values (${message.msgid}, ${r.message}::jsonb) on conflict do nothing`);
    res.send('');
  });
  const baseline = await listen(baselineApp);

  await run(portOf(full), callbacks(200, `warm-${label}`), concurrency);
  await run(portOf(baseline), callbacks(200, `warm-${label}`), concurrency);
  const base = await run(portOf(baseline), callbacks(n, `base-${label}`), concurrency);
  const fullResult = await run(portOf(full), callbacks(n, `full-${label}`), concurrency);

  // 10× a county's peak: the county logs ~60,000 requests a year; assume a 1-hour peak carrying
  // 1 % of a day's 164 → ~2/s, ×10 = 20/s, sent at that pace for 10 s.
  const paced = await postPaced(portOf(full), callbacks(200, `paced-${label}`), 20);
  for (const s of [full, baseline]) await new Promise((r) => s.close(r));
  return [
    formatLoad(`wecom-intake full (${label})`, fullResult),
    formatLoad(`wecom baseline (${label})`, base),
    `ratio full / baseline (${label}): ${(fullResult.perSecond / base.perSecond).toFixed(2)} (target ≥ 0.6); p99 ${fullResult.p99.toFixed(1)} ms (target < 25 ms)`,
    `paced 20/s for 10 s (${label}): max ${paced.max.toFixed(1)} ms, over 5 s: ${paced.over5s}`,
  ];
}

async function postPaced(port: number, items: { query: string; body: string }[], perSecond: number): Promise<{ max: number; over5s: number }> {
  const latencies = await Promise.all(items.map(async (it, i) => {
    await new Promise((r) => setTimeout(r, (i * 1000) / perSecond));
    const t0 = performance.now();
    const res = await fetch(`http://127.0.0.1:${port}/wecom/bot/callback?${it.query}`, { method: 'POST', body: it.body });
    await res.arrayBuffer();
    return performance.now() - t0;
  }));
  return { max: Math.max(...latencies), over5s: latencies.filter((l) => l > 5000).length };
}
