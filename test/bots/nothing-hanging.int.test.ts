/**
 * Issue 14 on PGlite and PostgreSQL (demo county): nothing left hanging — the rating window,
 * 不满意 asks why, the second reopen alerts the supervisor, 包案 deadlines watched, co-units
 * answer their part, the optional auto-escalation — and households adding and following
 * (补充, 催办, 关注, 进度), and 常用语.
 */
import { asc, eq, gt, sql } from 'drizzle-orm';
import type { Database } from '../../adapters/db/client';
import { outbox, requestEvents, requests } from '../../adapters/db/schema';
import type { OutboundMessage } from '../../core/model';
import { buildMonthlyReport } from '../../bots/watch/reports';
import { runSlaTick } from '../../bots/watch/sla-tick';
import { monthOf } from '../../core/time-format';
import { createHarness, GRID_CHAT, texts, WORKER, type Harness } from '../support/harness';
import { DB_KINDS, openTestDatabase } from '../support/test-database';

const LEADER = { id: '9002', name: '王支书' };
const COUNTY = { id: '9011', name: '孙指挥' };
const TOWNSHIP = { id: '9010', name: '刘调度' };
const ZHUJIAN = { id: '9020', name: '周住建' };
const RENSHE = { id: '9021', name: '钱人社' };
const SUPERVISOR = { id: '9030', name: '吴督查' };
const MAYOR = { id: '9041', name: '李县长' };
const privately = (who: { id: string }) => ({ chatId: who.id, chatType: 'private' as const });
const STAFF_GROUP = '-1011';
const H = 3_600_000;
const DAY = 24 * H;

describe.each(DB_KINDS)('nothing left hanging on %s', (kind) => {
  let db: Database;
  let h: Harness;
  const household = { id: '5701', name: '沈奶奶' };
  const neighbour = { id: '5702', name: '韩大叔' };

  beforeAll(async () => {
    db = await openTestDatabase(kind);
    h = await createHarness(db);
  });
  afterAll(() => db.close());

  const report = async (text: string, who = household) => {
    await h.say(who, `报事 ${text}`);
    return (await db.db.select().from(requests).orderBy(sql`id desc`).limit(1))[0].id;
  };
  const load = async (id: number) => (await db.db.select().from(requests).where(eq(requests.id, id)))[0];
  const events = async (id: number) => db.db.select().from(requestEvents).where(eq(requestEvents.requestId, id)).orderBy(requestEvents.id);
  const mark = async () => (await db.db.select({ max: sql<number>`coalesce(max(${outbox.id}), 0)::int` }).from(outbox))[0].max;
  const since = async (m: number) => (await db.db.select().from(outbox).where(gt(outbox.id, m)).orderBy(asc(outbox.id))).map((r) => r.message as OutboundMessage);
  const to = (out: OutboundMessage[], chatId: string) => out.filter((m) => m.chatId === chatId).map((m) => m.text).join('\n');

  it('should remind once to rate on day 3 and close unrated on day 7, counted in 报表', async () => {
    const id = await report('1组路灯坏了');
    await h.say(WORKER, `认领 ${id}`);
    await h.say(WORKER, `办结 ${id} 已换灯泡`);
    const resolvedAt = h.clock.t;
    let m = await mark();
    h.clock.t = resolvedAt + 3 * DAY + H;
    await runSlaTick(h.deps);
    const reminder = (await since(m)).find((x) => x.text.includes(`#${id}`));
    expect(reminder).toMatchObject({ chatId: GRID_CHAT, mention: { userId: household.id } });
    expect(reminder?.text).toContain('麻烦您评价');
    expect(reminder?.buttons?.[0].map((b) => b.data)).toEqual([`rate:${id}:satisfied`, `rate:${id}:basic`, `rate:${id}:unsatisfied`]);
    m = await mark();
    await runSlaTick(h.deps);
    expect(await since(m)).toEqual([]);
    h.clock.t = resolvedAt + 7 * DAY + H;
    await runSlaTick(h.deps);
    expect(await load(id)).toMatchObject({ status: 'closed', rating: null, slaCheckAt: null });
    expect((await events(id)).at(-1)).toMatchObject({ type: 'closed', note: '评价期已过，未评价归档' });
    const { text } = await buildMonthlyReport(h.deps, 'MS', monthOf(resolvedAt, 'Asia/Shanghai'));
    expect(text).toContain('未评价归档 1 件');
  });

  it('should ask why on 不满意, pass the reason to the worker, and alert the supervisor on the second reopen', async () => {
    const id = await report('2组的水沟臭了');
    await h.say(WORKER, `认领 ${id}`);
    await h.say(WORKER, `办结 ${id} 已清理`);
    const first = await h.say(household, `评价 ${id} 不满意`);
    expect(texts(first)).toContain('能说说哪里不满意吗');
    expect(first.some((m) => m.chatId === SUPERVISOR.id)).toBe(false);
    const reason = await h.say(household, '只清了表面，还是很臭');
    expect(to(reason, WORKER.id)).toContain('只清了表面');
    expect(to(reason, GRID_CHAT)).toContain('已转告张网格');
    expect((await events(id)).at(-1)).toMatchObject({ type: 'feedback', note: '只清了表面，还是很臭' });
    // The question is answered: the next message is chatter again.
    expect(await h.say(household, '谢谢你们')).toEqual([]);
    await h.say(WORKER, `办结 ${id} 已彻底疏通并消毒`);
    const second = await h.say(household, '3');
    expect(to(second, SUPERVISOR.id)).toContain('已第2次被群众评为不满意');
    expect((await load(id)).reopenCount).toBe(2);
    const why = await h.say(household, '味道还在');
    expect(to(why, SUPERVISOR.id)).toContain('味道还在');
  });

  it('should watch a 包案 deadline: the leader and the command centre are reminded, and 报表 counts the breach', async () => {
    const id = await report('3组老房子墙体开裂有危险');
    await h.say(WORKER, `上报 ${id} 村里处理不了`);
    await h.say(LEADER, `上报 ${id} 需要镇里`, privately(LEADER));
    await h.say(TOWNSHIP, `上报 ${id} 需要县里`, privately(TOWNSHIP));
    expect(texts(await h.say(COUNTY, `包案 ${id} 李县长 2`, privately(COUNTY)))).toContain('已由李县长包案');
    const start = h.clock.t;
    let m = await mark();
    h.clock.t = start + 1.7 * DAY;
    await runSlaTick(h.deps);
    const warned = (await since(m)).filter((x) => x.text.includes('包案办结'));
    expect(warned.map((x) => x.chatId)).toEqual(expect.arrayContaining([MAYOR.id, '-1100']));
    m = await mark();
    h.clock.t = start + 2.1 * DAY;
    await runSlaTick(h.deps);
    expect((await since(m)).filter((x) => x.text.includes('已超过包案办结期限')).map((x) => x.chatId)).toEqual(expect.arrayContaining([MAYOR.id, '-1100']));
    const { text } = await buildMonthlyReport(h.deps, 'MS', monthOf(start, 'Asia/Shanghai'));
    expect(text).toMatch(/包案 1 件，超期 1 件/);
  });

  it('should let a co-unit of 吹哨 answer its part: on the timeline and to the lead', async () => {
    const id = await report('1组的工地拖欠工资还把路挖坏了');
    await h.say(WORKER, `上报 ${id} 涉及多个部门`);
    await h.say(LEADER, `上报 ${id} 需要镇里`, privately(LEADER));
    await h.say(TOWNSHIP, `吹哨 ${id} 住建局 人社局`, privately(TOWNSHIP));
    const answer = await h.say(RENSHE, `答复 ${id} 已约谈施工方，工资本周发放`, { chatId: '-1202' });
    expect(to(answer, '-1201')).toContain('协办单位县人社局答复：已约谈施工方');
    expect(to(answer, '-1202')).toContain('已把您单位对');
    expect((await events(id)).at(-1)).toMatchObject({ type: 'co_answered', note: '县人社局：已约谈施工方，工资本周发放' });
    expect((await load(id)).coUnits[0]).toMatchObject({ department: 'renshe', reportedAt: expect.any(Number) });
    // The lead still owns the request: the co-unit cannot resolve it.
    expect(texts(await h.say(RENSHE, `办结 ${id} 好了`, { chatId: '-1202' }))).toContain('不在您负责');
    expect(texts(await h.say(ZHUJIAN, `认领 ${id}`, { chatId: '-1201' }))).toContain('已由周住建认领');
  });

  it('should move an overdue request up one level by itself when the org file asks for it (off by default)', async () => {
    const id = await report('2组桥头的护栏倒了');
    const start = h.clock.t;
    h.clock.t = start + 24.5 * H;
    await runSlaTick(h.deps);
    expect((await load(id)).queueCode).toBe('MS020101'); // off by default
    const auto = { ...h.deps, sla: { ...h.deps.sla, autoEscalateAfter: 2 } };
    h.clock.t = start + 72.5 * H; // the claim breach repeats and the answer breach: 3 breaches
    const m = await mark();
    await runSlaTick(auto);
    expect(await load(id)).toMatchObject({ queueCode: 'MS0201', status: 'submitted' });
    const out = await since(m);
    expect(to(out, GRID_CHAT)).toContain(`#${id} 已上报至王家村`);
    expect(to(out, '-1021')).toContain('自动上报');
    expect((await events(id)).at(-1)).toMatchObject({ type: 'escalated', actorId: null, toQueue: 'area:MS0201' });
  });

  it('should take 补充 text, 催办 once a day (the leader from the second time), 关注 and 进度', async () => {
    const id = await report('3组村道上有个大坑');
    const added = await h.say(household, `补充 ${id} 坑在小卖部门口，晚上看不见`);
    expect(to(added, GRID_CHAT)).toContain(`已补充到 #${id}：坑在小卖部门口`);
    expect(to(added, STAFF_GROUP)).toContain('沈奶奶补充：坑在小卖部门口');
    expect((await events(id)).at(-1)).toMatchObject({ type: 'attached', note: '坑在小卖部门口，晚上看不见' });

    const chased = await h.say(household, `催办 ${id}`);
    expect(to(chased, GRID_CHAT)).toContain(`已帮您催办 #${id}`);
    expect(to(chased, STAFF_GROUP)).toContain('第1次催办');
    expect(texts(await h.say(household, `催办 ${id}`))).toContain('今天已经帮您催过');
    await h.say(WORKER, `认领 ${id}`);
    h.clock.t += DAY;
    const again = await h.say(household, `/chase ${id}`);
    expect(to(again, WORKER.id)).toContain('第2次催办');
    expect(to(again, LEADER.id)).toContain('第2次催办');
    expect(to(again, GRID_CHAT)).toContain('已提醒张网格，并告知了王支书');

    const followed = await h.say(neighbour, `关注 ${id}`);
    expect(texts(followed)).toContain(`您已关注 #${id}`);
    expect(texts(followed)).toContain('共 2 户');
    expect(texts(await h.say(neighbour, `关注 ${id}`))).toContain('已经在关注');
    expect(texts(await h.say(neighbour, '进度'))).toMatch(new RegExp(`#${id}.*（关注）`));
    const answered = await h.say(WORKER, `答复 ${id} 明天上午填平`);
    expect(answered.filter((m) => m.mention?.userId === neighbour.id)).toHaveLength(1);
    expect(texts(await h.say(neighbour, `取消关注 ${id}`))).toContain('不再关注');
    expect(texts(await h.say(neighbour, '进度'))).not.toContain(`#${id}`);
    expect(texts(await h.say(household, `取消关注 ${id}`))).toContain(`发送“撤回 ${id}”`);
    // Someone from another village cannot follow it, and staff are told what they can do instead.
    expect(texts(await h.say({ id: '5703', name: '远方' }, `关注 ${id}`, { chatId: '-1003' }))).toContain('不在您所在的村');
    expect(texts(await h.say(WORKER, `关注 ${id}`))).toContain('没有关注的权限');
  });

  it('should list 常用语 per unit and use them as 答复 N #2 / 办结 N #1', async () => {
    const list = texts(await h.say(WORKER, '常用语'));
    expect(list).toContain('#1 已收到，我们马上安排人员到现场查看');
    expect(list).toContain('#2 【供水】已联系自来水公司抢修');
    const dept = texts(await h.say(ZHUJIAN, '/replies', { chatId: '-1201' }));
    expect(dept.split('\n')[1]).toContain('#1 住建局已安排工作人员');
    const id = await report('1组又停水了');
    await h.say(WORKER, `认领 ${id}`);
    expect(to(await h.say(WORKER, `答复 ${id} ＃２`), GRID_CHAT)).toContain(`#${id} 答复：已联系自来水公司抢修`);
    expect(texts(await h.say(WORKER, `办结 ${id} #99`))).toContain('没有第 99 条常用语');
    expect((await load(id)).status).toBe('answered');
    // The console's port: add one, and it is numbered after the others.
    await h.deps.store.transaction((tx) => tx.cannedReplies.add({ kind: 'area', code: 'MS020101' }, { text: '已到现场，正在处理。', use: 'reply' }));
    expect(texts(await h.say(WORKER, '常用语'))).toContain('#1 已到现场，正在处理。（答复）');
    expect(to(await h.say(WORKER, `办结 ${id} #7`), GRID_CHAT)).toContain(`#${id} 已办结：已经修好了`);
  });
});
