/**
 * Issue 16: Telegram polling is held by one instance at a time. Three minhu processes on one
 * PostgreSQL poll the same fake Bot API, which answers 409 to a second open getUpdates as Telegram
 * does: no conflict ever. The holder stopped with SIGTERM releases its lease and the other polls
 * within a second or two; the holder killed with SIGKILL is replaced once its lease lapses. Every
 * message sent in between gets its receipt once.
 */
import { groupText, startFakeTelegram, type FakeTelegram } from '../support/fakes/fake-telegram';
import { startMinhu, waitFor, type MinhuProcess } from '../support/minhu-process';
import { createServerDatabase, TEST_DATABASE_URL } from '../support/test-database';

const GROUP = -1001;
const LEASE_SECONDS = 2;
const describeOnServer = TEST_DATABASE_URL ? describe : describe.skip;
const HELD = 'lease channel:telegram: held by this instance';

describeOnServer('Telegram polling held by one instance (three processes, one PostgreSQL)', () => {
  let fake: FakeTelegram;
  let drop: () => Promise<void>;
  const running: MinhuProcess[] = [];
  let env: Record<string, string>;

  beforeAll(async () => {
    fake = await startFakeTelegram();
    const server = await createServerDatabase();
    drop = server.drop;
    env = { TELEGRAM_BOT_TOKEN: fake.token, TELEGRAM_API_ROOT: fake.url, DATABASE_URL: server.url, CHANNEL_LEASE_SECONDS: String(LEASE_SECONDS) };
    running.push(...(await Promise.all([startMinhu(env), startMinhu(env), startMinhu(env)])));
  }, 60_000);
  afterAll(async () => {
    await Promise.all(running.map((p) => p.stop('SIGKILL')));
    await fake?.close();
    await drop?.();
  });

  const holds = (p: MinhuProcess) => p.logs.join('').split(HELD).length - 1;
  const receipts = () => fake.sent.filter((m) => m.text.includes('已登记')).length;

  it('should poll from one instance, hand over at once on SIGTERM and within the lease on SIGKILL', async () => {
    const holder = () => running.filter((p) => p.child.exitCode === null && p.child.signalCode === null && holds(p) > 0);
    const first = await waitFor('a holder', () => holder()[0]);
    fake.push(groupText(GROUP, { id: 5701, name: '郑大妈' }, '报事 1组水管漏水'));
    await waitFor('receipt 1', () => receipts() >= 1, 15_000);

    // A graceful stop releases the lease: another instance polls at once.
    const stopAt = Date.now();
    await first.stop('SIGTERM');
    const second = await waitFor('takeover after SIGTERM', () => holder()[0], 5_000);
    const gracefulMs = Date.now() - stopAt;
    fake.push(groupText(GROUP, { id: 5702, name: '王大爷' }, '报事 2组路灯不亮'));
    await waitFor('receipt 2', () => receipts() >= 2, 15_000);

    // The holder dies without a word: the last instance takes over once the lease lapses.
    const killAt = Date.now();
    await second.stop('SIGKILL');
    await waitFor('takeover after SIGKILL', () => holder()[0], (LEASE_SECONDS + 5) * 1000);
    const killedMs = Date.now() - killAt;
    fake.push(groupText(GROUP, { id: 5703, name: '李阿姨' }, '报事 3组井盖丢了'));
    await waitFor('receipt 3', () => receipts() >= 3, 15_000);

    console.log(`telegram lease: takeover ${gracefulMs} ms after SIGTERM, ${killedMs} ms after SIGKILL (lease ${LEASE_SECONDS} s); 409 conflicts ${fake.conflicts()}`);
    expect(gracefulMs).toBeLessThan(2_000);
    expect(killedMs).toBeLessThan((LEASE_SECONDS + 2) * 1000);
    expect(fake.conflicts()).toBe(0);
    expect(receipts()).toBe(3);
  }, 90_000);
});
