/**
 * Issue 17 on PGlite and PostgreSQL: 私信 N reaches the household by its private route (never the
 * group) and 备注 N stays with staff; the console's queries (search, audit) through the port.
 */
import { DB_KINDS, openTestDatabase } from '../support/test-database';
import { createHarness, GRID_CHAT, texts, WORKER, type Harness } from '../support/harness';
import type { Database } from '../../adapters/db/client';

describe.each(DB_KINDS)('console desk commands on %s', (kind) => {
  let db: Database;
  let h: Harness;
  const household = { id: '5001', name: '王大妈' };
  beforeAll(async () => {
    db = await openTestDatabase(kind);
    h = await createHarness(db);
    await h.say(household, '报事 3组王家门口的路灯坏了 电话13812345678');
  });
  afterAll(async () => db?.close());

  it('should send 私信 to the household privately and keep it on the timeline', async () => {
    const out = await h.say(WORKER, '私信 1 明天上午电工上门', { chatType: 'private', chatId: WORKER.id });
    const toHousehold = out.find((m) => m.chatId === household.id)!;
    expect(toHousehold.text).toContain('明天上午电工上门');
    expect(out.some((m) => m.chatId === GRID_CHAT)).toBe(false);
    const timeline = await h.deps.store.transaction((tx) => tx.requests.timeline(1));
    expect(timeline.map((e) => e.type)).toContain('replied_privately');
  });

  it('should keep 备注 for staff: the household does not see it in 查看', async () => {
    expect(texts(await h.say(WORKER, '备注 1 户主白天不在家', { chatType: 'private', chatId: WORKER.id }))).toContain('内部备注');
    expect(texts(await h.say(WORKER, '查看 1', { chatType: 'private', chatId: WORKER.id }))).toContain('户主白天不在家');
    expect(texts(await h.say(household, '查看 1', { chatType: 'private', chatId: household.id }))).not.toContain('户主白天不在家');
  });

  it('should log an unmasking when a handler reads the number privately, and find by phone and words', async () => {
    const audit = await h.deps.store.transaction((tx) => tx.console.auditOf(1, 10));
    expect(audit.map((a) => [a.personName, a.via])).toEqual([['张网格', 'telegram']]);
    const view = { kind: 'raisedWithin' as const, within: 'MS' };
    const byPhone = await h.deps.store.transaction((tx) => tx.console.search({ view, words: [], phoneDigits: '13812345678', id: null, from: null, to: null, limit: 10 }));
    const byWords = await h.deps.store.transaction((tx) => tx.console.search({ view, words: ['路灯', '王家'], phoneDigits: null, id: null, from: null, to: null, limit: 10 }));
    const none = await h.deps.store.transaction((tx) => tx.console.search({ view, words: ['100%_'], phoneDigits: null, id: null, from: null, to: null, limit: 10 }));
    expect([byPhone.map((r) => r.id), byWords.map((r) => r.id), none.length]).toEqual([[1], [1], 0]);
    expect(await h.deps.store.transaction((tx) => tx.console.auditWithin('MS', 10))).toHaveLength(1);
  });
});
