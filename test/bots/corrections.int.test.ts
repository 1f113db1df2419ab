/** Issue 15, learning from staff: 改类 and 加急 change the request, alert like the urgent path, and are stored for eval. */
import { eq, sql } from 'drizzle-orm';
import type { Database } from '../../adapters/db/client';
import { corrections, requestEvents, requests } from '../../adapters/db/schema';
import { correctedRequests, correctionRates } from '../../adapters/db/corrections.repository';
import { createHarness, texts, WORKER, OTHER_WORKER, type Harness } from '../support/harness';
import { DB_KINDS, openTestDatabase } from '../support/test-database';

describe.each(DB_KINDS)('staff corrections on %s', (kind) => {
  let db: Database;
  let h: Harness;
  const household = { id: '5301', name: '钱大妈' };

  beforeAll(async () => {
    db = await openTestDatabase(kind);
    h = await createHarness(db);
  });
  afterAll(() => db.close());

  const report = async (text: string) => {
    await h.say(household, `报事 ${text}`);
    return (await db.db.select().from(requests).orderBy(sql`id desc`).limit(1))[0];
  };
  const load = async (id: number) => (await db.db.select().from(requests).where(eq(requests.id, id)))[0];

  it('should change the category by Chinese name or code, record it and refuse the same twice', async () => {
    const r = await report('3组王家门口的路灯坏了好几天了');
    expect(r.category).toBe('municipal');
    expect(texts(await h.say(WORKER, `改类 ${r.id} 供电`))).toContain('已改为【供电】');
    expect((await load(r.id)).category).toBe('power');
    expect(texts(await h.say(WORKER, `改类 ${r.id} power`))).toContain('无需更改');
    expect(texts(await h.say(WORKER, `改类 ${r.id} 火星`))).toContain('没有“火星”这一类');
    expect(texts(await h.say(WORKER, `/recategorize ${r.id} municipal`))).toContain('已改为【市政设施】');
    const rows = await db.db.select().from(corrections).where(eq(corrections.requestId, r.id)).orderBy(corrections.id);
    expect(rows.map((c) => [c.kind, c.fromValue, c.toValue])).toEqual([['category', 'municipal', 'power'], ['category', 'power', 'municipal']]);
    const events = await db.db.select().from(requestEvents).where(eq(requestEvents.requestId, r.id));
    expect(events.filter((e) => e.type === 'recategorized')).toHaveLength(2);
  });

  it('should raise to urgent with urgent limits and the urgent alerts, once', async () => {
    const r = await report('2组后山那块石头松了 下面就是我家');
    expect(r.urgent).toBe(false);
    const out = await h.say(WORKER, `加急 ${r.id}`);
    expect(texts(out)).toContain(`#${r.id} 已加急`);
    expect(out.some((m) => m.text.includes(`🚨紧急诉求 #${r.id}`))).toBe(true);
    const raised = await load(r.id);
    expect(raised.urgent).toBe(true);
    expect(raised.claimDueAt.getTime()).toBeLessThanOrEqual(r.createdAt.getTime() + 3_600_000);
    expect(raised.claimDueAt.getTime()).toBeLessThan(r.claimDueAt.getTime());
    expect(texts(await h.say(WORKER, `加急 ${r.id}`))).toContain('已经是紧急');
  });

  it('should refuse staff of another grid and households', async () => {
    const r = await report('3组垃圾桶满了没人清');
    expect(texts(await h.say(OTHER_WORKER, `加急 ${r.id}`, { chatId: '-1002' }))).not.toContain('已加急');
    expect(texts(await h.say(household, `改类 ${r.id} 供水`))).not.toContain('已改为');
    expect((await load(r.id)).category).toBe(r.category);
  });

  it('should report corrections per category and export the corrected requests', async () => {
    const { rates, moves } = await correctionRates(db.db);
    const municipal = rates.find((x) => x.category === 'municipal');
    expect(municipal?.recategorized).toBe(1);
    expect(moves).toEqual(expect.arrayContaining([{ from: 'municipal', to: 'power', n: 1 }]));
    expect(rates.reduce((a, x) => a + x.raised, 0)).toBe(1);
    const exported = await correctedRequests(db.db);
    expect(exported.map((e) => e.urgent)).toEqual([false, true]);
  });
});
