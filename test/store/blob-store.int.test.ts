/** The PostgreSQL blob store (issue 13), on PGlite and on a real PostgreSQL 15 server. */
import { eq, sql } from 'drizzle-orm';
import type { Database } from '../../adapters/db/client';
import { createBlobStore, deleteUnattachedBlobs } from '../../adapters/db/blob.repository';
import { blobs, people, requestAttachments } from '../../adapters/db/schema';
import { createStore } from '../../adapters/db/store';
import { DEMO_ORG_FILE, importOrg, readOrgFile } from '../../adapters/org/org-import';
import { submitRequest } from '../../core/request-lifecycle';
import { blobRef } from '../../bots/ports/blobs';
import { makeAmr, makeExe, makeJpeg, makePng } from '../support/fixtures/media';
import { DB_KINDS, openTestDatabase } from '../support/test-database';

describe.each(DB_KINDS)('blob store on %s', (kind) => {
  let db: Database;
  beforeAll(async () => {
    db = await openTestDatabase(kind);
    await importOrg(db.db, readOrgFile(DEMO_ORG_FILE));
  });
  afterAll(() => db.close());

  it('should store the same photo twice only once, with size and type', async () => {
    const store = createBlobStore(db.db);
    const png = makePng(4, 4, 7);
    const a = await store.put(png);
    const b = await store.put(png);
    expect(a).toEqual(b);
    if (!a.ok) throw new Error('refused');
    expect(a.blob).toMatchObject({ mime: 'image/png', size: png.length, kind: 'photo' });
    expect(await db.db.select({ n: sql<number>`count(*)::int` }).from(blobs).where(eq(blobs.sha256, a.blob.sha256))).toEqual([{ n: 1 }]);
    const back = await store.get(a.blob.sha256);
    expect(back?.mime).toBe('image/png');
    expect(Buffer.compare(back!.bytes, png)).toBe(0);
  });

  it('should refuse by content, not by name: executables, cut-off JPEGs, files over the limit', async () => {
    const store = createBlobStore(db.db, { maxBytes: 10_000 });
    const before = (await db.db.select().from(blobs)).length;
    expect(await store.put(makeExe())).toEqual({ ok: false, error: 'BLOB.BAD_TYPE' });
    expect(await store.put(makeJpeg(4000).subarray(0, 3000))).toEqual({ ok: false, error: 'BLOB.TRUNCATED' });
    expect(await store.put(makeJpeg(20_000))).toEqual({ ok: false, error: 'BLOB.TOO_LARGE' });
    expect(await store.get('../../etc/passwd')).toBeNull();
    expect((await db.db.select().from(blobs)).length).toBe(before); // nothing half-stored
    const voice = await store.put(makeAmr());
    expect(voice.ok && voice.blob).toMatchObject({ mime: 'audio/amr', kind: 'voice' });
  });

  it('should link a request\'s photos, voice and location as attachments when it is written', async () => {
    const blobsStore = createBlobStore(db.db);
    const photo = await blobsStore.put(makeJpeg(3000, 3));
    const voice = await blobsStore.put(makeAmr(900));
    if (!photo.ok || !voice.ok) throw new Error('refused');
    const [reporter] = await db.db.select().from(people).limit(1);
    const store = createStore(db.db);
    const id = await store.transaction(async (tx) => {
      const rid = await tx.requests.nextId();
      const { request, events } = submitRequest({
        id: rid, category: 'water', areaCode: 'MS01', queue: { kind: 'area', code: 'MS01' }, urgent: false, place: null, placeArea: null, detail: '漏水',
        phone: null, photos: [blobRef(photo.blob.sha256), blobRef(voice.blob.sha256), 'geo:31.2304,121.4737', blobRef('0'.repeat(64))], sensitive: false,
        reporterId: reporter.id, origin: { channel: 'web', chatId: 'c', userId: 'u', name: 'n' },
      }, 1_800_000_000_000, { claimMs: 1, answerMs: 2, resolveMs: 3 });
      await tx.write({ created: [request], updated: [], events, messages: [] });
      return rid;
    });
    const rows = await db.db.select().from(requestAttachments).where(eq(requestAttachments.requestId, id));
    expect(rows.map((r) => r.kind).sort()).toEqual(['location', 'photo', 'voice']);
    expect(rows.find((r) => r.kind === 'location')).toMatchObject({ lat: 31.2304, lng: 121.4737 });
    expect(await blobsStore.requestsOf(photo.blob.sha256)).toEqual([id]);
    expect(blobsStore.url(id, photo.blob.sha256)).toBe(`/console/requests/${id}/blobs/${photo.blob.sha256}`);

    // A day later the photos nobody attached (group chatter) are swept; attached ones stay.
    const stray = await blobsStore.put(makePng(3, 3, 99));
    if (!stray.ok) throw new Error('refused');
    expect(await deleteUnattachedBlobs(db.db, new Date(Date.now() - 3_600_000))).toBe(0); // too young
    await deleteUnattachedBlobs(db.db, new Date(Date.now() + 1000));
    expect(await blobsStore.get(stray.blob.sha256)).toBeNull();
    expect(await blobsStore.get(photo.blob.sha256)).not.toBeNull();
    expect(await blobsStore.get(voice.blob.sha256)).not.toBeNull();
  });
});
