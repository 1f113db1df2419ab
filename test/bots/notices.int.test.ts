/** Notices (上情下达) at the use-case level, on PGlite and PostgreSQL. */
import { sql } from 'drizzle-orm';
import type { Database } from '../../adapters/db/client';
import { createOutbox } from '../../adapters/db/outbox.repository';
import { outbox } from '../../adapters/db/schema';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createHttpApp } from '../../adapters/http/app';
import { createNoticesRouter } from '../../adapters/http/notices.routes';
import { createLogger } from '../../adapters/logger';
import { runDueNotices } from '../../bots/notices/notices';
import type { OutboundMessage } from '../../core/model';
import { ADMIN, createHarness, texts, WORKER, type Harness } from '../support/harness';
import { DB_KINDS, openTestDatabase } from '../support/test-database';

const TOWNSHIP = { id: '9010', name: '刘调度' };
const privately = (who: { id: string }) => ({ chatId: who.id, chatType: 'private' as const });
const idOf = (out: OutboundMessage[]) => Number(/通知预览 #(\d+)/.exec(texts(out))![1]);

describe.each(DB_KINDS)('notices on %s', (kind) => {
  let db: Database;
  let h: Harness;
  beforeAll(async () => {
    db = await openTestDatabase(kind);
    h = await createHarness(db);
  });
  afterAll(() => db.close());

  const deliveries = async (id: number) => (await db.db.select().from(outbox).where(sql`ref = ${`notice:${id}`}`)).map((r) => r.message as OutboundMessage);
  /** Sends everything due, as the sender would (lane by lane), with provider message ids. */
  const deliver = async () => {
    const box = createOutbox(db.db);
    for (let items = await box.take(1000, 60_000); items.length; items = await box.take(1000, 60_000)) {
      for (const item of items) await box.markSent(item.id, String(7000 + item.id));
    }
  };

  it('should preview, then send one message per household group of the scope, once', async () => {
    const preview = await h.say(ADMIN, '通知 清河镇 明天上午8点到12点停水,请提前储水 需回执', privately(ADMIN));
    const id = idOf(preview);
    expect(texts(preview)).toContain('共 5 个群（Telegram 2、网页 1、企业微信 2）');
    expect(texts(preview)).toContain('需回执');
    expect(preview[0].buttons?.[0].map((b) => b.data)).toEqual([`notice:${id}:confirm`, `notice:${id}:cancel`]);
    expect(await deliveries(id)).toEqual([]);
    expect(texts(await h.say(ADMIN, `确认 ${id}`, privately(ADMIN)))).toContain(`通知 #${id} 已开始发送，共 5 个群`);
    const sent = await deliveries(id);
    expect(sent.map((m) => m.chatId).sort()).toEqual(['-1001', '-1002', 'wangjia13', 'wrDemoWangjia13', 'wrDemoWangjia46']);
    expect(sent[0].text).toContain(`【通知 #${id}】明水县`);
    expect(sent.find((m) => m.channel === 'telegram')?.buttons?.[0][0]).toEqual({ label: '收到', data: `ack:${id}` });
    expect(texts(await h.say(ADMIN, `确认 ${id}`, privately(ADMIN)))).toContain('发送中');
    expect(await deliveries(id)).toHaveLength(5);
  });

  it('should count the first acknowledgement per household and show progress by township', async () => {
    const id = idOf(await h.say(ADMIN, '通知 MS02 今晚有大风,请收好晾晒衣物 需回执', privately(ADMIN)));
    await h.say(ADMIN, `确认 ${id}`, privately(ADMIN));
    await deliver();
    const household = { id: '5701', name: '冯奶奶' };
    expect(await h.say(household, '收到')).toEqual([]);
    await h.say(household, '收到了');
    await h.say({ id: '5702', name: '陈叔' }, '', { kind: 'button', buttonData: `ack:${id}`, addressed: true });
    const status = texts(await h.say(ADMIN, `通知状态 ${id}`, privately(ADMIN)));
    expect(status).toContain('已发送 5，待发送 0，失败 0');
    expect(status).toContain('清河镇：1/5 个群有回执（20%），共 2 户确认');
    const acks = await db.db.execute(sql`select count(*)::int as n from notice_acks where notice_id = ${id}`);
    expect((acks as unknown as { rows: { n: number }[] }).rows[0].n).toBe(2);
  });

  it('should keep a township dispatcher within the township, and grid workers and households out', async () => {
    expect(texts(await h.say(TOWNSHIP, '通知 城关街道 明天停电', privately(TOWNSHIP)))).toContain('不在您管辖的范围内');
    expect(texts(await h.say(TOWNSHIP, '通知 王家村 明天停电', privately(TOWNSHIP)))).toContain('通知预览');
    expect(texts(await h.say(WORKER, '通知 王家村 明天停电', privately(WORKER)))).toContain('没有发通知的权限');
    expect(await h.say({ id: '5703', name: '王姐' }, '通知 大家明天去领米')).toEqual([]);
    expect(texts(await h.say(ADMIN, '通知 火星村 明天停电', privately(ADMIN)))).toContain('没有找到范围：火星村');
  });

  it('should send a scheduled notice when its time comes, and drop a cancelled one', async () => {
    const id = idOf(await h.say(ADMIN, '通知 全县 定时 2026-12-01 09:00 12月1日起办理医保缴费', privately(ADMIN)));
    expect(texts(await h.say(ADMIN, `确认 ${id}`, privately(ADMIN)))).toContain('将于 12-01 09:00 发送');
    expect(await runDueNotices(h.deps)).toBe(0);
    const other = idOf(await h.say(ADMIN, '通知 全县 定时 2026-12-01 09:00 作废的通知', privately(ADMIN)));
    await h.say(ADMIN, `确认 ${other}`, privately(ADMIN));
    expect(texts(await h.say(ADMIN, `取消通知 ${other}`, privately(ADMIN)))).toContain('已取消');
    h.clock.t = Date.UTC(2026, 11, 1, 1, 0); // 09:00 in Asia/Shanghai
    expect(await runDueNotices(h.deps)).toBeGreaterThan(0);
    expect((await deliveries(id)).length).toBeGreaterThan(4);
    expect(await deliveries(other)).toEqual([]);
    expect(await runDueNotices(h.deps)).toBe(0);
  });

  it('should offer the same through the admin HTTP API, with the same validation', async () => {
    const app = createHttpApp({ ping: async () => undefined, telegramWebhook: null, routers: [createNoticesRouter(h.deps, 'api-token-0123456789')], log: createLogger('error', false) });
    const server = await new Promise<Server>((resolve) => {
      const s = app.listen(0, '127.0.0.1', () => resolve(s));
    });
    const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/api/notices`;
    const post = (payload: unknown, token = 'api-token-0123456789') => fetch(url, { method: 'POST', body: JSON.stringify(payload), headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` } });
    try {
      expect((await post({ scope: '全县', text: 'x' }, 'wrong-token-000000000')).status).toBe(401);
      const bad = await post({ scope: '火星村', text: '停水' });
      expect(bad.status).toBe(400);
      expect(((await bad.json()) as { error: string }).error).toContain('没有找到范围：火星村');
      expect((await post({ scope: '王家村' })).status).toBe(400);
      const preview = await post({ scope: ['王家村'], text: '明晚放映露天电影' });
      expect(await preview.json()).toMatchObject({ status: 'draft', total: 5 });
      const sent = await post({ scope: '王家村', text: '明晚放映露天电影', confirm: true, requiresAck: true });
      expect(sent.status).toBe(201);
      const { id } = (await sent.json()) as { id: number };
      expect(await deliveries(id)).toHaveLength(5);
      const status = await fetch(`${url}/${id}`, { headers: { authorization: 'Bearer api-token-0123456789' } });
      expect(await status.json()).toMatchObject({ id, status: 'sending', pending: 5, sent: 0, failed: 0 });
    } finally {
      await new Promise((r) => server.close(r));
    }
  });

  it('should recall a notice: stop the pending, delete the sent on Telegram, name what cannot be deleted', async () => {
    const id = idOf(await h.say(ADMIN, '通知 王家村 明天上午开群众会', privately(ADMIN)));
    await h.say(ADMIN, `确认 ${id}`, privately(ADMIN));
    await deliver();
    const recalled = await h.say(ADMIN, `撤回通知 ${id}`, privately(ADMIN));
    expect(texts(recalled)).toContain('Telegram 2、网页 1 条将删除');
    expect(texts(recalled)).toContain('企业微信 2 条无法撤回');
    expect(recalled.filter((m) => m.deleteMessageId).map((m) => m.chatId).sort()).toEqual(['-1001', '-1002', 'wangjia13']);
  });
});
