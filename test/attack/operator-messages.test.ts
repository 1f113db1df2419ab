/**
 * Attack (an unlucky operator): an unwritable DATA_DIR used to stop minhu with PGlite's
 * `Failed query: CREATE SCHEMA …`. Now one line names the folder and what is wrong, exit 1
 * (issue 11 item 15).
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { dataDirProblem } from '../../adapters/db/data-dir';
import { startMinhu } from '../support/minhu-process';

describe('operator messages', () => {
  let tmp: string;
  beforeAll(() => {
    tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'minhu-attack-op-'));
  });
  afterAll(() => {
    fs.chmodSync(tmp, 0o700);
    fs.rmSync(tmp, { recursive: true, force: true });
  });

  it('should accept a writable folder, creating it, and memory://', () => {
    expect(dataDirProblem(path.join(tmp, 'new', 'data'))).toBeNull();
    expect(fs.existsSync(path.join(tmp, 'new', 'data'))).toBe(true);
    expect(dataDirProblem('memory://')).toBeNull();
  });

  it('should name the folder and the reason when a part of the path is a file', () => {
    const file = path.join(tmp, 'a-file');
    fs.writeFileSync(file, 'x');
    const problem = dataDirProblem(path.join(file, 'data'));
    expect(problem).toContain(`DATA_DIR "${path.join(file, 'data')}" cannot be used`);
    expect(problem).toMatch(/ENOTDIR|EEXIST/);
    expect(problem).toContain('DATA_DIR=');
  });

  (process.getuid?.() === 0 ? it.skip : it)('should name the missing permission (not as root, who may write anywhere)', () => {
    const locked = path.join(tmp, 'locked');
    fs.mkdirSync(locked, { mode: 0o500 });
    expect(dataDirProblem(locked)).toMatch(/no permission to write there for user uid \d+/);
  });

  it('should stop the process with that one line and exit 1, before PGlite', async () => {
    const file = path.join(tmp, 'another-file');
    fs.writeFileSync(file, 'x');
    const started = startMinhu({ DATA_DIR: path.join(file, 'data') }, 20_000);
    const error = await started.then(() => null, (e: Error) => e);
    expect(error?.message).toMatch(/exited with 1/);
    expect(error?.message).toContain(`DATA_DIR "${path.join(file, 'data')}" cannot be used`);
    expect(error?.message).not.toContain('CREATE SCHEMA');
  });
});
