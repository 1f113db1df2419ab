/**
 * The inbox (issue 11.3): a stored message whose handling fails is retried with backoff until
 * it succeeds, or parked as a dead letter after `maxAttempts`; a redelivery is stored once; two
 * runners (two processes) sharing the inbox never process a row at the same time.
 */
import { eq, sql } from 'drizzle-orm';
import type { Database } from '../../adapters/db/client';
import { createDeadLetters, createInbox } from '../../adapters/db/inbox.repository';
import { inbox as inboxTable } from '../../adapters/db/schema';
import { createInboxRunner } from '../../bots/inbox/inbox';
import type { InboundMessage } from '../../core/model';
import { DB_KINDS, openTestDatabase } from '../support/test-database';

let seq = 0;
const message = (text: string): InboundMessage => ({
  channel: 'telegram', messageId: `inbox-${process.pid}-${++seq}`, chatId: `chat-${seq % 3}`, chatType: 'group', senderId: 's', senderName: 'n',
  text, addressed: true, sourceMessageId: null, replyToMessageId: null, buttonData: null, photo: null, kind: 'text', at: 0,
});

describe.each(DB_KINDS)('the inbox (%s)', (kind) => {
  let database: Database;
  beforeAll(async () => {
    database = await openTestDatabase(kind);
  });
  afterAll(async () => {
    await database?.close();
  });
  const due = () => database.db.update(inboxTable).set({ nextAttemptAt: new Date(0) }).where(eq(inboxTable.status, 'pending'));

  it('should store a redelivery once and retry a failed message until it is processed', async () => {
    let failures = 2;
    const handled: string[] = [];
    const runner = createInboxRunner(createInbox(database.db), async (m) => {
      if (failures-- > 0) throw new Error('database restarted');
      handled.push(m.messageId);
    });
    const msg = message('报事 路灯坏了 \u0000 \uD800 😀');
    expect(await runner.accept(msg)).toBe('stored');
    expect(await runner.accept(msg)).toBe('duplicate');
    await runner.settled();
    for (let i = 0; i < 3; i++) {
      await due();
      await runner.drain();
    }
    expect(handled).toEqual([msg.messageId]);
    const [row] = await database.db.select().from(inboxTable).where(eq(inboxTable.messageId, msg.messageId));
    expect(row.status).toBe('done');
    expect(row.attempts).toBe(3);
    expect((row.message as InboundMessage).text).toBe('报事 路灯坏了  \uFFFD 😀'); // stored safely
  });

  it('should park a message that keeps failing as a dead letter', async () => {
    const runner = createInboxRunner(createInbox(database.db), async () => {
      // How drizzle reports a failed query: the statement's parameters (household text) included.
      throw Object.assign(new Error('Failed query: insert into requests …\nparams: 报事 电话13812345678'), { cause: Object.assign(new Error('always broken'), { code: '57P01' }) });
    }, { maxAttempts: 3 });
    const msg = message('x');
    await runner.accept(msg);
    await runner.settled();
    for (let i = 0; i < 4; i++) {
      await due();
      await runner.drain();
    }
    const [row] = await database.db.select().from(inboxTable).where(eq(inboxTable.messageId, msg.messageId));
    expect(row.status).toBe('dead');
    const letters = await createDeadLetters(database.db).list(10);
    const letter = letters.find((d) => d.messageId === msg.messageId);
    expect(letter?.reason).toContain('failed 3 times: 57P01: always broken');
    expect(letter?.reason).not.toContain('138'); // the reason names the cause, never the household's text
  });

  it('should let two runners share the inbox without processing a row twice at once', async () => {
    await database.db.execute(sql`update inbox set status = 'done' where status = 'pending'`);
    const store = createInbox(database.db);
    const ids: string[] = [];
    for (let i = 0; i < 30; i++) {
      const m = message(`m${i}`);
      ids.push(m.messageId);
      // Stored by a process that crashed before processing: the lease is already over.
      await database.db.insert(inboxTable).values({ channel: m.channel, messageId: m.messageId, message: m, lockedUntil: new Date(0) });
    }
    const seen = new Map<string, number>();
    const handle = async (m: InboundMessage) => {
      seen.set(m.messageId, (seen.get(m.messageId) ?? 0) + 1);
      await new Promise((r) => setTimeout(r, 5));
    };
    const a = createInboxRunner(store, handle, { batchSize: 4 });
    const b = createInboxRunner(createInbox(database.db), handle, { batchSize: 4 });
    await Promise.all([a.drain(), b.drain()]);
    expect(ids.every((id) => seen.get(id) === 1)).toBe(true);
  });
});
