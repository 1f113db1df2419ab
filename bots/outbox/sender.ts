/**
 * Drains the outbox: takes due rows (the head of each lane: a chat and the person a message is
 * for), sends them through their channel, and records the result. A chat at its rate gives its
 * rows back for later instead of waiting, so no chat holds up another. A failed send is retried with backoff (or after the channel's
 * `retry_after`) and given up after `maxAttempts`, with the reason kept on the row.
 */
import type { Channel } from '../../core/model';
import type { ChannelSender, Outbox, OutboxItem, SendAttempt, SendResult } from '../ports';
import { ChannelLimiter, type ChannelLimits } from './rate-limit';
import type { Observer } from '../ports/observe';

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
  /** Issue 16: every send's outcome, for metrics. */
  observe?: Pick<Observer, 'sent'>;
  /**
   * Issue 16: whether this instance sends `channel` now (a channel whose limits must hold for the
   * fleet is sent by the holder of its lease only; its rows wait for that instance). (default: all)
   */
  sends?: (channel: Channel) => boolean;
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
  const sends = options.sends ?? (() => true);
  const limiters = new Map<Channel, ChannelLimiter>(Object.entries(options.limits ?? {}).map(([c, l]) => [c as Channel, new ChannelLimiter(l!)]));
  let timer: NodeJS.Timeout | null = null;
  let running: Promise<number> | null = null;
  let again = false;
  let stopped = true;
  /** Set by stop(): the round in hand sends what is in flight and gives the rest back. */
  let closing = false;
  let wakeTimer: NodeJS.Timeout | null = null;
  let wakeAt = 0;
  // When each lane (channel:chat:recipient) was last served, as a sequence number: within a chat
  // at its rate the lane served longest ago goes first, so lanes take turns (round-robin).
  const served = new Map<string, number>();
  let serveSeq = 0;
  /** Rows a round of this process holds now. */
  const inHand = new Set<number>();
  const laneKey = (item: OutboxItem) => `${item.message.channel}:${item.message.chatId}:${item.message.mention?.userId ?? ''}`;

  async function sendChat(items: OutboxItem[]): Promise<void> {
    for (let i = 0; i < items.length; i++) {
      const item = items[i];
      if (closing || !sends(item.message.channel)) {
        // Stopping, or the channel's lease is gone (issue 16): what is in hand goes back at once, for another instance.
        await outbox.defer(items.slice(i).map((x) => x.id), new Date());
        return;
      }
      const channel = byChannel.get(item.message.channel);
      if (!channel) {
        await outbox.markFailed(item.id, `channel ${item.message.channel} is not configured`);
        continue;
      }
      const limiter = limiters.get(item.message.channel);
      const wait = limiter?.reserveChat(item.message.chatId) ?? 0;
      if (wait > 0) {
        // The chat is at its rate: give the rest back for when its next token is due, and let
        // the other chats go on (a flooded chat never holds up a round).
        await outbox.defer(items.slice(i).map((x) => x.id), new Date(Date.now() + wait));
        wakeIn(wait);
        return;
      }
      await limiter?.acquireGlobal();
      if (served.size > 100_000) served.clear(); // forget idle lanes rather than grow without bound
      served.set(laneKey(item), ++serveSeq);
      let recorded = item.route ?? null;
      const attempt: SendAttempt = {
        route: recorded,
        async claimRoute(route) {
          if (route === recorded) return;
          await outbox.markRoute(item.id, route);
          recorded = route;
        },
      };
      const sendStarted = performance.now();
      const result: SendResult = await channel.send(item.message, attempt).catch((e: unknown) => ({ ok: false, retry: true, error: String(e), code: 'other' }));
      options.observe?.sent(item.message.channel, result.ok, result.ok ? undefined : result.code ?? 'other', (performance.now() - sendStarted) / 1000);
      if (!result.ok && result.chatOnly && result.retryAfterMs) {
        // This chat's own limit (a group robot's window): its rows wait, uncounted; the channel goes on.
        await outbox.defer(items.slice(i).map((x) => x.id), new Date(Date.now() + result.retryAfterMs));
        wakeIn(result.retryAfterMs);
        return;
      }
      if (!result.ok && result.retryAfterMs) limiter?.pause(result.retryAfterMs);
      if (result.ok) {
        await outbox.markSent(item.id, result.providerMessageId);
        continue;
      }
      if (!result.retry || item.attempts >= (channel.maxAttempts ?? maxAttempts)) {
        options.log?.('warn', 'outbox message given up', { id: item.id, error: result.error });
        await outbox.markFailed(item.id, result.error);
        continue;
      }
      // The chat failed: the rest of it this round waits for the same retry time (its lane waits behind the row).
      const at = new Date(Date.now() + (result.retryAfterMs ?? backoffMs(item.attempts)));
      for (const rest of items.slice(i)) await outbox.markRetry(rest.id, at, result.error);
      return;
    }
  }

  /** One round: take, then send. `onFull` is called as soon as the take filled a whole batch. */
  async function round(onFull?: () => void): Promise<number> {
    const channels = [...new Set<Channel>([...byChannel.keys()].filter(sends))];
    // A row of a channel this process has no sender for is given up (misconfiguration), unless leased elsewhere.
    const taken = await outbox.take(batchSize, leaseMs, options.sends ? channels : undefined);
    if (taken.length === batchSize) onFull?.();
    // Two rounds overlap: a row whose lease ran out while it waited for a token here is not sent twice.
    const items = taken.filter((item) => !inHand.has(item.id));
    for (const item of items) inHand.add(item.id);
    const chats = new Map<string, OutboxItem[]>();
    for (const item of items) {
      const key = `${item.message.channel}:${item.message.chatId}`;
      chats.set(key, [...(chats.get(key) ?? []), item]);
    }
    const turn = (item: OutboxItem) => served.get(laneKey(item)) ?? 0;
    try {
      await Promise.all([...chats.values()].map((chat) => sendChat(chat.sort((a, b) => turn(a) - turn(b) || a.id - b.id))));
    } finally {
      for (const item of items) inHand.delete(item.id);
    }
    return taken.length;
  }

  /** Runs again when rows given back for a chat's rate become due (the idle poll may be slower). */
  function wakeIn(ms: number): void {
    const at = Date.now() + ms;
    if (stopped || (wakeTimer && wakeAt <= at)) return;
    if (wakeTimer) clearTimeout(wakeTimer);
    wakeAt = at;
    wakeTimer = setTimeout(() => {
      wakeTimer = null;
      run();
    }, ms + 5);
    wakeTimer.unref();
  }

  async function drain(): Promise<number> {
    let total = 0;
    // A full batch means more is due: a second round takes the next rows while this one sends, so
    // the channel's tokens never go unused between rounds (the rate is the limit, not less). Rows
    // are only lane heads, so two rounds never hold two rows of one lane.
    let extra: Promise<void> | null = null;
    const overlap = () => {
      if (extra || closing) return;
      extra = (async () => {
        for (;;) {
          const n = await round();
          total += n;
          if (n < batchSize || closing) return;
        }
      })().catch((e: unknown) => options.log?.('error', 'outbox round failed', { error: String(e) })).finally(() => (extra = null));
    };
    // A round takes one row per lane, so a short round does not mean the outbox is empty:
    // go on until a round finds nothing due.
    for (;;) {
      const n = await round(overlap);
      total += n;
      if ((n === 0 && !again) || closing) {
        await extra;
        return total;
      }
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
      closing = false;
      timer = setInterval(run, idleMs);
      run();
    },
    async stop() {
      stopped = true;
      closing = true;
      if (timer) clearInterval(timer);
      if (wakeTimer) clearTimeout(wakeTimer);
      timer = null;
      wakeTimer = null;
      await running;
    },
  };
}
