/**
 * Issue 20, the small answers a newcomer meets first: `报表` without a month is this month so
 * far and says so; `查看` of a request that moved on says where it is and who holds it (to staff
 * of the area it was raised in, never for a sensitive one); every refusal names what to do
 * instead; the run-wide test note is printed once per run, not per file.
 */
import type { Database } from '../../adapters/db/client';
import { zhCN, type TextId } from '../../core/texts/zh-CN';
import { en } from '../../core/texts/en';
import { createHarness, OTHER_WORKER, texts, WORKER, type Harness } from '../support/harness';
import { openTestDatabase } from '../support/test-database';

const TOWNSHIP = { id: '9010', name: '刘调度' };
const privately = (who: { id: string }) => ({ chatId: who.id, chatType: 'private' as const });

describe('the first five minutes (issue 20)', () => {
  let db: Database;
  let h: Harness;
  const household = { id: '5201', name: '钱大姐' };

  beforeAll(async () => {
    db = await openTestDatabase('pglite');
    h = await createHarness(db);
  });
  afterAll(() => db.close());

  it('should report this month to date when 报表 names no month, and say so', async () => {
    await h.say(household, '报事 3组王家门口的路灯坏了');
    const out = texts(await h.say(TOWNSHIP, '报表', privately(TOWNSHIP)));
    // The harness clock is 2026-11-24: this month, from the 1st, with this request in it.
    expect(out).toContain('2026-11（11月1日至今）');
    expect(out).toMatch(/收到 1 件/);
    const named = texts(await h.say(TOWNSHIP, '报表 2026-10', privately(TOWNSHIP)));
    expect(named).toContain('2026-10');
    expect(named).not.toContain('至今');
  });

  it('should tell the grid worker where a request raised in his grid went and who holds it', async () => {
    await h.say(household, '报事 2组桥头的护栏断了两根');
    const id = Number(/#(\d+)/.exec(texts(await h.say(household, '进度')))![1]);
    await h.say(WORKER, `上报 ${id} 需要镇上协调施工`);
    const waiting = texts(await h.say(WORKER, `查看 ${id}`));
    expect(waiting).toContain('已转到王家村'); // the village is a step of 上报 (issue 14)
    expect(waiting).toContain('目前待认领');
    expect(waiting).not.toContain('不在您负责');
    await h.say(TOWNSHIP, `认领 ${id}`, privately(TOWNSHIP));
    expect(texts(await h.say(WORKER, `查看 ${id}`))).toContain('承办人：刘调度');
    // A worker of another grid learns nothing about it.
    const other = texts(await h.say(OTHER_WORKER, `查看 ${id}`, { chatId: '-1002' }));
    expect(other).toContain('不在您负责');
    expect(other).not.toContain('清河镇');
  });

  it('should not tell the grid worker where a sensitive report went', async () => {
    await h.say(household, '报事 村干部吃拿卡要,低保优亲厚友 3组');
    const mine = texts(await h.say(household, '进度'));
    const id = Math.max(...[...mine.matchAll(/#(\d+)/g)].map((m) => Number(m[1])));
    const out = texts(await h.say(WORKER, `查看 ${id}`));
    expect(out).not.toContain('已转到');
    expect(out).not.toContain('纪检');
  });

  it('should name what the person can do instead in every refusal', () => {
    const refusals = (Object.keys(zhCN) as TextId[]).filter((k) => k.startsWith('error.') || ['notice.notFound', 'notice.notYours', 'notice.badState', 'notice.outside', 'console.noPrivate', 'private.unknown', 'report.badMonth'].includes(k));
    const withoutWay = refusals.filter((k) => !/发送|回复|请|可以|如：|只能|\{hint\}/.test(zhCN[k]));
    expect(withoutWay).toEqual([]);
    for (const k of refusals) expect(en[k]).toBeTruthy();
    expect(zhCN['error.PERMISSION.OTHER_AREA']).toContain('待办');
  });

  it('should print the run-wide TEST_DATABASE_URL note once per run (global setup), not when a test file loads the helpers', async () => {
    const log = jest.spyOn(console, 'log').mockImplementation(() => undefined);
    const saved = process.env.TEST_DATABASE_URL;
    delete process.env.TEST_DATABASE_URL;
    try {
      jest.isolateModules(() => { require('../support/test-database'); });
      expect(log).not.toHaveBeenCalled();
      // eslint-disable-next-line @typescript-eslint/no-require-imports
      await (require('../support/global-setup.js') as () => Promise<void>)();
      expect(log).toHaveBeenCalledTimes(1);
      expect(String(log.mock.calls[0][0])).toContain('TEST_DATABASE_URL is not set');
    } finally {
      if (saved !== undefined) process.env.TEST_DATABASE_URL = saved;
      log.mockRestore();
    }
  });
});
