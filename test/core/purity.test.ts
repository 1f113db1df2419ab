import fs from 'node:fs';
import path from 'node:path';

/** CONVENTIONS.md §1: core imports only core and zod, and touches no clock, env or randomness. */
describe('core purity', () => {
  const root = path.join(__dirname, '../../core');
  const files = (dir: string): string[] =>
    fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) => (e.isDirectory() ? files(path.join(dir, e.name)) : e.name.endsWith('.ts') ? [path.join(dir, e.name)] : []));

  it('should import nothing outside core except zod', () => {
    for (const file of files(root)) {
      const source = fs.readFileSync(file, 'utf8');
      for (const [, spec] of source.matchAll(/from '([^']+)'/g)) {
        const ok = spec === 'zod' || (spec.startsWith('.') && path.resolve(path.dirname(file), spec).startsWith(root));
        expect([path.relative(root, file), spec, ok]).toEqual([path.relative(root, file), spec, true]);
      }
      expect(source).not.toMatch(/process\.env|Date\.now\(|new Date\(\)|Math\.random\(/);
    }
  });
});
