/**
 * Issue 12 — 代报 from Telegram, end to end: a grid worker registers privately what a household
 * said on the phone; the household's group hears the receipt (named, no phone) and every later
 * step; the worker hears the number and the masked phone privately.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { startFakeTelegram, type FakeTelegram } from '../support/fakes/fake-telegram';
import { startMinhu, waitFor, type MinhuProcess } from '../support/minhu-process';

const GROUP = '-1001'; // 王家村1-3组网格群
const WORKER = { id: 9001, name: '张网格' };
let seq = 70_000;

function privateText(from: { id: number; name: string }, text: string): Record<string, unknown> {
  return { message: { message_id: ++seq, date: Math.floor(Date.now() / 1000), chat: { id: from.id, type: 'private', first_name: from.name }, from: { id: from.id, is_bot: false, first_name: from.name }, text } };
}

describe('代报 from Telegram, end to end', () => {
  let fake: FakeTelegram;
  let minhu: MinhuProcess;
  let dataDir: string;

  beforeAll(async () => {
    fake = await startFakeTelegram();
    dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'minhu-tg-daibao-'));
    minhu = await startMinhu({ TELEGRAM_BOT_TOKEN: fake.token, TELEGRAM_API_ROOT: fake.url, DATA_DIR: dataDir });
  });
  afterAll(async () => {
    await minhu?.stop();
    await fake?.close();
    fs.rmSync(dataDir, { recursive: true, force: true, maxRetries: 5, retryDelay: 200 });
  });

  it('should register for the household and keep their group informed, never showing the phone there', async () => {
    let mark = fake.sent.length;
    fake.push(privateText(WORKER, '代报 王阿姨 13812345678 3组12号 路灯坏了好几天了'));
    const receipt = await waitFor('receipt in the group', () => fake.sent.slice(mark).find((m) => m.chat_id === GROUP && m.text.includes('已登记')));
    expect(receipt.text).toContain('王阿姨');
    expect(receipt.text).toContain('张网格代报');
    expect(receipt.text).not.toMatch(/138\d*|\*\*\*\*/);
    const id = Number(/#(\d+)/.exec(receipt.text)![1]);
    const confirm = await waitFor('confirmation to the worker', () => fake.sent.slice(mark).find((m) => m.chat_id === String(WORKER.id)));
    expect(confirm.text).toContain(`已代王阿姨登记 #${id}`);
    expect(confirm.text).toContain('138****5678');

    mark = fake.sent.length;
    fake.push(privateText(WORKER, `认领 ${id}`));
    const claimed = await waitFor('claimed line in the group', () => fake.sent.slice(mark).find((m) => m.chat_id === GROUP && m.text.includes('认领')));
    expect(claimed.text).toContain('王阿姨');
  });
});
