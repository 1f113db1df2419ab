/**
 * issue 13 in a real browser: a playground upload becomes a stored photo; `查看` in the worker's
 * web chat shows it as an image, and the console dossier's thumbnail really loads (naturalWidth > 0).
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { chromium, type Browser, type Page } from 'playwright-core';
import { makePng } from '../support/fixtures/media';
import { startMinhu, type MinhuProcess } from '../support/minhu-process';

const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const ADMIN_TOKEN = 'photos-browser-admin-token-0123';
const HAVE_BROWSER = fs.existsSync(CHROMIUM) || !!process.env.CI;
const describeBrowser = HAVE_BROWSER ? describe : describe.skip;

describeBrowser('photos in a real browser', () => {
  let minhu: MinhuProcess;
  let browser: Browser;
  let dataDir: string;
  const url = (p: string) => `http://localhost:${minhu.port}${p}`;

  beforeAll(async () => {
    dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'minhu-photos-'));
    minhu = await startMinhu({ DATA_DIR: dataDir, ADMIN_TOKEN, PLAYGROUND: 'on' });
    browser = await chromium.launch({ executablePath: CHROMIUM, args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking'] });
  });
  afterAll(async () => {
    await browser?.close();
    await minhu?.stop();
    fs.rmSync(dataDir, { recursive: true, force: true });
  });

  // Runs in the page (a string, so that this file needs no DOM types).
  const loaded = (page: Page, selector: string) => page.waitForFunction(
    `(() => { const imgs = [...document.querySelectorAll(${JSON.stringify(selector)})]; return imgs.length > 0 && imgs.every((i) => i.complete && i.naturalWidth > 0); })()`,
    undefined, { timeout: 10_000 });

  it('should show an uploaded photo in 查看 and in the console', async () => {
    const setup = (await (await fetch(url('/playground/api/setup'))).json()) as { staff: { id: string; role: string }[] };
    const worker = setup.staff.find((s) => s.role === 'grid_worker')!;
    const photo = makePng(40, 30, 11);
    const posted = await fetch(url('/playground/api/messages'), {
      method: 'POST', headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ chat: 'wangjia13', from: 'h-wangdama', text: '@民呼 报事 3组王家门口的路灯坏了', photo: `data:image/png;base64,${photo.toString('base64')}` }),
    });
    expect(posted.status).toBe(202);

    const page = await (await browser.newContext({ viewport: { width: 1280, height: 800 } })).newPage();
    await page.goto(url(`/playground?chat=wangjia13&as=${worker.id}`));
    const receipt = await page.getByText(/已登记 #\d+/).first().textContent({ timeout: 10_000 });
    const id = Number(/#(\d+)/.exec(receipt ?? '')![1]);
    await page.getByPlaceholder('说点什么…').fill(`查看 ${id}`);
    await page.getByPlaceholder('说点什么…').press('Enter');
    await page.getByText(`#${id} 的照片`).first().waitFor({ timeout: 10_000 });
    await loaded(page, 'img');

    const admin = await (await browser.newContext({ viewport: { width: 1280, height: 800 } })).newPage();
    await admin.goto(url('/console'));
    await admin.getByLabel('管理员口令（ADMIN_TOKEN）').fill(ADMIN_TOKEN);
    await admin.getByRole('button', { name: '登录' }).click();
    await admin.waitForURL(url('/console'));
    await admin.goto(url(`/console/requests/${id}`));
    await loaded(admin, '.photos img');
    const size = await admin.evaluate(`(() => { const i = document.querySelector('.photos img'); return [i.naturalWidth, i.naturalHeight]; })()`);
    expect(size).toEqual([40, 30]);
    // A signed-out browser gets no photo.
    const stranger = await (await browser.newContext()).newPage();
    const src = await admin.locator('.photos img').first().getAttribute('src');
    const res = await stranger.goto(url(src!));
    expect(res?.url()).toContain('/console/login');
  });
});
