/**
 * Attack (issue 11.10): a co-reporter's 撤回 withdrew another household's request for everyone.
 * Only the original reporter withdraws; a co-reporter's 撤回 just stops them following it.
 */
import { asc, desc, eq } from 'drizzle-orm';
import type { Database } from '../../adapters/db/client';
import { requestEvents, requests } from '../../adapters/db/schema';
import { unfollow } from '../../core/request-lifecycle';
import type { CitizenRequest } from '../../core/model';
import { createHarness, texts, WORKER, type Harness } from '../support/harness';
import { DB_KINDS, openTestDatabase } from '../support/test-database';

describe('unfollow (core)', () => {
  const r = { id: 3, status: 'claimed', reporterId: 1, coReporters: [{ personId: 2, origin: {} }, { personId: 4, origin: {} }] } as unknown as CitizenRequest;
  it('should remove only that co-reporter and keep the status', () => {
    const out = unfollow(r, 2, 1000);
    expect(out.ok && out.value.request).toMatchObject({ status: 'claimed', coReporters: [{ personId: 4 }] });
    expect(out.ok && out.value.events).toEqual([expect.objectContaining({ type: 'unfollowed', actorId: 2, fromStatus: 'claimed', toStatus: 'claimed' })]);
  });
  it('should refuse someone who does not follow it, and a closed request', () => {
    expect(unfollow(r, 9, 1000)).toMatchObject({ ok: false, error: { code: 'REQUEST.NOT_OWN' } });
    expect(unfollow({ ...r, status: 'resolved' }, 2, 1000)).toMatchObject({ ok: false, error: { code: 'REQUEST.BAD_STATE' } });
  });
});

describe.each(DB_KINDS)('attack: a co-reporter withdraws on %s (issue 11.10)', (kind) => {
  let db: Database;
  let h: Harness;
  const reporter = { id: '5401', name: '王大妈' };
  const neighbour = { id: '5402', name: '李叔' };

  beforeAll(async () => {
    db = await openTestDatabase(kind);
    h = await createHarness(db);
  });
  afterAll(() => db.close());

  const row = async (id: number) => (await db.db.select().from(requests).where(eq(requests.id, id)))[0];

  it('should only stop the co-reporter following, and let the reporter withdraw', async () => {
    await h.say(reporter, '报事 1组村口那个井盖丢了 很危险');
    const [{ id }] = await db.db.select().from(requests).orderBy(desc(requests.id)).limit(1);
    expect(texts(await h.say(neighbour, '报事 1组村口井盖丢了'))).toContain(`与 #${id}`);
    expect(texts(await h.say(neighbour, '是'))).toContain(`已加入 #${id}`);
    expect((await row(id)).coReporters).toHaveLength(1);

    const out = await h.say(neighbour, `撤回 ${id}`);
    expect(texts(out)).toContain(`不再关注 #${id}`);
    expect(out).toHaveLength(1); // nobody else hears of it
    expect(await row(id)).toMatchObject({ status: 'submitted', coReporters: [] });
    const events = await db.db.select().from(requestEvents).where(eq(requestEvents.requestId, id)).orderBy(asc(requestEvents.id));
    expect(events.map((e) => e.type)).toEqual(['submitted', 'joined', 'unfollowed']);

    // Once they no longer follow it, 撤回 is refused; the worker can still claim it.
    expect(texts(await h.say(neighbour, `撤回 ${id}`))).not.toContain('已撤回');
    expect((await row(id)).status).toBe('submitted');
    expect(texts(await h.say(reporter, `撤回 ${id}`))).toContain(`#${id} 已撤回`);
    expect((await row(id)).status).toBe('withdrawn');
    expect(texts(await h.say(WORKER, `认领 ${id}`))).not.toContain('已由');
  });
});
