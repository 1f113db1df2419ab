/**
 * Issue 12 — the 微信客服 reply window counted in the database: 48 h after the household's last
 * message, at most 5 replies, shared by every process; a new message (even in the same second as
 * the last one: send_time has whole seconds) gives a fresh count, an older one does not.
 */
import type { Database } from '../../adapters/db/client';
import { createStore } from '../../adapters/db/store';
import type { Store } from '../../bots/ports';
import { DB_KINDS, openTestDatabase } from '../support/test-database';

const KF = 'wkWINDOW';
const H48 = 48 * 3_600_000;

describe.each(DB_KINDS)('the 微信客服 window on %s', (kind) => {
  let db: Database;
  let store: Store;
  beforeAll(async () => {
    db = await openTestDatabase(kind);
    store = createStore(db.db);
  });
  afterAll(() => db.close());

  const reserve = (ext: string) => store.transaction((tx) => tx.kf.reserve(KF, ext, H48, 5));
  const note = (ext: string, at: number) => store.transaction((tx) => tx.kf.noteIncoming(KF, ext, at));
  const takeAll = async (ext: string) => {
    let n = 0;
    while (n < 20 && (await reserve(ext))) n++;
    return n;
  };

  it('should allow 5 replies after a message, and none without one', async () => {
    expect(await reserve('wmNone')).toBe(false);
    const at = Math.floor(Date.now() / 1000) * 1000;
    await note('wmA', at);
    expect(await takeAll('wmA')).toBe(5);
  });

  it('should give a fresh count to a second message sent in the same second, not to an older one', async () => {
    const at = Math.floor(Date.now() / 1000) * 1000;
    await note('wmB', at);
    expect(await takeAll('wmB')).toBe(5);
    await note('wmB', at); // the next message, same send_time
    expect(await takeAll('wmB')).toBe(5);
    await note('wmB', at - 60_000); // a message from before (a late page): the count stays used
    expect(await reserve('wmB')).toBe(false);
  });

  it('should be closed 48 hours after the last message, and by WeCom saying so', async () => {
    await note('wmC', Date.now() - H48 - 5_000);
    expect(await reserve('wmC')).toBe(false);
    await note('wmD', Date.now());
    expect(await reserve('wmD')).toBe(true);
    await store.transaction((tx) => tx.kf.closeWindow(KF, 'wmD'));
    expect(await reserve('wmD')).toBe(false);
  });

  it('should never hand out more than 5 replies to processes reserving at once', async () => {
    await note('wmE', Date.now());
    const results = await Promise.all(Array.from({ length: 12 }, () => reserve('wmE')));
    expect(results.filter(Boolean)).toHaveLength(5);
  });
});
