/**
 * Issue 17 in a real browser: the dossier (reporter panel, unmasking logged and shown to
 * supervisors, private replies and internal notes on the timeline, 认领 gone once claimed,
 * 不予受理 confirmed with its guidance, the PDF), sensitive requests per role by URL (the same
 * answer as a missing one), notices (structured composer, preview with channel warnings,
 * progress) and the month's report (CSV and Excel with Chinese headers, a bar opens its
 * requests); axe-core on every page at 390 px and 1280 px. One browser and one minhu.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { chromium, type Browser, type Page } from 'playwright-core';
import { startMinhu, type MinhuProcess } from '../support/minhu-process';
import { CHROMIUM, CHROMIUM_ARGS, checkPage, post, signedIn } from '../support/console-browser';

jest.setTimeout(150_000);
const HAVE_BROWSER = fs.existsSync(CHROMIUM) || !!process.env.CI;
const describeBrowser = HAVE_BROWSER ? describe : describe.skip;
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

describeBrowser('the console dossier, notices and report in a real browser', () => {
  let minhu: MinhuProcess;
  let browser: Browser;
  let dataDir: string;
  let base: string;
  let worker: Page;
  let admin: Page;
  const pages: Record<string, string> = {};

  beforeAll(async () => {
    dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'minhu-console-dossier-'));
    minhu = await startMinhu({ DATA_DIR: dataDir, PLAYGROUND: 'on' });
    base = `http://localhost:${minhu.port}`;
    browser = await chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_ARGS });
    await post(base, { chat: 'wangjia13', from: 'h-wangdama', text: '报事 3组王家门口的路灯坏了 电话13812345678' }); // #1
    await post(base, { chat: 'wangjia13', from: 'h-lidaye', text: '报事 2组村主任王某某优亲厚友，低保名额给了自己亲戚' }); // #2, sensitive (integrity)
    await post(base, { chat: 'wangjia13', from: 'h-chenayi', text: '报事 3组12号宅基地纠纷，法院判了对方不执行' }); // #3
    await sleep(500);
    worker = await signedIn(browser, base, 'zhangwangge');
    admin = await signedIn(browser, base, 'zhengguanli');
  });
  afterAll(async () => {
    await browser?.close();
    await minhu?.stop();
    fs.rmSync(dataDir, { recursive: true, force: true, maxRetries: 5, retryDelay: 200 });
  });

  it('should unmask the phone only for who handles the request, and log it for supervisors', async () => {
    await worker.goto(`${base}/console/requests/1`);
    await expect(worker.locator('#who ~ dl').textContent()).resolves.toContain('138****5678');
    await worker.getByRole('button', { name: /显示完整号码/ }).click();
    await worker.getByText('本次查看已记录').waitFor();
    await expect(worker.locator('#who ~ dl').textContent()).resolves.toContain('13812345678');
    // The admin oversees the county but does not handle #1: no button, and the record shows who looked.
    await admin.goto(`${base}/console/requests/1`);
    await expect(admin.getByRole('button', { name: /显示完整号码/ }).count()).resolves.toBe(0);
    await expect(admin.locator('#aud ~ ul').textContent()).resolves.toContain('张网格（工作台）');
    await admin.goto(`${base}/console/audit`);
    await expect(admin.locator('tbody tr').first().textContent()).resolves.toMatch(/张网格.*#1.*工作台/);
    pages.audit = `${base}/console/audit`;
  });

  it('should claim (then offer no 认领), answer privately and keep a note, all on the timeline', async () => {
    await worker.goto(`${base}/console/requests/1`);
    await worker.getByRole('button', { name: '认领', exact: true }).click();
    await worker.getByText('#1 已由张网格认领').first().waitFor();
    await expect(worker.getByRole('button', { name: '认领', exact: true }).count()).resolves.toBe(0);
    await worker.getByLabel(/私信内容/).fill('明天上午电工上门，请家里留人');
    await worker.getByRole('button', { name: '私信群众' }).click();
    await worker.getByText('已私信 #1 的群众').waitFor();
    // Keyboard only: the note's box, Tab to its button, Enter.
    await worker.getByLabel(/备注内容/).focus();
    await worker.keyboard.type('户主白天在镇上打工');
    await worker.keyboard.press('Tab');
    await worker.keyboard.press('Enter');
    await worker.getByText('已给 #1 记下内部备注').waitFor();
    const timeline = await worker.locator('ol.timeline li').allTextContents();
    expect(timeline).toEqual(expect.arrayContaining([expect.stringMatching(/私信群众：明天上午电工上门/), expect.stringMatching(/内部备注：户主白天在镇上打工.*仅工作人员可见/)]));
    pages.dossier = `${base}/console/requests/1`;
    const pdf = await worker.request.get(`${base}/console/requests/1/dossier.pdf`);
    expect(pdf.headers()['content-type']).toBe('application/pdf');
    const bytes = await pdf.body();
    expect(bytes.subarray(0, 5).toString()).toBe('%PDF-');
    expect(bytes.length).toBeGreaterThan(5_000);
    expect(bytes.length).toBeLessThan(2_000_000); // the font is embedded as a subset
  });

  it('should ask before 不予受理 and show the guidance the household will get', async () => {
    await admin.goto(`${base}/console/requests/3`);
    if (!(await admin.getByLabel(/不予受理的理由/).count())) throw new Error(await admin.locator('main').innerText());
    await admin.getByLabel(/不予受理的理由/).fill('属于法院已判决事项');
    await admin.getByRole('button', { name: '不予受理…' }).click();
    await admin.getByText('涉及诉讼、仲裁的事项，请通过法院等法定途径解决').waitFor();
    await admin.getByRole('button', { name: '确认不予受理' }).click();
    await admin.getByText('#3 不予受理：属于法院已判决事项').first().waitFor();
    await expect(admin.locator('#facts ~ dl').textContent()).resolves.toContain('不予受理');
  });

  it('should answer a sensitive request by URL as if missing for every role the table does not name', async () => {
    const missing = async (page: Page, id: number) => {
      await page.goto(`${base}/console/requests/${id}`);
      return (await page.locator('main').textContent())!.replaceAll(String(id), 'N');
    };
    const notFound = await missing(worker, 999);
    for (const who of ['zhouzhujian', 'liudiaodu', 'wangzhishu']) { // department, township dispatcher, village grid leader
      const page = await signedIn(browser, base, who, 'phone');
      expect([who, await missing(page, 2)]).toEqual([who, notFound]);
      expect([who, (await page.request.get(`${base}/console/requests/2/dossier.pdf`)).status()]).toEqual([who, 404]);
      await page.goto(`${base}/console?q=%E4%BD%8E%E4%BF%9D`);
      await expect(page.locator('tr[data-id="2"]').count()).resolves.toBe(0);
      await page.context().close();
    }
    expect(await missing(worker, 2)).toEqual(notFound);
    const supervisor = await signedIn(browser, base, 'wuducha');
    await supervisor.goto(`${base}/console/requests/2`);
    await expect(supervisor.locator('#facts ~ dl').textContent()).resolves.toContain('低保');
    await supervisor.context().close();
  });

  it('should compose a notice over the org tree, warn about channels not connected, confirm and show progress by group', async () => {
    await admin.goto(`${base}/console/notices`);
    await admin.getByLabel('王家村').check();
    await admin.getByLabel('通知内容').fill('明天上午9点至12点停水，请提前储水');
    await admin.getByLabel(/需回执/).check();
    await admin.getByRole('button', { name: '预览' }).click();
    await admin.waitForURL(/\/console\/notices\/\d+/);
    pages.noticePreview = admin.url();
    await expect(admin.locator('#pv ~ dl').textContent()).resolves.toMatch(/网页 1/);
    await expect(admin.locator('.warn').allTextContents()).resolves.toEqual(expect.arrayContaining([expect.stringContaining('Telegram'), expect.stringContaining('企业微信')]));
    await admin.getByRole('button', { name: '确认发送' }).click();
    await admin.getByText(/已开始发送/).first().waitFor();
    await admin.reload();
    await expect(admin.locator('h1').textContent()).resolves.toContain('发送中');
    await expect(admin.locator('#pg ~ p').first().textContent()).resolves.toMatch(/已发送 \d+/);
    await admin.locator('#pg ~ h3', { hasText: '回执（按网格）' }).waitFor();
    await expect(admin.locator('table tbody').last().textContent()).resolves.toContain('王家村1-3组网格');
    pages.notices = `${base}/console/notices`;
  });

  it('should download the month as CSV and Excel with Chinese headers and open a bar\'s requests', async () => {
    await admin.goto(`${base}/console/report`);
    const csv = await admin.request.get(`${base}/console/report.csv`);
    const text = (await csv.body()).toString('utf8');
    expect(text.charCodeAt(0)).toBe(0xfeff);
    expect(text.slice(1).split('\r\n')[0]).toBe('区域,收到,受理,不予受理,撤回,办结,受理率,及时受理率,按期答复率,办结率,按期办结率,满意率,参评率');
    expect(text).toMatch(/合计,3,2,1,0,0,/);
    expect(text).not.toMatch(/\d\.\d+%/); // whole-number percentages
    const [download] = await Promise.all([admin.waitForEvent('download'), admin.getByRole('link', { name: '下载 Excel' }).click()]);
    const xlsx = fs.readFileSync((await download.path())!);
    expect(xlsx.subarray(0, 2).toString()).toBe('PK');
    expect(download.suggestedFilename()).toMatch(/月报\.xlsx$/);
    await admin.locator('#chart[data-ready="true"]').waitFor();
    const box = (await admin.locator('#chart').boundingBox())!;
    // Click the first area's bar (城关街道 has none; 清河镇 holds the reports): the x position of the second category.
    await admin.mouse.click(box.x + 60 + ((box.width - 120) * 3) / 4 - 20, box.y + box.height - 60);
    await admin.waitForURL(/\/console\/report\/requests\?month=.*area=MS02/);
    await expect(admin.locator('tbody tr').count()).resolves.toBeGreaterThan(0);
    pages.reportRequests = admin.url();
    pages.report = `${base}/console/report`;
  });

  it('should pass axe-core with no serious violation on every page, at 390 px and 1280 px', async () => {
    const problems: string[] = [];
    for (const [name, url] of Object.entries(pages)) problems.push(...(await checkPage(browser, admin, url, name)));
    expect(problems).toEqual([]);
  });
});
