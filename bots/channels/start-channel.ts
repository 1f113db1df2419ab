/**
 * Starts a channel on its own: never awaited by the others, retried with backoff (1 s … 60 s)
 * while it fails, saying what it waits for, and keeping its state for /healthz.
 */

export interface ChannelStates {
  /** The state of each channel: "connecting", "ok" or "error: …". */
  snapshot(): Record<string, string>;
  set(channel: string, state: string): void;
}

/** A mutable map of channel states. */
export function createChannelStates(): ChannelStates {
  const states = new Map<string, string>();
  return { snapshot: () => Object.fromEntries(states), set: (c, s) => void states.set(c, s) };
}

export interface StartChannelOptions {
  /** What is waited for, for the log ("getMe at https://api.telegram.org"); null: nothing to say. */
  waitingFor: string | null;
  log: (level: 'info' | 'warn', message: string) => void;
  /** Log "still waiting" after this. (default: 10_000) */
  patienceMs?: number;
  /** True once the process stops: no more attempts. */
  stopped?: () => boolean;
}

/** Runs `start` until it succeeds; returns at once (the attempts run in the background). */
export function startChannel(name: string, start: () => Promise<void>, states: ChannelStates, options: StartChannelOptions): void {
  states.set(name, 'connecting');
  if (options.waitingFor) options.log('info', `${name}: connecting (waiting for ${options.waitingFor})`);
  const patience = setTimeout(() => {
    if (states.snapshot()[name] !== 'ok') options.log('warn', `${name}: still waiting for ${options.waitingFor}; the other channels are serving`);
  }, options.patienceMs ?? 10_000);
  patience.unref?.();
  const attempt = async (n: number): Promise<void> => {
    try {
      await start();
      clearTimeout(patience);
      states.set(name, 'ok');
    } catch (e) {
      const reason = e instanceof Error ? e.message : String(e);
      states.set(name, `error: ${reason}`.slice(0, 200));
      if (options.stopped?.()) return;
      const wait = Math.min(60_000, 1000 * 2 ** n);
      options.log('warn', `${name}: could not connect (${reason}); trying again in ${Math.round(wait / 1000)} s`);
      const t = setTimeout(() => void attempt(n + 1), wait);
      t.unref?.();
    }
  };
  void attempt(0);
}
