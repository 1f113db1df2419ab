/**
 * WeCom AI bot over the long connection (WECOM_BOT_MODE=websocket): the minhu process connects
 * to the fake's WebSocket, authenticates, receives pushed messages, replies on the connection
 * and sends status lines proactively; it reconnects when the connection drops.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { BOT, startFakeWecom, type FakeWecom } from '../support/fakes/fake-wecom';
import { startMinhu, waitFor, type MinhuProcess } from '../support/minhu-process';
import { makePng } from '../support/fixtures/media';
import { randomBytes } from 'node:crypto';

const GROUP = 'wrDemoWangjia46'; // 王家村4-6组网格群, mode websocket
const HOUSEHOLD = 'lishu';
const WORKER = 'zhaowangge';
let seq = 0;
const text = (userId: string, content: string) => ({ msgid: `ws-${++seq}`, aibotid: BOT.id, chatid: GROUP, chattype: 'group', from: { userid: userId }, msgtype: 'text', text: { content: `@民呼 ${content}` } });

describe('WeCom long connection, end to end', () => {
  let fake: FakeWecom;
  let minhu: MinhuProcess;
  let dataDir: string;

  beforeAll(async () => {
    fake = await startFakeWecom();
    dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'minhu-ws-'));
    minhu = await startMinhu({ DATA_DIR: dataDir, WECOM_BOT_MODE: 'websocket', WECOM_BOT_ID: BOT.id, WECOM_BOT_SECRET: BOT.secret, WECOM_BOT_WS_URL: fake.wsUrl, WECOM_API_BASE: fake.url });
    await waitFor('authenticated', () => fake.wsAuthenticated());
  });
  afterAll(async () => {
    await minhu?.stop();
    await fake?.close();
    fs.rmSync(dataDir, { recursive: true, force: true, maxRetries: 5, retryDelay: 200 });
  });

  const after = (n: number) => fake.delivered.slice(n);

  it('should reply on the connection and send status lines proactively', async () => {
    let mark = fake.delivered.length;
    const reqId = fake.pushWs(text(HOUSEHOLD, '报事 5组路灯坏了'));
    const receipt = await waitFor('receipt', () => after(mark).find((d) => d.content.includes('已登记')));
    expect(receipt).toMatchObject({ via: 'ws-reply', target: reqId });
    const id = Number(/#(\d+)/.exec(receipt.content)![1]);

    mark = fake.delivered.length;
    fake.pushWs(text(WORKER, `认领 ${id}`));
    const claimed = await waitFor('claimed', () => after(mark).find((d) => d.content.includes('认领')));
    // A status line is a reply to the worker's message (its req_id) or a proactive send to the group.
    expect(['ws-reply', 'ws-send']).toContain(claimed.via);
    fake.pushWs(text(WORKER, `办结 ${id} 已修好`));
    const prompt = await waitFor('rating prompt', () => after(mark).find((d) => d.content.includes('回复 1 满意')));
    expect(prompt).toMatchObject({ via: 'ws-send', target: GROUP });
    mark = fake.delivered.length;
    fake.pushWs(text(HOUSEHOLD, '满意'));
    await waitFor('thanks', () => after(mark).find((d) => d.content.includes('感谢')));
  });

  it('should download and decrypt an image with its own aeskey (issue 13)', async () => {
    const aeskey = randomBytes(32).toString('base64');
    const url = fake.addBotFile('ws-img-1', makePng(9, 9, 17), aeskey);
    let mark = fake.delivered.length;
    fake.pushWs({
      msgid: `ws-${++seq}`, aibotid: BOT.id, chatid: GROUP, chattype: 'group', from: { userid: HOUSEHOLD }, msgtype: 'mixed',
      mixed: { msg_item: [{ msgtype: 'text', text: { content: '@民呼 报事 5组水管漏水了' } }, { msgtype: 'image', image: { url, aeskey } }] },
    });
    const receipt = await waitFor('receipt', () => after(mark).find((d) => d.content.includes('已登记')));
    const id = Number(/#(\d+)/.exec(receipt.content)![1]);
    mark = fake.delivered.length;
    fake.pushWs(text(WORKER, `查看 ${id}`));
    const shown = await waitFor('dossier', () => after(mark).find((d) => d.content.includes(`#${id}`)));
    expect(shown.content).toContain('附件：1 个');
    expect(after(0).some((d) => d.content.includes('下载失败'))).toBe(false);
  });

  it('should reconnect after the connection drops and go on working', async () => {
    await fake.close();
    const port = new URL(fake.wsUrl).port;
    // A new fake on the same port (the SDK retries the same URL with backoff).
    fake = await restartOnPort(Number(port));
    await waitFor('re-authenticated', () => fake.wsAuthenticated(), 20_000);
    const mark = fake.delivered.length;
    fake.pushWs(text(HOUSEHOLD, '进度'));
    await waitFor('answer after reconnect', () => after(mark).find((d) => d.content.includes('您的诉求')));
  });
});

async function restartOnPort(port: number): Promise<FakeWecom> {
  for (let i = 0; i < 50; i++) {
    try {
      return await startFakeWecom(port);
    } catch {
      await new Promise((r) => setTimeout(r, 100));
    }
  }
  throw new Error(`port ${port} did not free`);
}
