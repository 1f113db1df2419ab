/**
 * Attack (issue 11.2), end to end on the database: a report with an emoji at every cut point,
 * NUL and lone surrogates (as a channel may deliver them) registers, and 进度 / 待办 / 查看
 * keep working for the reporter, the worker and the admin — on PGlite and PostgreSQL.
 */
import fc from 'fast-check';
import { desc } from 'drizzle-orm';
import type { Database } from '../../adapters/db/client';
import { outbox, requests } from '../../adapters/db/schema';
import { ADMIN, createHarness, texts, WORKER, type Harness } from '../support/harness';
import { DB_KINDS, openTestDatabase } from '../support/test-database';

const wellFormed = (s: string) => !/[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/.test(s);

describe.each(DB_KINDS)('attack: unstorable text in reports on %s (issue 11.2)', (kind) => {
  let db: Database;
  let h: Harness;
  const household = { id: '5101', name: '王😀\uD83D大妈' };
  const neighbour = { id: '5102', name: '李叔' };

  beforeAll(async () => {
    db = await openTestDatabase(kind);
    h = await createHarness(db);
  });
  afterAll(() => db.close());

  const last = async () => (await db.db.select().from(requests).orderBy(desc(requests.id)).limit(1))[0];

  it('should register a report whose text has an emoji at every cut point, NUL and lone surrogates', async () => {
    // 进度/待办 cut at 20, the receipt at 40, timeline notes at 30: emoji everywhere.
    const detail = `3组王家门口的路灯坏了${'😀👨‍👩‍👧‍👦🇨🇳'.repeat(12)}\u0000半夜\uD83D很黑\uDE00 电话138-1234-5678`;
    const out = await h.say(household, `报事 ${detail}`);
    const r = await last();
    expect(r).toBeDefined();
    expect(texts(out)).toContain(`#${r.id}`);
    expect(r.detail).not.toContain('\u0000');
    expect(wellFormed(r.detail)).toBe(true);
    expect(r.detail).toContain('\uFFFD很黑\uFFFD');
    expect(texts(out)).toContain('138****5678'); // found in its written form, shown masked
    expect(texts(out)).not.toMatch(/1234/);
  });

  it('should keep 进度, 待办 and 查看 working for everyone', async () => {
    const { id } = await last();
    expect(texts(await h.say(WORKER, `认领 ${id}`))).toContain(`#${id}`);
    expect(texts(await h.say(WORKER, `答复 ${id} ${'已联系电工🔧'.repeat(8)}\u0000\uDBFF明天修`))).toContain(`#${id}`);
    expect(texts(await h.say(household, '进度'))).toContain(`#${id}`);
    const list = texts(await h.say(WORKER, '待办'));
    expect(list).toContain(`#${id}`);
    expect(list).not.toContain('1234');
    expect(texts(await h.say(ADMIN, '待办', { chatType: 'private', chatId: ADMIN.id }))).toContain(`#${id}`);
    const shown = texts(await h.say(WORKER, `查看 ${id}`));
    expect(shown).toContain('已联系电工');
    expect(shown).not.toContain('1234'); // in the group: masked even for the worker
    // The neighbour's similar report reads the stored one for duplicates and still registers.
    expect(texts(await h.say(neighbour, '报事 3组路灯坏了😀😀 晚上太黑'))).toMatch(/#\d+|同一问题/);
    // Everything queued is well formed.
    for (const row of await db.db.select().from(outbox)) expect(wellFormed(JSON.stringify(row.message))).toBe(true);
  });

  it('should store random Unicode reports and list them', async () => {
    const unit = fc.oneof(fc.constantFrom('😀', '👨‍👩‍👧‍👦', '🇨🇳', 'e\u0301', '\u0000', '\uD83D', '\uDE00', '路灯', '坏了', ' '), fc.string({ unit: 'binary', maxLength: 4 }));
    const samples = fc.sample(fc.array(unit, { minLength: 5, maxLength: 60 }).map((p) => p.join('')), { seed: 42, numRuns: 8 });
    for (const [i, s] of samples.entries()) {
      const who = { id: `52${i}`, name: s.slice(0, 3) || '某' };
      await h.say(who, `报事 3组${s}路灯坏了`);
      await h.say(who, '5组18号'); // answers a place question if one was asked
      expect(texts(await h.say(who, '进度'))).not.toContain('没有');
    }
    expect(texts(await h.say(WORKER, '待办'))).toContain('待办');
  });
});
