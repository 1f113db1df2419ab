/**
 * The guided demo (▶ 演示) played end to end in a real browser on a fresh minhu, fast (`?pace=`):
 * both panes, every step's answer coming from minhu through /playground/api/messages, and the
 * final state checked in the console. Then a second run on the same data is stopped midway.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { chromium, type Browser, type Page } from 'playwright-core';
import { zhCN } from '../../core/texts/zh-CN';
import { startMinhu, type MinhuProcess } from '../support/minhu-process';

const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const ARTIFACTS = path.join(__dirname, '../artifacts');
const ADMIN_TOKEN = 'demo-test-admin-token-0123456';
jest.setTimeout(120_000);
const HAVE_BROWSER = fs.existsSync(CHROMIUM) || !!process.env.CI;
if (!HAVE_BROWSER) console.warn(`browser tests skipped: ${CHROMIUM} is missing (apt-get install chromium, or set CHROMIUM_PATH)`);
const describeBrowser = HAVE_BROWSER ? describe : describe.skip;

describeBrowser('the guided demo in the playground', () => {
  let minhu: MinhuProcess;
  let browser: Browser;
  let dataDir: string;
  let page: Page;
  const url = (p: string) => `http://127.0.0.1:${minhu.port}${p}`;

  beforeAll(async () => {
    dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'minhu-demo-'));
    minhu = await startMinhu({ DATA_DIR: dataDir, PLAYGROUND: 'on', ADMIN_TOKEN });
    browser = await chromium.launch({ executablePath: CHROMIUM, args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking'] });
    page = await (await browser.newContext({ viewport: { width: 1280, height: 800 } })).newPage();
  });

  afterAll(async () => {
    await browser?.close();
    await minhu?.stop();
    fs.rmSync(dataDir, { recursive: true, force: true, maxRetries: 5, retryDelay: 200 });
  });

  async function shot(name: string): Promise<void> {
    fs.mkdirSync(ARTIFACTS, { recursive: true });
    await page.screenshot({ path: path.join(ARTIFACTS, `demo-${name}.png`) }).catch(() => undefined);
  }

  it('should play the whole story across both panes and leave its data', async () => {
    const posted: string[] = [];
    page.on('request', (r) => { if (r.method() === 'POST' && r.url().endsWith('/playground/api/messages')) posted.push(r.postData() ?? ''); });
    await page.goto(url('/playground?pace=0.15'));
    await page.locator('body[data-ready="true"]').waitFor();
    await page.getByRole('button', { name: '▶ 演示' }).click();
    await expect(page.getByRole('button', { name: '■ 停止' }).count()).resolves.toBe(1);
    try {
      await page.locator('body[data-demo="done"], body[data-demo="failed"]').waitFor({ timeout: 90_000 });
      await expect(page.locator('#narration').textContent()).resolves.toBe(zhCN['demo.done']);
    } catch (e) {
      await shot('failed');
      throw e;
    }
    await shot('done');
    await expect(page.getByRole('button', { name: '▶ 演示' }).count()).resolves.toBe(1);
    // Everything went through the real endpoint: a photo, the answer to the one question, claim,
    // resolve, the rating button, the urgent report, the notice and its confirmation, acks, 报表.
    const bodies = posted.map((b) => JSON.parse(b) as { text?: string; photo?: string; button?: string });
    expect(bodies.some((b) => b.photo?.startsWith('data:image/png;base64,'))).toBe(true);
    for (const text of ['3组王家门口', '认领 1', '办结 1 已换新灯泡，晚上亮了', '收到', '确认 1', '报表']) expect(bodies.map((b) => b.text)).toContain(text);
    expect(bodies.some((b) => b.button === 'rate:1:satisfied')).toBe(true);
    // The group pane shows the household's photo and the notice; the staff pane ends on the chart.
    await expect(page.locator('#log img[alt="照片"]').count()).resolves.toBe(1);
    await expect(page.locator('#log .bubble', { hasText: '停水检修' }).count()).resolves.toBeGreaterThan(0);
    await expect(page.locator('#staff-pane').isVisible()).resolves.toBe(true);
    await expect(page.locator('#staff-log img[alt="图表"]').count()).resolves.toBe(1);
    // 报表 without a month: this month so far (in the county's time zone, whatever today is).
    const month = Number(new Intl.DateTimeFormat('en', { timeZone: 'Asia/Shanghai', month: 'numeric' }).format(new Date()));
    await expect(page.locator('#staff-log .bubble', { hasText: `${month}月1日至今` }).count()).resolves.toBeGreaterThan(0);

    // The console shows the state the demo left.
    const admin = await (await browser.newContext({ viewport: { width: 1280, height: 800 } })).newPage();
    await admin.goto(url('/console'));
    await admin.getByLabel('管理员口令（ADMIN_TOKEN）').fill(ADMIN_TOKEN);
    await admin.getByRole('button', { name: '登录' }).click();
    await admin.waitForURL(url('/console'));
    await admin.goto(url('/console/requests/1'));
    const timeline = (await admin.locator('section[aria-labelledby="tl"] li').allTextContents()).join('\n');
    for (const word of ['登记', '张网格 认领', '办结', '评价']) expect(timeline).toContain(word);
    await admin.goto(url('/console/requests/2'));
    await expect(admin.getByText('2组李家').count()).resolves.toBeGreaterThan(0);
    await admin.goto(url('/console/report'));
    await expect(admin.locator('#received').textContent()).resolves.toBe('2');
    await admin.goto(url('/console/notices'));
    await expect(admin.locator('tbody tr', { hasText: '停水检修' }).locator('td').last().textContent()).resolves.toBe('2 户');
  });

  it('should stop when ■ 停止 is pressed, keeping what it did, and run again on existing data', async () => {
    await page.getByRole('button', { name: '▶ 演示' }).click();
    await page.locator('#log li.bot .bubble', { hasText: '请问具体位置' }).nth(1).waitFor({ timeout: 30_000 });
    await page.getByRole('button', { name: '■ 停止' }).click();
    await page.locator('body[data-demo="stopped"]').waitFor();
    await expect(page.locator('#narration').textContent()).resolves.toBe(zhCN['demo.stopped']);
    // The page is usable by hand at once.
    await page.getByLabel('选择身份').selectOption('zhangwangge');
    await page.getByPlaceholder('说点什么…').fill('待办');
    await page.getByPlaceholder('说点什么…').press('Enter');
    await page.locator('#log li.bot .bubble', { hasText: '待办' }).last().waitFor();
  });
});
