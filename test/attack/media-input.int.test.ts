/**
 * issue 13, bad media attacked below the channels: a 30 MB file, a download that never answers,
 * an expired URL (404), an executable with a photo's name, a truncated JPEG, an AI-bot file
 * decrypted with the wrong key. Each ends with a clear line to the sender; nothing is half-stored.
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { sql } from 'drizzle-orm';
import type { Database } from '../../adapters/db/client';
import { createBlobStore } from '../../adapters/db/blob.repository';
import { createMediaIntake, type MediaIntake } from '../../adapters/blobs/media-intake';
import { decryptBotFile, encryptBotFile } from '../../adapters/wecom/wecom-file-crypto';
import { createHarness, texts, type Harness } from '../support/harness';
import { makeExe, makeJpeg, makePng } from '../support/fixtures/media';
import { openTestDatabase } from '../support/test-database';

const KEY = 'abcdefghijklmnopqrstuvwxyz0123456789ABCDEFG'; // a 43-character EncodingAESKey
const HOUSEHOLD = { id: '5301', name: '李大爷' };

describe('bad media input', () => {
  let db: Database;
  let server: http.Server;
  let base: string;
  let intake: MediaIntake;
  let harness: Harness;
  const hits = new Map<string, number>();
  const blobCount = async () => (await db.db.execute(sql`select count(*)::int as n from blobs`) as unknown as { rows: { n: number }[] }).rows[0].n;

  beforeAll(async () => {
    db = await openTestDatabase('pglite');
    harness = await createHarness(db);
    const blobs = createBlobStore(db.db, { maxBytes: 10 * 1_048_576 });
    harness.deps.blobs = blobs;
    intake = createMediaIntake(blobs, { maxBytes: 10 * 1_048_576, timeoutMs: 800, retryDelayMs: 50 });
    intake.register('t', (p) => intake.download(`${base}/${p}`));
    intake.register('wxbot', async (p) => decryptBotFile(await intake.download(`${base}/${p}`), KEY));
    server = http.createServer((req, res) => {
      if (req.url === '/huge') {
        // 30 MB in chunks, no content-length: the cap must cut it off while reading.
        res.writeHead(200, { 'content-type': 'image/jpeg' });
        const chunk = Buffer.alloc(1_048_576, 1);
        let sent = 0;
        const pump = () => {
          while (sent < 30 && res.write(chunk)) sent++;
          if (sent >= 30) res.end();
          else res.once('drain', pump);
        };
        res.on('error', () => undefined);
        return pump();
      }
      hits.set(req.url ?? '', (hits.get(req.url ?? '') ?? 0) + 1);
      if (req.url === '/slow') return; // never answers
      if (req.url === '/flaky') return hits.get('/flaky') === 1 ? res.writeHead(503).end() : res.end(makePng(5, 5, 21));
      if (req.url === '/exe.jpg') return res.end(makeExe());
      if (req.url === '/cut.jpg') return res.end(makeJpeg(4000).subarray(0, 2500));
      if (req.url === '/enc-wrong') return res.end(encryptBotFile(makePng(), 'ZYXWVUTSRQPONMLKJIHGFEDCBA9876543210abcdefg'));
      if (req.url === '/enc') return res.end(encryptBotFile(makePng(6, 6, 9), KEY));
      res.writeHead(404).end('{"errcode":404}');
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  afterAll(async () => {
    server.closeAllConnections();
    await new Promise((r) => server.close(r));
    await db.close();
  });

  const photoMessage = (photo: string, text = '') => ({
    channel: 'telegram' as const, messageId: `m-${photo}-${text}`, chatId: HOUSEHOLD.id, chatType: 'private' as const, senderId: HOUSEHOLD.id, senderName: HOUSEHOLD.name,
    text, addressed: true, sourceMessageId: null, replyToMessageId: null, buttonData: null, photo, kind: 'photo' as const, at: 0,
  });

  it.each([
    ['t:huge', 'tooLarge', '文件太大'],
    ['t:slow', 'failed', '下载失败'],
    ['t:gone', 'failed', '下载失败'],
    ['t:exe.jpg', 'badType', '不是照片'],
    ['t:cut.jpg', 'badType', '不是照片'],
    ['wxbot:enc-wrong', 'failed', '下载失败'],
  ])('should refuse %s with a line to the sender and store nothing', async (ref, issue, line) => {
    const before = await blobCount();
    const started = Date.now();
    const msg = await intake.resolve(photoMessage(ref));
    expect(Date.now() - started).toBeLessThan(5_000);
    expect(msg).toMatchObject({ photo: null, mediaIssue: issue });
    expect(await blobCount()).toBe(before);
    const out = await harness.say(HOUSEHOLD, '', { ...msg, chatType: 'group', chatId: '-1001', addressed: true, messageId: `say-${ref}` });
    expect(texts(out)).toContain(line);
  });

  it('should try a download again after a 503, but never again after a 404', async () => {
    expect((await intake.resolve(photoMessage('t:flaky'))).photo).toMatch(/^blob:/);
    expect(hits.get('/flaky')).toBe(2);
    expect(hits.get('/gone')).toBe(1);
    expect(hits.get('/slow')).toBe(2); // a time-out is tried once more
  });

  it('should decrypt an AI-bot image with the bot key and keep it', async () => {
    const msg = await intake.resolve(photoMessage('wxbot:enc'));
    expect(msg.photo).toMatch(/^blob:[0-9a-f]{64}$/);
    expect(msg.mediaIssue).toBeUndefined();
  });

  it('should still register the report when its photo was lost, and say the photo was not kept', async () => {
    const msg = await intake.resolve(photoMessage('t:gone', '报事 3组王家门口的路灯坏了'));
    const out = await harness.say(HOUSEHOLD, msg.text, { ...msg, chatType: 'group', chatId: '-1001', addressed: true, messageId: 'lost-photo-report' });
    expect(texts(out)).toContain('下载失败');
    expect(texts(out)).toContain('已登记');
    // …and the request's timeline says so.
    const id = Number(/#(\d+)/.exec(texts(out))![1]);
    const timeline = await harness.deps.store.transaction((tx) => tx.requests.timeline(id));
    expect(timeline.map((e) => [e.type, e.note])).toContainEqual(['attach_failed', '照片下载失败']);
  });
});
