/**
 * Issue 14 on PGlite and PostgreSQL (demo county): the dialog never swallows a new message — a
 * greeting, a thank-you or a new report while a question is open is not taken as the answer
 * (core/dialog-turn), and `@民呼 你好` gets the how-to, not a category form.
 */
import { eq, sql } from 'drizzle-orm';
import type { Database } from '../../adapters/db/client';
import { requestEvents, requests } from '../../adapters/db/schema';
import { createHarness, texts, type Harness } from '../support/harness';
import { DB_KINDS, openTestDatabase } from '../support/test-database';

describe.each(DB_KINDS)('a conversation that never swallows a message on %s', (kind) => {
  let db: Database;
  let h: Harness;
  const household = { id: '5801', name: '冯大娘' };

  beforeAll(async () => {
    db = await openTestDatabase(kind);
    h = await createHarness(db);
  });
  afterAll(() => db.close());

  const count = async () => (await db.db.select({ n: sql<number>`count(*)::int` }).from(requests))[0].n;
  const newest = async () => (await db.db.select().from(requests).orderBy(sql`id desc`).limit(1))[0];

  it('should answer @民呼 你好 with the how-to, not a category form', async () => {
    const before = await count();
    const out = await h.say(household, '你好', { addressed: true });
    expect(texts(out)).toContain('直接说问题和地方就行');
    expect(out.some((m) => m.buttons)).toBe(false);
    expect(await count()).toBe(before);
  });

  it('should not take a greeting, 好的 or 收到 as the place, and ask again', async () => {
    const before = await count();
    expect(texts(await h.say(household, '报事 路灯坏了'))).toContain('具体位置');
    const hello = await h.say(household, '你好');
    expect(texts(hello)).toMatch(/您好！[\s\S]*具体位置/);
    expect(texts(await h.say(household, '收到'))).toContain('具体位置');
    expect(await count()).toBe(before);
    await h.say(household, '3组王大妈家门口');
    expect(await newest()).toMatchObject({ detail: '路灯坏了', place: '3组王大妈家门口' });
  });

  it('should ask whether a new report while "where?" is open adds to it, and register the new one on 2', async () => {
    await h.say(household, '报事 路灯坏了');
    const before = await count();
    const ask = await h.say(household, '还有我家停水两天了，5组8号');
    expect(texts(ask)).toContain('您是要补充刚才说的“路灯坏了”，还是报一件新的事？');
    expect(ask[0].buttons?.[0].map((b) => b.data)).toEqual(['turn:1', 'turn:2']);
    expect(await count()).toBe(before);
    await h.say(household, '2');
    expect(await newest()).toMatchObject({ category: 'water', place: '5组8号' });
  });

  it('should add the new message to the open draft on the 补充 button', async () => {
    await h.say(household, '报事 路灯坏了');
    await h.say(household, '还有我家停水两天了，6组1号');
    await h.say(household, '', { buttonData: 'turn:1', kind: 'button' });
    expect(await newest()).toMatchObject({ detail: '路灯坏了；还有我家停水两天了，6组1号', place: '6组1号' });
  });

  it('should ask 补充 #N or a new report for text while a photo for #N is awaited, and add it to #N on 1', async () => {
    const id = (await newest()).id;
    expect(texts(await h.say(household, `补充 ${id}`))).toContain('照片');
    const before = await count();
    expect(texts(await h.say(household, '门口的水管也漏了'))).toContain(`您是要补充 #${id}，还是报一件新的事？`);
    expect(texts(await h.say(household, '1'))).toContain(`已补充到 #${id}`);
    expect(await count()).toBe(before);
    const events = await db.db.select().from(requestEvents).where(eq(requestEvents.requestId, id));
    expect(events.at(-1)).toMatchObject({ type: 'attached', note: '门口的水管也漏了' });
  });
});
