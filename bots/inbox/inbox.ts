/**
 * The inbox use case: a channel calls `accept` with a verified, normalised message; it is
 * stored (one INSERT) before the channel is told "received", then processed inline at once.
 * What fails is retried by the worker with backoff (1 s, 2 s, 4 s … 5 min) — also rows left by
 * a crashed process, once their lease ends — and after `maxAttempts` parked as a dead letter.
 * Processing is `handleInbound`, which is idempotent: a row processed twice is handled once.
 */
import { errorSummary } from '../../core/error-summary';
import type { InboundMessage } from '../../core/model';
import { backoffMs } from '../outbox/sender';
import type { Inbox, InboxItem } from './ports';

export interface InboxRunnerOptions {
  /** How long a stored or taken row is reserved for this process. (default: 60_000) */
  leaseMs?: number;
  /** Attempts before a row goes to the dead letters. (default: 8) */
  maxAttempts?: number;
  /** How often the worker looks for due rows. (default: 1_000) */
  pollMs?: number;
  /** Rows taken per worker round. (default: 20) */
  batchSize?: number;
  /** Processed rows are deleted after this long. (default: 86_400_000, one day) */
  keepDoneMs?: number;
  log?: (level: 'info' | 'warn' | 'error', message: string, meta?: object) => void;
}

/** How `accept` ended: stored now, or already stored by an earlier delivery. */
export type AcceptOutcome = 'stored' | 'duplicate';

export interface InboxRunner {
  /**
   * Stores the message durably and starts processing it. Resolves once the row is committed —
   * only then may the channel be told "received"; rejects when it could not be stored.
   */
  accept(message: InboundMessage): Promise<AcceptOutcome>;
  /** Runs worker rounds until nothing is due; returns how many rows were processed. */
  drain(): Promise<number>;
  /** Resolves when the inline processing started so far has ended. */
  settled(): Promise<void>;
  start(): void;
  stop(): Promise<void>;
}

/** Creates the inbox runner over the Inbox port and the message handler. */
export function createInboxRunner(inbox: Inbox, handle: (message: InboundMessage) => Promise<unknown>, options: InboxRunnerOptions = {}): InboxRunner {
  const leaseMs = options.leaseMs ?? 60_000;
  const maxAttempts = options.maxAttempts ?? 8;
  const batchSize = options.batchSize ?? 20;
  const keepDoneMs = options.keepDoneMs ?? 86_400_000;
  const log = options.log ?? (() => undefined);
  const inflight = new Set<Promise<void>>();
  let timer: NodeJS.Timeout | null = null;
  let round: Promise<number> | null = null;
  let lastPurge = 0;

  /** Processes one row; never throws (a failure is recorded on the row, or left to its lease). */
  async function processItem(item: InboxItem): Promise<void> {
    try {
      await handle(item.message);
    } catch (e) {
      const error = errorSummary(e);
      const meta = { messageId: item.message.messageId, channel: item.message.channel, attempts: item.attempts, error };
      try {
        if (item.attempts >= maxAttempts) {
          log('error', 'inbox: message parked as a dead letter after repeated failures', meta);
          await inbox.markDead(item.id, `failed ${item.attempts} times: ${error}`);
        } else {
          log('warn', 'inbox: handling failed; will retry', meta);
          await inbox.markRetry(item.id, new Date(Date.now() + backoffMs(item.attempts)), error);
        }
      } catch (e2) {
        log('error', 'inbox: could not record the failure; the row is retried when its lease ends', { ...meta, cause: errorSummary(e2) });
      }
      return;
    }
    await inbox.markDone(item.id).catch((e: unknown) => {
      // Harmless: the worker takes the row again after its lease and handleInbound sees a duplicate.
      log('warn', 'inbox: could not mark a processed row done', { id: item.id, error: errorSummary(e) });
    });
  }

  function track(p: Promise<void>): void {
    inflight.add(p);
    void p.finally(() => inflight.delete(p));
  }

  async function drain(): Promise<number> {
    let total = 0;
    for (;;) {
      const items = await inbox.take(batchSize, leaseMs);
      // One chat's messages in order; different chats side by side.
      const chats = new Map<string, InboxItem[]>();
      for (const item of items) {
        const key = `${item.message.channel}:${item.message.chatId}`;
        chats.set(key, [...(chats.get(key) ?? []), item]);
      }
      await Promise.all([...chats.values()].map(async (list) => {
        for (const item of list) await processItem(item);
      }));
      total += items.length;
      if (items.length < batchSize) break;
    }
    if (Date.now() - lastPurge > 3_600_000) {
      lastPurge = Date.now();
      await inbox.purgeDone(new Date(Date.now() - keepDoneMs));
    }
    return total;
  }

  function tick(): void {
    if (round) return;
    round = drain()
      .catch((e: unknown) => {
        log('warn', 'inbox: worker round failed', { error: errorSummary(e) });
        return 0;
      })
      .finally(() => {
        round = null;
      });
  }

  return {
    async accept(message) {
      const item = await inbox.put(message, leaseMs);
      if (!item) return 'duplicate';
      track(processItem(item));
      return 'stored';
    },
    drain,
    async settled() {
      while (inflight.size) await Promise.all([...inflight]);
    },
    start() {
      if (timer) return;
      timer = setInterval(tick, options.pollMs ?? 1_000);
      timer.unref?.();
      tick();
    },
    async stop() {
      if (timer) clearInterval(timer);
      timer = null;
      await round;
      await this.settled();
    },
  };
}
