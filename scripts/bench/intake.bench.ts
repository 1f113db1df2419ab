/**
 * `intake`: N Telegram updates through POST /telegram/webhook, the full path (secret check →
 * dedupe → dialog → request + event + outbox commit), against a baseline handler in the same run
 * that parses the same JSON and does only one INSERT per update.
 */
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import express from 'express';
import { sql } from 'drizzle-orm';
import type { Database } from '../../adapters/db/client';
import { storesFor } from '../../adapters/db/stores';
import { createHttpApp } from '../../adapters/http/app';
import { createLogger } from '../../adapters/logger';
import { DEMO_ORG_FILE, importOrg, readOrgFile } from '../../adapters/org/org-import';
import { createTelegramChannel } from '../../adapters/telegram/telegram.adapter';
import { createBotDeps } from '../../bots/deps';
import { handleInbound } from '../../bots/inbound/handle-inbound';
import { startFakeTelegram } from '../../test/support/fakes/fake-telegram';
import { formatLoad, postAll, type LoadResult } from './load';

const SECRET = 'bench';
const listen = (app: express.Express) => new Promise<Server>((resolve) => { const s = app.listen(0, '127.0.0.1', () => resolve(s)); });
const to = (s: Server, bodies: string[]) => bodies.map((body) => ({ url: `http://127.0.0.1:${(s.address() as AddressInfo).port}/telegram/webhook`, body }));

function updates(n: number, firstId: number): string[] {
  const places = ['1组', '2组12号', '3组王家门口', '5组村委会旁'];
  const problems = ['路灯坏了', '水管爆了到处是水', '垃圾好几天没人清运', '停电一整天了'];
  return Array.from({ length: n }, (_, i) => JSON.stringify({
    update_id: firstId + i,
    message: {
      message_id: i + 1, date: Math.floor(Date.now() / 1000), chat: { id: -1001, type: 'supergroup', title: 'g' },
      from: { id: 600_000 + (i % 500), is_bot: false, first_name: `户${i % 500}` },
      text: `报事 ${places[i % places.length]}${problems[i % problems.length]} 第${i}次`,
    },
  }));
}

/** Runs the benchmark on `database`; returns the printed lines. */
export async function benchIntake(database: Database, label: string, n: number, concurrency: number): Promise<{ lines: string[]; full: LoadResult; base: LoadResult }> {
  const log = createLogger('error', false);
  const org = readOrgFile(DEMO_ORG_FILE);
  await importOrg(database.db, org);
  const fake = await startFakeTelegram();
  const deps = createBotDeps({ ...storesFor(database.db), org });
  const telegram = createTelegramChannel({ token: fake.token, apiRoot: fake.url, mode: 'webhook', webhookSecret: SECRET, handle: (m) => handleInbound(deps, m), park: async () => undefined, log });
  await telegram.start();
  const full = await listen(createHttpApp({ ping: database.ping, telegramWebhook: telegram.webhook, log }));

  await database.db.execute(sql`create table if not exists bench_baseline (update_id bigint primary key, body jsonb not null)`);
  const baselineApp = express();
  baselineApp.post('/telegram/webhook', express.json({ limit: '256kb', type: () => true }), async (req, res) => {
    await database.db.execute(sql`insert into bench_baseline (update_id, body) values (${req.body.update_id}, ${JSON.stringify(req.body)}::jsonb)`);
    res.json({});
  });
  const baseline = await listen(baselineApp);

  const warm = updates(200, 1);
  const secret = { 'x-telegram-bot-api-secret-token': SECRET };
  await postAll(to(full, warm), concurrency, secret);
  await postAll(to(baseline, warm), concurrency);
  const base = await postAll(to(baseline, updates(n, 1_000_000)), concurrency);
  const fullResult = await postAll(to(full, updates(n, 1_000_000)), concurrency, secret);
  for (const s of [full, baseline]) await new Promise((r) => s.close(r));
  await fake.close();
  return {
    full: fullResult,
    base,
    lines: [
      formatLoad(`intake full path (${label})`, fullResult),
      formatLoad(`baseline 1 INSERT (${label})`, base),
      `ratio full / baseline (${label}): ${(fullResult.perSecond / base.perSecond).toFixed(2)}`,
    ],
  };
}
