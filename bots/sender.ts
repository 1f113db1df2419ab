/**
 * Drains the outbox: takes due rows, sends each chat's messages in order through its channel,
 * and records the result. A failed send is retried with backoff (or after the channel's
 * `retry_after`) and given up after `maxAttempts`, with the reason kept on the row.
 */
import type { Channel } from '../core/model';
import type { ChannelSender, Outbox, OutboxItem, SendAttempt, SendResult } from './ports';
import { ChannelLimiter, type ChannelLimits } from './rate-limit';

export interface SenderOptions {
  /** Rows taken per round. (default: 50) */
  batchSize?: number;
  /** How long a taken row is reserved for this process. (default: 30_000) */
  leaseMs?: number;
  /** Attempts before a row is marked failed. (default: 8) */
  maxAttempts?: number;
  /** Poll interval when idle, for retries and rows queued by other processes. (default: 500) */
  idleMs?: number;
  /** Rate limits per channel; a channel without limits is not paced. */
  limits?: Partial<Record<Channel, ChannelLimits>>;
  log?: (level: 'warn' | 'error', message: string, meta?: object) => void;
}

export interface OutboxSender {
  /** Asks for a round as soon as possible (after a transaction queued messages). */
  poke(): void;
  /** Runs rounds until the outbox has nothing due; returns how many rows were handled. */
  drain(): Promise<number>;
  start(): void;
  stop(): Promise<void>;
}

/** Backoff after a failed attempt: 1 s, 2 s, 4 s … capped at 5 minutes. */
export function backoffMs(attempts: number): number {
  return Math.min(300_000, 1000 * 2 ** Math.max(0, attempts - 1));
}

/** Creates the sender over an outbox and the configured channels. */
export function createSender(outbox: Outbox, channels: ChannelSender[], options: SenderOptions = {}): OutboxSender {
  const byChannel = new Map<Channel, ChannelSender>(channels.map((c) => [c.channel, c]));
  const batchSize = options.batchSize ?? 50;
  const leaseMs = options.leaseMs ?? 30_000;
  const maxAttempts = options.maxAttempts ?? 8;
  const idleMs = options.idleMs ?? 500;
  const limiters = new Map<Channel, ChannelLimiter>(Object.entries(options.limits ?? {}).map(([c, l]) => [c as Channel, new ChannelLimiter(l!)]));
  let timer: NodeJS.Timeout | null = null;
  let running: Promise<number> | null = null;
  let again = false;
  let stopped = true;

  async function sendChat(items: OutboxItem[]): Promise<void> {
    for (let i = 0; i < items.length; i++) {
      const item = items[i];
      const channel = byChannel.get(item.message.channel);
      if (!channel) {
        await outbox.markFailed(item.id, `channel ${item.message.channel} is not configured`);
        continue;
      }
      const limiter = limiters.get(item.message.channel);
      await limiter?.acquire(item.message.chatId);
      let recorded = item.route ?? null;
      const attempt: SendAttempt = {
        route: recorded,
        async claimRoute(route) {
          if (route === recorded) return;
          await outbox.markRoute(item.id, route);
          recorded = route;
        },
      };
      const result: SendResult = await channel.send(item.message, attempt).catch((e: unknown) => ({ ok: false, retry: true, error: String(e) }));
      if (!result.ok && result.retryAfterMs) limiter?.pause(result.retryAfterMs);
      if (result.ok) {
        await outbox.markSent(item.id, result.providerMessageId);
        continue;
      }
      if (!result.retry || item.attempts >= maxAttempts) {
        options.log?.('warn', 'outbox message given up', { id: item.id, error: result.error });
        await outbox.markFailed(item.id, result.error);
        continue;
      }
      // Keep the chat's order: the rest of this chat waits for the same retry time.
      const at = new Date(Date.now() + (result.retryAfterMs ?? backoffMs(item.attempts)));
      for (const rest of items.slice(i)) await outbox.markRetry(rest.id, at, result.error);
      return;
    }
  }

  async function round(): Promise<number> {
    const items = await outbox.take(batchSize, leaseMs);
    const chats = new Map<string, OutboxItem[]>();
    for (const item of items) {
      const key = `${item.message.channel}:${item.message.chatId}`;
      chats.set(key, [...(chats.get(key) ?? []), item]);
    }
    await Promise.all([...chats.values()].map(sendChat));
    return items.length;
  }

  async function drain(): Promise<number> {
    let total = 0;
    for (;;) {
      const n = await round();
      total += n;
      if (n < batchSize && !again) return total;
      again = false;
    }
  }

  function run(): void {
    if (running) {
      again = true;
      return;
    }
    running = drain()
      .catch((e: unknown) => {
        options.log?.('error', 'outbox round failed', { error: String(e) });
        return 0;
      })
      .finally(() => {
        running = null;
        if (again && !stopped) {
          again = false;
          run();
        }
      });
  }

  return {
    poke: () => {
      if (!stopped) run();
    },
    drain,
    start() {
      stopped = false;
      timer = setInterval(run, idleMs);
      run();
    },
    async stop() {
      stopped = true;
      if (timer) clearInterval(timer);
      timer = null;
      await running;
    },
  };
}
