/**
 * The whole minhu process against a fake Telegram Bot API on 127.0.0.1:
 * the closed loop, a redelivered update, a restart mid-dialog, and bad inputs.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { buttonPress, groupText, startFakeTelegram, type FakeTelegram } from '../support/fakes/fake-telegram';
import { startMinhu, waitFor, type MinhuProcess } from '../support/minhu-process';

const GROUP = -1001; // bound to 王家村1-3组网格 in the demo org
const HOUSEHOLD = { id: 5001, name: '王大妈' };
const WORKER = { id: 9001, name: '张网格' };

describe('Telegram end to end', () => {
  let fake: FakeTelegram;
  let minhu: MinhuProcess;
  let dataDir: string;
  const env = () => ({ TELEGRAM_BOT_TOKEN: fake.token, TELEGRAM_API_ROOT: fake.url, DATA_DIR: dataDir });

  beforeAll(async () => {
    fake = await startFakeTelegram();
    dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'minhu-e2e-'));
    minhu = await startMinhu(env());
  });
  afterAll(async () => {
    await minhu?.stop();
    await fake?.close();
    fs.rmSync(dataDir, { recursive: true, force: true, maxRetries: 5, retryDelay: 200 });
  });

  const sentAfter = (n: number) => fake.sent.slice(n);
  const waitSent = (what: string, from: number, match: (text: string) => boolean) =>
    waitFor(what, () => sentAfter(from).find((m) => match(m.text)));

  it('should run the whole loop: report, receipt, claim, reply, resolve, rate by button', async () => {
    let mark = fake.sent.length;
    fake.push(groupText(GROUP, HOUSEHOLD, '大家好,今天下雨了'));
    fake.push(groupText(GROUP, HOUSEHOLD, '报事 3组王家门口的路灯坏了一个星期了 电话13812345678'));
    const receipt = await waitSent('receipt', mark, (t) => t.includes('已登记'));
    expect(sentAfter(mark)).toHaveLength(1); // the chatter got no answer
    const id = Number(/#(\d+)/.exec(receipt.text)![1]);
    expect(receipt.text).toContain('市政设施');
    expect(receipt.text).toContain('138****5678');
    expect(receipt.text).not.toContain('13812345678');
    expect(receipt.text).toContain(`tg://user?id=${HOUSEHOLD.id}`);
    expect(receipt.chat_id).toBe(String(GROUP));

    mark = fake.sent.length;
    fake.push(groupText(GROUP, WORKER, `认领 ${id}`));
    await waitSent('claimed line', mark, (t) => t.includes(`#${id} 已由张网格认领`));
    fake.push(groupText(GROUP, WORKER, `/reply ${id} 已联系电工,明天上午修`));
    await waitSent('answer line', mark, (t) => t.includes('已联系电工'));
    fake.push(groupText(GROUP, WORKER, `办结 ${id} 路灯已修好`));
    const prompt = await waitFor('rating prompt', () => sentAfter(mark).find((m) => m.reply_markup));
    expect(prompt.reply_markup!.inline_keyboard[0].map((b) => b.text)).toEqual(['满意', '基本满意', '不满意']);

    mark = fake.sent.length;
    fake.push(buttonPress(GROUP, HOUSEHOLD, prompt.message_id, prompt.reply_markup!.inline_keyboard[0][0].callback_data));
    await waitSent('thanks', mark, (t) => t.includes('感谢'));
    await waitFor('callback answered', () => fake.answeredCallbacks.length > 0);

    mark = fake.sent.length;
    fake.push(groupText(GROUP, HOUSEHOLD, '进度'));
    const mine = await waitSent('my list', mark, (t) => t.includes('您的诉求'));
    expect(mine.text).toContain('已评价');
  });

  it('should answer an update delivered twice only once', async () => {
    const mark = fake.sent.length;
    const update = groupText(GROUP, HOUSEHOLD, '报事 2组水沟堵了,下雨就淹');
    const updateId = fake.push(update);
    await waitSent('receipt', mark, (t) => t.includes('已登记'));
    fake.push({ ...update, update_id: updateId }); // Telegram redelivers the same update
    fake.push(groupText(GROUP, HOUSEHOLD, '进度'));
    await waitSent('my list after the redelivery', mark, (t) => t.includes('您的诉求'));
    expect(sentAfter(mark).filter((m) => m.text.includes('已登记'))).toHaveLength(1);
  });

  it('should continue a dialog across a restart', async () => {
    let mark = fake.sent.length;
    fake.push(groupText(GROUP, HOUSEHOLD, '报事 家里停水两天了'));
    await waitSent('place question', mark, (t) => t.includes('请问具体位置'));
    await minhu.stop();
    minhu = await startMinhu(env());
    mark = fake.sent.length;
    fake.push(groupText(GROUP, HOUSEHOLD, '5组18号'));
    const receipt = await waitSent('receipt after restart', mark, (t) => t.includes('已登记'));
    expect(receipt.text).toContain('供水');
    expect(receipt.text).toContain('5组18号');
  });

  it('should answer bad input politely and stay healthy', async () => {
    const mark = fake.sent.length;
    fake.push(groupText(GROUP, HOUSEHOLD, `报事 ${'路灯坏了'.repeat(1250)}`));
    await waitSent('too long', mark, (t) => t.includes('内容太长了'));
    fake.push(groupText(GROUP, HOUSEHOLD, '@minhu_bot 😡😡😡', { entities: [{ type: 'mention', offset: 0, length: 10 }] }));
    await waitSent('ask for words', mark, (t) => t.includes('请简单说说'));
    fake.push(groupText(GROUP, HOUSEHOLD, '取消'));
    await waitSent('cancelled', mark, (t) => t.includes('已取消'));
    fake.push({ message: { message_id: 99_001, date: Math.floor(Date.now() / 1000), chat: { id: HOUSEHOLD.id, type: 'private', first_name: 'x' }, from: { id: HOUSEHOLD.id, is_bot: false, first_name: '王大妈' }, sticker: { file_id: 's', file_unique_id: 's', type: 'regular', width: 1, height: 1, is_animated: false, is_video: false } } });
    await waitSent('sticker declined', mark, (t) => t.includes('只能识别文字和图片'));
    fake.push(groupText(GROUP, WORKER, '认领'));
    await waitSent('missing number', mark, (t) => t.includes('请带上编号'));
    fake.push(groupText(GROUP, WORKER, '认领 99999'));
    await waitSent('unknown number', mark, (t) => t.includes('没有找到 #99999'));
    const health = await fetch(`http://127.0.0.1:${minhu.port}/healthz`);
    expect(health.status).toBe(200);
    expect(sentAfter(mark).some((m) => m.text.includes('已登记'))).toBe(false);
  });

  it('should retry a send that Telegram throttles with 429', async () => {
    const mark = fake.sent.length;
    fake.throttleNext(1, 1);
    fake.push(groupText(GROUP, HOUSEHOLD, '报事 1组桥头井盖丢了'));
    const receipt = await waitSent('receipt after 429', mark, (t) => t.includes('已登记'));
    expect(receipt.text).toContain('井盖');
  });
});
