/**
 * The README's first story, verbatim, in a real browser: a fresh minhu, the playground as it opens
 * (its default group must be the one the README names), one tab per person the README names
 * (picked by the label the README uses), exactly the README's lines typed, and every answer the
 * README promises awaited in every tab. Change the README and this test changes with it.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { chromium, type Browser, type Page } from 'playwright-core';
import { startMinhu, type MinhuProcess } from '../support/minhu-process';
import { readReadmeStory } from '../support/readme-story';

const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const ARTIFACTS = path.join(__dirname, '../artifacts');
jest.setTimeout(90_000);
const HAVE_BROWSER = fs.existsSync(CHROMIUM) || !!process.env.CI;
if (!HAVE_BROWSER) console.warn(`browser tests skipped: ${CHROMIUM} is missing (apt-get install chromium, or set CHROMIUM_PATH)`);
const describeBrowser = HAVE_BROWSER ? describe : describe.skip;

describeBrowser('the README story, verbatim, in the playground', () => {
  let minhu: MinhuProcess;
  let browser: Browser;
  let dataDir: string;
  const tabs = new Map<string, Page>();

  beforeAll(async () => {
    dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'minhu-story-'));
    minhu = await startMinhu({ DATA_DIR: dataDir, PLAYGROUND: 'on' });
    browser = await chromium.launch({ executablePath: CHROMIUM, args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking'] });
  });

  afterAll(async () => {
    await browser?.close();
    await minhu?.stop();
    fs.rmSync(dataDir, { recursive: true, force: true });
  });

  /** The tab of `persona`: the playground as it opens, with 我是 set to the README's label. */
  async function tabOf(persona: string, group: string): Promise<Page> {
    const known = tabs.get(persona);
    if (known) return known;
    const page = await (await browser.newContext({ viewport: { width: 390, height: 844 } })).newPage();
    await page.goto(`http://127.0.0.1:${minhu.port}/playground`);
    await page.locator('body[data-ready="true"]').waitFor();
    await expect(page.locator('#chat option:checked').textContent()).resolves.toBe(group);
    await expect(page.locator('#title').textContent()).resolves.toBe(group);
    await page.getByLabel('选择身份').selectOption({ label: persona });
    await page.locator('#log li').first().waitFor({ state: 'attached', timeout: 2000 }).catch(() => undefined); // history, if any
    tabs.set(persona, page);
    return page;
  }

  it('should work word for word on a fresh start', async () => {
    const story = readReadmeStory();
    const says = story.steps.filter((s) => s.kind !== 'answer');
    expect(says.length).toBeGreaterThanOrEqual(3);
    expect(story.steps.filter((s) => s.kind === 'answer').length).toBeGreaterThanOrEqual(3);
    // Everyone the story names is in the group before it starts, as people in a real group are.
    for (const s of says) await tabOf((s as { persona: string }).persona, story.group);

    let line = 0;
    try {
      for (const step of story.steps) {
        line += 1;
        if (step.kind === 'say') {
          const page = tabs.get(step.persona)!;
          await page.getByPlaceholder('说点什么…').fill(step.text);
          await page.getByPlaceholder('说点什么…').press('Enter');
          await page.locator('#log li.mine .bubble', { hasText: step.text }).last().waitFor();
        } else if (step.kind === 'press') {
          await tabs.get(step.persona)!.locator('#log').getByRole('button', { name: step.label, exact: true }).last().click();
        } else {
          // Every tab is a person in the same group: each sees minhu's answer.
          for (const page of tabs.values()) await page.locator('#log li.bot .bubble', { hasText: step.text }).first().waitFor({ timeout: 10_000 });
        }
      }
    } catch (e) {
      fs.mkdirSync(ARTIFACTS, { recursive: true });
      for (const [who, page] of tabs) await page.screenshot({ path: path.join(ARTIFACTS, `readme-story-line${line}-${who.replace(/\W/g, '')}.png`) }).catch(() => undefined);
      throw new Error(`README story, step ${line} (${JSON.stringify(story.steps[line - 1])}): ${(e as Error).message}`);
    }
  });
});
