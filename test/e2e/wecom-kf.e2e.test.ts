/**
 * Issue 12 end to end: a WeChat household reaches minhu through 微信客服 (kf). The minhu process
 * runs against the fake WeCom server (real AES callbacks, kf/sync_msg with cursor and has_more,
 * kf/send_msg enforcing 48 h / 5 messages, send_msg_on_event, media/get):
 * link tap → welcome menu → report with a photo → receipt by kf → a grid worker claims and
 * resolves through the app → the group robot posts the rating link → the household rates from
 * the menu → the timeline is complete; the same callback 3× and re-served pages → one request;
 * a reply outside the window goes to the group (named, no phone); msg_send_fail reroutes.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { APP, CORP_ID, KF_ID, postAppCallback, postKfEvent, startFakeWecom, type FakeWecom, type WecomDelivery } from '../support/fakes/fake-wecom';
import { openDatabase } from '../../adapters/db/client';
import { outbox } from '../../adapters/db/schema';
import { makeJpeg } from '../support/fixtures/media';
import { startMinhu, waitFor, type MinhuProcess } from '../support/minhu-process';
import { writeCustomerGroupOrg } from '../support/kf-org';

const WORKER = 'zhangwangge';
const ROBOT = 'demo-robot-key-wangjia13';

describe('WeCom households through 微信客服, end to end', () => {
  let fake: FakeWecom;
  let minhu: MinhuProcess;
  let base: string;
  let dataDir: string;
  let msgSeq = 9000;

  beforeAll(async () => {
    fake = await startFakeWecom();
    dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'minhu-kf-'));
    minhu = await startMinhu({
      DATA_DIR: dataDir, ORG_FILE: writeCustomerGroupOrg(dataDir), WECOM_API_BASE: fake.url, WECOM_CORP_ID: CORP_ID,
      WECOM_AGENT_ID: String(APP.agentId), WECOM_SECRET: APP.secret, WECOM_TOKEN: APP.token, WECOM_ENCODING_AES_KEY: APP.aesKey,
      WECOM_KF_ID: KF_ID, WECOM_KF_SYNC_LEASE_SECONDS: '5',
    });
    base = `http://127.0.0.1:${minhu.port}`;
  });
  afterAll(async () => {
    if (process.env.KF_DEBUG) console.log(JSON.stringify(fake.delivered, null, 1), minhu.logs.join('').split('\n').filter((l) => /warn|error/i.test(l)).join('\n'));
    await minhu?.stop();
    await fake?.close();
    fs.rmSync(dataDir, { recursive: true, force: true, maxRetries: 5, retryDelay: 200 });
  });

  const waitDelivered = (what: string, from: number, match: (d: WecomDelivery) => boolean, timeoutMs = 15_000) =>
    waitFor(what, () => fake.delivered.slice(from).find(match), timeoutMs).catch((e) => {
      throw new Error(`${e}\n${JSON.stringify(fake.delivered.slice(from), null, 1)}\n${minhu.logs.join('').slice(-3000)}`);
    });
  const event = async (token: string) => expect((await postKfEvent(base, token)).status).toBe(200);
  const says = async (ext: string, body: Record<string, unknown>, opts?: { sendTime?: number }) => {
    const { token, msgid } = fake.kf.customerSays(ext, body, opts);
    await event(token);
    return msgid;
  };
  const app = async (content: string) => expect((await postAppCallback(base, { FromUserName: WORKER, MsgType: 'text', Content: content, MsgId: String(++msgSeq) })).status).toBe(200);

  it('should run the whole loop: link → welcome → report with a photo → receipt → claim, resolve → rating link in the group → rating from the menu', async () => {
    const ext = 'wmWangAyi0001';
    fake.kf.addCustomer(ext, '王阿姨');
    let mark = fake.delivered.length;
    const { token, welcomeCode } = fake.kf.enterSession(ext, 'MS020101');
    expect(welcomeCode).toBeTruthy();
    await event(token);
    const welcome = await waitDelivered('welcome menu', mark, (d) => d.via === 'kf-welcome');
    expect(welcome.target).toBe(ext);
    expect(welcome.msgtype).toBe('msgmenu');
    expect(welcome.content).toContain('王家村1-3组网格');
    expect(welcome.menu).toEqual(['cmd:报事', 'cmd:进度', 'cmd:帮助']);

    // The photo first (WeCom sends it as a message of its own), then the words.
    fake.addMedia('KFMEDIA-1', makeJpeg(4000, 3));
    mark = fake.delivered.length;
    await says(ext, { msgtype: 'image', image: { media_id: 'KFMEDIA-1' } });
    await waitDelivered('what is the problem?', mark, (d) => d.via === 'kf' && d.content.includes('问题'));
    await says(ext, { msgtype: 'text', text: { content: '3组王家门口的路灯坏了一个星期了 电话13812345678' } });
    const receipt = await waitDelivered('receipt by kf', mark, (d) => d.via === 'kf' && d.content.includes('已登记'));
    expect(receipt.target).toBe(ext);
    expect(receipt.content).not.toMatch(/wm|ext:|kf:|zhangwangge/); // no ids, ever
    const id = Number(/#(\d+)/.exec(receipt.content)![1]);

    mark = fake.delivered.length;
    await app(`认领 ${id}`);
    await waitDelivered('claimed line by kf', mark, (d) => d.via === 'kf' && d.content.includes('认领'));
    await app(`办结 ${id} 路灯已修好`);
    const resolved = await waitDelivered('resolved line by kf', mark, (d) => d.via === 'kf' && d.content.includes('已办结'));
    expect(resolved.content).toContain('路灯已修好');
    const rateLine = await waitDelivered('rating link in the group', mark, (d) => d.via === 'webhook' && d.content.includes('评价'));
    expect(rateLine.target).toBe(ROBOT);
    expect(rateLine.msgtype).toBe('text'); // a customer group: WeChat users read plain text
    expect(rateLine.mentioned ?? []).toEqual([]); // WeChat users cannot be @-mentioned: named instead
    expect(rateLine.content).toContain('请王阿姨点');
    expect(rateLine.content).toContain(`scene_param=${encodeURIComponent(`rate-${id}`)}`);
    expect(rateLine.content).not.toContain('13812345678');
    const link = /https:\/\/work\.weixin\.qq\.com\/kf\/\S+/.exec(rateLine.content)![0];
    const sceneParam = decodeURIComponent(new URL(link).searchParams.get('scene_param')!);

    // The household taps it: the chat opens with the rating menu.
    mark = fake.delivered.length;
    await event(fake.kf.enterSession(ext, 'MS020101', sceneParam).token);
    const menu = await waitDelivered('rating menu', mark, (d) => (d.via === 'kf' || d.via === 'kf-welcome') && d.msgtype === 'msgmenu');
    expect(menu.menu).toEqual([`rate:${id}:satisfied`, `rate:${id}:basic`, `rate:${id}:unsatisfied`]);
    expect(menu.content).toContain('满意');
    await says(ext, { msgtype: 'text', text: { content: '满意', menu_id: `rate:${id}:satisfied` } });
    await waitDelivered('thanks', mark, (d) => d.via === 'kf' && d.content.includes('感谢'));

    // The dossier: submitted, attached photo, claimed, resolved, rated.
    mark = fake.delivered.length;
    await app(`查看 ${id}`);
    const dossier = await waitDelivered('dossier', mark, (d) => d.via === 'message' && d.content.includes(`#${id}`));
    for (const step of ['登记', '认领', '办结', '评价']) expect(dossier.content).toContain(step);
    expect(dossier.content).toContain('附件：1 个');
  });

  it('should make one request of the same event delivered 3 times and of re-served pages', async () => {
    const ext = 'wmLiShu0002';
    fake.kf.addCustomer(ext, '李叔');
    await event(fake.kf.enterSession(ext, 'MS020101').token);
    await waitDelivered('welcome', 0, (d) => d.via === 'kf-welcome' && d.target === ext);
    const mark = fake.delivered.length;
    const { token } = fake.kf.customerSays(ext, { msgtype: 'text', text: { content: '2组水沟堵了 臭得很' } });
    await Promise.all([event(token), event(token), event(token)]);
    await waitDelivered('receipt', mark, (d) => d.target === ext && d.content.includes('已登记'));
    // WeCom serves the last page again (to whichever pull comes next): nothing new.
    fake.kf.reserveNextPage();
    await event(token);
    await waitFor('the page served again', () => !fake.kf.reservePending(), 15_000);
    await event(fake.kf.customerSays(ext, { msgtype: 'text', text: { content: '进度' } }).token);
    await waitDelivered('my list', mark, (d) => d.target === ext && d.content.includes('您的诉求'));
    await event(fake.kf.customerSays(ext, { msgtype: 'text', text: { content: '进度' } }).token);
    await waitFor('second list', () => fake.delivered.slice(mark).filter((d) => d.target === ext && d.content.includes('您的诉求')).length >= 2, 15_000);
    expect(fake.delivered.slice(mark).filter((d) => d.target === ext && d.content.includes('已登记'))).toHaveLength(1);
    // Every sync_msg after the first carried a cursor, and the event's token.
    const calls = fake.kf.syncCalls.slice(1);
    expect(calls.every((c) => typeof c.cursor === 'string' && c.cursor.length > 0)).toBe(true);
    expect(calls.some((c) => c.token === token)).toBe(true);
  });

  it('should post a reply that falls outside the window in the group, naming the household and never their phone', async () => {
    const ext = 'wmZhaoNai0003';
    fake.kf.addCustomer(ext, '赵奶奶');
    await event(fake.kf.enterSession(ext, 'MS020101').token);
    await waitDelivered('welcome', 0, (d) => d.via === 'kf-welcome' && d.target === ext);
    let mark = fake.delivered.length;
    // Written 49 hours ago (the pull came late): the window closed before minhu could answer.
    await says(ext, { msgtype: 'text', text: { content: '1组门口井盖丢了 很危险 我电话13912345678' } }, { sendTime: Date.now() - 49 * 3_600_000 });
    const inGroup = await waitDelivered('receipt in the group', mark, (d) => d.via === 'webhook' && d.content.includes('已登记'));
    expect(inGroup.target).toBe(ROBOT);
    expect(inGroup.content.startsWith('赵奶奶，')).toBe(true);
    expect(inGroup.content).not.toContain('13912345678');
    expect(inGroup.content).toContain('139****5678');
    expect(fake.delivered.slice(mark).some((d) => d.via === 'kf' && d.target === ext)).toBe(false);
    const id = Number(/#(\d+)/.exec(inGroup.content)![1]);

    // The window reopens when they write again; WeCom then refuses (the session expired on its side): the group gets it.
    mark = fake.delivered.length;
    await says(ext, { msgtype: 'text', text: { content: '进度' } });
    await waitDelivered('list by kf', mark, (d) => d.via === 'kf' && d.target === ext && d.content.includes(`#${id}`));
    fake.kf.expireWindow(ext);
    mark = fake.delivered.length;
    await app(`认领 ${id}`);
    const claimed = await waitDelivered('claimed line in the group after 95018', mark, (d) => d.via === 'webhook' && d.content.includes('认领'));
    expect(claimed.content).toContain('赵奶奶');
  });

  it('should reroute a kf message WeCom reports as not delivered (msg_send_fail) to the group', async () => {
    const ext = 'wmQianYe0004';
    fake.kf.addCustomer(ext, '钱大爷');
    await event(fake.kf.enterSession(ext, 'MS020101').token);
    await waitDelivered('welcome', 0, (d) => d.via === 'kf-welcome' && d.target === ext);
    let mark = fake.delivered.length;
    await says(ext, { msgtype: 'text', text: { content: '3组村口的路面塌了一个坑' } });
    const receipt = await waitDelivered('receipt by kf', mark, (d) => d.via === 'kf' && d.target === ext && d.content.includes('已登记'));
    const id = Number(/#(\d+)/.exec(receipt.content)![1]);
    mark = fake.delivered.length;
    await app(`认领 ${id}`);
    const claimed = await waitDelivered('claimed by kf', mark, (d) => d.via === 'kf' && d.target === ext && d.content.includes('认领'));
    const msgid = fake.kf.sent.find((s) => s.touser === ext && s.content === claimed.content)!.msgid;
    await event(fake.kf.sendFail(ext, msgid, 4).token);
    const rerouted = await waitDelivered('rerouted to the group', mark, (d) => d.via === 'webhook' && d.content.includes('认领') && d.content.includes('钱大爷'));
    expect(rerouted.target).toBe(ROBOT);
  });

  it('should take 代报 from the app: receipt in the customer group without the phone, rating from the group link by the household', async () => {
    let mark = fake.delivered.length;
    await app('代报 孙阿姨 13712345678 2组5号 家门口的水管漏水了');
    const receipt = await waitDelivered('receipt in the group', mark, (d) => d.via === 'webhook' && d.content.includes('已登记'));
    expect(receipt.target).toBe(ROBOT);
    expect(receipt.msgtype).toBe('text');
    expect(receipt.content.startsWith('孙阿姨，')).toBe(true);
    expect(receipt.content).toContain('张网格代报');
    expect(receipt.content).not.toMatch(/137\d*|\*\*\*\*/);
    const id = Number(/#(\d+)/.exec(receipt.content)![1]);
    const confirm = await waitDelivered('confirmation to the worker', mark, (d) => d.via === 'message' && d.target === WORKER && d.content.includes(`#${id}`));
    expect(confirm.content).toContain('137****5678');

    mark = fake.delivered.length;
    await app(`认领 ${id}`);
    await waitDelivered('claimed in the group', mark, (d) => d.via === 'webhook' && d.content.includes('孙阿姨') && d.content.includes('认领'));
    await app(`办结 ${id} 水管已换新`);
    const rateLine = await waitDelivered('rating link in the group', mark, (d) => d.via === 'webhook' && d.content.includes('请孙阿姨点'));
    const link = /https:\/\/work\.weixin\.qq\.com\/kf\/\S+/.exec(rateLine.content)![0];
    const param = decodeURIComponent(new URL(link).searchParams.get('scene_param')!);

    // 孙阿姨 opens it in WeChat (a first contact): she is shown the menu and rates.
    const sun = 'wmSunAyi0006';
    fake.kf.addCustomer(sun, '阿英');
    mark = fake.delivered.length;
    await event(fake.kf.enterSession(sun, 'MS020101', param).token);
    const menu = await waitDelivered('rating menu', mark, (d) => d.target === sun && d.msgtype === 'msgmenu');
    expect(menu.menu).toEqual([`rate:${id}:satisfied`, `rate:${id}:basic`, `rate:${id}:unsatisfied`]);
    await says(sun, { msgtype: 'text', text: { content: '基本满意', menu_id: `rate:${id}:basic` } });
    await waitDelivered('thanks', mark, (d) => d.target === sun && d.content.includes('感谢'));
    // Anyone else who opens the same link is thanked, not asked.
    const other = 'wmNeighbour0007';
    fake.kf.addCustomer(other, '邻居');
    mark = fake.delivered.length;
    await event(fake.kf.enterSession(other, 'MS020101', param).token);
    const polite = await waitDelivered('polite line', mark, (d) => d.target === other);
    expect(polite.content).toContain('只有反映的住户才能评价');
  });

  it('should answer a household that came without a grid link where to find it, registering nothing', async () => {
    const ext = 'wmStranger0005';
    const mark = fake.delivered.length;
    await says(ext, { msgtype: 'text', text: { content: '路灯坏了' } });
    const line = await waitDelivered('where the link is', mark, (d) => d.via === 'kf' && d.target === ext);
    expect(line.content).toContain('群公告');
    expect(line.content).not.toContain('已登记');
  });

  it('should say on the outbox row where a message outside the window went (read after the process stopped)', async () => {
    await minhu.stop();
    const db = await openDatabase({ dataDir });
    try {
      const rows = await db.db.select({ chatId: outbox.chatId, route: outbox.route, status: outbox.status, lastError: outbox.lastError, message: outbox.message }).from(outbox);
      const zhao = rows.filter((r) => r.chatId === `kf:${KF_ID}:wmZhaoNai0003` && (r.message as { text?: string }).text?.includes('已登记'));
      expect(zhao.map((r) => [r.route, r.status])).toEqual([['group:wrDemoWangjia13', 'sent']]);
      const qian = rows.filter((r) => r.chatId === `kf:${KF_ID}:wmQianYe0004` && r.route === 'kf-failed');
      expect(qian).toHaveLength(1);
      expect(qian[0].lastError).toContain('msg_send_fail 4: posted in group wrDemoWangjia13');
    } finally {
      await db.close();
    }
  });
});
