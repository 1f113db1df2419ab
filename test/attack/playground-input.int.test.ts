/**
 * The playground's additions for issue 20, attacked at the HTTP edge: a photo must be a PNG data
 * URL of bounded size (anything else is a 4xx with a reason, never a 5xx, and reaches no handler);
 * a good one is shown in the chat and handed on as a photo. The setup opens on the README's group
 * and carries the demo's narration from core/texts.
 */
import { createHash } from 'node:crypto';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Database } from '../../adapters/db/client';
import { createHttpApp } from '../../adapters/http/app';
import { createLogger } from '../../adapters/logger';
import { DEMO_ORG_FILE, importOrg, readOrgFile } from '../../adapters/org/org-import';
import { createBlobStore } from '../../adapters/db/blob.repository';
import { createStore } from '../../adapters/db/store';
import { createPlaygroundRouter } from '../../adapters/web/playground.routes';
import { createWebChats, type WebChats } from '../../adapters/web/web-chat';
import type { InboundMessage } from '../../core/model';
import { zhCN } from '../../core/texts/zh-CN';
import { openTestDatabase } from '../support/test-database';

// A 1×1 PNG.
const PNG = 'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAIAAACQd1PeAAAADElEQVR4nGNgYGAAAAAEAAH2FzhVAAAAAElFTkSuQmCC';

describe('playground input (photos, setup)', () => {
  let db: Database;
  let server: Server;
  let base: string;
  let webChats: WebChats;
  const handled: InboundMessage[] = [];

  beforeAll(async () => {
    db = await openTestDatabase('pglite');
    await importOrg(db.db, readOrgFile(DEMO_ORG_FILE));
    webChats = createWebChats(createStore(db.db));
    const router = createPlaygroundRouter({ store: createStore(db.db), webChats, blobs: createBlobStore(db.db), handle: async (m) => void handled.push(m) });
    const app = createHttpApp({ ping: async () => undefined, telegramWebhook: null, log: createLogger('error', false), routers: [router] });
    server = await new Promise((resolve) => {
      const s = app.listen(0, '127.0.0.1', () => resolve(s));
    });
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  afterAll(async () => {
    await new Promise((r) => server.close(r));
    await db.close();
  });

  const post = (body: unknown) => fetch(`${base}/playground/api/messages`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });

  it('should refuse photos that are not PNG data URLs, too large, or sent with a button — with 4xx and a reason', async () => {
    const cases = [
      { chat: 'wangjia13', from: 'h-wangdama', text: '报事 路灯坏了', photo: 'data:image/svg+xml;base64,PHN2Zz48L3N2Zz4=' },
      { chat: 'wangjia13', from: 'h-wangdama', text: '报事 路灯坏了', photo: `javascript:alert(1)//${PNG}` },
      { chat: 'wangjia13', from: 'h-wangdama', text: '报事 路灯坏了', photo: `data:image/png;base64,${PNG}"><script>` },
      { chat: 'wangjia13', from: 'h-wangdama', photo: `data:image/png;base64,${'A'.repeat(200_004)}` },
      { chat: 'wangjia13', from: 'h-wangdama', button: 'rate:1:satisfied', photo: `data:image/png;base64,${PNG}` },
    ];
    for (const body of cases) {
      const res = await post(body);
      expect(res.status).toBeGreaterThanOrEqual(400);
      expect(res.status).toBeLessThan(500);
      expect(((await res.json()) as { error: string }).error).toBeTruthy();
    }
    const huge = await post({ chat: 'wangjia13', from: 'h-wangdama', photo: `data:image/png;base64,${'A'.repeat(400_000)}` });
    expect(huge.status).toBe(413);
    expect(handled).toEqual([]);
  });

  it('should show a PNG photo in the chat and hand it on as a photo with its caption', async () => {
    const res = await post({ chat: 'wangjia13', from: 'h-wangdama', text: '报事 路灯不亮了', photo: `data:image/png;base64,${PNG}` });
    expect(res.status).toBe(202);
    const { id } = (await res.json()) as { id: number };
    // issue 13: the photo is stored at once; the message refers to the blob by its SHA-256.
    const sha = createHash('sha256').update(Buffer.from(PNG, 'base64')).digest('hex');
    expect(handled.at(-1)).toMatchObject({ kind: 'photo', photo: `blob:${sha}`, text: '报事 路灯不亮了', chatId: 'wangjia13' });
    const [shown] = (await webChats.history('wangjia13', id - 1)).filter((m) => m.id === id);
    expect(shown.image).toBe(`data:image/png;base64,${PNG}`);
    // A photo alone, without a caption, is accepted too.
    expect((await post({ chat: 'wangjia13', from: 'h-wangdama', photo: `data:image/png;base64,${PNG}` })).status).toBe(202);
  });

  it('should not keep a PNG that is cut short, and say so to the sender (issue 13)', async () => {
    const cut = Buffer.from(PNG, 'base64').subarray(0, 40).toString('base64');
    expect((await post({ chat: 'wangjia13', from: 'h-wangdama', text: '报事 井盖没了', photo: `data:image/png;base64,${cut}` })).status).toBe(202);
    expect(handled.at(-1)).toMatchObject({ photo: null, mediaIssue: 'badType', text: '报事 井盖没了' });
  });

  it('should open on the README group and carry the demo narration', async () => {
    const setup = (await (await fetch(`${base}/playground/api/setup`)).json()) as { chats: { id: string }[]; narration: Record<string, string> };
    expect(setup.chats[0].id).toBe('wangjia13');
    expect(setup.narration['demo.start']).toBe(zhCN['demo.start']);
    expect(setup.narration['demo.done']).toBe(zhCN['demo.done']);
  });

  it('should serve the playground, its scripts, styles and the web font from the same origin', async () => {
    for (const [p, type] of [['/playground', 'text/html'], ['/playground/playground-demo.js', 'javascript'], ['/playground/playground.css', 'text/css'], ['/assets/fonts/minhu-fonts.css', 'text/css'], ['/assets/fonts/NotoSansSC-Regular.ttf', 'font/ttf']]) {
      const res = await fetch(`${base}${p}`);
      expect(res.status).toBe(200);
      expect(res.headers.get('content-type')).toContain(type);
      await res.arrayBuffer();
    }
    const page = await (await fetch(`${base}/playground`)).text();
    // No inline code: a Content-Security-Policy without 'unsafe-inline' keeps working.
    expect(page).not.toMatch(/<script>|<style|\son\w+=|style="/);
  });
});
