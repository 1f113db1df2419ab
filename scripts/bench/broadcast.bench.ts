/**
 * `broadcast`: a notice to G groups (default 10,000) through the real outbox and sender,
 * against an in-process fake channel that enforces the limit (default Telegram's 30 msgs/s,
 * 429 + retry_after beyond it). Reports the fan-out time for the outbox rows, the achieved
 * rate as a share of the limit (target ≥ 0.95) and the sender's CPU per message.
 */
import { sql } from 'drizzle-orm';
import type { Database } from '../../adapters/db/client';
import { createOutbox } from '../../adapters/db/outbox.repository';
import { storesFor } from '../../adapters/db/stores';
import { DEMO_ORG_FILE, importOrg, readOrgFile } from '../../adapters/org/org-import';
import { createBotDeps } from '../../bots/deps';
import { draftNotice, releaseNotice } from '../../bots/notices/notices';
import type { ChannelSender, SendResult } from '../../bots/ports';
import { createSender } from '../../bots/outbox/sender';

/** A channel that takes `perSecond` messages in any one-second window and answers 429 beyond. */
function limitedChannel(perSecond: number): ChannelSender & { delivered: number; refused: number } {
  const window: number[] = [];
  const channel = {
    channel: 'telegram' as const,
    delivered: 0,
    refused: 0,
    async send(): Promise<SendResult> {
      await new Promise((r) => setImmediate(r));
      const now = performance.now();
      while (window.length && now - window[0] >= 1000) window.shift();
      if (window.length >= perSecond) {
        channel.refused++;
        return { ok: false, retry: true, retryAfterMs: 1000, error: '429 Too Many Requests: retry after 1' };
      }
      window.push(now);
      channel.delivered++;
      return { ok: true, providerMessageId: String(channel.delivered) };
    },
  };
  return channel;
}

/** Runs the broadcast benchmark on `database`. */
export async function benchBroadcast(database: Database, label: string, groups: number, perSecond: number): Promise<string[]> {
  const org = readOrgFile(DEMO_ORG_FILE);
  const grids = org.areas.filter((a) => a.level === 'grid').map((a) => a.code);
  org.chats = Array.from({ length: groups }, (_, i) => ({ channel: 'telegram' as const, id: String(-7_000_000 - i), area: grids[i % grids.length] }));
  await importOrg(database.db, org);
  const deps = createBotDeps({ ...storesFor(database.db), org });
  let t0 = performance.now();
  const id = await deps.store.transaction(async (tx) => {
    const draft = await draftNotice(deps, tx, { personId: null, unit: '明水县', areaCode: 'MS' }, { scope: ['全县'], text: '12月1日起办理医保缴费,请相互转告', scheduledLocal: null, requiresAck: true });
    if (!draft.ok) throw new Error(draft.error.id);
    await releaseNotice(deps, tx, (await tx.notices.get(draft.value.id))!);
    return draft.value.id;
  });
  const fanOutMs = performance.now() - t0;
  const channel = limitedChannel(perSecond);
  const sender = createSender(createOutbox(database.db), [channel], { batchSize: 100, limits: { telegram: { perSecond, perChatPerMinute: 20, chatBurst: 5 } } });
  const cpu0 = process.cpuUsage();
  t0 = performance.now();
  sender.start();
  while (channel.delivered < groups) await new Promise((r) => setTimeout(r, 50));
  const seconds = (performance.now() - t0) / 1000;
  const cpu = process.cpuUsage(cpu0);
  await sender.stop();
  const [{ n }] = (await database.db.execute(sql`select count(*)::int as n from outbox where ref = ${`notice:${id}`} and status = 'sent'`) as unknown as { rows: { n: number }[] }).rows;
  const rate = groups / seconds;
  return [
    `broadcast fan-out (${label}): ${groups} outbox rows in ${fanOutMs.toFixed(0)} ms`,
    `broadcast send (${label}): ${groups} groups in ${seconds.toFixed(1)} s = ${rate.toFixed(1)} msgs/s at a limit of ${perSecond}/s → ratio ${(rate / perSecond).toFixed(3)} (target ≥ 0.95); 429s: ${channel.refused}; rows marked sent: ${n}`,
    `broadcast CPU (${label}): ${((cpu.user + cpu.system) / groups / 1000).toFixed(3)} ms per message (sender + outbox, this process)`,
  ];
}
