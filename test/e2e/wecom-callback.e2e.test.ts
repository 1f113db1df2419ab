/**
 * WeCom end to end: the minhu process against a fake WeCom server that sends real encrypted
 * callbacks — the group loop through the AI bot callback, staff commands through the
 * self-built app, retries, an expiring token and frequency limits.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { APP, BOT, botGroupText, CORP_ID, postAppCallback, postBotCallback, startFakeWecom, verificationUrl, type FakeWecom } from '../support/fakes/fake-wecom';
import { startMinhu, waitFor, type MinhuProcess } from '../support/minhu-process';

const GROUP = 'wrDemoWangjia13'; // 王家村1-3组网格群: robot webhook key demo-robot-key-wangjia13
const HOUSEHOLD = 'wangdama';
const WORKER = 'zhangwangge';

describe('WeCom AI bot callback and self-built app, end to end', () => {
  let fake: FakeWecom;
  let minhu: MinhuProcess;
  let base: string;
  let dataDir: string;

  beforeAll(async () => {
    fake = await startFakeWecom();
    dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'minhu-wecom-'));
    minhu = await startMinhu({
      DATA_DIR: dataDir, WECOM_API_BASE: fake.url, WECOM_CORP_ID: CORP_ID,
      WECOM_BOT_TOKEN: BOT.token, WECOM_BOT_ENCODING_AES_KEY: BOT.aesKey,
      WECOM_AGENT_ID: String(APP.agentId), WECOM_SECRET: APP.secret, WECOM_TOKEN: APP.token, WECOM_ENCODING_AES_KEY: APP.aesKey,
    });
    base = `http://127.0.0.1:${minhu.port}`;
  });
  afterAll(async () => {
    await minhu?.stop();
    await fake?.close();
    fs.rmSync(dataDir, { recursive: true, force: true, maxRetries: 5, retryDelay: 200 });
  });

  const after = (n: number) => fake.delivered.slice(n);
  const waitDelivered = (what: string, from: number, match: (d: FakeWecom['delivered'][number]) => boolean) =>
    waitFor(what, () => after(from).find(match));
  const say = async (userId: string, text: string) => {
    const res = await postBotCallback(base, botGroupText(GROUP, userId, text, fake.responseUrl()));
    expect(res.status).toBe(200);
  };

  it('should answer URL verification with the plain echo for both endpoints', async () => {
    const bot = await fetch(verificationUrl(base, '/wecom/bot/callback', { token: BOT.token, aesKey: BOT.aesKey }, '', 'echo-123'));
    expect(bot.status).toBe(200);
    expect(await bot.text()).toBe('echo-123');
    const app = await fetch(verificationUrl(base, '/wecom/app/callback', { token: APP.token, aesKey: APP.aesKey }, CORP_ID, 'echo-456'));
    expect(await app.text()).toBe('echo-456');
    // The app endpoint refuses an echo encrypted for the bot (wrong receiveid).
    const crossed = await fetch(verificationUrl(base, '/wecom/app/callback', { token: APP.token, aesKey: APP.aesKey }, '', 'x'));
    expect(crossed.status).toBe(401);
  });

  it('should refuse bad signatures with 401 and malformed bodies with 400', async () => {
    expect((await postBotCallback(base, botGroupText(GROUP, HOUSEHOLD, '报事 x', fake.responseUrl()), { signature: 'f'.repeat(40) })).status).toBe(401);
    expect((await postBotCallback(base, botGroupText(GROUP, HOUSEHOLD, '报事 x', fake.responseUrl()), { timestamp: Math.floor(Date.now() / 1000) - 3600 })).status).toBe(401);
    const bad = await fetch(`${base}/wecom/bot/callback?msg_signature=a&timestamp=1&nonce=2`, { method: 'POST', body: 'not json' });
    expect(bad.status).toBe(400);
    const big = await fetch(`${base}/wecom/app/callback?msg_signature=a&timestamp=1&nonce=2`, { method: 'POST', body: `<xml>${'x'.repeat(100_000)}</xml>` });
    expect(big.status).toBe(413);
  });

  it('should run the household → worker → rating loop in a WeCom group', async () => {
    let mark = fake.delivered.length;
    await say(HOUSEHOLD, '报事 3组王家门口的路灯坏了一个星期了 电话13812345678');
    const receipt = await waitDelivered('receipt via response_url', mark, (d) => d.via === 'response_url' && d.content.includes('已登记'));
    expect(receipt.content).toContain(`<@${HOUSEHOLD}>`);
    expect(receipt.content).toContain('138****5678');
    const id = Number(/#(\d+)/.exec(receipt.content)![1]);

    mark = fake.delivered.length;
    await say(WORKER, `认领 ${id}`);
    const claimed = await waitDelivered('claimed line via robot', mark, (d) => d.via === 'webhook' && d.content.includes('认领'));
    expect(claimed.target).toBe('demo-robot-key-wangjia13');
    expect(claimed.content).toContain(`<@${HOUSEHOLD}>`);
    await say(WORKER, `办结 ${id} 路灯已修好`);
    await waitDelivered('rating prompt', mark, (d) => d.content.includes('回复 1 满意'));

    mark = fake.delivered.length;
    await say(HOUSEHOLD, '1');
    await waitDelivered('thanks', mark, (d) => d.content.includes('感谢'));
  });

  it('should process the same callback delivered 3 times once', async () => {
    const mark = fake.delivered.length;
    const message = botGroupText(GROUP, HOUSEHOLD, '报事 2组水沟堵了', fake.responseUrl());
    for (let i = 0; i < 3; i++) expect((await postBotCallback(base, message)).status).toBe(200);
    await waitDelivered('receipt', mark, (d) => d.content.includes('已登记'));
    await say(HOUSEHOLD, '进度');
    await waitDelivered('my list', mark, (d) => d.content.includes('您的诉求'));
    expect(after(mark).filter((d) => d.content.includes('已登记'))).toHaveLength(1);
  });

  it('should take staff commands one-to-one through the app, refreshing an expired token once', async () => {
    let mark = fake.delivered.length;
    const res = await postAppCallback(base, { FromUserName: WORKER, MsgType: 'text', Content: '待办', MsgId: '7001' });
    expect(res.status).toBe(200);
    const list = await waitDelivered('list via message/send', mark, (d) => d.via === 'message');
    expect(list.target).toBe(WORKER);
    expect(list.content).toContain('待办');
    const tokens = fake.tokenCalls;

    mark = fake.delivered.length;
    fake.expireToken();
    await postAppCallback(base, { FromUserName: WORKER, MsgType: 'text', Content: '帮助', MsgId: '7002' });
    await waitDelivered('help after token refresh', mark, (d) => d.via === 'message' && d.content.includes('报事'));
    expect(fake.tokenCalls).toBe(tokens + 1);

    mark = fake.delivered.length;
    await postAppCallback(base, { FromUserName: WORKER, MsgType: 'event', Event: 'enter_agent', EventKey: '' });
    await postAppCallback(base, { FromUserName: WORKER, MsgType: 'text', Content: '认领 99999', MsgId: '7003' });
    await waitDelivered('unknown number', mark, (d) => d.content.includes('没有找到 #99999'));
    expect(after(mark)).toHaveLength(1); // enter_agent made no noise
  });

  it('should back off on frequency-limit errors and deliver afterwards', async () => {
    const mark = fake.delivered.length;
    fake.limitNext(2);
    await postAppCallback(base, { FromUserName: WORKER, MsgType: 'text', Content: '帮助', MsgId: '7004' });
    await waitDelivered('help after 45009', mark, (d) => d.via === 'message' && d.content.includes('报事'), );
  });
});
