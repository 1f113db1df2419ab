/**
 * Attack (issues 11.7 and 11.8) through the bot on the database: what a group sees of personal
 * numbers and sensitive reports, who may read a complaint about officials, and who sees the
 * unmasked number (only staff handling the request, privately).
 */
import { desc } from 'drizzle-orm';
import type { Database } from '../../adapters/db/client';
import { requests } from '../../adapters/db/schema';
import { ADMIN, createHarness, GRID_CHAT, texts, WORKER, type Harness } from '../support/harness';
import { DB_KINDS, openTestDatabase } from '../support/test-database';

const TOWNSHIP_DISPATCHER = { id: '9010', name: '刘调度' };
const SUPERVISOR = { id: '9030', name: '吴督查' };
const LEADER = { id: '9002', name: '王支书' };
const privately = (p: { id: string }) => ({ chatType: 'private' as const, chatId: p.id });

describe.each(DB_KINDS)('attack: personal data and sensitive reports on %s', (kind) => {
  let db: Database;
  let h: Harness;
  const household = { id: '5301', name: '赵大爷' };

  beforeAll(async () => {
    db = await openTestDatabase(kind);
    h = await createHarness(db);
  });
  afterAll(() => db.close());

  const last = async () => (await db.db.select().from(requests).orderBy(desc(requests.id)).limit(1))[0];

  it('should mask every form in the group receipt, 待办 and 进度, and show it to the handling worker privately', async () => {
    const out = await h.say(household, '报事 3组王家门口路灯坏了，电话138 1234 5678，身份证11010119900307123X，卡号6222 0212 3456 7890');
    const { id } = await last();
    const all = [texts(out), texts(await h.say(household, '进度')), texts(await h.say(WORKER, '待办')), texts(await h.say(WORKER, `查看 ${id}`))].join('\n');
    expect(all).not.toMatch(/1234 5678|19900307|0212 3456/);
    expect(all.replace(/#\d+/g, '')).not.toMatch(/\d{5}/);
    // Privately, the worker whose queue holds it sees the number; a dispatcher overseeing it does not.
    expect(texts(await h.say(WORKER, `查看 ${id}`, privately(WORKER)))).toContain('138 1234 5678');
    expect(texts(await h.say(TOWNSHIP_DISPATCHER, `查看 ${id}`, privately(TOWNSHIP_DISPATCHER)))).not.toContain('138 1234 5678');
  });

  it('should neither name nor @-mention the reporter of a sensitive report, and delete their group messages', async () => {
    const ask = await h.say(household, '报事 村支书优亲厚友，把低保给了自己亲戚');
    const askSource = h.lastOutcome && (ask[0]?.replyTo ?? null);
    const out = await h.say(household, '3组');
    const r = await last();
    expect(r).toMatchObject({ category: 'integrity', sensitive: true });
    const inGroup = out.filter((m) => m.chatId === GRID_CHAT);
    const receipt = inGroup.find((m) => !m.deleteMessageId)!;
    expect(receipt.mention).toBeUndefined();
    expect(receipt.replyTo).toBeUndefined();
    expect(receipt.text).not.toContain(household.name);
    expect(receipt.text).not.toContain('低保');
    expect(receipt.text).toContain('原消息将被删除');
    // Both of the household's messages (the report and the answer) are deleted on Telegram.
    const deletes = inGroup.filter((m) => m.deleteMessageId).map((m) => m.deleteMessageId);
    expect(deletes).toHaveLength(2);
    if (askSource) expect(deletes).toContain(askSource);
  });

  it('should answer a township dispatcher, the grid worker and the village leader as for a missing request', async () => {
    const { id } = await last();
    for (const p of [TOWNSHIP_DISPATCHER, WORKER, LEADER]) {
      expect(texts(await h.say(p, `查看 ${id}`, privately(p)))).toContain(`没有找到 #${id}`);
      expect(texts(await h.say(p, `认领 ${id}`, privately(p)))).toContain(`没有找到 #${id}`);
      expect(texts(await h.say(p, '待办', privately(p)))).not.toContain(`#${id}`);
    }
    // Readers: the supervisor (whose queue holds it) and the admin.
    expect(texts(await h.say(SUPERVISOR, `查看 ${id}`, privately(SUPERVISOR)))).toContain('低保');
    expect(texts(await h.say(SUPERVISOR, '待办', privately(SUPERVISOR)))).toContain(`#${id}`);
    expect(texts(await h.say(ADMIN, `查看 ${id}`, privately(ADMIN)))).toContain('低保');
  });

  it('should never mention the reporter in status lines of a sensitive request', async () => {
    const { id } = await last();
    const claimed = await h.say(SUPERVISOR, `认领 ${id}`, privately(SUPERVISOR));
    const toGroup = claimed.filter((m) => m.chatId === GRID_CHAT);
    expect(toGroup.length).toBeGreaterThan(0);
    for (const m of toGroup) expect(m.mention).toBeUndefined();
  });
});
