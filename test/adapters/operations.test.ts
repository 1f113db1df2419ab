/**
 * Issue 16, operations: the PGlite folder lock, `.env` (Node's parser and `source`), the
 * operator's lines for a busy port, a bad DATABASE_URL, a rejected Telegram token and WeCom
 * errcode 60020, and the bounded graceful stop.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { parseEnv } from 'node:util';
import { loadConfig, loadEnvFile } from '../../adapters/config';
import { LOCK_FILE, isRunning, lockDataDir } from '../../adapters/db/data-dir-lock';
import { explainConnectError, openDatabase } from '../../adapters/db/client';
import { closeServer, listen } from '../../adapters/http/listen';
import { explainTelegramError } from '../../adapters/telegram/telegram.adapter';
import { WecomApiError } from '../../adapters/wecom/wecom-api';
import { createShutdown } from '../../bots/process/shutdown';
import { TEST_DATABASE_URL } from '../support/test-database';

const ROOT = path.join(__dirname, '../..');

describe('operations (issue 16)', () => {
  let tmp: string;
  beforeAll(() => {
    tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'minhu-ops-'));
  });
  afterAll(() => fs.rmSync(tmp, { recursive: true, force: true }));

  describe('the PGlite folder lock', () => {
    it('should refuse a second holder with one line naming the pid and what to do, and take it after release', () => {
      const dir = path.join(tmp, 'a');
      fs.mkdirSync(dir);
      const first = lockDataDir(dir);
      expect(first.ok).toBe(true);
      // Another process's live lock: this test's parent (jest's worker parent) is alive and not us.
      const file = path.join(dir, LOCK_FILE);
      fs.writeFileSync(file, JSON.stringify({ pid: process.ppid, host: os.hostname(), startedAt: '2026-12-01T00:00:00Z' }));
      const second = lockDataDir(dir);
      expect(second.ok).toBe(false);
      if (!second.ok) {
        expect(second.problem).toContain(`DATA_DIR "${dir}" is in use by another minhu process (pid ${process.ppid}`);
        expect(second.problem).toContain('DATABASE_URL');
      }
      fs.rmSync(file);
      const third = lockDataDir(dir);
      expect(third.ok).toBe(true);
      if (third.ok) {
        third.release();
        expect(fs.existsSync(file)).toBe(false);
      }
    });

    it('should take over the lock of a process that no longer runs, and one that is unreadable', () => {
      const dir = path.join(tmp, 'b');
      fs.mkdirSync(dir);
      const dead = spawnSync(process.execPath, ['-e', 'process.stdout.write(String(process.pid))']).stdout.toString();
      expect(isRunning(Number(dead))).toBe(false);
      fs.writeFileSync(path.join(dir, LOCK_FILE), JSON.stringify({ pid: Number(dead), host: os.hostname(), startedAt: 'then' }));
      const taken = lockDataDir(dir);
      expect(taken.ok && taken.stale?.pid).toBe(Number(dead));
      if (taken.ok) taken.release();
      fs.writeFileSync(path.join(dir, LOCK_FILE), '{half');
      const again = lockDataDir(dir);
      expect(again.ok).toBe(true);
      if (again.ok) {
        expect(JSON.parse(fs.readFileSync(path.join(dir, LOCK_FILE), 'utf8')).pid).toBe(process.pid);
        again.release();
      }
    });
  });

  describe('.env', () => {
    it('should read a .env with Node\'s parser, the environment winning, and ENV_FILE=none reading nothing', () => {
      const file = path.join(tmp, '.env');
      fs.writeFileSync(file, 'PORT=4000\nLOG_LEVEL=debug # a comment\nSCHEDULE_DAILY="0 8 * * *"\n');
      const env: Record<string, string | undefined> = { LOG_LEVEL: 'warn' };
      expect(loadEnvFile(file, env)).toEqual({ file, set: 2 });
      expect(env).toEqual({ PORT: '4000', LOG_LEVEL: 'warn', SCHEDULE_DAILY: '0 8 * * *' });
      expect(loadEnvFile('none', env)).toBeNull();
      expect(loadEnvFile(path.join(tmp, 'absent.env'), env)).toBeNull();
    });

    it('should keep .env.example valid for Node\'s parser, for `source` (same values) and for the config', () => {
      const example = path.join(ROOT, '.env.example');
      const parsed = parseEnv(fs.readFileSync(example, 'utf8')) as Record<string, string>;
      expect(parsed.SCHEDULE_SLA_TICK).toBe('* * * * *');
      const sourced = execFileSync('bash', ['-c', `set -a; source "${example}" >/dev/null; set +a; node -e 'process.stdout.write(JSON.stringify(process.env))'`], { cwd: tmp, env: { PATH: process.env.PATH } }).toString();
      const env = JSON.parse(sourced) as Record<string, string>;
      for (const [key, value] of Object.entries(parsed)) expect([key, env[key]]).toEqual([key, value]);
      expect(() => loadConfig(parsed)).not.toThrow();
    });
  });

  describe('lines that say what to change', () => {
    it('should name PORT when the port is in use', async () => {
      const first = await listen((_q, r) => r.end(), 0);
      const port = (first.address() as AddressInfo).port;
      await expect(listen((_q, r) => r.end(), port)).rejects.toThrow(`PORT: port ${port} is already in use (another minhu or another program listens there); stop that program or set PORT to a free port`);
      await new Promise((r) => first.close(r));
    });

    it('should name DATABASE_URL for a refused connection, an unknown host and a wrong password', async () => {
      const closed = await listen((_q, r) => r.end(), 0);
      const port = (closed.address() as AddressInfo).port;
      await new Promise((r) => closed.close(r));
      await expect(openDatabase({ url: `postgres://u:p@127.0.0.1:${port}/db`, connectTimeoutMs: 2000 })).rejects.toThrow(`DATABASE_URL: nothing accepts connections at 127.0.0.1:${port}/db (ECONNREFUSED)`);
      expect(explainConnectError(Object.assign(new Error('getaddrinfo ENOTFOUND nohost'), { code: 'ENOTFOUND' }), 'postgres://u:p@nohost/db', 1000)).toContain('the host of nohost:5432/db is not known');
      expect(explainConnectError(Object.assign(new Error('database "x" does not exist'), { code: '3D000' }), 'postgres://minhu:p@h/x', 1000)).toContain('createdb -O minhu x');
      expect(() => loadConfig({ DATABASE_URL: 'postgres://a b' })).toThrow(/DATABASE_URL: is not a valid URL/);
    });

    (TEST_DATABASE_URL ? it : it.skip)('should say the password was refused by a real PostgreSQL', async () => {
      const url = new URL(TEST_DATABASE_URL!);
      url.password = 'certainly-wrong';
      await expect(openDatabase({ url: url.toString() })).rejects.toThrow(`refused the password for user "${decodeURIComponent(url.username)}"`);
    });

    it('should name TELEGRAM_BOT_TOKEN for a rejected token and TELEGRAM_API_ROOT for an unreachable API', () => {
      expect(explainTelegramError({ error_code: 401, description: 'Unauthorized' }, 'https://api.telegram.org')).toMatch(/^TELEGRAM_BOT_TOKEN was rejected by the Bot API at https:\/\/api.telegram.org \(401 Unauthorized\); copy the bot's token again from @BotFather/);
      expect(explainTelegramError(new Error('fetch failed'), 'http://10.0.0.1:8081')).toContain('set TELEGRAM_API_ROOT to a Bot API server it can reach');
    });

    it('should name the trusted-IP setting for WeCom errcode 60020', () => {
      const e = new WecomApiError(60020, 'not allow to access from your ip, hint: [x], from ip: 203.0.113.7', false);
      expect(e.message).toContain("WeCom does not trust this server's IP address 203.0.113.7: add it to the app's 企业可信IP");
    });
  });

  describe('the graceful stop', () => {
    it('should let a request in flight finish, refuse new connections, and resolve', async () => {
      let release!: () => void;
      const server = await listen((_q, res) => void new Promise<void>((r) => (release = r)).then(() => res.end('done')), 0);
      const port = (server.address() as AddressInfo).port;
      const inFlight = new Promise<string>((resolve) => http.get({ port, host: '127.0.0.1' }, (res) => {
        let body = '';
        res.on('data', (c) => (body += c)).on('end', () => resolve(body));
      }));
      await new Promise((r) => setTimeout(r, 100));
      const closing = closeServer(server, 5_000);
      await new Promise((r) => setTimeout(r, 50));
      const refused = await new Promise<string>((resolve) => http.get({ port, host: '127.0.0.1' }, () => resolve('answered')).on('error', (e: NodeJS.ErrnoException) => resolve(e.code ?? 'error')));
      expect(refused).toBe('ECONNREFUSED');
      release();
      expect(await inFlight).toBe('done');
      await closing;
    });

    it('should run the steps in order, go on past a failing one, and exit 1 when the bound passes', async () => {
      const ran: string[] = [];
      const exits: number[] = [];
      const ok = createShutdown(() => [
        { name: 'db', order: 90, run: () => ran.push('db') },
        { name: 'http', order: 10, run: () => { ran.push('http'); throw new Error('boom'); } },
      ], { timeoutMs: 1000, log: () => undefined, exit: (c) => exits.push(c) });
      await ok.stop('test');
      expect(ran).toEqual(['http', 'db']);
      expect(exits).toEqual([0]);
      const hung = createShutdown(() => [{ name: 'hangs', order: 1, run: () => new Promise(() => undefined) }], { timeoutMs: 100, log: () => undefined, exit: (c) => exits.push(c) });
      void hung.stop('test');
      await new Promise((r) => setTimeout(r, 250));
      expect(exits).toEqual([0, 1]);
    });
  });
});
