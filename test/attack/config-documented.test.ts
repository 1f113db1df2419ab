/**
 * An operator reads README's configuration table and .env.example, not adapters/config.ts: every
 * variable minhu reads is listed in both (found missing: the 微信客服 and customer-group variables),
 * nothing listed is stale, and no other module of the process reads the environment.
 */
import fs from 'node:fs';
import path from 'node:path';
import { CONFIG_VARIABLES } from '../../adapters/config';

const ROOT = path.join(__dirname, '..', '..');
const read = (file: string) => fs.readFileSync(path.join(ROOT, file), 'utf8');

function sourceFiles(dir: string): string[] {
  return fs.readdirSync(path.join(ROOT, dir), { withFileTypes: true }).flatMap((e) => {
    const rel = path.join(dir, e.name);
    return e.isDirectory() ? sourceFiles(rel) : e.name.endsWith('.ts') ? [rel] : [];
  });
}

describe('configuration variables are documented', () => {
  const readme = read('README.md');
  const tableRows = new Set([...readme.matchAll(/^\| `([A-Z][A-Z0-9_]+)` \|/gm)].map((m) => m[1]));

  it('should list every variable in README\'s configuration table, and none that minhu does not read', () => {
    expect(CONFIG_VARIABLES.length).toBeGreaterThan(50);
    expect(CONFIG_VARIABLES.filter((v) => !tableRows.has(v))).toEqual([]);
    expect([...tableRows].filter((v) => !CONFIG_VARIABLES.includes(v))).toEqual([]);
  });

  it('should give every variable a line in .env.example', () => {
    const example = read('.env.example');
    const lines = new Set([...example.matchAll(/^([A-Z][A-Z0-9_]+)=/gm)].map((m) => m[1]));
    // ENV_FILE names the file itself, so it is explained there rather than set.
    expect(CONFIG_VARIABLES.filter((v) => v !== 'ENV_FILE' && !lines.has(v))).toEqual([]);
    expect(example).toContain('ENV_FILE');
    expect([...lines].filter((v) => !CONFIG_VARIABLES.includes(v))).toEqual([]);
  });

  it('should read the environment only in adapters/config.ts', () => {
    const readers = ['adapters', 'bots', 'core'].flatMap(sourceFiles)
      .filter((f) => f !== path.join('adapters', 'config.ts'))
      .filter((f) => /\bprocess\.env\b/.test(read(f).replace(/\/\*[\s\S]*?\*\/|\/\/.*$/gm, '')));
    expect(readers).toEqual([]);
  });
});
