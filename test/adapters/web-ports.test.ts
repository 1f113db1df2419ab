import fs from 'node:fs';
import path from 'node:path';

/**
 * Issue 17 (quality bar): the web and HTTP adapters reach data through ports (bots/ports),
 * like every other door — no drizzle table, no SQL, no database handle in a route.
 */
describe('web adapters use ports', () => {
  const root = path.join(__dirname, '../../adapters');
  const files = (dir: string): string[] =>
    fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) => (e.isDirectory() ? files(path.join(dir, e.name)) : /\.(ts|js)$/.test(e.name) ? [path.join(dir, e.name)] : []));

  it.each(['web', 'http'])('should import no schema, drizzle or database client under adapters/%s', (folder) => {
    const found = files(path.join(root, folder)).flatMap((file) => {
      const source = fs.readFileSync(file, 'utf8');
      return [...source.matchAll(/from '([^']+)'/g)].map((m) => m[1]).filter((spec) => /db\/schema|drizzle-orm|db\/client|\/db\//.test(spec)).map((spec) => `${path.relative(root, file)}: ${spec}`);
    });
    expect(found).toEqual([]);
  });
});
