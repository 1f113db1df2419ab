/**
 * Issue 14 end to end on Telegram (the whole process against the fake Bot API): a household
 * adds a photo and a line with 补充 and chases with 催办; the request goes up grid → village →
 * township → county, and the county command centre sends it down to a township, the township
 * to a grid; the grid's staff group (not the household group) hears the new work; the worker
 * resolves; the household rates 不满意 with the button and says why; the worker hears the reason.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { buttonPress, groupText, startFakeTelegram, type FakeTelegram } from '../support/fakes/fake-telegram';
import { makePng } from '../support/fixtures/media';
import { startMinhu, waitFor, type MinhuProcess } from '../support/minhu-process';

const GRID = -1001; // 王家村1-3组网格群 (households)
const STAFF = -1011; // 王家村1-3组网格员工作群
const VILLAGE = -1021; // 王家村村委工作群
const TOWNSHIP_GROUP = -1101;
const COUNTY_GROUP = -1100;
const HOUSEHOLD = { id: 5801, name: '秦大妈' };
const WORKER = { id: 9001, name: '张网格' };
const LEADER = { id: 9002, name: '王支书' };
const TOWNSHIP = { id: 9010, name: '刘调度' };
const COUNTY = { id: 9011, name: '孙指挥' };

describe('the county\'s work over Telegram, end to end', () => {
  let fake: FakeTelegram;
  let minhu: MinhuProcess;
  let dataDir: string;

  beforeAll(async () => {
    fake = await startFakeTelegram();
    dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'minhu-county-'));
    minhu = await startMinhu({ TELEGRAM_BOT_TOKEN: fake.token, TELEGRAM_API_ROOT: fake.url, DATA_DIR: dataDir });
  });
  afterAll(async () => {
    await minhu?.stop();
    await fake?.close();
    fs.rmSync(dataDir, { recursive: true, force: true, maxRetries: 5, retryDelay: 200 });
  });

  const said = (chat: number, from: number, match: string) =>
    waitFor(`"${match}" in ${chat}`, () => fake.sent.slice(from).find((m) => m.chat_id === String(chat) && m.text.includes(match)));

  it('should let a household add and chase, send the request down to a township and a grid, and hear why it was not right', async () => {
    let mark = fake.sent.length;
    fake.push(groupText(GRID, HOUSEHOLD, '报事 1组村口的小桥栏杆断了'));
    const id = Number(/#(\d+)/.exec((await said(GRID, mark, '已登记')).text)![1]);

    // 补充: a photo with the command as its caption, then a line of text.
    fake.addFile('BRIDGE-1', { bytes: makePng(20, 12, 5) });
    mark = fake.sent.length;
    fake.push(groupText(GRID, HOUSEHOLD, '', { text: undefined, caption: `补充 ${id}`, photo: [{ file_id: 'BRIDGE-1', file_unique_id: 'b1', width: 20, height: 12 }] }));
    await said(GRID, mark, `已补充到 #${id}（共 1 个附件）`);
    fake.push(groupText(GRID, HOUSEHOLD, `补充 ${id} 晚上有小孩从那里走，很危险`));
    await said(GRID, mark, `已补充到 #${id}：晚上有小孩`);
    await said(STAFF, mark, '秦大妈补充：晚上有小孩');

    // 催办: the grid's staff group hears it; the household hears that it was done.
    mark = fake.sent.length;
    fake.push(groupText(GRID, HOUSEHOLD, `催办 ${id}`));
    await said(GRID, mark, `已帮您催办 #${id}`);
    await said(STAFF, mark, '第1次催办');

    // Up: grid → village → township → county.
    mark = fake.sent.length;
    fake.push(groupText(STAFF, WORKER, `上报 ${id} 需要村里协调`));
    await said(VILLAGE, mark, `新诉求 #${id}`);
    fake.push(groupText(VILLAGE, LEADER, `上报 ${id} 需要镇里协调`));
    await said(TOWNSHIP_GROUP, mark, `新诉求 #${id}`);
    fake.push(groupText(TOWNSHIP_GROUP, TOWNSHIP, `上报 ${id} 需要县里统筹`));
    await said(COUNTY_GROUP, mark, `新诉求 #${id}`);

    // Down: the county to a township, the township to a grid.
    mark = fake.sent.length;
    fake.push(groupText(COUNTY_GROUP, COUNTY, `派单 ${id} 交通局`));
    await said(COUNTY_GROUP, mark, '可派：城关街道、清河镇');
    fake.push(groupText(COUNTY_GROUP, COUNTY, `派单 ${id} 清河镇 请镇里牵头修复`));
    await said(GRID, mark, `#${id} 已派单至清河镇`);
    await said(TOWNSHIP_GROUP, mark, '请镇里牵头修复');
    mark = fake.sent.length;
    fake.push(groupText(TOWNSHIP_GROUP, TOWNSHIP, `派单 ${id} 王家村1-3组网格 村里安排维修`));
    await said(STAFF, mark, `新诉求 #${id}`);
    await said(GRID, mark, `#${id} 已派单至王家村1-3组网格`);
    expect(fake.sent.slice(mark).some((m) => m.chat_id === String(GRID) && m.text.includes('新诉求'))).toBe(false);

    // The worker resolves; the household is not satisfied and says why; the worker hears it.
    mark = fake.sent.length;
    fake.push(groupText(STAFF, WORKER, `认领 ${id}`));
    await said(GRID, mark, `#${id} 已由张网格认领`);
    fake.push(groupText(STAFF, WORKER, `办结 ${id} 栏杆已焊好`));
    const prompt = await waitFor('rating prompt', () => fake.sent.slice(mark).find((m) => m.chat_id === String(GRID) && m.reply_markup));
    mark = fake.sent.length;
    fake.push(buttonPress(GRID, HOUSEHOLD, prompt.message_id, prompt.reply_markup!.inline_keyboard[0][2].callback_data));
    await said(GRID, mark, '能说说哪里不满意吗');
    fake.push(groupText(GRID, HOUSEHOLD, '只焊了一边，另一边还是松的'));
    await said(GRID, mark, '已转告张网格');
    await said(WORKER.id, mark, '只焊了一边');

    // The dossier keeps every step.
    mark = fake.sent.length;
    fake.push(groupText(STAFF, WORKER, `查看 ${id}`));
    const shown = (await said(STAFF, mark, `#${id}`)).text;
    expect(shown).toMatch(/补充材料.*催办.*上报 → 王家村.*上报 → 清河镇.*上报 → 明水县.*派单 → 清河镇.*派单 → 王家村1-3组网格.*办结.*评价.*不满意原因/s);
  });
});
