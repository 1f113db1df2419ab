/**
 * Spawns the whole minhu process as `npm start` runs it (node --import tsx bots/main.ts) with the given
 * environment, and waits until it listens. Used by the end-to-end tests.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import path from 'node:path';

export interface MinhuProcess {
  port: number;
  logs: string[];
  child: ChildProcess;
  stop(signal?: NodeJS.Signals): Promise<void>;
}

const ROOT = path.join(__dirname, '../..');

/** Flood limits opened wide for scripted conversations (test/attack/ sets the real ones). */
export const TEST_FLOOD_ENV = { FLOOD_SENDER_PER_MINUTE: '100000', FLOOD_SENDER_PER_HOUR: '100000', FLOOD_CHAT_PER_MINUTE: '100000', FLOOD_REPEAT_SECONDS: '0', URGENT_ALERTS_PER_HOUR: '100000' };

/** Starts minhu; resolves once it logs its HTTP port (and Telegram, when configured, is connected). */
export function startMinhu(env: Record<string, string>, timeoutMs = 60_000, opts: { waitForTelegram?: boolean } = {}): Promise<MinhuProcess> {
  const child = spawn(process.execPath, ['--import', 'tsx', 'bots/main.ts'], {
    cwd: ROOT,
    // Tests send bursts to one group; the per-group pacing and the flood defence are tested where they matter.
    env: { PATH: process.env.PATH ?? '', PORT: '0', LOG_LEVEL: 'info', NODE_ENV: 'test', ENV_FILE: 'none', TELEGRAM_GROUP_PER_MINUTE: '6000', ...TEST_FLOOD_ENV, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const logs: string[] = [];
  return new Promise((resolve, reject) => {
    let port = 0;
    const timer = setTimeout(() => reject(new Error(`minhu did not start in ${timeoutMs} ms:\n${logs.join('')}`)), timeoutMs);
    const onData = (chunk: Buffer) => {
      const text = chunk.toString();
      logs.push(text);
      const m = /listening on port (\d+)/.exec(text);
      if (m) port = Number(m[1]);
      const ready = port && (!env.TELEGRAM_BOT_TOKEN || opts.waitForTelegram === false || logs.join('').includes('telegram: connected'));
      if (ready) {
        clearTimeout(timer);
        resolve({
          port, logs, child,
          stop: (signal = 'SIGTERM') => new Promise((done) => {
            if (child.exitCode !== null || child.signalCode !== null) return done();
            child.once('exit', () => done());
            child.kill(signal);
          }),
        });
      }
    };
    child.stdout!.on('data', onData);
    child.stderr!.on('data', onData);
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`minhu exited with ${code}:\n${logs.join('')}`));
    });
  });
}

/** Polls `predicate` until it holds or `timeoutMs` passes (then throws with `what`). */
export async function waitFor<T>(what: string, predicate: () => T | undefined | null | false, timeoutMs = 10_000): Promise<T> {
  const start = Date.now();
  for (;;) {
    const value = predicate();
    if (value) return value;
    if (Date.now() - start > timeoutMs) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}
