/**
 * The live queue's feed (issue 17): one poller per process reads the newest timeline event id
 * (`ConsolePort.latestChange`) while at least one console page listens, and tells every
 * listener when it moves — so a request registered, claimed or moved by any instance on the
 * same database shows in every open console within one interval. `poke()` reads at once (this
 * process just committed something); a LISTEN/NOTIFY hub can call it too.
 */
import type { Response } from 'express';
import { trackEventStream } from '../sse';

export interface ConsoleFeed {
  /** Calls `listener` with the new cursor whenever it moves; returns the unsubscribe function. */
  watch(listener: (cursor: number) => void): () => void;
  /** Reads the cursor now instead of at the next interval. */
  poke(): void;
  readonly listeners: number;
}

export function createConsoleFeed(latest: () => Promise<number>, intervalMs = 500): ConsoleFeed {
  const listeners = new Set<(cursor: number) => void>();
  let cursor = -1;
  let timer: NodeJS.Timeout | null = null;
  let reading = false;
  let again = false;
  const read = async () => {
    if (reading) {
      again = true;
      return;
    }
    reading = true;
    try {
      const now = await latest();
      if (now !== cursor) {
        const first = cursor === -1;
        cursor = now;
        if (!first) for (const l of listeners) l(now);
      }
    } catch {
      // A database hiccup: the next interval reads again.
    } finally {
      reading = false;
      if (again) {
        again = false;
        void read();
      }
    }
  };
  const ensureTimer = () => {
    if (timer || listeners.size === 0) return;
    timer = setInterval(() => void read(), intervalMs);
    timer.unref();
    void read();
  };
  return {
    watch(listener) {
      listeners.add(listener);
      ensureTimer();
      return () => {
        listeners.delete(listener);
        if (listeners.size === 0 && timer) {
          clearInterval(timer);
          timer = null;
          cursor = -1;
        }
      };
    },
    poke() {
      if (listeners.size) void read();
    },
    get listeners() {
      return listeners.size;
    },
  };
}

/** Streams feed changes to one browser as server-sent events (`event: change`), with a keep-alive every 20 s. */
export function streamFeed(res: Response, feed: ConsoleFeed, onClose: () => void): void {
  trackEventStream(res); // ended at shutdown with the playground's (issue 16)
  res.writeHead(200, { 'content-type': 'text/event-stream; charset=utf-8', 'cache-control': 'no-store, no-transform', connection: 'keep-alive', 'x-accel-buffering': 'no' });
  res.write('retry: 2000\n\n');
  const unwatch = feed.watch((cursor) => res.write(`event: change\ndata: ${cursor}\n\n`));
  const keepAlive = setInterval(() => res.write(': keep-alive\n\n'), 20_000);
  keepAlive.unref();
  res.on('close', () => {
    clearInterval(keepAlive);
    unwatch();
    onClose();
  });
}
