import { eq, sql } from 'drizzle-orm';
import type { Database } from '../../adapters/db/client';
import { requestEvents, requests } from '../../adapters/db/schema';
import { ADMIN, createHarness, OTHER_WORKER, texts, WORKER, type Harness } from '../support/harness';
import { DB_KINDS, openTestDatabase } from '../support/test-database';

describe.each(DB_KINDS)('the first closed loop on %s', (kind) => {
  let db: Database;
  let h: Harness;
  const household = { id: '5001', name: '王大妈' };
  const neighbour = { id: '5002', name: '李叔' };

  beforeAll(async () => {
    db = await openTestDatabase(kind);
    h = await createHarness(db);
  });
  afterAll(() => db.close());

  const lastRequest = async () => (await db.db.select().from(requests).orderBy(sql`id desc`).limit(1))[0];

  it('should ignore ordinary chatter', async () => {
    expect(await h.say(household, '今天天气不错')).toEqual([]);
    expect(await db.db.select().from(requests)).toHaveLength(0);
  });

  it('should register a complete report at once with a receipt', async () => {
    const out = await h.say(household, '报事 3组王家门口的路灯坏了一个星期了 电话13812345678');
    const r = await lastRequest();
    expect(r).toMatchObject({ status: 'submitted', category: 'municipal', place: '3组王家门口', areaCode: 'MS020101', phone: '13812345678' });
    expect(out).toHaveLength(1);
    expect(out[0].text).toContain(`#${r.id}`);
    expect(out[0].text).toContain('市政设施');
    expect(out[0].text).toContain('138****5678');
    expect(out[0].text).not.toContain('13812345678');
    expect(out[0].mention).toEqual({ userId: household.id, name: household.name });
  });

  it('should ask for the place once and continue with the next message', async () => {
    const ask = await h.say(neighbour, '报事 家里停水两天了');
    expect(texts(ask)).toContain('请问具体位置');
    expect(ask[0].mention?.userId).toBe(neighbour.id);
    const receipt = await h.say(neighbour, '5组18号');
    expect(texts(receipt)).toContain('供水');
    // The place stays as said, and resolves to 5组's grid in the gazetteer: that grid's queue takes it (issue 14).
    expect(await lastRequest()).toMatchObject({ place: '5组18号', placeArea: 'MS020102', queueCode: 'MS020102', detail: '家里停水两天了' });
    expect(texts(receipt)).toContain('您说的位置属于王家村4-6组网格');
  });

  it('should cancel a dialog with 取消 and register nothing', async () => {
    const before = (await db.db.select().from(requests)).length;
    await h.say(neighbour, '报事 停电了');
    expect(texts(await h.say(neighbour, '取消'))).toContain('已取消');
    expect(await db.db.select().from(requests)).toHaveLength(before);
  });

  it('should take the worker through claim, reply, resolve and the household through rating', async () => {
    const { id } = await lastRequest();
    // 5组 is 赵网格's grid (the request moved there): he works it, 张网格 may not.
    expect(texts(await h.say(WORKER, `认领 ${id}`))).toContain('不在您负责');
    expect(texts(await h.say(OTHER_WORKER, `认领 ${id}`))).toContain(`#${id} 已由赵网格认领`);
    expect(texts(await h.say(OTHER_WORKER, `答复 ${id} 已联系水厂,今天下午恢复`))).toContain('已联系水厂');
    const resolved = await h.say(OTHER_WORKER, `/resolve ${id} 水管已修好`);
    expect(texts(resolved)).toContain('已办结');
    const prompt = resolved.find((m) => m.buttons);
    expect(prompt?.buttons?.[0].map((b) => b.label)).toEqual(['满意', '基本满意', '不满意']);
    expect(prompt?.mention?.userId).toBe(neighbour.id);
    expect(texts(await h.say(neighbour, '评价 ' + id + ' 满意'))).toContain('感谢');
    const row = (await db.db.select().from(requests).where(eq(requests.id, id)))[0];
    expect(row).toMatchObject({ status: 'closed', rating: 'satisfied' });
    const timeline = await db.db.select().from(requestEvents).where(eq(requestEvents.requestId, id)).orderBy(requestEvents.id);
    expect(timeline.map((e) => e.type)).toEqual(['submitted', 'claimed', 'answered', 'resolved', 'rated']);
  });

  it('should reopen on 不满意 (a bare 3 answers the only pending rating)', async () => {
    await h.say(household, '报事 2组村口垃圾堆了好几天');
    const { id } = await lastRequest();
    await h.say(WORKER, `认领 ${id}`);
    await h.say(WORKER, `办结 ${id} 已清运`);
    const out = await h.say(household, '3');
    expect(texts(out)).toContain('重新交办');
    expect((await db.db.select().from(requests).where(eq(requests.id, id)))[0]).toMatchObject({ status: 'claimed', reopenCount: 1 });
  });

  it('should rate by button press', async () => {
    const { id } = await lastRequest();
    await h.say(WORKER, `办结 ${id} 已再次清运并消毒`);
    const out = await h.say(household, '', { kind: 'button', buttonData: `rate:${id}:basic`, addressed: true });
    expect(texts(out)).toContain('基本满意');
    expect((await db.db.select().from(requests).where(eq(requests.id, id)))[0].status).toBe('closed');
  });

  it('should refuse people acting outside their role', async () => {
    await h.say(household, '报事 1组小桥栏杆断了');
    const { id } = await lastRequest();
    expect(texts(await h.say(household, `认领 ${id}`))).toContain('没有认领的权限');
    expect(texts(await h.say(OTHER_WORKER, `认领 ${id}`))).toContain('不在您负责的网格');
    expect(texts(await h.say(WORKER, '认领 99999'))).toContain('没有找到 #99999');
    expect(texts(await h.say(neighbour, `撤回 ${id}`))).toContain('只能撤回您自己登记的诉求');
    expect(texts(await h.say(WORKER, '认领'))).toContain('请带上编号');
    expect((await db.db.select().from(requests).where(eq(requests.id, id)))[0].status).toBe('submitted');
  });

  it('should let a household withdraw its own request and list its requests', async () => {
    const { id } = await lastRequest();
    expect(texts(await h.say(household, `撤回 ${id}`))).toContain(`#${id} 已撤回`);
    const mine = texts(await h.say(household, '进度'));
    expect(mine).toContain(`#${id}`);
    expect(mine).toContain('已撤回');
  });

  it('should show the worker their queue and a request with its timeline', async () => {
    await h.say(household, '报事 3组路边电线杆歪了');
    const { id } = await lastRequest();
    const list = texts(await h.say(WORKER, '待办'));
    expect(list).toContain(`#${id}`);
    const show = texts(await h.say(WORKER, `查看 ${id}`));
    expect(show).toContain('待认领');
    expect(show).toContain('3组路边电线杆歪了');
    expect(show).toMatch(/\d\d-\d\d \d\d:\d\d 王大妈登记/);
  });

  it('should process a message delivered twice only once', async () => {
    const before = (await db.db.select().from(requests)).length;
    const msg = { messageId: 'dup-1' };
    const first = await h.say(household, '报事 1组水沟堵了', msg);
    const second = await h.say(household, '报事 1组水沟堵了', msg);
    expect(first).toHaveLength(1);
    expect(second).toEqual([]);
    expect(h.lastOutcome).toBe('duplicate');
    expect(await db.db.select().from(requests)).toHaveLength(before + 1);
  });

  it('should let an admin bind a new group, and tell an unbound group how to bind', async () => {
    expect(texts(await h.say(household, '报事 路灯坏了', { chatId: '-2001', addressed: true }))).toContain('还没有绑定');
    expect(texts(await h.say(household, '/bind MS020102', { chatId: '-2001' }))).toContain('没有绑定群的权限');
    expect(texts(await h.say(ADMIN, '/bind MS020102', { chatId: '-2001' }))).toContain('已绑定到王家村4-6组网格');
    expect(texts(await h.say(household, '报事 5组路灯坏了', { chatId: '-2001' }))).toContain('已登记');
  });

  it('should treat life and safety at once: urgent limits, the township alerted, 119 advised', async () => {
    const out = await h.say(household, '报事 1组有户人家厨房一股煤气味 好像漏气了');
    const r = await lastRequest();
    expect(r.urgent).toBe(true);
    expect(r.claimDueAt.getTime() - r.createdAt.getTime()).toBe(3_600_000);
    expect(out.find((m) => m.chatId === '-1001')?.text).toContain('请立即拨打 119、120');
    expect(out.find((m) => m.chatId === '-1101')?.text).toContain(`🚨紧急诉求 #${r.id}`);
    expect(out.find((m) => m.chatId === '9002')?.text).toContain('🚨'); // 王支书, the grid leader, privately
  });

  it('should give a possibly urgent report normal limits, one safety line, and a private heads-up to the grid (issue 15)', async () => {
    const out = await h.say(household, '报事 1组村口的井盖丢了');
    const r = await lastRequest();
    expect(r.urgent).toBe(false);
    expect(r.claimDueAt.getTime() - r.createdAt.getTime()).not.toBe(3_600_000);
    expect(out.find((m) => m.chatId === '-1001')?.text).toContain('如有危险，请先远离');
    expect(out.find((m) => m.chatId === '9002')?.text).toContain(`⚠️可能紧急 #${r.id}`); // the grid leader, privately
    expect(out.some((m) => m.chatId === '-1101')).toBe(false); // not the township dispatch
  });

  it('should offer once an hour to register chatter that reads like a request, where the group asked for it', async () => {
    const passive = { chatId: '-1003' }; // 东风社区第1网格群: passive detection on
    const neighbour3 = { id: '5009', name: '孙婶' };
    expect(await h.say(neighbour3, '今天天气不错', passive)).toEqual([]);
    expect(await h.say(neighbour3, '楼下路灯坏了好几天了 没人修')).toEqual([]); // -1001: off
    const offer = await h.say(neighbour3, '楼下路灯坏了好几天了 没人修', passive);
    expect(texts(offer)).toContain('需要帮您登记为诉求吗？回复“登记”即可');
    expect(texts(await h.say(neighbour3, '登记', passive))).toContain('请问具体位置');
    expect(texts(await h.say(neighbour3, '5栋门口', passive))).toContain('已登记');
    expect(await h.say(neighbour3, '下水道又堵了 臭死了 没人管', passive)).toEqual([]); // once an hour
    expect(await h.say({ id: '9004', name: '陈网格' }, '3号楼路灯坏了好几天了 没人修', passive)).toEqual([]); // never staff
  });

  it('should pass domestic violence on privately, and still treat it as urgent', async () => {
    const out = await h.say(household, '报事 3组邻居家暴 男的在打老婆');
    const r = await lastRequest();
    expect(r).toMatchObject({ sensitive: true, urgent: true });
    const inGroup = out.filter((m) => m.chatId === '-1001').map((m) => m.text).join();
    expect(inGroup).toContain('已私下转交处理');
    expect(inGroup).not.toContain('打老婆');
    expect(out.find((m) => m.chatId === '-1101')?.text).not.toContain('打老婆');
  });

  it('should never describe a complaint about officials in the group', async () => {
    const out = await h.say(household, '报事 村干部优亲厚友,低保给了自己亲戚 3组');
    expect(texts(out)).toContain('已私下转交处理');
    expect(texts(out)).not.toContain('低保');
  });
});
