/**
 * Issue 12 — 代报 on a real database: the household is found by phone within the grid or
 * registered, `registered_by` is recorded, the receipt and later steps go to the household's group
 * naming them and never showing their phone, the staff member hears the number privately, and
 * 报表 counts 线下点单 apart from 线上点单 (with 进群率 from the customer groups).
 */
import { eq, sql } from 'drizzle-orm';
import type { Database } from '../../adapters/db/client';
import { people, requestEvents, requests } from '../../adapters/db/schema';
import { createHarness, GRID_CHAT, texts, WORKER, type Harness } from '../support/harness';
import { DB_KINDS, openTestDatabase } from '../support/test-database';

describe.each(DB_KINDS)('代报 (registering for a household) on %s', (kind) => {
  let db: Database;
  let h: Harness;
  const LEADER = { id: '9002', name: '王支书' };
  const DISPATCHER = { id: '9010', name: '刘调度' };
  const privately = (who: { id: string }) => ({ chatId: who.id, chatType: 'private' as const, addressed: true });

  beforeAll(async () => {
    db = await openTestDatabase(kind);
    h = await createHarness(db);
  });
  afterAll(() => db.close());

  const request = async (id: number) => (await db.db.select().from(requests).where(eq(requests.id, id)))[0];

  it('should register for the household: receipt in their group, named, without the phone; the number to the worker privately', async () => {
    const out = await h.say(WORKER, '代报 王阿姨 13812345678 3组12号 路灯坏了好几天', privately(WORKER));
    const receipt = out.find((m) => m.chatId === GRID_CHAT)!;
    expect(receipt.text).toContain('已登记');
    expect(receipt.text).toContain('（张网格代报）');
    expect(receipt.mention?.name).toBe('王阿姨');
    expect(receipt.mention?.userId).toMatch(/^person:\d+$/);
    expect(receipt.text).not.toMatch(/138\d*|\*\*\*\*/); // not even masked
    const id = Number(/#(\d+)/.exec(receipt.text)![1]);
    const confirm = out.find((m) => m.chatId === WORKER.id)!;
    expect(confirm.text).toContain(`已代王阿姨登记 #${id}`);
    expect(confirm.text).toContain('138****5678');
    expect(confirm.text).toContain('王家村1-3组网格群');

    const r = await request(id);
    expect(r).toMatchObject({ areaCode: 'MS020101', phone: '13812345678', place: '3组12号', originChatId: GRID_CHAT, originName: '王阿姨' });
    const [worker] = await db.db.select().from(people).where(eq(people.name, '张网格'));
    expect(r.registeredBy).toBe(worker.id);
    const [household] = await db.db.select().from(people).where(eq(people.id, r.reporterId));
    expect(household).toMatchObject({ role: 'household', name: '王阿姨', phone: '13812345678', areaCode: 'MS020101' });
    const [submitted] = await db.db.select().from(requestEvents).where(eq(requestEvents.requestId, id));
    expect(submitted).toMatchObject({ type: 'submitted', actorId: worker.id, note: '代王阿姨登记' });

    // Later steps go to the group, naming the household there too.
    const claimed = await h.say(WORKER, `认领 ${id}`, privately(WORKER));
    expect(claimed.find((m) => m.chatId === GRID_CHAT)?.mention?.name).toBe('王阿姨');
  });

  it('should find the same household by phone within the grid, and a new one without a phone or in another grid', async () => {
    await h.say(WORKER, '代报 王阿姨 138-1234-5678 3组 垃圾没人清', privately(WORKER));
    await h.say(WORKER, '代报 王阿姨 3组 水沟堵了', privately(WORKER));
    const rows = await db.db.select().from(requests).orderBy(sql`id desc`).limit(3);
    const [noPhone, samePhone, first] = rows;
    expect(samePhone.reporterId).toBe(first.reporterId);
    expect(noPhone.reporterId).not.toBe(first.reporterId);
    // The village leader registers for a household of 5组: the place names the grid.
    const out = await h.say(LEADER, '代报 王阿姨 13812345678 5组8号 自来水停了', privately(LEADER));
    const id = Number(/#(\d+)/.exec(texts(out))![1]);
    const other = await request(id);
    expect(other.areaCode).toBe('MS020102');
    expect(other.reporterId).not.toBe(first.reporterId);
    expect(out.some((m) => m.chatId === '-1002')).toBe(true);
  });

  it('should say how to write it, where the grid is unclear, and refuse households', async () => {
    expect(texts(await h.say(WORKER, '代报 王阿姨', privately(WORKER)))).toContain('代报的格式');
    expect(texts(await h.say(LEADER, '代报 李叔 家里灯不亮', privately(LEADER)))).toContain('请写明是哪个网格');
    const household = await h.say({ id: '5090', name: '孙大爷' }, '代报 王阿姨 3组 路灯坏了', { addressed: true });
    expect(texts(household)).toContain('没有代报的权限');
  });

  it('should count 代报 apart in 报表, and show 进群率 where customer groups are bound', async () => {
    await db.db.execute(sql`update areas set households = 120 where code = 'MS020101'`);
    await db.db.execute(sql`insert into wecom_groups (chat_id, name, corp_members, external_members) values ('wrDemoWangjia13', '王家村1-3组网格群', 3, 96)`);
    await h.say({ id: '5091', name: '周大妈' }, '报事 2组路口的井盖丢了');
    const out = await h.say(DISPATCHER, '报表', privately(DISPATCHER));
    const report = texts(out);
    expect(report).toMatch(/线上点单 1 件，线下点单（代报）4 件/);
    expect(report).toContain('进群率');
    expect(report).toContain('王家村：在群 96/120 户，进群率 80.00%');
  });
});
