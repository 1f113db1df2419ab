/**
 * Graceful stop on SIGTERM and SIGINT: runs the steps in order (stop accepting, finish what is in
 * flight, release leases, give back the outbox rows in hand, close the database), each one
 * guarded so that a failing step never skips the next, and exits within `timeoutMs` whatever
 * happens. A second signal exits at once.
 */

export interface ShutdownStep {
  /** For the log ("http", "inbox" …). */
  name: string;
  /** Steps run by ascending order (then as added): http 10, channels 20, inbox 40, outbox 50, leases 60, database 90. */
  order: number;
  run: () => Promise<unknown> | unknown;
}

export interface ShutdownOptions {
  /** The longest the whole stop may take; then the process exits with 1. */
  timeoutMs: number;
  log: (level: 'info' | 'warn' | 'error', message: string) => void;
  /** (default: process.exit) */
  exit?: (code: number) => void;
}

export interface Shutdown {
  /** True once a stop has begun (channels stop retrying, health answers 503). */
  readonly stopping: boolean;
  /** Runs the steps once; later calls return the same promise. */
  stop(reason: string): Promise<void>;
  /** Installs the SIGTERM / SIGINT handlers. */
  onSignals(): void;
}

/** Creates the stop sequence over `steps` (read when the stop begins, so late wiring is included). */
export function createShutdown(steps: () => ShutdownStep[], options: ShutdownOptions): Shutdown {
  const exit = options.exit ?? ((code: number) => process.exit(code));
  let running: Promise<void> | null = null;
  const shutdown: Shutdown = {
    get stopping() {
      return running !== null;
    },
    stop(reason) {
      if (running) return running;
      const started = Date.now();
      options.log('info', `stopping (${reason}); at most ${options.timeoutMs} ms`);
      const bound = setTimeout(() => {
        options.log('error', `stopping took longer than ${options.timeoutMs} ms (SHUTDOWN_TIMEOUT_MS); exiting now`);
        exit(1);
      }, options.timeoutMs);
      bound.unref();
      running = (async () => {
        for (const step of [...steps()].sort((a, b) => a.order - b.order)) {
          try {
            await step.run();
          } catch (e) {
            options.log('warn', `stopping: ${step.name} failed (${e instanceof Error ? e.message : String(e)}); going on`);
          }
        }
        clearTimeout(bound);
        options.log('info', `stopped in ${Date.now() - started} ms`);
        exit(0);
      })();
      return running;
    },
    onSignals() {
      for (const signal of ['SIGTERM', 'SIGINT'] as const) {
        process.on(signal, () => {
          if (running) {
            options.log('warn', `${signal} again: exiting at once`);
            exit(1);
            return;
          }
          void shutdown.stop(signal);
        });
      }
    },
  };
  return shutdown;
}
