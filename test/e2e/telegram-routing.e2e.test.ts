/**
 * Routing end to end over Telegram: a grid group, the township dispatch group and two
 * department groups, all against the fake Bot API — escalate, dispatch, transfer, 吹哨报到.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { groupText, startFakeTelegram, type FakeTelegram } from '../support/fakes/fake-telegram';
import { startMinhu, waitFor, type MinhuProcess } from '../support/minhu-process';

const GRID = -1001;
const TOWNSHIP_GROUP = -1101;
const ZHUJIAN_GROUP = -1201;
const RENSHE_GROUP = -1202;
const SHIJIAN_GROUP = -1205;
const HOUSEHOLD = { id: 5301, name: '钱奶奶' };
const WORKER = { id: 9001, name: '张网格' };
const LEADER = { id: 9002, name: '王支书' }; // 王家村's 网格长: the village is a step of 上报 (issue 14)
const VILLAGE_GROUP = -1021;
const TOWNSHIP = { id: 9010, name: '刘调度' };
const ZHUJIAN = { id: 9020, name: '周住建' };
const RENSHE = { id: 9021, name: '钱人社' };
const SHIJIAN = { id: 9022, name: '冯市监' };

describe('routing over Telegram, end to end', () => {
  let fake: FakeTelegram;
  let minhu: MinhuProcess;
  let dataDir: string;

  beforeAll(async () => {
    fake = await startFakeTelegram();
    dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'minhu-route-'));
    minhu = await startMinhu({ TELEGRAM_BOT_TOKEN: fake.token, TELEGRAM_API_ROOT: fake.url, DATA_DIR: dataDir });
  });
  afterAll(async () => {
    await minhu?.stop();
    await fake?.close();
    fs.rmSync(dataDir, { recursive: true, force: true, maxRetries: 5, retryDelay: 200 });
  });

  const said = (chat: number, from: number, match: string) =>
    waitFor(`"${match}" in ${chat}`, () => fake.sent.slice(from).find((m) => m.chat_id === String(chat) && m.text.includes(match)));

  it('should carry a request from the grid to the department that resolves it, and the household rates it', async () => {
    let mark = fake.sent.length;
    fake.push(groupText(GRID, HOUSEHOLD, '报事 3组村口的桥裂了,车不敢过'));
    const receipt = await said(GRID, mark, '已登记');
    const id = Number(/#(\d+)/.exec(receipt.text)![1]);

    mark = fake.sent.length;
    fake.push(groupText(GRID, WORKER, `上报 ${id} 需要镇上协调`));
    await said(GRID, mark, `#${id} 已上报至王家村`);
    await said(VILLAGE_GROUP, mark, `新诉求 #${id}`);
    fake.push(groupText(VILLAGE_GROUP, LEADER, `上报 ${id} 需要镇上协调`));
    await said(GRID, mark, `#${id} 已上报至清河镇`);
    await said(TOWNSHIP_GROUP, mark, `新诉求 #${id}`);

    mark = fake.sent.length;
    fake.push(groupText(TOWNSHIP_GROUP, TOWNSHIP, `派单 ${id} 住建`));
    await said(GRID, mark, '已派单至县住建局');
    await said(ZHUJIAN_GROUP, mark, `新诉求 #${id}`);

    mark = fake.sent.length;
    fake.push(groupText(ZHUJIAN_GROUP, ZHUJIAN, `转办 ${id} 市场监管局 先由市监牵头`));
    await said(SHIJIAN_GROUP, mark, `新诉求 #${id}`);
    fake.push(groupText(SHIJIAN_GROUP, SHIJIAN, `认领 ${id}`));
    await said(GRID, mark, '已由冯市监认领');
    fake.push(groupText(SHIJIAN_GROUP, SHIJIAN, `办结 ${id} 已加固`));
    const prompt = await waitFor('rating prompt', () => fake.sent.slice(mark).find((m) => m.chat_id === String(GRID) && m.reply_markup));
    expect(prompt.text).toContain(`#${id}`);

    mark = fake.sent.length;
    fake.push(groupText(GRID, HOUSEHOLD, '满意'));
    await said(GRID, mark, '感谢');
  });

  it('should blow the whistle: two co-units are told, one reports in, the other stays on its list', async () => {
    let mark = fake.sent.length;
    fake.push(groupText(GRID, HOUSEHOLD, '报事 2组菜市场污水横流还有人卖病死猪肉'));
    const id = Number(/#(\d+)/.exec((await said(GRID, mark, '已登记')).text)![1]);
    fake.push(groupText(GRID, WORKER, `上报 ${id} 涉及多个部门`));
    await said(VILLAGE_GROUP, mark, `新诉求 #${id}`);
    fake.push(groupText(VILLAGE_GROUP, LEADER, `上报 ${id} 涉及多个部门`));
    await said(TOWNSHIP_GROUP, mark, `新诉求 #${id}`);

    mark = fake.sent.length;
    fake.push(groupText(TOWNSHIP_GROUP, TOWNSHIP, `吹哨 ${id} 住建局 人社局 市场监管局`));
    for (const group of [ZHUJIAN_GROUP, RENSHE_GROUP, SHIJIAN_GROUP]) await said(group, mark, `吹哨报到 #${id}`);

    mark = fake.sent.length;
    fake.push(groupText(SHIJIAN_GROUP, SHIJIAN, `报到 ${id} 已派执法人员`));
    await said(ZHUJIAN_GROUP, mark, '县市场监管局已报到');
    fake.push(groupText(RENSHE_GROUP, RENSHE, '待办'));
    const list = await said(RENSHE_GROUP, mark, '待办');
    expect(list.text).toContain(`#${id}`);
    expect(list.text).toContain('待报到');
  });
});
