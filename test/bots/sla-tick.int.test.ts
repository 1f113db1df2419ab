/** The SLA tick on a real database with a simulated clock: reminders once, then the supervisor. */
import { asc, gt, sql } from 'drizzle-orm';
import type { Database } from '../../adapters/db/client';
import { outbox, requests } from '../../adapters/db/schema';
import { runSlaTick } from '../../bots/watch/sla-tick';
import type { OutboundMessage } from '../../core/model';
import { createHarness, GRID_CHAT, WORKER, type Harness } from '../support/harness';
import { DB_KINDS, openTestDatabase } from '../support/test-database';

const H = 3_600_000;

describe.each(DB_KINDS)('SLA tick on %s', (kind) => {
  let db: Database;
  let h: Harness;
  beforeAll(async () => {
    db = await openTestDatabase(kind);
    h = await createHarness(db);
  });
  afterAll(() => db.close());

  const queuedSince = async (id: number) => (await db.db.select().from(outbox).where(gt(outbox.id, id)).orderBy(asc(outbox.id))).map((r) => r.message as OutboundMessage);
  const lastOutboxId = async () => (await db.db.select({ max: sql<number>`coalesce(max(${outbox.id}), 0)::int` }).from(outbox))[0].max;

  it('should warn, breach, repeat and alert the supervisor after the third breach — each once', async () => {
    await h.say({ id: '5401', name: '周大姐' }, '报事 3组路口的井盖没了');
    const { id } = (await db.db.select().from(requests).orderBy(sql`id desc`).limit(1))[0];
    const start = h.clock.t;
    let mark = await lastOutboxId();

    h.clock.t = start + 19.3 * H;
    expect((await runSlaTick(h.deps)).queued).toBeGreaterThan(0);
    const warn = await queuedSince(mark);
    expect(warn.map((m) => m.text).join()).toContain(`#${id}`);
    expect(warn.every((m) => m.text.includes('将于'))).toBe(true);
    // issue 14: to the grid's staff group, never to the household group.
    expect(warn.some((m) => m.chatId === '-1011')).toBe(true);
    expect(warn.some((m) => m.chatId === GRID_CHAT)).toBe(false);

    // The same moment again, and a second process's tick: nothing new.
    expect((await runSlaTick(h.deps)).queued).toBe(0);

    mark = await lastOutboxId();
    h.clock.t = start + 24.5 * H;
    await runSlaTick(h.deps);
    expect((await queuedSince(mark)).map((m) => m.text).join()).toContain('已超过认领期限');

    // A tick 2 days late: one repetition (not two), then the answer breach → third breach → alert.
    mark = await lastOutboxId();
    h.clock.t = start + 72.5 * H;
    await runSlaTick(h.deps);
    const late = await queuedSince(mark);
    const texts = late.map((m) => m.text);
    // One claim reminder per staff group of the grid (Telegram and web), not one per missed day.
    const claimBreaches = late.filter((m) => m.text.includes('已超过认领期限')).map((m) => `${m.channel}:${m.chatId}`);
    expect(claimBreaches.sort()).toEqual(['telegram:-1011', 'web:wangjia13-staff']);
    expect(texts.some((x) => x.includes('已超过答复期限'))).toBe(true);
    const alert = late.find((m) => m.text.includes('督办提醒'));
    expect(alert?.chatId).toBe('9030'); // 吴督查, privately
    expect(alert?.text).toContain(`#${id}`);
    const row = (await db.db.select().from(requests).where(sql`id = ${id}`))[0];
    expect(row.breachCount).toBeGreaterThanOrEqual(3);

    mark = await lastOutboxId();
    await runSlaTick(h.deps);
    expect(await queuedSince(mark)).toEqual([]);
  });

  it('should stop the claim reminders once claimed and skip closed requests', async () => {
    await h.say({ id: '5402', name: '吴大哥' }, '报事 2组路灯坏了');
    const { id } = (await db.db.select().from(requests).orderBy(sql`id desc`).limit(1))[0];
    await h.say(WORKER, `认领 ${id}`);
    await h.say(WORKER, `办结 ${id} 修好了`);
    const mark = await lastOutboxId();
    h.clock.t += 200 * H;
    await runSlaTick(h.deps);
    expect((await queuedSince(mark)).some((m) => m.text.includes(`#${id}`))).toBe(false);
  });
});
