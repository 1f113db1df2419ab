/**
 * A notice to 2,000 groups over Telegram, against a fake Bot API that enforces rate limits
 * (429 + retry_after), injects extra 429s and has a few groups that fail for good. The minhu
 * process is killed with SIGKILL mid-way, while one send is in flight and unanswered, and a new
 * one takes over the same PostgreSQL: every group gets the notice exactly once, the failed ones
 * are reported with the channel's reason.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { DEMO_ORG_FILE } from '../../adapters/org/org-import';
import { startFakeTelegram, type FakeTelegram } from '../support/fakes/fake-telegram';
import { startMinhu, waitFor, type MinhuProcess } from '../support/minhu-process';
import { createServerDatabase, TEST_DATABASE_URL } from '../support/test-database';

const GROUPS = 2000;
const ADMIN = 9040;
const describeOnServer = TEST_DATABASE_URL ? describe : describe.skip;

describeOnServer('broadcasting a notice to 2,000 groups through a crash', () => {
  let fake: FakeTelegram;
  let minhu: MinhuProcess;
  let drop: () => Promise<void>;
  let dir: string;
  let env: Record<string, string>;
  const broken = ['-5000007', '-5000777', '-5001500'];

  beforeAll(async () => {
    fake = await startFakeTelegram();
    fake.enforceLimits(100, 20);
    fake.failForever(broken);
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'minhu-bc-'));
    const org = JSON.parse(fs.readFileSync(DEMO_ORG_FILE, 'utf8'));
    const grids = org.areas.filter((a: { level: string }) => a.level === 'grid').map((a: { code: string }) => a.code);
    // Keep only the generated household groups (on Telegram), so the count is exact.
    org.chats = org.chats.filter((c: { area?: string }) => !grids.includes(c.area));
    for (let i = 0; i < GROUPS; i++) org.chats.push({ channel: 'telegram', id: String(-5000000 - i), area: grids[i % grids.length] });
    fs.writeFileSync(path.join(dir, 'org.json'), JSON.stringify(org));
    const server = await createServerDatabase();
    drop = server.drop;
    env = {
      TELEGRAM_BOT_TOKEN: fake.token, TELEGRAM_API_ROOT: fake.url, DATABASE_URL: server.url, ORG_FILE: path.join(dir, 'org.json'),
      TELEGRAM_RATE_PER_SECOND: '100', TELEGRAM_GROUP_PER_MINUTE: '20', OUTBOX_LEASE_SECONDS: '3',
    };
    minhu = await startMinhu(env);
  });
  afterAll(async () => {
    await minhu?.stop();
    await fake?.close();
    await drop?.();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  const say = (text: string) => fake.push({ message: { message_id: Math.floor(Math.random() * 1e6), date: Math.floor(Date.now() / 1000), chat: { id: ADMIN, type: 'private', first_name: '郑' }, from: { id: ADMIN, is_bot: false, first_name: '郑管理' }, text } });
  const toAdmin = (match: string) => waitFor(match, () => fake.sent.find((m) => m.chat_id === String(ADMIN) && m.text.includes(match)), 20_000);
  const noticeDeliveries = (id: number) => fake.sent.filter((m) => m.text.startsWith(`【通知 #${id}】`));

  it('should deliver to every group exactly once across a kill -9, 429s and dead groups', async () => {
    say('通知 全县 12月1日起开始办理2027年度城乡居民医保缴费,请相互转告 需回执');
    const preview = await toAdmin('通知预览');
    expect(preview.text).toContain(`共 ${GROUPS} 个群（Telegram ${GROUPS}`);
    const id = Number(/#(\d+)/.exec(preview.text)![1]);
    fake.throttleNext(3, 1);
    say(`确认 ${id}`);
    await toAdmin(`通知 #${id} 已开始发送，共 ${GROUPS}`);

    await waitFor('600 deliveries', () => noticeDeliveries(id).length >= 600, 60_000);
    // The Bot API goes silent: what was answered before gets marked sent (milliseconds), what is
    // in flight now stays unanswered — then the process dies. A marked row is never sent again, an
    // unanswered one is sent again by the next process. (A send answered in the last milliseconds
    // before a crash, before its mark, is the one window that remains: README "Crash safety".)
    fake.holdAll();
    await waitFor('a send in flight', () => fake.holding(), 10_000);
    await new Promise((r) => setTimeout(r, 1000));
    await minhu.stop('SIGKILL');
    fake.release();
    const beforeCrash = noticeDeliveries(id).length;
    expect(beforeCrash).toBeLessThan(GROUPS);

    minhu = await startMinhu(env);
    await waitFor('all deliveries', () => noticeDeliveries(id).length >= GROUPS - broken.length, 90_000);
    await new Promise((r) => setTimeout(r, 4000)); // a lease's length: nothing more may come
    const perChat = new Map<string, number>();
    for (const m of noticeDeliveries(id)) perChat.set(m.chat_id, (perChat.get(m.chat_id) ?? 0) + 1);
    expect(perChat.size).toBe(GROUPS - broken.length);
    expect([...perChat.values()].every((n) => n === 1)).toBe(true);
    for (const chat of broken) expect(perChat.has(chat)).toBe(false);
    expect(fake.throttled()).toBeGreaterThanOrEqual(3);

    say(`通知状态 ${id}`);
    const status = await toAdmin(`通知 #${id}（发送中）`);
    expect(status.text).toContain(`已发送 ${GROUPS - broken.length}，待发送 0，失败 ${broken.length}`);
    expect(status.text).toContain('bot was kicked');
  }, 240_000);
});
