/**
 * Issue 16: `npm start` as operators run it. SIGTERM to npm's pid stops minhu gracefully and
 * leaves no process behind (tsx used to keep a child running); the `.env` file is read at
 * start; a second process on the same PGlite folder is refused with one line.
 */
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { startMinhu } from '../support/minhu-process';

const ROOT = path.join(__dirname, '../..');

/** Every process whose parent chain leads to `pid` (from /proc). */
function descendants(pid: number): number[] {
  const parent = new Map<number, number>();
  for (const entry of fs.readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const stat = fs.readFileSync(`/proc/${entry}/stat`, 'utf8');
      parent.set(Number(entry), Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]));
    } catch { /* gone */ }
  }
  const out: number[] = [];
  const walk = (p: number) => {
    for (const [child, ppid] of parent) if (ppid === p) { out.push(child); walk(child); }
  };
  walk(pid);
  return out;
}

const alive = (pid: number) => { try { process.kill(pid, 0); return true; } catch { return false; } };

describe('npm start (issue 16)', () => {
  let tmp: string;
  beforeAll(() => {
    tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'minhu-npm-start-'));
  });
  afterAll(() => fs.rmSync(tmp, { recursive: true, force: true }));

  it('should read .env, refuse a second process on its folder, and stop on SIGTERM to npm leaving no process', async () => {
    const dataDir = path.join(tmp, 'data');
    const envFile = path.join(tmp, 'minhu.env');
    fs.writeFileSync(envFile, `# written by the test\nDATA_DIR=${dataDir}\nAPP_LOCALE=zh-CN\nSCHEDULE_DAILY="30 8 * * *"\n`);
    const npm = spawn('npm', ['start', '--silent'], {
      cwd: ROOT, env: { PATH: process.env.PATH ?? '', HOME: os.homedir(), PORT: '0', ENV_FILE: envFile, NODE_ENV: 'test' }, stdio: ['ignore', 'pipe', 'pipe'],
    });
    let logs = '';
    npm.stdout!.on('data', (c: Buffer) => (logs += c.toString()));
    npm.stderr!.on('data', (c: Buffer) => (logs += c.toString()));
    const exited = new Promise<number | null>((resolve) => npm.once('exit', (code) => resolve(code)));
    const deadline = Date.now() + 60_000;
    while (!/listening on port \d+/.test(logs) && Date.now() < deadline && npm.exitCode === null) await new Promise((r) => setTimeout(r, 100));
    expect(logs).toMatch(/listening on port \d+/);
    expect(logs).toContain(`config: read ${envFile} (3 variables`);
    expect(logs).toContain(`PGlite in ${dataDir}`);

    // A second process on the same folder: one line, exit 1, the first one untouched.
    const second = await startMinhu({ DATA_DIR: dataDir }, 30_000).then(() => null, (e: Error) => e.message);
    expect(second).toMatch(/exited with 1/);
    expect(second).toContain(`DATA_DIR "${dataDir}" is in use by another minhu process (pid `);

    const tree = descendants(npm.pid!);
    expect(tree.length).toBeGreaterThan(0);
    npm.kill('SIGTERM');
    expect(await exited).toBe(0);
    const gone = Date.now() + 5_000;
    while (tree.some(alive) && Date.now() < gone) await new Promise((r) => setTimeout(r, 100));
    expect(tree.filter(alive)).toEqual([]);
    expect(logs).toMatch(/stopping \(SIGTERM\)[\s\S]*stopped in \d+ ms/);
    expect(fs.existsSync(path.join(dataDir, 'minhu.lock'))).toBe(false);
  }, 120_000);
});
