/**
 * Issue 20 ("every refusal names what the person can do instead"), tried as a newcomer: a grid
 * worker who mistyped a number was told to send 进度 — the household's command, which lists
 * nothing of his queue. A number that is not found points a household to 进度 and staff to 待办,
 * for numbers that could exist and for those too long to be any request's.
 */
import type { Database } from '../../adapters/db/client';
import { createHarness, texts, WORKER, type Harness } from '../support/harness';
import { openTestDatabase } from '../support/test-database';

describe('not found, and what to do instead', () => {
  let db: Database;
  let h: Harness;
  const household = { id: '5801', name: '孙大姐' };
  const privately = (who: { id: string }) => ({ chatId: who.id, chatType: 'private' as const });

  beforeAll(async () => {
    db = await openTestDatabase('pglite');
    h = await createHarness(db);
  });
  afterAll(() => db.close());

  it.each(['认领 4242', '查看 4242', '认领 99999999999', '查看 123456789012345678901234567890', '补充 4242 坑在小卖部门口'])('should point staff to 待办 for "%s"', async (command) => {
    const answer = texts(await h.say(WORKER, command, privately(WORKER)));
    expect(answer).toMatch(/没有找到 #\d+，请核对编号/);
    expect(answer).toContain('发送“待办”可查看您负责的诉求');
    expect(answer).not.toContain('进度');
  });

  it.each(['查看 4242', '撤回 99999999999', '评价 4242 满意'])('should point a household to 进度 for "%s"', async (command) => {
    const answer = texts(await h.say(household, command));
    expect(answer).toMatch(/没有找到 #\d+/);
    expect(answer).toContain('发送“进度”可查看您登记的诉求');
  });
});
