/**
 * Issue 16: channel limits hold for the fleet. Two instances (two lease runners and two outbox
 * senders on one database) drain one outbox against fakes that refuse beyond the limit —
 * Telegram 429 past its per-second rate, a WeCom group robot errcode 45009 past its window. Only
 * the holder of a channel's lease sends it: 0 refusals, each message once, ≥ 95 % of the limit used.
 * The limits are small so the test is short. On PostgreSQL only: a fleet shares a server.
 */
import { Api } from 'grammy';
import { createLeaseStore } from '../../adapters/db/leases.repository';
import { createOutbox } from '../../adapters/db/outbox.repository';
import { outbox } from '../../adapters/db/schema';
import type { Database } from '../../adapters/db/client';
import { createTelegramSender } from '../../adapters/telegram/telegram-sender';
import { createWecomSender } from '../../adapters/wecom/wecom-sender';
import type { Channel } from '../../core/model';
import { createSender, type OutboxSender } from '../../bots/outbox/sender';
import { createLease, type Lease } from '../../bots/process/lease';
import type { ChannelSender } from '../../bots/ports';
import { startFakeTelegram, type FakeTelegram } from '../support/fakes/fake-telegram';
import { startFakeWecom, type FakeWecom } from '../support/fakes/fake-wecom';
import { openTestDatabase, TEST_DATABASE_URL } from '../support/test-database';

const TG_PER_SECOND = 20;
const ROBOT_PER_WINDOW = 5;
const ROBOT_WINDOW_MS = 2_000;
const TG_MESSAGES = 80;
const ROBOT_MESSAGES = 3 * ROBOT_PER_WINDOW;

interface Instance {
  leases: Record<'telegram' | 'wecom', Lease>;
  sender: OutboxSender;
  sent: Record<string, number>;
}

// Several instances share a PostgreSQL server only (a PGlite folder has one process: the lock file).
const describeOnServer = TEST_DATABASE_URL ? describe : describe.skip;
const kind = 'postgres' as const;

describeOnServer('channel limits across two instances (PostgreSQL)', () => {
  let database: Database;
  let tg: FakeTelegram;
  let wc: FakeWecom;
  let instances: Instance[] = [];

  beforeAll(async () => {
    database = await openTestDatabase(kind);
    tg = await startFakeTelegram();
    wc = await startFakeWecom();
    tg.enforceLimits(TG_PER_SECOND, 1000);
    wc.enforceRobotLimit(ROBOT_PER_WINDOW, ROBOT_WINDOW_MS);
  });
  afterAll(async () => {
    for (const i of instances) {
      await i.sender.stop();
      await i.leases.telegram.stop();
      await i.leases.wecom.stop();
    }
    await tg?.close();
    await wc?.close();
    await database?.close();
  });

  function startInstance(name: string): Instance {
    const store = createLeaseStore(database.db);
    const sent: Record<string, number> = { telegram: 0, wecom: 0 };
    const counted = (s: ChannelSender): ChannelSender => ({ ...s, send: async (m, a) => {
      const r = await s.send(m, a);
      if (r.ok) sent[s.channel]++;
      return r;
    } });
    let sender: OutboxSender;
    const lease = (channel: 'telegram' | 'wecom') => createLease(store, `channel:${channel}`, { holder: name, ttlMs: 2_000, onGain: () => sender.poke() });
    const leases = { telegram: lease('telegram'), wecom: lease('wecom') };
    const telegram = createTelegramSender(new Api(tg.token, { apiRoot: tg.url }));
    const wecom = createWecomSender({
      apiBase: wc.url, routeOf: (id) => ({ mode: 'webhook', webhookKey: `key-${id}` }), robotPerMinute: ROBOT_PER_WINDOW, robotWindowMs: ROBOT_WINDOW_MS,
    });
    sender = createSender(createOutbox(database.db), [counted(telegram), counted(wecom)], {
      idleMs: 50,
      // A little under the provider's rate: what arrives there jitters by a few milliseconds.
      limits: { telegram: { perSecond: TG_PER_SECOND * 0.975, perChatPerMinute: 6000, chatBurst: 100 } },
      sends: (c: Channel) => (c === 'telegram' || c === 'wecom' ? leases[c].held : true),
    });
    leases.telegram.start();
    leases.wecom.start();
    sender.start();
    return { leases, sender, sent };
  }

  it('should keep to the limits with 0 refusals, send each message once and use ≥ 95 % of the limit', async () => {
    await database.db.insert(outbox).values([
      // One message to each of many private chats: only the bot-wide rate applies.
      ...Array.from({ length: TG_MESSAGES }, (_, i) => ({ channel: 'telegram', chatId: String(5000 + i), message: { channel: 'telegram' as const, chatId: String(5000 + i), text: `t${i}` } })),
      // Many messages to one group robot: its window applies.
      ...Array.from({ length: ROBOT_MESSAGES }, (_, i) => ({ channel: 'wecom', chatId: 'wg1', message: { channel: 'wecom' as const, chatId: 'wg1', text: `w${i}` } })),
    ]);
    instances = [startInstance('instance-a'), startInstance('instance-b')];
    const deadline = Date.now() + 20_000;
    while ((tg.sent.length < TG_MESSAGES || wc.delivered.length < ROBOT_MESSAGES) && Date.now() < deadline) await new Promise((r) => setTimeout(r, 100));

    expect(tg.throttled()).toBe(0);
    expect(wc.refusals()).toBe(0);
    expect(new Set(tg.sent.map((m) => m.text)).size).toBe(TG_MESSAGES);
    expect(tg.sent).toHaveLength(TG_MESSAGES);
    expect(new Set(wc.delivered.map((d) => d.content)).size).toBe(ROBOT_MESSAGES);
    expect(wc.delivered).toHaveLength(ROBOT_MESSAGES);
    // One instance sent each channel: the holder of its lease.
    for (const channel of ['telegram', 'wecom']) expect(instances.filter((i) => i.sent[channel] > 0)).toHaveLength(1);

    // Telegram: the rate from the first send to the last, against the limit.
    const tgTimes = tg.sent.map((m) => m.at!);
    const tgRate = ((TG_MESSAGES - 1) / (Math.max(...tgTimes) - Math.min(...tgTimes))) * 1000;
    // The robot: a full window's burst each window; the fastest possible is one window between bursts.
    const robotTimes = wc.delivered.map((d) => d.at!).sort((a, b) => a - b);
    const robotUsed = ((ROBOT_MESSAGES / ROBOT_PER_WINDOW - 1) * ROBOT_WINDOW_MS) / (robotTimes[ROBOT_MESSAGES - ROBOT_PER_WINDOW] - robotTimes[0]);
    console.log(`fleet limits (${kind}): telegram ${tgRate.toFixed(1)}/s of ${TG_PER_SECOND} (${((tgRate / TG_PER_SECOND) * 100).toFixed(1)} %), robot ${(robotUsed * 100).toFixed(1)} % of ${ROBOT_PER_WINDOW} per ${ROBOT_WINDOW_MS} ms`);
    expect(tgRate / TG_PER_SECOND).toBeGreaterThanOrEqual(0.95);
    expect(tgRate / TG_PER_SECOND).toBeLessThanOrEqual(1);
    expect(robotUsed).toBeGreaterThanOrEqual(0.95);
  }, 30_000);
});
