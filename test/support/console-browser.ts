/**
 * Helpers for the console's browser tests (issue 17): one chromium, one minhu per file;
 * signing in as any demo staff member through `工作台` in their private web chat; axe-core
 * run in the page; screenshots of each page at 390 px and 1280 px into test/artifacts/console/.
 */
import fs from 'node:fs';
import path from 'node:path';
import type { Browser, BrowserContext, Page } from 'playwright-core';

export const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
export const ARTIFACTS = path.join(__dirname, '../artifacts/console');
export const WIDTHS = { phone: { width: 390, height: 844 }, desk: { width: 1280, height: 800 } } as const;
export const CHROMIUM_ARGS = ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--autoplay-policy=no-user-gesture-required'];

/** Posts to the playground as a person (a household or a staff web id). */
export async function post(base: string, body: Record<string, unknown>): Promise<void> {
  const res = await fetch(`${base}/playground/api/messages`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
  if (!res.ok) throw new Error(`playground refused ${JSON.stringify(body)}: ${res.status} ${await res.text()}`);
}

/** A one-time console link for a staff member: `工作台` in their private web chat, the link read from the chat's event stream. */
export async function consoleLinkOf(base: string, webId: string): Promise<string> {
  const controller = new AbortController();
  const res = await fetch(`${base}/playground/api/events?chat=${encodeURIComponent(webId)}`, { signal: controller.signal });
  const reader = res.body!.getReader();
  let text = '';
  const links = () => [...text.matchAll(/https?:\/\/[^\s"\\]+\/console\/login\/[A-Za-z0-9_-]+/g)].map((m) => m[0]);
  let reading = true;
  const pump = (async () => {
    while (reading) {
      const { value, done } = await reader.read().catch(() => ({ value: undefined, done: true }));
      if (done) break;
      text += new TextDecoder().decode(value);
    }
  })();
  try {
    await new Promise((r) => setTimeout(r, 300)); // the replay of earlier messages (older, used links)
    const old = new Set(links());
    await post(base, { chat: webId, from: webId, text: '工作台' });
    const deadline = Date.now() + 10_000;
    while (Date.now() < deadline) {
      const fresh = links().find((l) => !old.has(l));
      if (fresh) return fresh;
      await new Promise((r) => setTimeout(r, 50));
    }
  } finally {
    reading = false;
    controller.abort();
    await pump;
  }
  throw new Error(`no console link for ${webId}`);
}

/** A signed-in console page for `webId` at a width (a fresh context: its own cookie). */
export async function signedIn(browser: Browser, base: string, webId: string, width: keyof typeof WIDTHS = 'desk'): Promise<Page> {
  const context = await browser.newContext({ viewport: WIDTHS[width], locale: 'zh-CN', timezoneId: 'Asia/Shanghai', acceptDownloads: true });
  const page = await context.newPage();
  const link = (await consoleLinkOf(base, webId)).replace(/^https?:\/\/[^/]+/, base);
  await page.goto(link);
  await page.waitForURL(`${base}/console`);
  return page;
}

/**
 * Runs axe-core in the page and returns its serious and critical violations (id: nodes). The
 * console's CSP allows only same-origin scripts, so axe runs in a CSP-bypassing copy of the
 * page's context, on the same URL with the same cookies.
 */
export async function seriousViolations(browser: Browser, page: Page): Promise<string[]> {
  const source = fs.readFileSync(require.resolve('axe-core/axe.min.js'), 'utf8');
  const context: BrowserContext = await browser.newContext({ bypassCSP: true, viewport: page.viewportSize() ?? WIDTHS.desk, locale: 'zh-CN' });
  try {
    await context.addCookies(await page.context().cookies());
    const copy = await context.newPage();
    await copy.goto(page.url());
    await copy.addScriptTag({ content: source });
    const result = await copy.evaluate<{ id: string; impact: string; nodes: { target: string[] }[] }[]>(
      `axe.run(document, { resultTypes: ['violations'] }).then((r) => r.violations.map((v) => ({ id: v.id, impact: v.impact, nodes: v.nodes.map((n) => ({ target: n.target })) })))`);
    return result.filter((v) => v.impact === 'serious' || v.impact === 'critical').map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`);
  } finally {
    await context.close();
  }
}

/** Saves a full-page screenshot of `page` as test/artifacts/console/<name>-<width>.png. */
export async function saveShot(page: Page, name: string): Promise<void> {
  fs.mkdirSync(ARTIFACTS, { recursive: true });
  const width = page.viewportSize()?.width ?? 0;
  await page.screenshot({ path: path.join(ARTIFACTS, `${name}-${width}.png`), fullPage: true });
}

/** Visits `url` at both widths in a signed-in context copy, checks axe and takes both screenshots. */
export async function checkPage(browser: Browser, page: Page, url: string, name: string): Promise<string[]> {
  const problems: string[] = [];
  for (const size of Object.values(WIDTHS)) {
    await page.setViewportSize(size);
    await page.goto(url);
    await page.evaluate('document.fonts.ready.then(() => true)');
    const fontOk = await page.evaluate<boolean>(`document.fonts.check('16px "Noto Sans SC"', '民呼')`);
    if (!fontOk) problems.push(`${name}@${size.width}: Noto Sans SC not loaded`);
    const overflow = await page.evaluate<number>('document.documentElement.scrollWidth - document.documentElement.clientWidth');
    if (overflow > 2) problems.push(`${name}@${size.width}: ${overflow}px wider than the window`);
    await saveShot(page, name);
    problems.push(...(await seriousViolations(browser, page)).map((v) => `${name}@${size.width}: ${v}`));
  }
  await page.setViewportSize(WIDTHS.desk);
  return problems;
}
