/**
 * Attack: inputs that used to answer 500 (issue 11 item 11) — a malformed session cookie, a
 * same-length non-ASCII ADMIN_TOKEN or CSRF token (timingSafeEqual throws on unequal byte
 * lengths), NUL in playground text, an `ack:` button for a notice that does not exist, and two
 * first messages at once from a new user (the identities key race).
 */
import { eq, sql } from 'drizzle-orm';
import type { Database } from '../../adapters/db/client';
import { identities, noticeAcks } from '../../adapters/db/schema';
import { handleInbound } from '../../bots/inbound/handle-inbound';
import type { InboundMessage } from '../../core/model';
import { DB_KINDS, openTestDatabase } from '../support/test-database';
import { ADMIN_TOKEN, signIn, startWebApp, type WebApp } from '../support/web-app';

describe.each(DB_KINDS)('4xx, never 5xx, on %s', (kind) => {
  let db: Database;
  let web: WebApp;
  beforeAll(async () => {
    db = await openTestDatabase(kind);
    web = await startWebApp(db);
  });
  afterAll(async () => {
    await web.close();
    await db.close();
  });
  const playground = (body: unknown) => fetch(`${web.url}/playground/api/messages`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });

  it('should treat a malformed session cookie as no session', async () => {
    for (const cookie of ['minhu_console=%E0%A4%A', 'minhu_console=%', 'minhu_console=%zz; other=1', 'minhu_console']) {
      const res = await fetch(`${web.url}/console`, { redirect: 'manual', headers: { cookie } });
      expect(res.status).toBe(303);
      expect(res.headers.get('location')).toBe('/console/login');
    }
    const logout = await fetch(`${web.url}/console/logout`, { method: 'POST', redirect: 'manual', headers: { cookie: 'minhu_console=%E0', 'content-type': 'application/x-www-form-urlencoded' }, body: '_csrf=x' });
    expect(logout.status).toBe(303);
  });

  it('should refuse a same-length non-ASCII ADMIN_TOKEN with 401', async () => {
    for (const token of ['é'.repeat(ADMIN_TOKEN.length), '民'.repeat(ADMIN_TOKEN.length), `${ADMIN_TOKEN.slice(0, -1)}é`]) {
      const res = await fetch(`${web.url}/console/login`, { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: `token=${encodeURIComponent(token)}` });
      expect(res.status).toBe(401);
    }
    const api = await fetch(`${web.url}/api/reports/2026-10.csv`, { headers: { authorization: `Bearer ${'é'.repeat(ADMIN_TOKEN.length)}` } });
    expect(api.status).toBe(401);
  });

  it('should refuse a same-length non-ASCII CSRF token with 403', async () => {
    const { cookie, csrf } = await signIn(web.url);
    for (const bad of ['é'.repeat(csrf.length), '民'.repeat(csrf.length), '']) {
      const res = await fetch(`${web.url}/console/command`, { method: 'POST', redirect: 'manual', headers: { cookie, 'content-type': 'application/x-www-form-urlencoded' }, body: `_csrf=${encodeURIComponent(bad)}&text=${encodeURIComponent('待办')}` });
      expect(res.status).toBe(403);
    }
    const ok = await fetch(`${web.url}/console/command`, { method: 'POST', redirect: 'manual', headers: { cookie, 'content-type': 'application/x-www-form-urlencoded' }, body: `_csrf=${encodeURIComponent(csrf)}&text=${encodeURIComponent('待办')}` });
    expect(ok.status).toBe(303);
    const nul = await fetch(`${web.url}/console/command`, { method: 'POST', redirect: 'manual', headers: { cookie, 'content-type': 'application/x-www-form-urlencoded' }, body: `_csrf=${encodeURIComponent(csrf)}&text=${encodeURIComponent('报事 路灯\u0000坏了')}` });
    expect(nul.status).toBe(400);
  });

  it('should answer NUL anywhere in playground input with 400, and keep lone surrogates storable', async () => {
    expect((await playground({ chat: 'wangjia13', from: 'h-wangdama', text: '报事 路灯坏了\u0000' })).status).toBe(400);
    expect((await playground({ chat: 'wangjia13', from: 'h-wangdama\u0000', text: '你好' })).status).toBe(400);
    expect((await playground({ chat: 'wang\u0000jia13', from: 'h-wangdama', text: '你好' })).status).toBe(400);
    expect((await playground({ chat: 'wangjia13', from: 'h-wangdama', button: 'ack:\u00001' })).status).toBe(400);
    expect((await fetch(`${web.url}/playground/api/events?chat=${encodeURIComponent('wang\u0000jia13')}`)).status).toBe(404);
    expect((await playground({ chat: 'wangjia13', from: 'h-lidaye', text: '报事 路灯坏了 \ud83d 半个表情' })).status).toBe(202);
  });

  it('should answer NUL or lone surrogates in an admin-API notice with 4xx', async () => {
    const post = (body: unknown) => fetch(`${web.url}/api/notices`, { method: 'POST', headers: { 'content-type': 'application/json', authorization: `Bearer ${ADMIN_TOKEN}` }, body: JSON.stringify(body) });
    expect((await post({ scope: '全县', text: '停水\u0000通知' })).status).toBe(400);
    expect((await post({ scope: '全\u0000县', text: '停水通知' })).status).toBe(400);
    expect((await post({ scope: '全县', text: '停水通知 \ud800' })).status).toBeLessThan(500);
    expect((await fetch(`${web.url}/api/notices/99999999999`, { headers: { authorization: `Bearer ${ADMIN_TOKEN}` } })).status).toBe(404);
  });

  it('should ignore an ack: button for a notice that does not exist (or was never sent to this chat)', async () => {
    for (const button of ['ack:424242', 'ack:99999999999', 'ack:0', `ack:${'9'.repeat(40)}`]) {
      expect((await playground({ chat: 'wangjia13', from: 'h-chenayi', button })).status).toBe(202);
    }
    expect(await db.db.select().from(noticeAcks)).toEqual([]);
  });

  it('should register a new household once when its first two messages arrive at the same time', async () => {
    const first = (sender: string, i: number, chatId: string): InboundMessage => ({
      channel: 'telegram', messageId: `race-${sender}-${i}`, chatId, chatType: 'group', senderId: sender, senderName: '新住户',
      text: i ? '报事 5组路口积水很深' : '报事 3组路灯坏了', addressed: false, sourceMessageId: String(i + 1), replyToMessageId: null, buttonData: null, photo: null, kind: 'text', at: Date.now(),
    });
    for (let round = 0; round < 10; round++) {
      const sender = `77${round}`;
      // Two groups, so the two transactions do not queue behind one dialog row.
      await Promise.all([handleInbound(web.deps, first(sender, 0, '-1001')), handleInbound(web.deps, first(sender, 1, '-1002'))]);
      expect(await db.db.select().from(identities).where(eq(identities.externalId, sender))).toHaveLength(1);
    }
    const orphans = await db.db.execute(sql`select count(*)::int as n from people p where p.role = 'household' and not exists (select 1 from identities i where i.person_id = p.id)`);
    expect((orphans as unknown as { rows: { n: number }[] }).rows[0].n).toBe(0);
  });
});
