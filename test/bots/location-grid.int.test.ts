/**
 * issue 13: a location sent as the answer to "where?" puts the request in the grid whose centre
 * is nearest (the org file's optional `lat`, `lng`), within the village the chat belongs to.
 */
import type { Database } from '../../adapters/db/client';
import { DEMO_ORG_FILE, readOrgFile } from '../../adapters/org/org-import';
import type { OrgFile } from '../../core/org-file';
import { createHarness, texts, type Harness } from '../support/harness';
import { DB_KINDS, openTestDatabase } from '../support/test-database';

const VILLAGE_CHAT = '-1301';
const idOf = (text: string) => Number(/#(\d+)/.exec(text)![1]);

function orgWithCentres(): OrgFile {
  const org = readOrgFile(DEMO_ORG_FILE);
  const centres: Record<string, [number, number]> = { MS020101: [25.03, 102.7], MS020102: [25.04, 102.706] };
  return {
    ...org,
    areas: org.areas.map((a) => (centres[a.code] ? { ...a, lat: centres[a.code][0], lng: centres[a.code][1] } : a)),
    chats: [...org.chats, { channel: 'telegram', id: VILLAGE_CHAT, area: 'MS0201', title: '王家村村民群', role: 'household' } as OrgFile['chats'][number]],
  };
}

describe.each(DB_KINDS)('a location to the nearest grid on %s', (kind) => {
  let db: Database;
  let h: Harness;
  beforeAll(async () => {
    db = await openTestDatabase(kind);
    h = await createHarness(db, { org: orgWithCentres() });
  });
  afterAll(() => db.close());

  it('should queue a village group\'s report at the grid nearest the location it was sent with', async () => {
    const household = { id: '5501', name: '钱大妈' };
    const asked = await h.say(household, '报事 路灯坏了，晚上很黑', { addressed: true, chatId: VILLAGE_CHAT });
    expect(texts(asked)).toContain('具体位置');
    const out = await h.say(household, '', { photo: 'geo:25.0391,102.7052', kind: 'text', chatId: VILLAGE_CHAT });
    expect(texts(out)).toContain('已登记');
    const request = await h.deps.store.transaction((tx) => tx.requests.get(idOf(texts(out))));
    expect(request).toMatchObject({ placeArea: 'MS020102', queue: { kind: 'area', code: 'MS020102' }, photos: ['geo:25.0391,102.7052'] });
  });

  it('should leave a place named in words, and a location far from every centre, as they were', async () => {
    const named = await h.say({ id: '5502', name: '孙大爷' }, '报事 2组路口的路灯坏了', { addressed: true, chatId: VILLAGE_CHAT, photo: 'geo:25.0391,102.7052', kind: 'text' });
    const a = await h.deps.store.transaction((tx) => tx.requests.get(idOf(texts(named))));
    expect(a!.placeArea).toBe('MS020101'); // 2组 is 王家村1-3组网格: the words win over the point
    const far = await h.say({ id: '5503', name: '李大姐' }, '报事 路灯坏了，晚上很黑', { addressed: true, chatId: VILLAGE_CHAT });
    expect(texts(far)).toContain('具体位置');
    const out = await h.say({ id: '5503', name: '李大姐' }, '', { photo: 'geo:39.9042,116.4074', kind: 'text', chatId: VILLAGE_CHAT });
    const b = await h.deps.store.transaction((tx) => tx.requests.get(idOf(texts(out))));
    expect(b).toMatchObject({ placeArea: null, queue: { kind: 'area', code: 'MS0201' } });
  });
});
