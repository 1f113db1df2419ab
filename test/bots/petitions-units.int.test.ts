/**
 * Issue 18 on a real database (PGlite and PostgreSQL): reception days (booking within capacity,
 * under concurrency, reminders and the announcement the day before), visit records that register a
 * 来访 (越级 at the county), 重点积案 with 挂牌督办's weekly reminders, mediation, and 信访报表.
 */
import { sql } from 'drizzle-orm';
import type { Database } from '../../adapters/db/client';
import { requests } from '../../adapters/db/schema';
import { createStore } from '../../adapters/db/store';
import { runPetitionTick } from '../../bots/petitions/petition-tick';
import { buildPetitionReport } from '../../bots/petitions/petition-report';
import { localMidnight } from '../../core/time-format';
import { createHarness, texts, type Harness } from '../support/harness';
import { COUNTY_DISPATCHER, MEDIATOR, petitionsOrg, TOWNSHIP_DISPATCHER } from '../support/fixtures/petitions-org';
import { DB_KINDS, openTestDatabase } from '../support/test-database';

const DAY = 86_400_000;
const privately = (who: { id: string }) => ({ chatId: who.id, chatType: 'private' as const });
type Rows<T> = { rows: T[] };

describe.each(DB_KINDS)('信访 units on %s', (kind) => {
  let db: Database;
  let h: Harness;
  beforeAll(async () => {
    db = await openTestDatabase(kind);
    h = await createHarness(db, { org: petitionsOrg() });
    // Sunday 2026-11-29 10:00 in Shanghai: tomorrow is Monday, 清河镇's reception day.
    h.clock.t = localMidnight(2026, 11, 29, 'Asia/Shanghai') + 10 * 3_600_000;
  });
  afterAll(() => db.close());

  const lastId = async () => (await db.db.select().from(requests).orderBy(sql`id desc`).limit(1))[0].id;
  const query = async <T>(q: ReturnType<typeof sql>) => ((await db.db.execute(q)) as unknown as Rows<T>).rows;

  it('should book within capacity, remind and announce the day before, and cancel', async () => {
    const list = await h.say({ id: '5901', name: '田大爷' }, '预约接访');
    expect(texts(list)).toContain('1. 11月30日（周一）09:00—12:00 清河镇 刘调度，还可约3人');
    expect(list[0].buttons?.[0][0].data).toBe('book:1');
    const booked = await h.say({ id: '5901', name: '田大爷' }, '预约接访 1');
    expect(texts(booked)).toMatch(/已为您预约：11月30日（周一）09:00—12:00，清河镇 刘调度，地点：清河镇综治中心.*预约号 B\d+/);
    expect(texts(await h.say({ id: '5901', name: '田大爷' }, '预约接访 1'))).toContain('您已经预约了这一场');
    // Five more households at once for the two places left: exactly two get one.
    const store = createStore(db.db);
    const sessionId = (await query<{ id: number }>(sql`select id from reception_sessions where unit = 'MS02' and day = '2026-11-30'`))[0].id;
    const people = await query<{ id: number }>(sql`insert into people (name, role, area_code) select 'h' || g, 'household', 'MS020101' from generate_series(1, 5) g returning id`);
    const results = await Promise.all(people.map((p) => store.transaction((tx) => tx.reception.book(sessionId, { personId: Number(p.id), channel: 'telegram', chatId: '-1001', userId: `u${p.id}`, name: '村民' }))));
    expect(results.filter((r) => r.ok)).toHaveLength(2);
    expect(results.filter((r) => !r.ok).every((r) => !r.ok && r.error === 'full')).toBe(true);
    expect(texts(await h.say({ id: '5902', name: '钟大妈' }, '预约接访 1'))).toContain('已经约满了');

    await runPetitionTick(h.deps);
    const notice = await query<{ text: string }>(sql`select text from notices where text like '%接访日%' order by id desc limit 1`);
    expect(notice[0].text).toContain('11月30日（周一）09:00—12:00，刘调度在清河镇综治中心接待群众来访');
    const reminders = await query<{ text: string }>(sql`select message->>'text' as text from outbox where dedupe_key like 'reception:%:remind@%'`);
    expect(reminders.length).toBe(3);
    await runPetitionTick(h.deps);
    expect(await query(sql`select 1 from outbox where dedupe_key like 'reception:%:remind@%'`)).toHaveLength(3);
    expect(await query(sql`select 1 from notices where text like '%接访日%'`)).toHaveLength(1);

    expect(texts(await h.say({ id: '5901', name: '田大爷' }, '取消预约'))).toContain('已取消您 11月30日 09:00 的预约');
    expect(texts(await h.say({ id: '5902', name: '钟大妈' }, '预约接访 1'))).toContain('已为您预约');
  });

  it('should record a visit that registers a 来访 petition, and show who booked', async () => {
    const list = await h.say(TOWNSHIP_DISPATCHER, '接访名单 2026-11-30', privately(TOWNSHIP_DISPATCHER));
    const booking = /预约号 (B\d+)：钟大妈/.exec(texts(list))?.[1];
    expect(booking).toBeDefined();
    h.clock.t += DAY; // Monday morning
    const recorded = await h.say(TOWNSHIP_DISPATCHER, `接访记录 ${booking} 反映儿子工伤赔偿没有落实 结果：已联系人社局核实 新建`, privately(TOWNSHIP_DISPATCHER));
    expect(texts(recorded)).toMatch(/已记录接访（第\d+号）：钟大妈，已联系人社局核实，已登记为诉求 #\d+/);
    const id = await lastId();
    const p = (await query<{ channel: string; entry_level: string; bypassed: boolean; status: string }>(sql`select channel, entry_level, bypassed, status from petitions where request_id = ${id}`))[0];
    expect(p).toEqual({ channel: 'visit', entry_level: 'township', bypassed: false, status: 'registered' });
    expect(recorded.some((m) => m.chatId === '-1001' && m.text.includes('感谢您来访'))).toBe(true);
  });

  it('should mark a visit first registered at the county as 越级', async () => {
    // 李县长 receives on Wednesday at the county centre.
    h.clock.t = localMidnight(2026, 12, 1, 'Asia/Shanghai') + 10 * 3_600_000;
    const list = texts(await h.say({ id: '5903', name: '包大哥' }, '预约接访'));
    const n = /(\d+)\. 12月2日（周三）09:00—11:30 明水县 李县长/.exec(list)?.[1];
    expect(n).toBeDefined();
    const booked = texts(await h.say({ id: '5903', name: '包大哥' }, `预约接访 ${n}`));
    const booking = /预约号 (B\d+)/.exec(booked)![1];
    const leader = { id: '9041', name: '李县长' };
    await h.say(leader, `接访记录 ${booking} 反映村里征地补偿不公 结果：转县自然资源局调查 新建`, privately(leader));
    const id = await lastId();
    expect((await query<{ bypassed: boolean; entry_level: string }>(sql`select bypassed, entry_level from petitions where request_id = ${id}`))[0]).toEqual({ bypassed: true, entry_level: 'county' });
  });

  it('should list a backlog case, check the 五个一, and remind the supervising leader weekly', async () => {
    const id = await lastId();
    expect(texts(await h.say(TOWNSHIP_DISPATCHER, `列为积案 ${id}`, privately(TOWNSHIP_DISPATCHER)))).toContain('没有');
    const listed = await h.say(COUNTY_DISPATCHER, `列为积案 ${id}`, privately(COUNTY_DISPATCHER));
    expect(texts(listed)).toContain('尚缺：包案领导、工作专班、化解方案、督办领导、完整卷宗');
    const say = (text: string) => h.say(COUNTY_DISPATCHER, text, privately(COUNTY_DISPATCHER));
    expect(texts(await say(`挂牌督办 ${id} 60`))).toContain('请先指定督办领导');
    await say(`积案 ${id} 包案 李县长`);
    await say(`积案 ${id} 专班 周住建、钱人社`);
    await say(`积案 ${id} 方案 先核实补偿标准，再组织村民代表协商`);
    await say(`积案 ${id} 督办 郑管理`);
    expect(texts(await say(`积案 ${id} 卷宗`))).toContain('卷宗还不完整：受理告知书');
    await say(`受理 ${id}`);
    expect(texts(await say(`积案 ${id} 卷宗`))).toContain('“五个一”已齐全');
    const supervised = await say(`挂牌督办 ${id} 60`);
    expect(supervised.some((m) => m.chatId === '9040' && m.text.includes('请您督办重点积案'))).toBe(true);
    const start = h.clock.t;
    for (const day of [3, 8, 9, 15]) {
      h.clock.t = start + day * DAY;
      await runPetitionTick(h.deps);
    }
    const weekly = await query<{ text: string }>(sql`select message->>'text' as text from outbox where dedupe_key like ${`petition:${id}:supervise:%:week:%`} order by id`);
    // Weeks 1 and 2 once each, on each of 郑管理's three channels (a late or repeated tick adds none).
    expect(weekly.map((w) => /第(\d)周/.exec(w.text)?.[1]).sort()).toEqual(['1', '1', '1', '2', '2', '2']);
    await say(`化解 ${id} 按新标准补足补偿款，村民代表签字同意`);
    h.clock.t = start + 30 * DAY;
    await runPetitionTick(h.deps);
    expect(await query(sql`select 1 from outbox where dedupe_key like ${`petition:${id}:supervise:%:week:%`}`)).toHaveLength(6);
  });

  it('should mediate a dispute and keep the agreement', async () => {
    await h.say({ id: '5904', name: '邻居甲' }, '报事 3组两家为宅基地边界吵起来了');
    const id = await lastId();
    expect(texts(await h.say({ id: '9002', name: '王支书' }, `调解 ${id} 派出所`, privately({ id: '9002' })))).toContain('可选：王家村睦邻调解室');
    const started = await h.say({ id: '9002', name: '王支书' }, `调解 ${id} 睦邻调解室`, privately({ id: '9002' }));
    expect(texts(started)).toContain('已交王家村睦邻调解室调解，调解员：钱调解');
    expect(texts(await h.say(MEDIATOR, `调解结果 ${id} 现场化解`, privately(MEDIATOR)))).toContain('请这样写');
    const done = await h.say(MEDIATOR, `调解结果 ${id} 现场化解 双方同意以老界桩为界`, privately(MEDIATOR));
    expect(texts(done)).toContain('调解结果：现场化解');
    const m = (await query<{ outcome: string; agreement: string }>(sql`select outcome, agreement from mediations where request_id = ${id}`))[0];
    expect(m).toEqual({ outcome: 'onsite', agreement: '双方同意以老界桩为界' });
    expect((await query<{ status: string }>(sql`select status from requests where id = ${id}`))[0].status).toBe('resolved');
  });

  it('should report the month with scorecards, 同比 and 环比', async () => {
    const report = await createStore(db.db).transaction((tx) => buildPetitionReport(h.deps, tx, 'MS', '2026-12'));
    expect(report!.total.received).toBeGreaterThanOrEqual(1);
    expect(report!.total.bypass).toBe(1);
    expect(report!.text).toContain('信访工作报表');
    expect(report!.text).toContain('越级访 1 批');
    expect(report!.text).toContain('乡镇（街道）考核排名：');
    expect(report!.csv.split('\n')[0]).toContain('timely_handle_rate');
    expect(report!.townships.map((t) => t.code).sort()).toEqual(['MS01', 'MS02']);
    const chat = await h.say(COUNTY_DISPATCHER, '信访报表 2026-12', privately(COUNTY_DISPATCHER));
    expect(texts(chat)).toContain('同比：');
  });
});
