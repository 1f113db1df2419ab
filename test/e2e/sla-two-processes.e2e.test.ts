/**
 * Two minhu processes on one real PostgreSQL, both ticking every second with tiny limits and
 * both polling the same fake Bot API: every reminder reaches its group exactly once. Then the
 * county dispatcher asks for the monthly report and gets the chart as a photo.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { PNG } from 'pngjs';
import { DEMO_ORG_FILE } from '../../adapters/org/org-import';
import { groupText, startFakeTelegram, type FakeTelegram } from '../support/fakes/fake-telegram';
import { startMinhu, waitFor, type MinhuProcess } from '../support/minhu-process';
import { createServerDatabase, TEST_DATABASE_URL } from '../support/test-database';

const GROUP = -1001;
const describeOnServer = TEST_DATABASE_URL ? describe : describe.skip;

describeOnServer('SLA reminders with two processes on one PostgreSQL', () => {
  let fake: FakeTelegram;
  let a: MinhuProcess;
  let b: MinhuProcess;
  let drop: () => Promise<void>;
  let dir: string;

  beforeAll(async () => {
    fake = await startFakeTelegram();
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'minhu-sla-'));
    const org = JSON.parse(fs.readFileSync(DEMO_ORG_FILE, 'utf8'));
    // Claim within 3.6 s, answer within 7.2 s: warnings and breaches come within seconds.
    org.sla = { default: { claimHours: 0.001, answerHours: 0.002, resolveHours: 1 } };
    fs.writeFileSync(path.join(dir, 'org.json'), JSON.stringify(org));
    const server = await createServerDatabase();
    drop = server.drop;
    const env = { TELEGRAM_BOT_TOKEN: fake.token, TELEGRAM_API_ROOT: fake.url, DATABASE_URL: server.url, ORG_FILE: path.join(dir, 'org.json'), SCHEDULE_SLA_TICK: '* * * * * *' };
    a = await startMinhu(env);
    b = await startMinhu(env);
  });
  afterAll(async () => {
    await a?.stop();
    await b?.stop();
    await fake?.close();
    await drop?.();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it('should send each reminder once, whichever process ticks', async () => {
    fake.push(groupText(GROUP, { id: 5601, name: '郑大妈' }, '报事 1组水管漏水'));
    fake.push(groupText(GROUP, { id: 5602, name: '王大爷' }, '报事 2组路灯不亮'));
    await waitFor('two receipts', () => fake.sent.filter((m) => m.text.includes('已登记')).length >= 2 && true);
    // 3 ticks and more: wait until both answer deadlines (7.2 s) have passed.
    await waitFor('answer breaches', () => fake.sent.filter((m) => m.text.includes('已超过答复期限')).length >= 2 && true, 20_000);
    await new Promise((r) => setTimeout(r, 2500));
    const reminders = fake.sent.filter((m) => /将于|已超过/.test(m.text)).map((m) => `${m.chat_id}|${m.text}`);
    expect(reminders.length).toBeGreaterThanOrEqual(6); // per request: claim warn, claim breach, answer warn/breach
    expect(new Set(reminders).size).toBe(reminders.length);
    expect(fake.sent.filter((m) => m.text.includes('已登记'))).toHaveLength(2);
  });

  it('should post the monthly report with its chart as a photo', async () => {
    fake.push({ message: { message_id: 1, date: Math.floor(Date.now() / 1000), chat: { id: 9011, type: 'private', first_name: '孙' }, from: { id: 9011, is_bot: false, first_name: '孙指挥' }, text: '/report' } });
    fake.push({ message: { message_id: 2, date: Math.floor(Date.now() / 1000), chat: { id: 9011, type: 'private', first_name: '孙' }, from: { id: 9011, is_bot: false, first_name: '孙指挥' }, text: `报表 ${new Date().toISOString().slice(0, 7)}` } });
    const photo = await waitFor('report photo', () => fake.photos.find((p) => p.chat_id === '9011'), 20_000).catch((e) => {
      throw new Error(`${e}\nsent to 9011: ${JSON.stringify(fake.sent.filter((m) => m.chat_id === '9011'))}\nlogs: ${a.logs.join('').slice(-2000)}${b.logs.join('').slice(-2000)}`);
    });
    const png = PNG.sync.read(photo.png);
    expect([png.width, png.height]).toEqual([800, 450]);
    expect(photo.caption).toContain('诉求办理月报');
    const text = await waitFor('report text', () => fake.sent.find((m) => m.chat_id === '9011' && m.text.includes('收到 2 件')));
    expect(text.text).toContain('受理 2 件');
  });
});
