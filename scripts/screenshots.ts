/**
 * `npm run screenshots`: the README's pictures, taken in a real browser (Debian's chromium through
 * playwright-core) from a fresh minhu with the demo county — the playground on a phone (390 px)
 * after the README story, the guided demo's two panes, the console's queue, a dossier and the
 * month's chart. Chinese is drawn with the Noto Sans SC web font minhu serves itself, so the
 * pictures look the same on a machine without CJK system fonts.
 *
 *   npm run screenshots [-- --out docs/img] [--chromium /usr/bin/chromium]
 *
 * The browser test test/e2e/screenshots.e2e.test.ts takes them again into test/artifacts/ and
 * compares them with the committed ones.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { chromium, type Browser, type Page } from 'playwright-core';
import { startMinhu } from '../test/support/minhu-process';
import { readReadmeStory } from '../test/support/readme-story';

/** The pictures, by file name, with the viewport each is taken at. */
export const SCREENSHOTS = {
  'playground.png': { width: 390, height: 844 },
  'playground-demo.png': { width: 1280, height: 800 },
  'console-queue.png': { width: 1280, height: 800 },
  'console-dossier.png': { width: 1280, height: 800 },
  'report-chart.png': { width: 1280, height: 800 },
} as const;
export type ScreenshotName = keyof typeof SCREENSHOTS;

const ADMIN_TOKEN = 'screenshots-admin-token-0123456789';
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Waits until the page's Noto Sans SC face is loaded and every font is ready; throws if it never loads. */
async function fontsReady(page: Page): Promise<void> {
  const faces = await page.evaluate<number>(`document.fonts.load('16px "Noto Sans SC"', '民呼').then((f) => f.length)`);
  if (faces < 1) throw new Error('the Noto Sans SC web font did not load');
  await page.evaluate('document.fonts.ready.then(() => true)');
}

/** Takes every picture into `outDir`; returns the files written. */
export async function takeScreenshots(outDir: string, chromiumPath: string): Promise<string[]> {
  fs.mkdirSync(outDir, { recursive: true });
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'minhu-screenshots-'));
  const minhu = await startMinhu({ DATA_DIR: dataDir, PLAYGROUND: 'on', ADMIN_TOKEN });
  let browser: Browser | null = null;
  const written: string[] = [];
  try {
    const url = (p: string) => `http://127.0.0.1:${minhu.port}${p}`;
    const setup = (await (await fetch(url('/playground/api/setup'))).json()) as { chats: { id: string }[]; households: { id: string; label: string }[]; staff: { id: string; label: string }[] };
    const idOf = (label: string) => [...setup.households, ...setup.staff].find((p) => p.label === label)?.id ?? label;
    const post = async (body: Record<string, unknown>) => {
      const res = await fetch(url('/playground/api/messages'), { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
      if (!res.ok) throw new Error(`playground refused ${JSON.stringify(body)}: ${res.status} ${await res.text()}`);
      await sleep(400); // let the outbox deliver minhu's answer before the next line
    };

    // The README story, as the README tells it.
    const story = readReadmeStory();
    const group = setup.chats[0].id;
    for (const step of story.steps) {
      if (step.kind === 'say') await post({ chat: group, from: idOf(step.persona), text: step.text });
      if (step.kind === 'press') await post({ chat: group, from: idOf(step.persona), button: 'rate:1:satisfied' });
    }

    browser = await chromium.launch({ executablePath: chromiumPath, args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking'] });
    const open = async (name: ScreenshotName, address: string) => {
      const page = await (await browser!.newContext({ viewport: SCREENSHOTS[name], deviceScaleFactor: 1, locale: 'zh-CN', timezoneId: 'Asia/Shanghai' })).newPage();
      await page.goto(url(address));
      return page;
    };
    const take = async (page: Page, name: ScreenshotName) => {
      await fontsReady(page);
      await sleep(300);
      const file = path.join(outDir, name);
      await page.screenshot({ path: file });
      written.push(file);
    };

    const phone = await open('playground.png', '/playground?as=h-wangdama');
    await phone.locator('#log li.bot .bubble', { hasText: '感谢您对 #1 的评价' }).waitFor();
    await take(phone, 'playground.png');

    const demo = await open('playground-demo.png', '/playground?pace=0.15');
    await demo.locator('body[data-ready="true"]').waitFor();
    await demo.getByRole('button', { name: '▶ 演示' }).click();
    await demo.locator('body[data-demo="done"], body[data-demo="failed"], body[data-demo="stopped"]').waitFor({ timeout: 90_000 });
    if ((await demo.locator('body').getAttribute('data-demo')) !== 'done') throw new Error(`the demo did not finish: ${await demo.locator('#narration').textContent()}`);
    await demo.locator('#staff-log img').last().scrollIntoViewIfNeeded();
    await take(demo, 'playground-demo.png');

    // A few more households, so the queue has rows to show.
    await post({ chat: 'dongfeng1', from: 'h-chenayi', text: '报事 幸福小区2栋电梯坏了，老人上不了楼' });
    await post({ chat: 'dongfeng1', from: 'h-liushifu', text: '报事 城关菜市场门口垃圾堆了好几天，味道很大' });
    await post({ chat: group, from: 'h-lidaye', text: '报事 2组村口的下水道堵了，一下雨就淹' });

    const admin = await open('console-queue.png', '/console/login');
    await admin.getByLabel('管理员口令（ADMIN_TOKEN）').fill(ADMIN_TOKEN);
    await admin.getByRole('button', { name: '登录' }).click();
    await admin.waitForURL(url('/console'));
    await take(admin, 'console-queue.png');
    await admin.goto(url('/console/requests/1'));
    await take(admin, 'console-dossier.png');
    await admin.goto(url('/console/report'));
    await admin.locator('#chart canvas, #chart svg').first().waitFor();
    await sleep(800); // the chart's entry animation
    await take(admin, 'report-chart.png');
    return written;
  } finally {
    await browser?.close();
    await minhu.stop();
    fs.rmSync(dataDir, { recursive: true, force: true });
  }
}

if (require.main === module) {
  const args = process.argv.slice(2);
  const flag = (name: string, fallback: string) => {
    const i = args.indexOf(name);
    return i >= 0 && args[i + 1] ? args[i + 1] : fallback;
  };
  const out = path.resolve(flag('--out', path.join(__dirname, '..', 'docs', 'img')));
  takeScreenshots(out, flag('--chromium', '/usr/bin/chromium')).then((files) => {
    for (const f of files) console.log(`${path.relative(process.cwd(), f)}  ${fs.statSync(f).size} bytes`);
  }, (e: Error) => {
    console.error(`screenshots failed: ${e.message}`);
    process.exitCode = 1;
  });
}
