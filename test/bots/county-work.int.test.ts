/**
 * Issue 14 on PGlite and PostgreSQL (demo county): 交办 down the hierarchy and to any unit, the
 * village as a step of 上报, a place in another grid, and reminders that reach staff only —
 * a grid's staff group where the org file binds one, else its workers and leader privately.
 */
import { asc, eq, gt, sql } from 'drizzle-orm';
import type { Database } from '../../adapters/db/client';
import { outbox, requests } from '../../adapters/db/schema';
import type { OutboundMessage } from '../../core/model';
import { runDailyFeedback } from '../../bots/watch/reports';
import { runSlaTick } from '../../bots/watch/sla-tick';
import { createHarness, GRID_CHAT, texts, WORKER, type Harness } from '../support/harness';
import { DB_KINDS, openTestDatabase } from '../support/test-database';

const LEADER = { id: '9002', name: '王支书' };
const OTHER_WORKER = { id: '9003', name: '赵网格' };
const TOWNSHIP = { id: '9010', name: '刘调度' };
const COUNTY = { id: '9011', name: '孙指挥' };
const privately = (who: { id: string }) => ({ chatId: who.id, chatType: 'private' as const });
const STAFF_GROUP = '-1011'; // 王家村1-3组网格员工作群
const VILLAGE_GROUP = '-1021'; // 王家村村委工作群
const HOUSEHOLD_GROUPS = ['-1001', '-1002', 'wangjia13', 'wrDemoWangjia13', 'wrDemoWangjia46'];
const H = 3_600_000;

describe.each(DB_KINDS)('county work on %s', (kind) => {
  let db: Database;
  let h: Harness;
  const household = { id: '5601', name: '孟大娘' };

  beforeAll(async () => {
    db = await openTestDatabase(kind);
    h = await createHarness(db);
  });
  afterAll(() => db.close());

  const report = async (text: string, chatId = GRID_CHAT) => {
    const out = await h.say(household, `报事 ${text}`, { chatId });
    const row = (await db.db.select().from(requests).orderBy(sql`id desc`).limit(1))[0];
    return { out, row };
  };
  const load = async (id: number) => (await db.db.select().from(requests).where(eq(requests.id, id)))[0];
  const to = (out: OutboundMessage[], chatId: string) => out.filter((m) => m.chatId === chatId).map((m) => m.text).join('\n');

  it('should escalate grid → village → township → county, and dispatch back down to a township and then a grid', async () => {
    const { row } = await report('3组村口的桥栏杆断了,车不敢过');
    const id = row.id;
    const toVillage = await h.say(WORKER, `上报 ${id} 需要村里协调`);
    expect(texts(toVillage)).toContain(`#${id} 已上报至王家村`);
    expect(to(toVillage, VILLAGE_GROUP)).toContain(`新诉求 #${id}`);
    expect(await load(id)).toMatchObject({ queueKind: 'area', queueCode: 'MS0201', status: 'submitted' });
    // The village's leader works its queue; a worker of a grid does not.
    expect(texts(await h.say(WORKER, `认领 ${id}`))).toContain('不在您负责');
    expect(texts(await h.say(LEADER, `上报 ${id} 村里解决不了`, privately(LEADER)))).toContain('已办理：');
    expect((await load(id)).queueCode).toBe('MS02');
    await h.say(TOWNSHIP, `上报 ${id} 需要县里统筹`, privately(TOWNSHIP));
    expect((await load(id)).queueCode).toBe('MS');

    const down = await h.say(COUNTY, `派单 ${id} 清河镇 请镇里组织维修`, privately(COUNTY));
    expect(to(down, GRID_CHAT)).toContain(`#${id} 已派单至清河镇`);
    expect(to(down, '-1101')).toContain(`新诉求 #${id}`);
    expect(await load(id)).toMatchObject({ queueKind: 'area', queueCode: 'MS02', dispatchedFrom: 'MS' });

    // 王家村4-6组网格 has no staff group: its worker and its village's leader hear it privately, never its household group.
    const toGrid = await h.say(TOWNSHIP, `派单 ${id} 王家村4-6组网格`, privately(TOWNSHIP));
    expect(to(toGrid, OTHER_WORKER.id)).toContain(`新诉求 #${id}`);
    expect(to(toGrid, LEADER.id)).toContain(`新诉求 #${id}`);
    expect(toGrid.some((m) => m.chatId === '-1002' || m.chatId === 'wrDemoWangjia46')).toBe(false);
    expect(texts(await h.say(OTHER_WORKER, `认领 ${id}`, privately(OTHER_WORKER)))).toContain('已由赵网格认领');
  });

  it('should list what exists when a unit is not found, nearest first, and keep a township to its subtree', async () => {
    const { row } = await report('2组水渠堵了');
    await h.say(WORKER, `上报 ${row.id} 村里协调`);
    await h.say(LEADER, `上报 ${row.id} 需要镇里`, privately(LEADER));
    const unknown = texts(await h.say(TOWNSHIP, `派单 ${row.id} 东风社区`, privately(TOWNSHIP)));
    expect(unknown).toContain('没有找到“东风社区”');
    expect(unknown).toContain('可派：王家村、李庄村');
    expect(unknown).toContain('县住建局');
    // 转办 by a dispatcher within the subtree; the grid's staff group gets it.
    const moved = await h.say(TOWNSHIP, `转办 ${row.id} 王家村1-3组 属于1-3组的水渠`, privately(TOWNSHIP));
    expect(to(moved, STAFF_GROUP)).toContain(`新诉求 #${row.id}`);
    expect(to(moved, GRID_CHAT)).toContain(`#${row.id} 已转办至王家村1-3组网格`);
    expect(moved.some((m) => m.chatId === GRID_CHAT && m.text.includes('新诉求'))).toBe(false);
    expect((await load(row.id)).queueCode).toBe('MS020101');
  });

  it('should move a report whose place is in another grid to that grid, and tell the household', async () => {
    const { out, row } = await report('5组18号门口的自来水管爆了');
    expect(row).toMatchObject({ areaCode: 'MS020101', queueKind: 'area', queueCode: 'MS020102', placeArea: 'MS020102' });
    expect(to(out, GRID_CHAT)).toContain('您说的位置属于王家村4-6组网格');
    expect(to(out, OTHER_WORKER.id)).toContain(`新诉求 #${row.id}`);
    expect(texts(await h.say(OTHER_WORKER, `认领 ${row.id}`, privately(OTHER_WORKER)))).toContain('已由赵网格认领');
  });

  it('should send SLA reminders and the daily feedback to staff only: the staff groups, else privately', async () => {
    const { row: here } = await report('1组路口的井盖没了');
    const { row: there } = await report('6组的路灯全坏了', '-1002');
    const start = h.clock.t;
    const mark = (await db.db.select({ max: sql<number>`coalesce(max(${outbox.id}), 0)::int` }).from(outbox))[0].max;
    h.clock.t = start + 19.5 * H;
    await runSlaTick(h.deps);
    await runDailyFeedback(h.deps);
    const queued = (await db.db.select().from(outbox).where(gt(outbox.id, mark)).orderBy(asc(outbox.id))).map((r) => r.message as OutboundMessage);
    const about = (id: number) => queued.filter((m) => m.text.includes(`#${id}`));
    expect(about(here.id).map((m) => `${m.channel}:${m.chatId}`).sort()).toEqual(['telegram:-1011', 'web:wangjia13-staff']);
    // privately on each channel they use (Telegram, the WeCom app, the web)
    expect(about(there.id).filter((m) => m.channel === 'telegram').map((m) => m.chatId).sort()).toEqual([LEADER.id, OTHER_WORKER.id]);
    expect(about(there.id).map((m) => m.chatId)).toContain('app:zhaowangge');
    expect(queued.filter((m) => HOUSEHOLD_GROUPS.includes(m.chatId))).toEqual([]);
    const daily = queued.filter((m) => m.text.includes('今日待办'));
    expect(daily.some((m) => m.chatId === STAFF_GROUP)).toBe(true);
    expect(daily.some((m) => m.chatId === OTHER_WORKER.id)).toBe(true);
  });

  it('should let an admin bind a staff group with /bind CODE staff', async () => {
    const admin = { id: '9040', name: '郑管理' };
    expect(texts(await h.say(admin, '/bind MS020202 staff', { chatId: '-3001' }))).toContain('已绑定到李庄村5-8组网格');
    const { row } = await report('7组的桥塌了', '-3001');
    // A household in a staff group still registers; new work for that grid goes to the staff group.
    expect(row.queueCode).toBe('MS020202');
  });
});
