/** Reports on a real database: a hand-computed month, the chart, the CSV API, daily and weekly jobs. */
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { sql } from 'drizzle-orm';
import { PNG } from 'pngjs';
import type { Database } from '../../adapters/db/client';
import { requests } from '../../adapters/db/schema';
import { createHttpApp } from '../../adapters/http/app';
import { createReportsRouter } from '../../adapters/http/reports.routes';
import { createLogger } from '../../adapters/logger';
import { runDailyFeedback, runWeeklyExposure } from '../../bots/watch/reports';
import { createHarness, texts, WORKER, type Harness } from '../support/harness';
import { DB_KINDS, openTestDatabase } from '../support/test-database';

const COUNTY = { id: '9011', name: '孙指挥' };
const TOWNSHIP = { id: '9010', name: '刘调度' };
const privately = (who: { id: string }) => ({ chatId: who.id, chatType: 'private' as const });
const TOKEN = 'test-admin-token-123456';

describe.each(DB_KINDS)('reports on %s', (kind) => {
  let db: Database;
  let h: Harness;
  let server: Server;
  let base: string;

  beforeAll(async () => {
    db = await openTestDatabase(kind);
    h = await createHarness(db);
    const last = async () => (await db.db.select().from(requests).orderBy(sql`id desc`).limit(1))[0].id;
    const a = { id: '5501', name: '甲' };
    const b = { id: '5502', name: '乙' };
    // R1 water: claimed, resolved, satisfied. R2 municipal: resolved, unsatisfied → reopened.
    // R3 sanitation (4-6组 grid): rejected. R4 power: withdrawn. R5 water: untouched.
    await h.say(a, '报事 1组水管爆了');
    const r1 = await last();
    await h.say(WORKER, `认领 ${r1}`);
    await h.say(WORKER, `办结 ${r1} 已修`);
    await h.say(a, `评价 ${r1} 满意`);
    await h.say(a, '报事 2组路灯坏了');
    const r2 = await last();
    await h.say(WORKER, `认领 ${r2}`);
    await h.say(WORKER, `办结 ${r2} 已修`);
    await h.say(a, `评价 ${r2} 不满意`);
    await h.say(b, '报事 5组垃圾没人清运', { chatId: '-1002' });
    const r3 = await last();
    await h.say(TOWNSHIP, `不予受理 ${r3} 属于私人场地`, privately(TOWNSHIP));
    await h.say(b, '报事 4组停电了', { chatId: '-1002' });
    await h.say(b, `撤回 ${await last()}`, { chatId: '-1002' });
    await h.say(a, '报事 3组自来水发黄');
    const app = createHttpApp({ ping: async () => undefined, telegramWebhook: null, routers: [createReportsRouter(h.deps, TOKEN)], log: createLogger('error', false) });
    server = await new Promise((resolve) => {
      const s = app.listen(0, '127.0.0.1', () => resolve(s));
    });
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  afterAll(async () => {
    await new Promise((r) => server.close(r));
    await db.close();
  });

  it('should report the month with the hand-computed figures, as text and as a chart', async () => {
    const out = await h.say(COUNTY, '报表 2026-11', privately(COUNTY));
    const text = texts(out);
    expect(text).toContain('收到 5 件，受理 3 件，办结 1 件，不予受理 1 件');
    expect(text).toContain('受理率 75.00%，及时受理率 66.67%，按期答复率 66.67%');
    expect(text).toContain('办结率 33.33%，按期办结率 33.33%，满意率 50.00%（参评率 100.00%）');
    expect(text).toContain('清河镇：收到 5');
    expect(text).toContain('热点问题');
    const image = out.find((m) => m.image);
    expect(image).toBeDefined();
    const png = PNG.sync.read(Buffer.from(image!.image!.pngBase64, 'base64'));
    expect([png.width, png.height]).toEqual([800, 450]);
    let ink = 0;
    for (let i = 0; i < png.data.length; i += 4) if (png.data[i] < 200 || png.data[i + 1] < 200 || png.data[i + 2] < 200) ink++;
    expect(ink / (png.width * png.height)).toBeGreaterThan(0.02);
  });

  it('should refuse reports to households and grid workers, and a bad month', async () => {
    expect(texts(await h.say(WORKER, '报表'))).toContain('没有报表的权限');
    expect(texts(await h.say(COUNTY, '报表 2026-13', privately(COUNTY)))).toContain('月份格式不对');
  });

  it('should serve the same figures as CSV to the admin token only', async () => {
    expect((await fetch(`${base}/api/reports/2026-11.csv`)).status).toBe(401);
    expect((await fetch(`${base}/api/reports/2026-11.csv`, { headers: { authorization: 'Bearer wrong-token-xxxxxxxx' } })).status).toBe(401);
    expect((await fetch(`${base}/api/reports/november.csv`, { headers: { authorization: `Bearer ${TOKEN}` } })).status).toBe(400);
    const res = await fetch(`${base}/api/reports/2026-11.csv?area=MS02`, { headers: { authorization: `Bearer ${TOKEN}` } });
    expect(res.status).toBe(200);
    const csv = (await res.text()).replace(/^\uFEFF/, '').trim().split('\n');
    // issue 14 added: rated 2, closed unrated 0, reopened 1, key cases 0, their breaches 0.
    expect(csv.at(-1)).toBe('total,合计,5,3,1,1,1,75.00,66.67,66.67,33.33,33.33,50.00,100.00,2,0,1,0,0');
    expect(csv[1]).toContain('王家村');
  });

  it('should send the daily feedback only to groups with open work, once a day', async () => {
    const sent = await runDailyFeedback(h.deps);
    expect(sent).toBeGreaterThan(0);
    expect(await runDailyFeedback(h.deps)).toBe(0);
    const rows = await db.db.execute(sql`select message from outbox where dedupe_key like 'daily:%'`);
    const chats = (rows as unknown as { rows: { message: { chatId: string; text: string } }[] }).rows.map((r) => r.message.chatId);
    expect(chats).toContain('-1011'); // 王家村1-3组 has open requests: its staff group hears it (issue 14) …
    expect(chats).not.toContain('-1001'); // … never the household group
    expect(chats).not.toContain('-1003'); // 东风社区 has none: nothing to say
  });

  it('should expose the overdue by unit, worst first, to the command centre and admins', async () => {
    h.clock.t += 30 * 3_600_000;
    expect(await runWeeklyExposure(h.deps)).toBeGreaterThan(0);
    const rows = await db.db.execute(sql`select message from outbox where dedupe_key like 'weekly:%'`);
    const messages = (rows as unknown as { rows: { message: { chatId: string; text: string } }[] }).rows.map((r) => r.message);
    expect(messages.map((m) => m.chatId)).toEqual(expect.arrayContaining(['-1100', '9040', '9030']));
    expect(messages[0].text).toContain('1. 王家村1-3组网格 超期');
  });
});
