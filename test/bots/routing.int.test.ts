/** Routing through the hierarchy, on PGlite and PostgreSQL, at the use-case level (demo county). */
import { eq, sql } from 'drizzle-orm';
import type { Database } from '../../adapters/db/client';
import { requestEvents, requests } from '../../adapters/db/schema';
import { createHarness, GRID_CHAT, texts, WORKER, type Harness } from '../support/harness';
import { DB_KINDS, openTestDatabase } from '../support/test-database';

const TOWNSHIP = { id: '9010', name: '刘调度' };
const COUNTY = { id: '9011', name: '孙指挥' };
const ZHUJIAN = { id: '9020', name: '周住建' };
const RENSHE = { id: '9021', name: '钱人社' };
const SHIJIAN = { id: '9022', name: '冯市监' };
const SUPERVISOR = { id: '9030', name: '吴督查' };
const LEADER = { id: '9002', name: '王支书' }; // 王家村's 网格长: the village is a step of 上报 (issue 14)
const inChat = (chatId: string) => ({ chatId });
const privately = (who: { id: string }) => ({ chatId: who.id, chatType: 'private' as const });

describe.each(DB_KINDS)('routing through the hierarchy on %s', (kind) => {
  let db: Database;
  let h: Harness;
  const household = { id: '5101', name: '赵大爷' };
  const neighbour = { id: '5102', name: '孙阿姨' };

  beforeAll(async () => {
    db = await openTestDatabase(kind);
    h = await createHarness(db);
  });
  afterAll(() => db.close());

  const report = async (who: { id: string; name: string }, text: string) => {
    await h.say(who, `报事 ${text}`);
    return (await db.db.select().from(requests).orderBy(sql`id desc`).limit(1))[0];
  };
  const load = async (id: number) => (await db.db.select().from(requests).where(eq(requests.id, id)))[0];

  it('should go grid → township → department → another department → resolved → rated, telling everyone', async () => {
    const { id } = await report(household, '3组村口的桥裂了一条大缝,车不敢过');
    expect(texts(await h.say(WORKER, `上报 ${id}`))).toContain('请写上内容');
    const toVillage = await h.say(WORKER, `上报 ${id} 需要镇上协调施工`);
    expect(texts(toVillage)).toContain(`#${id} 已上报至王家村`);
    expect(toVillage.find((m) => m.chatId === '-1021')?.text).toContain('需要镇上协调施工');
    const escalated = await h.say(LEADER, `上报 ${id} 需要镇上协调施工`, privately(LEADER));
    expect(texts(escalated)).toContain(`#${id} 已上报至清河镇`);
    expect(escalated.find((m) => m.chatId === '-1101')?.text).toContain('需要镇上协调施工');
    expect(await load(id)).toMatchObject({ queueKind: 'area', queueCode: 'MS02', status: 'submitted' });

    const unknown = texts(await h.say(TOWNSHIP, `派单 ${id} 住键`, inChat('-1101')));
    expect(unknown).toContain('没有找到“住键”');
    expect(unknown).toContain('县住建局');
    const dispatched = await h.say(TOWNSHIP, `派单 ${id} 住建`, inChat('-1101'));
    expect(texts(dispatched)).toContain('已派单至县住建局');
    expect(dispatched.find((m) => m.chatId === '-1201')?.text).toContain(`新诉求 #${id}`);
    expect(await load(id)).toMatchObject({ queueKind: 'department', queueCode: 'zhujian', dispatchedFrom: 'MS02' });

    expect(texts(await h.say(WORKER, `认领 ${id}`))).toContain('不在您负责');
    const transferred = await h.say(ZHUJIAN, `转办 ${id} 市场监管 桥梁归交通,先由市监协调`, inChat('-1201'));
    expect(texts(transferred)).toContain('已转办至县市场监管局');
    expect(transferred.some((m) => m.chatId === '-1205')).toBe(true);

    expect(texts(await h.say(SHIJIAN, `认领 ${id}`, inChat('-1205')))).toContain('已由冯市监认领');
    const resolved = await h.say(SHIJIAN, `办结 ${id} 已协调维修加固`, inChat('-1205'));
    expect(resolved.find((m) => m.chatId === GRID_CHAT && m.buttons)).toBeDefined();
    expect(texts(await h.say(household, '1'))).toContain('感谢');

    const timeline = await db.db.select().from(requestEvents).where(eq(requestEvents.requestId, id)).orderBy(requestEvents.id);
    expect(timeline.map((e) => e.type)).toEqual(['submitted', 'escalated', 'escalated', 'dispatched', 'transferred', 'claimed', 'resolved', 'rated']);
    expect(timeline[1]).toMatchObject({ fromQueue: 'area:MS020101', toQueue: 'area:MS0201', note: '需要镇上协调施工' });
    expect(timeline[2]).toMatchObject({ fromQueue: 'area:MS0201', toQueue: 'area:MS02' });
    const shown = texts(await h.say(household, `查看 ${id}`));
    expect(shown).toMatch(/上报 → 王家村.*上报 → 清河镇.*派单 → 县住建局.*转办 → 县市场监管局/s);
  });

  it('should refuse escalating beyond the county and dispatching a closed request', async () => {
    const { id } = await report(household, '2组路灯全不亮');
    await h.say(WORKER, `上报 ${id} 镇里处理不了`);
    await h.say(LEADER, `上报 ${id} 镇里处理不了`, privately(LEADER));
    await h.say(TOWNSHIP, `上报 ${id} 需要县里统筹`, privately(TOWNSHIP));
    expect(texts(await h.say(COUNTY, `上报 ${id} 再往上`, privately(COUNTY)))).toContain('已在县级指挥中心，无法再上报');
    await h.say(COUNTY, `不予受理 ${id} 该路段属于国道,由公路部门负责`, privately(COUNTY));
    expect(texts(await h.say(COUNTY, `派单 ${id} 住建局`, privately(COUNTY)))).toContain('不能派单');
  });

  it('should run 吹哨报到: co-units report in, the missing one stays listed, the lead resolves', async () => {
    const { id } = await report(household, '1组菜市场旁边污水横流还有人卖病死猪肉');
    await h.say(WORKER, `上报 ${id} 涉及多个部门`);
    await h.say(LEADER, `上报 ${id} 涉及多个部门`, privately(LEADER));
    const whistle = await h.say(TOWNSHIP, `吹哨 ${id} 住建局、人社局，市场监管局`, privately(TOWNSHIP));
    expect(texts(whistle)).toContain('住建局牵头');
    expect(whistle.filter((m) => ['-1201', '-1202', '-1205'].includes(m.chatId))).toHaveLength(3);
    expect(texts(await h.say(SHIJIAN, `报到 ${id} 已派执法人员`, inChat('-1205')))).toContain('已为');
    expect(texts(await h.say(SHIJIAN, `报到 ${id}`, inChat('-1205')))).toContain('已经报到过了');
    expect(texts(await h.say(ZHUJIAN, `报到 ${id}`, inChat('-1201')))).toContain('不是');
    expect(texts(await h.say(RENSHE, '待办', inChat('-1202')))).toContain(`#${id}`);
    expect(texts(await h.say(SHIJIAN, '待办', inChat('-1205')))).not.toContain(`#${id}`);
    await h.say(ZHUJIAN, `认领 ${id}`, inChat('-1201'));
    expect(texts(await h.say(ZHUJIAN, `办结 ${id} 已清理污水,病死猪肉已查封`, inChat('-1201')))).toContain('已办结');
    const co = (await load(id)).coUnits;
    expect(co.find((c) => c.department === 'shijian')?.reportedAt).not.toBeNull();
    expect(co.find((c) => c.department === 'renshe')?.reportedAt).toBeNull();
  });

  it('should refuse with a reason and point court matters to the courts', async () => {
    const { id } = await report(household, '3组和邻居的宅基地官司判得不公');
    await h.say(WORKER, `上报 ${id} 涉及法院判决`);
    await h.say(LEADER, `上报 ${id} 涉及法院判决`, privately(LEADER));
    const out = texts(await h.say(TOWNSHIP, `不予受理 ${id} 属于法院已判决事项`, privately(TOWNSHIP)));
    expect(out).toContain('不予受理：属于法院已判决事项');
    expect(out).toContain('请通过法院等法定途径解决');
    expect((await load(id)).status).toBe('rejected');
  });

  it('should merge a neighbour\'s report and send them the updates and the rating prompt', async () => {
    const first = await report(household, '2组水管爆了到处是水');
    expect(texts(await h.say(neighbour, '报事 2组那边水管爆了'))).toContain(`与 #${first.id}`);
    expect(texts(await h.say(neighbour, '否'))).toContain('已登记'); // registered on its own
    const second = (await db.db.select().from(requests).orderBy(sql`id desc`).limit(1))[0];
    expect(texts(await h.say(WORKER, `合并 ${second.id} ${second.id}`))).toContain('合并到它自己');
    const merged = await h.say(WORKER, `合并 ${second.id} ${first.id}`);
    expect(texts(merged)).toContain('共2户反映');
    expect(merged.find((m) => m.mention?.userId === neighbour.id)?.text).toContain(`与 #${first.id} 是同一问题`);
    const claimed = await h.say(WORKER, `认领 ${first.id}`);
    expect(claimed.map((m) => m.mention?.userId).sort()).toEqual([household.id, neighbour.id].sort());
    const resolved = await h.say(WORKER, `办结 ${first.id} 已换新管`);
    expect(resolved.filter((m) => m.buttons).map((m) => m.mention?.userId).sort()).toEqual([household.id, neighbour.id].sort());
    expect((await load(second.id))).toMatchObject({ status: 'merged', mergedInto: first.id });
  });

  it('should ask whether a report nearby is the same problem, and join it on 是', async () => {
    const first = await report(household, '1组村口那个井盖丢了 很危险');
    const other = { id: '5103', name: '钱大哥' };
    const asked = texts(await h.say(other, '报事 1组村口井盖丢了'));
    expect(asked).toContain(`与 #${first.id}`);
    expect(asked).toContain('回复 是 / 否');
    expect(texts(await h.say(other, '是'))).toContain(`已加入 #${first.id}，目前共 2 户反映`);
    expect((await load(first.id)).coReporters).toHaveLength(1);
    expect(texts(await h.say(WORKER, '待办'))).toContain('（2户）');
    const claimed = await h.say(WORKER, `认领 ${first.id}`);
    expect(claimed.map((m) => m.mention?.userId)).toEqual(expect.arrayContaining([household.id, other.id]));
    // A different problem of another kind is not offered.
    expect(texts(await h.say(other, '报事 1组村口路灯坏了'))).toContain('已登记');
  });

  it('should let the county name a leader for a key case, who then hears every step', async () => {
    const { id } = await report(household, '1组十几户人家的自来水一直没通');
    expect(texts(await h.say(TOWNSHIP, `包案 ${id} 李县长`, privately(TOWNSHIP)))).toContain('没有包案的权限');
    expect(texts(await h.say(COUNTY, `包案 ${id} 王县长`, privately(COUNTY)))).toContain('没有找到工作人员');
    const assigned = await h.say(COUNTY, `包案 ${id} 李县长 30`, privately(COUNTY));
    expect(assigned.find((m) => m.chatId === '9041')?.text).toContain(`您已包案 #${id}`);
    const claimed = await h.say(WORKER, `认领 ${id}`);
    expect(claimed.find((m) => m.chatId === '9041')?.text).toContain(`【包案 #${id}】`);
  });

  it('should send a complaint about officials straight to the supervisor, privately', async () => {
    const out = await h.say(household, '报事 村干部吃拿卡要,低保优亲厚友 3组');
    const { id, queueKind } = (await db.db.select().from(requests).orderBy(sql`id desc`).limit(1))[0];
    expect(queueKind).toBe('supervisor');
    expect(out.find((m) => m.chatId === GRID_CHAT)?.text).toContain('已私下转交处理');
    expect(out.filter((m) => m.chatId === GRID_CHAT).map((m) => m.text).join()).not.toContain('低保');
    expect(out.find((m) => m.chatId === SUPERVISOR.id)?.text).toContain(`新诉求 #${id}`);
    // Issue 11.8: for the grid worker it does not exist (the same answer as a missing number).
    expect(texts(await h.say(WORKER, `查看 ${id}`))).toContain(`没有找到 #${id}`);
    expect(texts(await h.say(SUPERVISOR, '待办', privately(SUPERVISOR)))).toContain(`#${id}`);
  });

  it('should accept full-width digits and Chinese punctuation in commands', async () => {
    const { id } = await report(household, '3组路边垃圾桶满了');
    const wide = String(id).replace(/\d/g, (d) => String.fromCharCode(0xff10 + Number(d)));
    expect(texts(await h.say(WORKER, `认领：＃${wide}`))).toContain(`#${id} 已由张网格认领`);
    expect(texts(await h.say(WORKER, `答复，${wide}，明天上午清运。`))).toContain('明天上午清运');
  });
});
