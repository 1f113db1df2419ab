/**
 * Token buckets for the channels' documented limits (CHANNELS.md): a bucket per channel for
 * the bot as a whole (Telegram ≈ 30 msgs/s) and one per chat (Telegram groups 20 msgs/min,
 * with a small burst). A 429 pauses the whole channel for its `retry_after`.
 */

/** A token bucket; `now` is injected so tests can drive it. */
export class TokenBucket {
  private tokens: number;
  private last: number;
  private pausedUntil = 0;

  constructor(private readonly perSecond: number, private readonly capacity: number, private readonly now: () => number = Date.now) {
    this.tokens = capacity;
    this.last = now();
  }

  /** Milliseconds until a token is free (0: take one now, and it is taken). */
  tryTake(): number {
    const t = this.now();
    if (t < this.pausedUntil) return this.pausedUntil - t;
    this.tokens = Math.min(this.capacity, this.tokens + ((t - this.last) / 1000) * this.perSecond);
    this.last = t;
    if (this.tokens >= 1) {
      this.tokens -= 1;
      return 0;
    }
    return Math.ceil(((1 - this.tokens) / this.perSecond) * 1000);
  }

  /** Stops handing out tokens until `until`. */
  pause(until: number): void {
    this.pausedUntil = Math.max(this.pausedUntil, until);
  }
}

export interface ChannelLimits {
  /** Messages per second for the whole bot. */
  perSecond: number;
  /** Messages per minute to one group chat. */
  perChatPerMinute: number;
  /** Messages a chat may receive at once before its per-minute rate applies. */
  chatBurst: number;
}

/** Waits for a channel token and the chat's token, in that order of release. */
export class ChannelLimiter {
  private readonly global: TokenBucket;
  private readonly chats = new Map<string, TokenBucket>();
  private readonly waiting: (() => void)[] = [];
  private pumping = false;

  constructor(private readonly limits: ChannelLimits, private readonly now: () => number = Date.now) {
    // A burst of (about) one: the documented limits are per any one-second window, so tokens are
    // spread evenly. The tenth of a token over one lets a late timer catch up instead of losing
    // the time (a few milliseconds a token, several per cent of the rate).
    this.global = new TokenBucket(limits.perSecond, 1.1, now);
  }

  /** Resolves when a message may go to `chatId`. */
  async acquire(chatId: string): Promise<void> {
    const chat = this.chatBucket(chatId);
    for (let wait = chat.tryTake(); wait > 0; wait = chat.tryTake()) await sleep(wait);
    await this.acquireGlobal();
  }

  /**
   * Takes the chat's token without waiting: 0 when taken, else the milliseconds until one is free.
   * The sender uses this so that a chat at its rate never holds up the other chats.
   */
  reserveChat(chatId: string): number {
    return this.chatBucket(chatId).tryTake();
  }

  /**
   * Resolves when the channel as a whole may send one more message. Waiters are served in the
   * order they asked, by one timer (not one each), so tokens go out on time under load.
   */
  acquireGlobal(): Promise<void> {
    return new Promise((resolve) => {
      this.waiting.push(resolve);
      this.pump();
    });
  }

  private pump(): void {
    if (this.pumping) return;
    this.pumping = true;
    const next = () => {
      while (this.waiting.length > 0) {
        const wait = this.global.tryTake();
        if (wait > 0) return void setTimeout(next, wait);
        this.waiting.shift()!();
      }
      this.pumping = false;
    };
    next();
  }

  private chatBucket(chatId: string): TokenBucket {
    let chat = this.chats.get(chatId);
    if (!chat) {
      if (this.chats.size > 50_000) this.chats.clear(); // forget idle chats rather than grow without bound
      chat = new TokenBucket(this.limits.perChatPerMinute / 60, this.limits.chatBurst, this.now);
      this.chats.set(chatId, chat);
    }
    return chat;
  }

  /** A 429 with retry_after: the whole channel waits. */
  pause(ms: number): void {
    this.global.pause(this.now() + ms);
  }
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
