/**
 * In a real browser (Debian's chromium through playwright-core): households and a grid worker
 * in the playground's web group, then the console — the request with its timeline, the month's
 * figures, and the console's security (sign-in, another grid's request, CSRF, one-time links).
 * On failure, screenshots of every page are saved under test/artifacts/.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { chromium, type Browser, type Page } from 'playwright-core';
import { startMinhu, type MinhuProcess } from '../support/minhu-process';

const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const ARTIFACTS = path.join(__dirname, '../artifacts');
const ADMIN_TOKEN = 'browser-test-admin-token-0123';
jest.setTimeout(90_000);
// CI (.ci/run) installs chromium and must run these; on a machine without it they are skipped, loudly.
const HAVE_BROWSER = fs.existsSync(CHROMIUM) || !!process.env.CI;
if (!HAVE_BROWSER) console.warn(`browser tests skipped: ${CHROMIUM} is missing (apt-get install chromium, or set CHROMIUM_PATH)`);
const describeBrowser = HAVE_BROWSER ? describe : describe.skip;

let minhu: MinhuProcess;
let browser: Browser;
let dataDir: string;
const pages: Record<string, Page> = {};

describeBrowser('in a real browser', () => {
  beforeAll(async () => {
    if (!fs.existsSync(CHROMIUM)) throw new Error(`${CHROMIUM} is missing: apt-get install chromium (as .ci/run does), or set CHROMIUM_PATH`);
    dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'minhu-browser-'));
    minhu = await startMinhu({ DATA_DIR: dataDir, ADMIN_TOKEN, PLAYGROUND: 'on' });
    browser = await chromium.launch({ executablePath: CHROMIUM, args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking'] });
  });

  afterAll(async () => {
    await browser?.close();
    await minhu?.stop();
    fs.rmSync(dataDir, { recursive: true, force: true, maxRetries: 5, retryDelay: 200 });
  });

  const url = (p: string) => `http://localhost:${minhu.port}${p}`; // the host the console links name

  /** Runs a step; on failure saves a screenshot of every open page, then rethrows. */
  async function step(name: string, fn: () => Promise<void>): Promise<void> {
    try {
      await fn();
    } catch (e) {
      fs.mkdirSync(ARTIFACTS, { recursive: true });
      for (const [who, p] of Object.entries(pages)) await p.screenshot({ path: path.join(ARTIFACTS, `${name}-${who}.png`), fullPage: true }).catch(() => undefined);
      throw e;
    }
  }

  async function openPlayground(who: string, as: string, chat = 'wangjia13', phone = true): Promise<Page> {
    const context = await browser.newContext(phone ? { viewport: { width: 390, height: 844 } } : { viewport: { width: 1280, height: 800 } });
    const page = await context.newPage();
    pages[who] = page;
    await page.goto(url(`/playground?chat=${chat}&as=${as}`));
    await page.getByLabel('选择身份').waitFor();
    return page;
  }

  async function say(page: Page, text: string): Promise<void> {
    await page.getByPlaceholder('说点什么…').fill(text);
    await page.getByPlaceholder('说点什么…').press('Enter');
  }

  async function adminConsole(): Promise<Page> {
    const context = await browser.newContext({ viewport: { width: 1280, height: 800 } });
    const page = await context.newPage();
    pages.admin = page;
    await page.goto(url('/console'));
    await page.getByLabel('管理员口令（ADMIN_TOKEN）').fill(ADMIN_TOKEN);
    await page.getByRole('button', { name: '登录' }).click();
    await page.waitForURL(url('/console'));
    return page;
  }

  it('should carry a report from a household tab to a worker tab and back to a rating, then show it in the console', async () => {
    let admin!: Page;
    await step('report-before', async () => {
      admin = await adminConsole();
      await admin.goto(url('/console/report'));
      await expect(admin.locator('#received').textContent()).resolves.toBe('0');
    });

    const household = await openPlayground('household', 'h-wangdama');
    const neighbour = await openPlayground('neighbour', 'h-lidaye');
    const worker = await openPlayground('worker', 'zhangwangge', 'wangjia13', false);

    await step('report', async () => {
      await say(household, '报事 3组王家门口的路灯坏了一个星期了 电话13812345678');
      // Everyone in the group sees the receipt live, with the phone number masked.
      for (const p of [household, neighbour, worker]) await p.getByText('已登记 #1').waitFor();
      await expect(worker.getByText('138****5678').count()).resolves.toBeGreaterThan(0);
      await expect(neighbour.getByText('13812345678', { exact: false }).count()).resolves.toBe(1); // only the household's own words
    });

    await step('claim-resolve', async () => {
      await say(worker, '认领 1');
      await household.getByText('#1 已由张网格认领').waitFor();
      await say(worker, '办结 1 路灯已换新');
      await household.getByText('#1 已办结：路灯已换新').waitFor();
    });

    await step('rate', async () => {
      await household.getByRole('button', { name: '满意', exact: true }).last().click();
      await household.getByText('感谢您对 #1 的评价：满意').waitFor();
    });

    await step('console', async () => {
      await admin.goto(url('/console/requests/1'));
      const timeline = admin.locator('section[aria-labelledby="tl"] li');
      await expect(timeline.allTextContents()).resolves.toEqual(expect.arrayContaining([
        expect.stringContaining('登记'), expect.stringContaining('张网格 认领'), expect.stringContaining('办结'), expect.stringContaining('评价'),
      ]));
      await expect(admin.getByText('3组王家门口').count()).resolves.toBeGreaterThan(0);
      await admin.goto(url('/console/report'));
      await expect(admin.locator('#received').textContent()).resolves.toBe('1');
      await expect(admin.locator('#chart canvas, #chart svg').count()).resolves.toBeGreaterThan(0);
    });
  });

  it('should act from the console through the same commands and permissions as the chat', async () => {
    const household = pages.household;
    await step('console-act', async () => {
      await say(household, '报事 5组12号门口水管漏水');
      await household.getByText('已登记 #2').waitFor();
      // 赵网格 (王家村4-6组) asks for a console link in private; it works once.
      const worker = await openPlayground('worker-dm', 'zhaowangge', 'wangjia13', false);
      await worker.getByLabel('选择群').selectOption('@me');
      await say(worker, '工作台');
      const link = await worker.getByText('/console/login/').textContent();
      const href = /http\S+\/console\/login\/\S+/.exec(link ?? '')![0];
      const page = await (await browser.newContext()).newPage();
      pages.workerConsole = page;
      await page.goto(href);
      await page.waitForURL(url('/console'));
      expect(page.url()).not.toContain('login'); // the token leaves the address bar
      // #2 was reported in the 1-3组 group, so it sits in that grid's queue: not this worker's —
      // by URL it is refused exactly like a number that does not exist.
      await page.goto(url('/console/requests/2'));
      await page.getByText('没有找到 #2，或您无权查看').waitFor();
      await page.goto(url('/console/requests/999'));
      await page.getByText('没有找到 #999，或您无权查看').waitFor();
      // The admin (county) may claim #2 — through the same command path as the chat.
      const again = await (await browser.newContext()).newPage();
      await again.goto(href);
      await again.getByText('链接无效、已用过或已过期').waitFor();

      const admin = pages.admin;
      await admin.goto(url('/console'));
      await admin.getByRole('link', { name: '#2' }).click();
      await admin.getByRole('button', { name: '认领' }).click();
      await admin.getByText('#2 已由郑管理认领').waitFor();
      await household.getByText('#2 已由郑管理认领').waitFor();
    });
  });

  it('should keep the console closed without a session and refuse forms without the CSRF token', async () => {
    const anonymous = await fetch(url('/console/requests/1'), { redirect: 'manual' });
    expect(anonymous.status).toBe(303);
    expect(anonymous.headers.get('location')).toBe('/console/login');
    const admin = pages.admin;
    const forged = await admin.request.post(url('/console/requests/2/act'), { form: { action: 'resolve', text: '伪造' } });
    expect(forged.status()).toBe(403);
    const wrongToken = await admin.request.post(url('/console/requests/2/act'), { form: { action: 'resolve', text: '伪造', _csrf: 'x'.repeat(24) } });
    expect(wrongToken.status()).toBe(403);
    await admin.goto(url('/console/requests/2'));
    await expect(admin.getByText('伪造').count()).resolves.toBe(0);
    const badLogin = await fetch(url('/console/login'), { method: 'POST', body: new URLSearchParams({ token: 'wrong' }), redirect: 'manual' });
    expect(badLogin.status).toBe(401);
  });

  it('should refuse bad playground input with a reason', async () => {
    const post = (body: unknown) => fetch(url('/playground/api/messages'), { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
    const noChat = await post({ chat: 'nowhere', from: 'h-wangdama', text: '你好' });
    expect(noChat.status).toBe(404);
    const nobody = await post({ chat: 'wangjia13', from: 'stranger', text: '你好' });
    expect(nobody.status).toBe(400);
    expect(((await nobody.json()) as { error: string }).error).toContain('unknown person');
    const empty = await post({ chat: 'wangjia13', from: 'h-wangdama', text: '   ' });
    expect(empty.status).toBe(400);
  });
});
