/**
 * Holds a named lease for this instance (issue 16): tries to take it every `renewMs`, keeps it
 * by renewing, and calls `onGain` / `onLose` as it changes hands. A holder that cannot renew
 * (the database is away) stops acting `marginMs` before its lease can lapse, so two instances
 * never act at once; a holder that dies is replaced once its lease lapses (`ttlMs`), and one that
 * stops releases it at once. The callbacks of one lease never overlap.
 */
import type { LeaseStore } from '../ports/leases';

export interface LeaseOptions {
  /** This instance's id (unique in the fleet: host, pid and a random part). */
  holder: string;
  /** How long a taken lease lasts unless renewed. (default: 6_000) */
  ttlMs?: number;
  /** How often the lease is renewed, or tried while another instance holds it. (default: ttlMs / 4) */
  renewMs?: number;
  /** Stop acting this long before the lease could lapse when renewals fail. (default: ttlMs / 4) */
  marginMs?: number;
  onGain?: () => unknown;
  onLose?: () => unknown;
  /** Told each change (metrics: minhu_leases_held). */
  observe?: (name: string, held: boolean) => void;
  log?: (level: 'info' | 'warn', message: string) => void;
}

export interface Lease {
  readonly name: string;
  /** True while this instance holds the lease (and may act on it). */
  readonly held: boolean;
  start(): void;
  /** Stops trying, calls `onLose` if held, and releases the lease for another instance. */
  stop(): Promise<void>;
}

/** Creates the runner of one lease; nothing happens until `start()`. */
export function createLease(store: LeaseStore, name: string, options: LeaseOptions): Lease {
  const ttlMs = options.ttlMs ?? 6_000;
  const renewMs = options.renewMs ?? Math.max(100, Math.floor(ttlMs / 4));
  const marginMs = options.marginMs ?? Math.floor(ttlMs / 4);
  let held = false;
  let validUntil = 0;
  let timer: NodeJS.Timeout | null = null;
  let stopped = true;
  let ticking: Promise<void> | null = null;
  // gain/lose callbacks run in order, one at a time.
  let changes: Promise<unknown> = Promise.resolve();

  const change = (now: boolean) => {
    if (held === now) return;
    held = now;
    options.observe?.(name, now);
    options.log?.(now ? 'info' : 'warn', now ? `lease ${name}: held by this instance` : `lease ${name}: no longer held by this instance`);
    const run = now ? options.onGain : options.onLose;
    changes = changes.then(() => run?.()).catch((e: unknown) => options.log?.('warn', `lease ${name}: ${now ? 'onGain' : 'onLose'} failed (${e instanceof Error ? e.message : String(e)})`));
  };

  async function tick(): Promise<void> {
    const started = Date.now();
    try {
      const ok = await store.acquire(name, options.holder, ttlMs);
      if (stopped) return;
      // The database set expires_at to its now() + ttl, no earlier than `started` + ttl here.
      if (ok) validUntil = started + ttlMs - marginMs;
      change(ok);
    } catch (e) {
      if (held && Date.now() >= validUntil) change(false);
      options.log?.('warn', `lease ${name}: could not renew (${e instanceof Error ? e.message : String(e)})`);
    }
  }

  function schedule(): void {
    if (stopped) return;
    // Wake early enough to let go in time when renewals hang.
    const wait = held ? Math.max(0, Math.min(renewMs, validUntil - Date.now())) : renewMs;
    timer = setTimeout(() => {
      if (held && Date.now() >= validUntil && ticking) change(false); // a renewal still hangs
      if (!ticking) ticking = tick().finally(() => (ticking = null));
      schedule();
    }, wait);
    timer.unref?.();
  }

  return {
    name,
    get held() {
      return held;
    },
    start() {
      if (!stopped) return;
      stopped = false;
      ticking = tick().finally(() => (ticking = null));
      schedule();
    },
    async stop() {
      stopped = true;
      if (timer) clearTimeout(timer);
      await ticking;
      const was = held;
      change(false);
      await changes;
      if (was) await store.release(name, options.holder).catch(() => undefined);
    },
  };
}

/** An id for this instance in the fleet: host, pid and a random part (a restarted pid is a new holder). */
export function instanceId(host: string, pid: number, random: string): string {
  return `${host}:${pid}:${random}`;
}
