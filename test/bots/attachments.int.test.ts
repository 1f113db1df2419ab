/**
 * Attachments in the use cases (issue 13): photos during the dialog and after the receipt,
 * `补充 N`, the per-request limit, voice and locations, and `查看` never sending a sensitive
 * request's photos to a group.
 */
import type { Database } from '../../adapters/db/client';
import { createHarness, ADMIN, GRID_CHAT, OTHER_WORKER, texts, WORKER, type Harness } from '../support/harness';
import { DB_KINDS, openTestDatabase } from '../support/test-database';

const HOUSEHOLD = { id: '5401', name: '周大姐' };
const ref = (n: number) => `blob:${String(n).padStart(64, 'a')}`;
const idOf = (text: string) => Number(/#(\d+)/.exec(text)![1]);

describe.each(DB_KINDS)('attachments on %s', (kind) => {
  let db: Database;
  let h: Harness;
  beforeAll(async () => {
    db = await openTestDatabase(kind);
    h = await createHarness(db);
    h.deps.consoleUrl = 'https://minhu.example';
  });
  afterAll(() => db.close());

  it('should gather photos while the bot asks, up to the limit, and answer "where?" with a location', async () => {
    h.deps.media.maxPerRequest = 2;
    expect(texts(await h.say(HOUSEHOLD, '报事 水管爆了，水一直在流', { addressed: true, photo: ref(1), kind: 'photo' }))).toContain('具体位置');
    expect(await h.say(HOUSEHOLD, '', { photo: ref(2), kind: 'photo' })).toEqual([]); // joins the draft quietly
    expect(texts(await h.say(HOUSEHOLD, '', { photo: ref(3), kind: 'photo' }))).toContain('最多 2 个附件');
    const out = await h.say(HOUSEHOLD, '3组12号', { photo: 'geo:25.0389,102.7183', kind: 'text' });
    expect(texts(out)).toContain('最多 2 个附件'); // the location did not fit either, but the answer counts
    expect(texts(out)).toContain('已登记');
    const request = await h.deps.store.transaction((tx) => tx.requests.get(idOf(texts(out))));
    expect(request!.photos).toEqual([ref(1), ref(2)]);
    h.deps.media.maxPerRequest = 9;
  });

  it('should add a photo sent right after the receipt, and a photo with 补充 N, with a timeline entry', async () => {
    const receipt = texts(await h.say(HOUSEHOLD, '报事 3组王家门口的路灯坏了', { addressed: true }));
    const id = idOf(receipt);
    expect(texts(await h.say(HOUSEHOLD, '', { photo: ref(10), kind: 'photo' }))).toContain(`已补充到 #${id}（共 1 个附件）`);
    expect(texts(await h.say(WORKER, `补充 ${id} 现场照片`, { photo: ref(11), kind: 'photo' }))).toContain(`已补充到 #${id}（共 2 个附件）`);
    // The same photo again is not added twice.
    expect(texts(await h.say(WORKER, `补充 ${id}`, { photo: ref(11), kind: 'photo' }))).toContain('共 2 个附件');
    // A worker of another grid may not add to it.
    expect(texts(await h.say(OTHER_WORKER, `补充 ${id}`, { photo: ref(12), kind: 'photo' }))).not.toContain('已补充');
    const timeline = await h.deps.store.transaction((tx) => tx.requests.timeline(id));
    expect(timeline.filter((e) => e.type === 'attached').map((e) => e.note)).toEqual([null, '现场照片']);
    // `查看` lists them, links the console, and sends the photos as an album to this chat.
    const shown = await h.say(WORKER, `查看 ${id}`);
    expect(texts(shown)).toContain('附件：2 个');
    expect(texts(shown)).toContain(`https://minhu.example/console/requests/${id}`);
    expect(shown.find((m) => m.attachments)?.attachments).toEqual([ref(10), ref(11)]);
  });

  it('should let a voice message without recognised text start a report as [语音 N秒]', async () => {
    const out = await h.say({ id: '5402', name: '吴大爷' }, '', { addressed: true, voiceSeconds: 12, photo: ref(20), kind: 'text' });
    expect(texts(out)).not.toContain('只能识别文字');
    const dialog = await db.db.execute(`select state from dialog_sessions where user_id = '5402'`) as unknown as { rows: { state: { draft?: { detail: string; photos: string[] } } }[] };
    const state = dialog.rows[0]?.state;
    if (state?.draft) {
      expect(state.draft.detail).toBe('[语音 12秒]');
      expect(state.draft.photos).toEqual([ref(20)]);
    } else {
      expect(texts(out)).toContain('已登记');
    }
  });

  it('should keep the after picture sent with 办结 N', async () => {
    const id = idOf(texts(await h.say({ id: '5405', name: '陈大叔' }, '报事 3组王家门口的水沟堵了', { addressed: true })));
    await h.say(WORKER, `认领 ${id}`);
    const resolved = await h.say(WORKER, `办结 ${id} 已疏通`, { photo: ref(40), kind: 'photo' });
    expect(texts(resolved)).toContain('已疏通');
    // The household sees the after picture in its group, next to the rating prompt.
    expect(resolved.find((m) => m.attachments)).toMatchObject({ chatId: GRID_CHAT, attachments: [ref(40)], text: `#${id} 办好后的照片` });
    const request = await h.deps.store.transaction((tx) => tx.requests.get(id));
    expect(request).toMatchObject({ status: 'resolved', photos: [ref(40)] });
    // A refused command keeps nothing.
    await h.say(OTHER_WORKER, `答复 ${id} 不是我的`, { photo: ref(41), kind: 'photo' });
    expect((await h.deps.store.transaction((tx) => tx.requests.get(id)))!.photos).toEqual([ref(40)]);
  });

  it('should never keep a channel reference that was not stored (it would expire)', async () => {
    const out = await h.say({ id: '5404', name: '冯阿姨' }, '报事 3组王家门口的井盖没了', { addressed: true, photo: 'tg:AgACAgUAAxkBAAIB', kind: 'photo' });
    expect(texts(out)).toContain('照片下载失败');
    const request = await h.deps.store.transaction((tx) => tx.requests.get(idOf(texts(out).slice(texts(out).indexOf('已登记')))));
    expect(request!.photos).toEqual([]);
  });

  it('should never send a sensitive request\'s photos to a group, even to an admin', async () => {
    const whistle = { id: '5403', name: '郑先生' };
    let receipt = texts(await h.say(whistle, '报事 举报村干部贪污低保款', { addressed: true, photo: ref(30), kind: 'photo' }));
    if (!receipt.includes('#')) receipt = texts(await h.say(whistle, '村委会'));
    const id = idOf(receipt);
    const inGroup = await h.say(ADMIN, `查看 ${id}`);
    expect(inGroup.some((m) => m.attachments)).toBe(false);
    expect(texts(inGroup)).toContain('照片不在群里显示');
    const privately = await h.say(ADMIN, `查看 ${id}`, { chatId: ADMIN.id, chatType: 'private' });
    expect(privately.find((m) => m.attachments)?.chatId).toBe(ADMIN.id);
    expect(GRID_CHAT).not.toBe(ADMIN.id);
  });
});
