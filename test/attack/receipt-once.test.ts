/**
 * Attack (issue 11.13): a WeCom household must get its receipt once, whatever route it takes.
 * (a) The response_url call is delivered but its answer is lost (timeout): the retry must not
 * fall back to the group robot. (b) A process crashed after its response_url call and before
 * recording "sent": the next process retries the row on the response_url, hears "already used",
 * and counts it as delivered — not a second copy by the group robot.
 */
import { eq } from 'drizzle-orm';
import type { Database } from '../../adapters/db/client';
import { createOutbox } from '../../adapters/db/outbox.repository';
import { outbox } from '../../adapters/db/schema';
import { createStoreTx } from '../../adapters/db/store';
import { createWecomSender } from '../../adapters/wecom/wecom-sender';
import { createSender } from '../../bots/outbox/sender';
import type { OutboundMessage } from '../../core/model';
import { startFakeWecom, type FakeWecom } from '../support/fakes/fake-wecom';
import { DB_KINDS, openTestDatabase } from '../support/test-database';

const GROUP = 'wrDemoWangjia13';
const ROBOT_KEY = 'demo-robot-key-wangjia13';

describe.each(DB_KINDS)('one receipt, one route (%s)', (kind) => {
  let database: Database;
  let fake: FakeWecom;
  let seq = 0;

  beforeAll(async () => {
    database = await openTestDatabase(kind);
    fake = await startFakeWecom();
  });
  afterAll(async () => {
    await fake?.close();
    await database?.close();
  });

  const senderFor = () => createSender(createOutbox(database.db), [createWecomSender({
    apiBase: fake.url, timeoutMs: 300, routeOf: (id) => (id === GROUP ? { mode: 'webhook', webhookKey: ROBOT_KEY } : undefined),
  })], { maxAttempts: 5 });
  const queueReceipt = async (responseUrl: string): Promise<{ id: number; text: string }> => {
    const text = `<receipt ${kind} ${++seq}> #${seq} 已登记`;
    const message: OutboundMessage = { channel: 'wecom', chatId: GROUP, text, replyTo: responseUrl, ref: `receipt:${seq}`, dedupeKey: `receipt-once:${kind}:${seq}` };
    await createStoreTx(database.db).messages.enqueueNew([message]);
    const [row] = await database.db.select({ id: outbox.id }).from(outbox).where(eq(outbox.dedupeKey, message.dedupeKey!));
    return { id: row.id, text };
  };
  const copies = (text: string) => fake.delivered.filter((d) => d.content.includes(text));
  const drainUntilSent = async (id: number) => {
    const sender = senderFor();
    for (let i = 0; i < 40; i++) {
      await sender.drain();
      const [row] = await database.db.select().from(outbox).where(eq(outbox.id, id));
      if (row.status !== 'pending') return row;
      await database.db.update(outbox).set({ nextAttemptAt: new Date(0) }).where(eq(outbox.id, id)); // skip the backoff
    }
    throw new Error('the receipt was never marked sent');
  };

  it('should retry a response_url whose answer was lost on the response_url, not the group robot', async () => {
    fake.stallResponses(1_000);
    try {
      const { id, text } = await queueReceipt(fake.responseUrl());
      const row = await drainUntilSent(id);
      expect(row.status).toBe('sent');
      expect(row.route).toBe('response_url');
      expect(copies(text)).toHaveLength(1);
      expect(copies(text)[0].via).toBe('response_url');
    } finally {
      fake.stallResponses(0);
    }
  });

  it('should not send a second copy after a crash between the response_url call and "sent"', async () => {
    const url = fake.responseUrl();
    const { id, text } = await queueReceipt(url);
    // What the crashed process left: the route recorded, the call delivered, the row still pending.
    await database.db.update(outbox).set({ route: 'response_url', attempts: 1 }).where(eq(outbox.id, id));
    await fetch(url, { method: 'POST', body: JSON.stringify({ msgtype: 'markdown', markdown: { content: text } }) });
    expect(copies(text)).toHaveLength(1);
    const row = await drainUntilSent(id);
    expect(row.status).toBe('sent');
    expect(copies(text)).toHaveLength(1);
  });

  it('should still use the group robot when the response_url was taken by another reply', async () => {
    const url = fake.responseUrl();
    const first = await queueReceipt(url);
    const second = await queueReceipt(url);
    await drainUntilSent(second.id);
    await drainUntilSent(first.id);
    expect(copies(first.text)).toHaveLength(1);
    expect(copies(second.text)).toHaveLength(1);
    expect([copies(first.text)[0].via, copies(second.text)[0].via].sort()).toEqual(['response_url', 'webhook']);
  });
});
