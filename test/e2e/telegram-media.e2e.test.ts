/**
 * issue 13 end to end on Telegram: a photo, a voice message and a location reach the request,
 * `查看` sends the photos back as an album to staff, the console shows them (and refuses strangers).
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { groupText, startFakeTelegram, type FakeTelegram } from '../support/fakes/fake-telegram';
import { makeOgg, makePng } from '../support/fixtures/media';
import { startMinhu, waitFor, type MinhuProcess } from '../support/minhu-process';

const GROUP = -1001; // bound to 王家村1-3组网格 in the demo org
const HOUSEHOLD = { id: 5101, name: '王大妈' };
const WORKER = { id: 9001, name: '张网格' };
const ADMIN_TOKEN = 'media-e2e-admin-token-0123';

describe('Telegram photos, voice and locations end to end', () => {
  let fake: FakeTelegram;
  let minhu: MinhuProcess;
  let dataDir: string;
  const url = (p: string) => `http://127.0.0.1:${minhu.port}${p}`;

  beforeAll(async () => {
    fake = await startFakeTelegram();
    dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'minhu-media-'));
    minhu = await startMinhu({ TELEGRAM_BOT_TOKEN: fake.token, TELEGRAM_API_ROOT: fake.url, DATA_DIR: dataDir, ADMIN_TOKEN });
  });
  afterAll(async () => {
    await minhu?.stop();
    await fake?.close();
    fs.rmSync(dataDir, { recursive: true, force: true });
  });

  const waitSent = (what: string, from: number, match: (text: string) => boolean) => waitFor(what, () => fake.sent.slice(from).find((m) => match(m.text)));

  it('should keep a photo, a voice message and a location with the request and show them in 查看 and the console', async () => {
    const photo = makePng(24, 16, 3);
    fake.addFile('PHOTO-BIG', { bytes: photo });
    fake.addFile('VOICE-1', { bytes: makeOgg(900) });
    let mark = fake.sent.length;
    // A photo with the report (largest size last, as Telegram sends them).
    fake.push(groupText(GROUP, HOUSEHOLD, '', {
      text: undefined, caption: '报事 水管爆了，水一直在流',
      photo: [{ file_id: 'PHOTO-SMALL', file_unique_id: 's', width: 90, height: 60 }, { file_id: 'PHOTO-BIG', file_unique_id: 'b', width: 1280, height: 960 }],
    }));
    await waitSent('where?', mark, (t) => t.includes('具体位置'));
    // The answer to "where?" is a location (a venue).
    fake.push(groupText(GROUP, HOUSEHOLD, '', { text: undefined, venue: { location: { latitude: 25.0389, longitude: 102.7183 }, title: '3组12号', address: '王家村' } }));
    const receipt = await waitSent('receipt', mark, (t) => t.includes('已登记'));
    const id = Number(/#(\d+)/.exec(receipt.text)![1]);
    // A voice message right after the receipt is added to that request.
    mark = fake.sent.length;
    fake.push(groupText(GROUP, HOUSEHOLD, '', { text: undefined, voice: { file_id: 'VOICE-1', file_unique_id: 'v', duration: 12 } }));
    await waitSent('attached', mark, (t) => t.includes(`已补充到 #${id}`));

    mark = fake.sent.length;
    const albums = fake.photos.length;
    fake.push(groupText(GROUP, WORKER, `查看 ${id}`));
    const dossier = await waitSent('dossier', mark, (t) => t.includes('附件')).catch((e) => {
      throw new Error(`${e}\n${JSON.stringify(fake.sent.slice(mark))}\n${minhu.logs.join('').slice(-3000)}`);
    });
    expect(dossier.text).toContain('附件：3 个');
    expect(dossier.text).toContain(`/console/requests/${id}`);
    expect(dossier.text).toContain('uri.amap.com/marker?position=102.7183,25.0389');
    const sentPhoto = await waitFor('photo to staff', () => fake.photos.slice(albums).find((p) => p.caption.includes(`#${id}`)));
    expect(Buffer.compare(sentPhoto.png, photo)).toBe(0); // the very bytes the household sent

    // The console: signed in, the dossier has the thumbnail, the voice player and the map link; the blob loads.
    const login = await fetch(url('/console/login'), { method: 'POST', body: new URLSearchParams({ token: ADMIN_TOKEN }), redirect: 'manual' });
    const cookie = login.headers.get('set-cookie')!.split(';')[0];
    const page = await (await fetch(url(`/console/requests/${id}`), { headers: { cookie } })).text();
    const src = /<img src="([^"]+)"/.exec(page)![1];
    expect(page).toContain('<audio controls');
    expect(page).toContain('amap.com');
    const img = await fetch(url(src), { headers: { cookie } });
    expect(img.status).toBe(200);
    expect(img.headers.get('content-type')).toBe('image/png');
    expect(Buffer.compare(Buffer.from(await img.arrayBuffer()), photo)).toBe(0);
    // Without a session, or under another request's number, the blob does not exist.
    expect((await fetch(url(src), { redirect: 'manual' })).status).toBe(303);
    expect((await fetch(url(src.replace(`/requests/${id}/`, `/requests/${id + 100}/`)), { headers: { cookie } })).status).toBe(404);

    // A second photo with `补充 N` as its caption: 查看 then sends both as one album.
    const second = makePng(10, 10, 4);
    fake.addFile('PHOTO-2', { bytes: second });
    mark = fake.sent.length;
    fake.push(groupText(GROUP, WORKER, '', { text: undefined, caption: `补充 ${id} 修理前`, photo: [{ file_id: 'PHOTO-2', file_unique_id: 'p2', width: 10, height: 10 }] }));
    await waitSent('second attached', mark, (t) => t.includes(`已补充到 #${id}（共 4 个附件）`));
    fake.push(groupText(GROUP, WORKER, `查看 ${id}`));
    const album = await waitFor('album', () => fake.albums.find((a) => a.caption.includes(`#${id}`)));
    expect(album.files.map((f) => f.length).sort()).toEqual([photo.length, second.length].sort());
  });

  it('should tell the sender when a photo is an executable, cut short, gone or too slow, and keep going', async () => {
    const exe = Buffer.concat([Buffer.from('MZ'), Buffer.alloc(2048, 0x90)]);
    fake.addFile('EXE', { bytes: exe });
    fake.addFile('CUT', { bytes: Buffer.concat([Buffer.from([0xff, 0xd8, 0xff, 0xe0]), Buffer.alloc(3000, 1)]) });
    fake.addFile('GONE', { status: 404 });
    const cases: [string, string][] = [['EXE', '不是照片'], ['CUT', '不是照片'], ['GONE', '下载失败']];
    for (const [fileId, line] of cases) {
      const mark = fake.sent.length;
      fake.push(groupText(GROUP, HOUSEHOLD, '', { text: undefined, caption: '@minhu_bot 报事 路灯不亮了', photo: [{ file_id: fileId, file_unique_id: fileId, width: 10, height: 10 }] }));
      const said = await waitSent(`line for ${fileId}`, mark, (t) => t.includes(line)).catch((e) => {
        throw new Error(`${e}\n${JSON.stringify(fake.sent.slice(mark))}\n${minhu.logs.join('').slice(-3000)}`);
      });
      expect(said.text).toContain(line);
      // The text of the report still went through (asks where, since no place was given).
      await waitSent(`dialog goes on for ${fileId}`, mark, (t) => t.includes('具体位置'));
      fake.push(groupText(GROUP, HOUSEHOLD, '取消'));
      await waitSent('cancelled', mark, (t) => t.includes('取消'));
    }
  });
});
