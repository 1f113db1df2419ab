/**
 * The README's pictures, taken again (scripts/screenshots.ts, the same code as `npm run
 * screenshots`) into test/artifacts/screenshots/ — CI keeps them as artifacts — and compared,
 * loosely, with the committed ones in docs/img/: same width and height, file size within a
 * generous factor (the content has times and dates, so pixels differ from run to run).
 */
import fs from 'node:fs';
import path from 'node:path';
import { SCREENSHOTS, takeScreenshots } from '../../scripts/screenshots';

const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const OUT = path.join(__dirname, '../artifacts/screenshots');
const COMMITTED = path.join(__dirname, '../../docs/img');
/** How far a fresh picture's size may drift from the committed one (either way). */
const SIZE_FACTOR = 2.5;
jest.setTimeout(150_000);
const HAVE_BROWSER = fs.existsSync(CHROMIUM) || !!process.env.CI;
if (!HAVE_BROWSER) console.warn(`browser tests skipped: ${CHROMIUM} is missing (apt-get install chromium, or set CHROMIUM_PATH)`);
const describeBrowser = HAVE_BROWSER ? describe : describe.skip;

/** Width and height from a PNG's IHDR chunk. */
function pngSize(file: string): { width: number; height: number } {
  const head = fs.readFileSync(file).subarray(0, 24);
  if (head.toString('latin1', 1, 4) !== 'PNG') throw new Error(`${file} is not a PNG`);
  return { width: head.readUInt32BE(16), height: head.readUInt32BE(20) };
}

describeBrowser('the README pictures', () => {
  it('should be taken again like the committed ones', async () => {
    fs.rmSync(OUT, { recursive: true, force: true });
    const files = await takeScreenshots(OUT, CHROMIUM);
    expect(files.map((f) => path.basename(f)).sort()).toEqual(Object.keys(SCREENSHOTS).sort());
    for (const [name, viewport] of Object.entries(SCREENSHOTS)) {
      const fresh = path.join(OUT, name);
      const committed = path.join(COMMITTED, name);
      expect(fs.existsSync(committed)).toBe(true);
      expect(pngSize(fresh)).toEqual(viewport);
      expect(pngSize(committed)).toEqual(pngSize(fresh));
      const ratio = fs.statSync(fresh).size / fs.statSync(committed).size;
      expect({ name, ratio: ratio > 1 / SIZE_FACTOR && ratio < SIZE_FACTOR }).toEqual({ name, ratio: true });
    }
  });
});
