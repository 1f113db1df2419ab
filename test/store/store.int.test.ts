/** The PostgreSQL store and outbox, on PGlite and on a real PostgreSQL 15 server. */
import { eq, inArray } from 'drizzle-orm';
import type { Database } from '../../adapters/db/client';
import { createOutbox } from '../../adapters/db/outbox.repository';
import { outbox, people, requestEvents, requests } from '../../adapters/db/schema';
import { createStore } from '../../adapters/db/store';
import { DEMO_ORG_FILE, importOrg, readOrgFile } from '../../adapters/org/org-import';
import type { OutboundMessage } from '../../core/model';
import { submitRequest } from '../../core/request-lifecycle';
import { DB_KINDS, openTestDatabase } from '../support/test-database';

const only = (messages: OutboundMessage[]) => ({ created: [], updated: [], events: [], messages });
const msg = (chatId: string, text: string, dedupeKey?: string): OutboundMessage => ({ channel: 'telegram', chatId, text, dedupeKey });

describe.each(DB_KINDS)('store on %s', (kind) => {
  let db: Database;
  beforeAll(async () => {
    db = await openTestDatabase(kind);
    await importOrg(db.db, readOrgFile(DEMO_ORG_FILE));
  });
  afterAll(() => db.close());

  it('should import the org file idempotently', async () => {
    const count = async () => (await db.db.select().from(people)).length;
    const before = await count();
    const again = await importOrg(db.db, readOrgFile(DEMO_ORG_FILE));
    expect(again.staff).toEqual({ added: 0, updated: 0, unchanged: readOrgFile(DEMO_ORG_FILE).staff.length });
    expect(again.areas).toMatchObject({ added: 0, updated: 0 });
    const renamed = readOrgFile(DEMO_ORG_FILE);
    renamed.staff[0].name = '张网格员';
    renamed.areas[1].name = '城关街道办';
    const changed = await importOrg(db.db, renamed);
    expect(changed.staff).toMatchObject({ added: 0, updated: 1 });
    expect(changed.areas).toMatchObject({ added: 0, updated: 1 });
    await importOrg(db.db, readOrgFile(DEMO_ORG_FILE));
    expect(await count()).toBe(before);
  });

  it('should claim a channel message id once and read chat, person and dialog with it', async () => {
    const store = createStore(db.db);
    const open = (channel: 'telegram' | 'wecom', id: string) => store.transaction((tx) => tx.openInbound(channel, id, '-1001', '9001'));
    const first = await open('telegram', 'm-1');
    expect(first).toMatchObject({ fresh: true, chat: { areaCode: 'MS020101' }, person: { name: '张网格', role: 'grid_worker', areaCode: 'MS020101' }, dialog: { phase: 'idle' } });
    expect((await open('telegram', 'm-1')).fresh).toBe(false);
    expect((await open('wecom', 'm-1')).fresh).toBe(true);
    const dialog = { phase: 'awaitingPlace' as const, draft: { detail: '停水', category: 'water' as const, place: null, phone: null, photos: [] }, expiresAt: Date.now() + 60_000 };
    await store.transaction((tx) => tx.dialogs.save('telegram', '-1001', '9001', dialog));
    expect((await open('telegram', 'm-2')).dialog).toEqual(dialog);
  });

  it('should commit state, timeline and outbox together or not at all', async () => {
    const store = createStore(db.db);
    const countAll = async () => [
      (await db.db.select().from(requests)).length, (await db.db.select().from(requestEvents)).length, (await db.db.select().from(outbox)).length,
    ];
    const before = await countAll();
    await expect(store.transaction(async (tx) => {
      const reporter = await tx.people.registerHousehold('telegram', 'rollback-user', '测试', 'MS020101');
      const id = await tx.requests.nextId();
      const { request, events } = submitRequest({
        id, category: 'water', areaCode: 'MS020101', place: '1组', detail: '停水', phone: null, photos: [], sensitive: false, reporterId: reporter.personId,
        origin: { channel: 'telegram', chatId: '-1001', userId: 'rollback-user', name: '测试' },
      }, Date.now());
      await tx.write({ created: [request], updated: [], events, messages: [msg('-1001', 'receipt')] });
      throw new Error('crash before commit');
    })).rejects.toThrow('crash before commit');
    expect(await countAll()).toEqual(before);
    expect((await createStore(db.db).transaction((tx) => tx.openInbound('telegram', 'after-rollback', '-1', 'rollback-user'))).person).toBeNull();
  });

  it('should write a new request, a changed one, their events and messages in one go', async () => {
    const store = createStore(db.db);
    const [id1, id2] = await store.transaction(async (tx) => {
      const reporter = await tx.people.registerHousehold('telegram', 'w-user', '写入', 'MS020101');
      const make = async () => submitRequest({
        id: await tx.requests.nextId(), category: 'water', areaCode: 'MS020101', place: '1组', detail: '停水', phone: null, photos: [], sensitive: false,
        reporterId: reporter.personId, origin: { channel: 'telegram', chatId: '-1001', userId: 'w-user', name: '写入' },
      }, Date.now());
      const a = await make();
      await tx.write({ created: [a.request], updated: [], events: a.events, messages: [] });
      const b = await make();
      const claimed = { ...a.request, status: 'claimed' as const, claimedAt: Date.now() };
      await tx.write({ created: [b.request], updated: [a.request, claimed], events: b.events, messages: [msg('-1001', 'two at once')] });
      return [a.request.id, b.request.id];
    });
    const rows = await db.db.select().from(requests).where(inArray(requests.id, [id1, id2]));
    expect(rows.map((r) => r.status).sort()).toEqual(['claimed', 'submitted']);
    expect(await db.db.select().from(requestEvents).where(inArray(requestEvents.requestId, [id1, id2]))).toHaveLength(2);
  });

  it('should keep one outbox row per dedupe key', async () => {
    const store = createStore(db.db);
    await store.transaction((tx) => tx.write(only([msg('-1', 'a', 'k-1')])));
    await store.transaction((tx) => tx.write(only([msg('-1', 'a again', 'k-1')])));
    expect(await db.db.select().from(outbox).where(eq(outbox.dedupeKey, 'k-1'))).toHaveLength(1);
  });

  it('should lease outbox rows so that two takers never get the same row', async () => {
    const store = createStore(db.db);
    // Thirty chats: a take gets at most the head of each lane (chat + recipient).
    await store.transaction((tx) => tx.write(only(Array.from({ length: 30 }, (_, i) => msg(`-9${i}`, `n${i}`)))));
    const box = createOutbox(db.db);
    const [a, b] = await Promise.all([box.take(20, 60_000), box.take(20, 60_000)]);
    const ids = [...a, ...b].map((r) => r.id);
    expect(new Set(ids).size).toBe(ids.length);
    expect(ids.length).toBeGreaterThanOrEqual(30);
    expect(await box.take(50, 60_000)).toEqual([]); // all leased
    await box.markSent(a[0].id, '77');
    const ref = await store.transaction((tx) => tx.messages.findSentRef('telegram', a[0].message.chatId, '77'));
    expect(ref).toBe(a[0].message.ref ?? null);
  });

  it('should list a queue by area subtree, oldest first', async () => {
    const store = createStore(db.db);
    const ids = await store.transaction(async (tx) => {
      const reporter = await tx.people.registerHousehold('telegram', 'q-user', '排队', 'MS020102');
      const out: number[] = [];
      for (const [i, area] of ['MS020102', 'MS010101', 'MS020102'].entries()) {
        const id = await tx.requests.nextId();
        const { request } = submitRequest({
          id, category: 'power', areaCode: area, place: 'x', detail: `d${i}`, phone: null, photos: [], sensitive: false, reporterId: reporter.personId,
          origin: { channel: 'telegram', chatId: '-1', userId: 'q-user', name: '排队' },
        }, Date.UTC(2026, 0, 1 + i));
        await tx.write({ created: [request], updated: [], events: [], messages: [] });
        out.push(id);
      }
      return out;
    });
    const township = await store.transaction((tx) => tx.requests.listQueue({ kind: 'areaQueues', within: 'MS02' }, ['submitted'], 50));
    expect(township.map((r) => r.id)).toEqual(expect.arrayContaining([ids[0], ids[2]]));
    expect(township.map((r) => r.id)).not.toContain(ids[1]);
    const grid = await store.transaction((tx) => tx.requests.listQueue({ kind: 'areaQueues', within: 'MS020102' }, ['submitted'], 50));
    expect(grid.map((r) => r.id)).toEqual([ids[0], ids[2]]);
  });
});
