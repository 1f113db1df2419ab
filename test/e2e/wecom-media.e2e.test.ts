/**
 * issue 13 end to end on WeCom: an AI-bot group report with an encrypted image (downloaded and
 * decrypted with the bot key), a worker adding a photo by MediaId through the app with `补充 N`,
 * `查看` with the console link, the console showing both images, and an expired MediaId.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { APP, BOT, CORP_ID, postAppCallback, postBotCallback, startFakeWecom, type FakeWecom } from '../support/fakes/fake-wecom';
import { makeJpeg, makePng } from '../support/fixtures/media';
import { startMinhu, waitFor, type MinhuProcess } from '../support/minhu-process';

const GROUP = 'wrDemoWangjia13';
const HOUSEHOLD = 'wangdama2';
const WORKER = 'zhangwangge';
const ADMIN_TOKEN = 'wecom-media-admin-token-0123';

describe('WeCom photos end to end', () => {
  let fake: FakeWecom;
  let minhu: MinhuProcess;
  let base: string;
  let dataDir: string;

  beforeAll(async () => {
    fake = await startFakeWecom();
    dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'minhu-wecom-media-'));
    minhu = await startMinhu({
      DATA_DIR: dataDir, WECOM_API_BASE: fake.url, WECOM_CORP_ID: CORP_ID, ADMIN_TOKEN,
      WECOM_BOT_TOKEN: BOT.token, WECOM_BOT_ENCODING_AES_KEY: BOT.aesKey,
      WECOM_AGENT_ID: String(APP.agentId), WECOM_SECRET: APP.secret, WECOM_TOKEN: APP.token, WECOM_ENCODING_AES_KEY: APP.aesKey,
    });
    base = `http://127.0.0.1:${minhu.port}`;
  });
  afterAll(async () => {
    await minhu?.stop();
    await fake?.close();
    fs.rmSync(dataDir, { recursive: true, force: true });
  });

  const waitDelivered = (what: string, from: number, match: (d: FakeWecom['delivered'][number]) => boolean) =>
    waitFor(what, () => fake.delivered.slice(from).find(match)).catch((e) => {
      throw new Error(`${e}\n${JSON.stringify(fake.delivered.slice(from))}\n${minhu.logs.join('').slice(-2000)}`);
    });

  it('should keep an AI-bot image and an app image by MediaId, and show both to staff', async () => {
    const botPhoto = makePng(20, 12, 5);
    const imageUrl = fake.addBotFile('img-1', botPhoto, BOT.aesKey);
    let mark = fake.delivered.length;
    const mixed = {
      msgid: `media-${process.pid}-1`, aibotid: BOT.id, chatid: GROUP, chattype: 'group', from: { userid: HOUSEHOLD }, response_url: fake.responseUrl(), msgtype: 'mixed',
      mixed: { msg_item: [{ msgtype: 'text', text: { content: '@民呼 报事 3组王家门口水管爆了' } }, { msgtype: 'image', image: { url: imageUrl } }] },
    };
    expect((await postBotCallback(base, mixed)).status).toBe(200);
    const receipt = await waitDelivered('receipt', mark, (d) => d.content?.includes('已登记'));
    const id = Number(/#(\d+)/.exec(receipt.content)![1]);

    // The worker adds a photo through the app: 补充 N, then the image (it carries no caption).
    const appPhoto = makeJpeg(5000, 8);
    fake.addMedia('MEDIA-1', appPhoto);
    mark = fake.delivered.length;
    await postAppCallback(base, { FromUserName: WORKER, MsgType: 'text', Content: `补充 ${id}`, MsgId: '8101' });
    await waitDelivered('send the photos', mark, (d) => d.content?.includes('发送要补充到'));
    await postAppCallback(base, { FromUserName: WORKER, MsgType: 'image', MediaId: 'MEDIA-1', PicUrl: 'http://invalid.example/x', MsgId: '8102' });
    await waitDelivered('attached', mark, (d) => d.content?.includes(`已补充到 #${id}（共 2 个附件）`));
    // An expired MediaId: a clear line, nothing attached.
    await postAppCallback(base, { FromUserName: WORKER, MsgType: 'image', MediaId: 'MEDIA-GONE', MsgId: '8103' });
    await waitDelivered('download failed', mark, (d) => d.content?.includes('照片下载失败'));

    mark = fake.delivered.length;
    await postAppCallback(base, { FromUserName: WORKER, MsgType: 'text', Content: `查看 ${id}`, MsgId: '8104' });
    const dossier = await waitDelivered('dossier', mark, (d) => d.content?.includes('附件：2 个'));
    expect(dossier.content).toContain(`/console/requests/${id}`);
    // …and the photos themselves, uploaded (media/upload) and sent as image messages to the worker.
    await waitFor('two images', () => fake.delivered.slice(mark).filter((d) => d.via === 'message' && d.target === WORKER && d.content?.startsWith('[image ')).length === 2);
    const sentImages = fake.delivered.slice(mark).filter((d) => d.content?.startsWith('[image ')).map((d) => fake.uploads.get(d.content.slice(7, -1))!);
    expect(sentImages.map((b) => b.length).sort()).toEqual([botPhoto.length, appPhoto.length].sort());

    const login = await fetch(`${base}/console/login`, { method: 'POST', body: new URLSearchParams({ token: ADMIN_TOKEN }), redirect: 'manual' });
    const cookie = login.headers.get('set-cookie')!.split(';')[0];
    const page = await (await fetch(`${base}/console/requests/${id}`, { headers: { cookie } })).text();
    const srcs = [...page.matchAll(/<img src="([^"]+)"/g)].map((m) => m[1]);
    expect(srcs).toHaveLength(2);
    const got = await Promise.all(srcs.map(async (src) => Buffer.from(await (await fetch(`${base}${src}`, { headers: { cookie } })).arrayBuffer())));
    expect(got.map((b) => b.length).sort()).toEqual([botPhoto.length, appPhoto.length].sort());
    expect(got.some((b) => b.equals(botPhoto))).toBe(true); // decrypted to the very bytes
  });
});
