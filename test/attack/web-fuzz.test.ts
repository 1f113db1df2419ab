/**
 * Attack: thousands of malformed requests to the web endpoints — playground messages and event
 * streams, console sign-in, pages and forms, the admin API — with a fixed seed (reproducible;
 * FUZZ_SEED and FUZZ_N change it). Every answer must be < 500 and the process must keep serving.
 */
import http from 'node:http';
import type { Database } from '../../adapters/db/client';
import { openTestDatabase } from '../support/test-database';
import { ADMIN_TOKEN, signIn, startWebApp, type WebApp } from '../support/web-app';

const SEED = Number(process.env.FUZZ_SEED ?? 20261125);
const N = Number(process.env.FUZZ_N ?? 2500);
const IN_FLIGHT = 8;

/** mulberry32: a small seeded PRNG. */
function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

interface Shot {
  method: string;
  path: string;
  headers: Record<string, string>;
  body?: string | Buffer;
  /** An event stream: close once the status is known. */
  stream?: boolean;
}

function shots(rand: () => number, session: { cookie: string; csrf: string }): () => Shot {
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(rand() * xs.length)];
  const int = (n: number) => Math.floor(rand() * n);
  const CHATS = ['wangjia13', 'dongfeng1', 'county', 'zhujian', 'qinghe-dispatch', 'h-wangdama', 'zhangwangge', 'nope', '', '../../etc', '%00', 'x'.repeat(70)];
  const PEOPLE = ['h-wangdama', 'h-lidaye', 'zhangwangge', 'zhengguanli', 'liudiaodu', 'zhouzhujian', 'wuducha', 'ghost', ''];
  /** Real chats and people of the demo county (group and private), so messages reach the bot. */
  const PAIRS = [{ chat: 'wangjia13', from: 'h-wangdama' }, { chat: 'wangjia13', from: 'zhangwangge' }, { chat: 'dongfeng1', from: 'h-lidaye' }, { chat: 'zhengguanli', from: 'zhengguanli' },
    { chat: 'liudiaodu', from: 'liudiaodu' }, { chat: 'h-chenayi', from: 'h-chenayi' }, { chat: 'county', from: 'sunzhihui' }, { chat: 'zhujian', from: 'zhouzhujian' }];
  const WORDS = ['报事', '认领', '答复', '办结', '查看', '撤回', '评价', '待办', '上报', '派单', '转办', '退回', '吹哨', '报到', '不予受理', '包案', '合并', '报表', '通知', '确认', '通知状态', '撤回通知', '收到', '进度', '取消', '帮助', '工作台', '/claim', '/new', '登记', '是', '否', '1', '满意'];
  const NUMBERS = ['1', '2', '0', '-1', '99999999999', '2147483648', '9'.repeat(40), '１２', '#3', '1e9', 'NaN', ''];
  const SCRAPS = ['\u0000', '\ud800', '\udfff', '👨‍👩‍👧', 'é\u0301', '\u202e', '<script>alert(1)</script>', '"\'`', '%', '%E0%A4%A', '\r\n', '\t', '全县', '3组路灯坏了', '电话13812345678', '煤气泄漏', 'x'.repeat(3000), '\\u0000', '{{id}}', '${x}'];
  const text = () => {
    const t = Array.from({ length: 1 + int(4) }, () => pick([pick(WORDS), pick(NUMBERS), pick(SCRAPS), ' '])).join(pick(['', ' ', '：']));
    if (rand() >= 0.1) return t;
    const at = int(t.length + 1); // now and then a NUL or a lone surrogate anywhere, even inside a command
    return `${t.slice(0, at)}${pick(['\u0000', '\ud83d', '\udc00'])}${t.slice(at)}`;
  };
  const value = (): unknown => pick<() => unknown>([() => text(), () => int(1e6), () => -1, () => 1.5, () => null, () => true, () => [text()], () => ({ a: text() }), () => 1e300, () => pick(CHATS), () => pick(PEOPLE)])();
  const json = (o: unknown) => JSON.stringify(o);
  const cookie = () => pick([session.cookie, session.cookie, 'minhu_console=%E0%A4%A', 'minhu_console=', `minhu_console=${text().replace(/[;\r\n\u0000-\u001f\u007f-\uffff]/g, '')}`, '']);
  const csrf = () => pick([session.csrf, session.csrf, session.csrf, '', 'é'.repeat(session.csrf.length), text()]);
  /** Percent-encodes the UTF-8 bytes (lone surrogates become U+FFFD); now and then a raw invalid sequence. */
  const pct = (s: string) => [...Buffer.from(s, 'utf8')].map((b) => (/[A-Za-z0-9_.~-]/.test(String.fromCharCode(b)) ? String.fromCharCode(b) : `%${b.toString(16).toUpperCase().padStart(2, '0')}`)).join('')
    + (rand() < 0.05 ? pick(['%ED%A0%80', '%C0%AF', '%FF', '%', '%0']) : '');
  const formBody = (fields: Record<string, string>) => Object.entries(fields).map(([k, v]) => `${pct(k)}=${rand() < 0.1 ? '%' : pct(v)}`).join('&');
  const safePath = (s: string) => pct(s).slice(0, 200);
  const jsonHeaders = () => ({ 'content-type': pick(['application/json', 'application/json', 'text/plain', 'application/x-www-form-urlencoded', 'application/json; charset=latin1', '']) });

  const makers: (() => Shot)[] = [
    // playground messages: mostly well-formed, with hostile contents
    () => ({ method: 'POST', path: '/playground/api/messages', headers: { 'content-type': 'application/json' }, body: json({ ...pick(PAIRS), ...(rand() < 0.8 ? { text: `${rand() < 0.3 ? '@民呼 ' : ''}${text()}` } : { button: pick(['ack:', 'rate:', 'cat:', 'notice:']) + pick(NUMBERS) + pick(['', ':satisfied', ':confirm', ':cancel']) }) }) }),
    () => ({ method: 'POST', path: '/playground/api/messages', headers: jsonHeaders(), body: json({ chat: pick(CHATS), from: pick(PEOPLE), ...(rand() < 0.8 ? { text: rand() < 0.3 ? value() : `${rand() < 0.3 ? '@民呼 ' : ''}${text()}` } : { button: pick(['ack:', 'rate:', 'cat:', 'notice:', '']) + pick(NUMBERS) + pick(['', ':satisfied', ':confirm', ':cancel', ':x']) }), ...(rand() < 0.2 ? { messageId: value() } : {}) }) }),
    () => ({ method: 'POST', path: '/playground/api/messages', headers: jsonHeaders(), body: pick(['{', 'null', '[]', '"x"', '{"chat":', json({ chat: value(), from: value(), text: value(), button: value() }), '{"a":'.repeat(2000), 'x'.repeat(20_000), Buffer.from([0xff, 0xfe, 0x00, 0x7b])]) }),
    () => ({ method: pick(['GET', 'PUT', 'DELETE', 'PATCH']), path: pick(['/playground/api/messages', '/playground/api/setup', '/playground', '/playground/playground.js', `/playground/${safePath(text())}`]), headers: {} }),
    // event streams
    () => ({ method: 'GET', path: `/playground/api/events?chat=${safePath(pick(CHATS))}${rand() < 0.3 ? `&after=${safePath(pick(NUMBERS))}` : ''}`, headers: rand() < 0.5 ? { 'last-event-id': pick(NUMBERS).replace(/[^\x20-\x7e]/g, '') } : {}, stream: true }),
    // console sign-in
    () => ({ method: 'POST', path: '/console/login', headers: { 'content-type': pick(['application/x-www-form-urlencoded', 'application/json', 'multipart/form-data', '']) }, body: pick([formBody({ token: text() }), formBody({ token: ADMIN_TOKEN.replace(/./g, 'é') }), 'token=%', '%%%', json({ token: text() }), 'token=a&token=b', 'x'.repeat(40_000)]) }),
    () => ({ method: 'GET', path: `/console/login/${pick([safePath(text()), '%E0%A4%A', '%', '..%2F..%2F', 'a'.repeat(300)])}`, headers: {} }),
    // console pages with good and bad sessions
    () => ({ method: 'GET', path: pick(['/console', '/console/notices', '/console/report', '/console/assets/report.js']) + pick(['', `?status=${safePath(text())}`, `?category=${safePath(text())}&area=${safePath(text())}&overdue=1`, `?month=${safePath(pick(['2026-10', '2026-13', text()]))}`, '?since=%', `?since=${safePath(pick(NUMBERS))}`, '?status=a&status=b']), headers: { cookie: cookie() } }),
    () => ({ method: 'GET', path: `/console/requests/${pick([...NUMBERS.map(safePath), safePath(text())])}${rand() < 0.3 ? '?since=1' : ''}`, headers: { cookie: cookie() } }),
    // issue 17: the queue's search and views, its live rows, the exports, notice pages
    () => ({ method: 'GET', path: pick(['/console', '/console/queue/rows', '/console/report.csv', '/console/report.xlsx', '/console/report/requests', `/console/notices/${safePath(pick(NUMBERS))}`, `/console/requests/${safePath(pick(NUMBERS))}/dossier.pdf`]) + pick(['', `?q=${safePath(text())}`, `?view=${safePath(text())}&from=${safePath(text())}&to=2026-13-45`, `?month=${safePath(text())}&area=${safePath(text())}&category=${safePath(text())}`, '?q=%', '?q=a&q=b']), headers: { cookie: cookie() } }),
    // console forms
    () => ({ method: 'POST', path: '/console/command', headers: { cookie: cookie(), 'content-type': 'application/x-www-form-urlencoded' }, body: formBody({ _csrf: csrf(), text: text(), back: pick(['/console', '/console/notices', 'https://evil.example', text()]) }) }),
    () => ({ method: 'POST', path: `/console/requests/${pick(NUMBERS.map(safePath))}/act`, headers: { cookie: cookie(), 'content-type': pick(['application/x-www-form-urlencoded', 'text/plain']) }, body: formBody({ _csrf: csrf(), action: pick(['claim', 'reply', 'resolve', 'escalate', 'dispatch', 'whistle', 'keyCase', 'reject', 'hack', text()]), text: text() }) }),
    // the admin API
    () => ({ method: 'GET', path: `/api/reports/${pick(['2026-10.csv', '2026-13.csv', safePath(text())])}${rand() < 0.3 ? `?area=${safePath(text())}` : ''}`, headers: { authorization: pick([`Bearer ${ADMIN_TOKEN}`, 'Bearer x', '', `Bearer ${ADMIN_TOKEN.replace(/./g, 'é')}`]) } }),
    () => ({ method: pick(['POST', 'GET']), path: `/api/notices${pick(['', `/${safePath(pick(NUMBERS))}`])}`, headers: { authorization: `Bearer ${ADMIN_TOKEN}`, ...jsonHeaders() }, body: json({ scope: rand() < 0.5 ? pick(['全县', '王家村', '清河镇、3组', ['MS0201', text()]]) : value(), text: rand() < 0.6 ? text() : value(), ...(rand() < 0.3 ? { scheduledAt: pick(['2026-12-01 09:00', '2026-13-45 99:99', text()]) } : {}), requiresAck: rand() < 0.8 ? rand() < 0.5 : value(), confirm: false }) }),
  ];
  return () => pick(makers)();
}

function fire(base: URL, shot: Shot): Promise<number> {
  return new Promise((resolve) => {
    const headers: Record<string, string | number> = { ...shot.headers };
    for (const k of Object.keys(headers)) if (headers[k] === '') delete headers[k];
    if (shot.body !== undefined) headers['content-length'] = Buffer.byteLength(shot.body);
    let req: http.ClientRequest;
    try {
      req = http.request({ host: base.hostname, port: base.port, method: shot.method, path: shot.path, headers, agent: false }, (res) => {
        const status = res.statusCode ?? 0;
        if (shot.stream && status === 200) {
          req.destroy();
          resolve(status);
          return;
        }
        res.resume();
        res.on('end', () => resolve(status));
        res.on('error', () => resolve(status));
      });
    } catch {
      resolve(-1); // the client refused to send it (not a server answer)
      return;
    }
    req.setTimeout(15_000, () => {
      req.destroy();
      resolve(-2);
    });
    req.on('error', () => resolve(-3));
    req.end(shot.body);
  });
}

describe('fuzzing the web endpoints', () => {
  let db: Database;
  let web: WebApp;
  beforeAll(async () => {
    db = await openTestDatabase('pglite');
    web = await startWebApp(db, { signIn: { perIp: 1e6, total: 1e6 } });
  });
  afterAll(async () => {
    await web.close();
    await db.close();
  });

  it(`should answer ${N} malformed requests (seed ${SEED}) without a single 5xx, and keep serving`, async () => {
    const session = await signIn(web.url);
    const next = shots(prng(SEED), session);
    const plan = Array.from({ length: N }, next);
    const base = new URL(web.url);
    const statuses = new Map<number, number>();
    const fives: string[] = [];
    let i = 0;
    await Promise.all(Array.from({ length: IN_FLIGHT }, async () => {
      while (i < plan.length) {
        const shot = plan[i++];
        const status = await fire(base, shot);
        statuses.set(status, (statuses.get(status) ?? 0) + 1);
        if (status >= 500 || status === -2) fives.push(`${status} ${shot.method} ${shot.path} ${String(shot.body ?? '').slice(0, 200)}`);
      }
    }));
    expect(fives).toEqual([]);
    // Most requests reached the application (not refused by the client), and it still works.
    const answered = [...statuses].filter(([s]) => s >= 200).reduce((a, [, n]) => a + n, 0);
    expect(answered).toBeGreaterThan(N * 0.9);
    expect([...statuses.keys()].filter((s) => s >= 200 && s < 300).length).toBeGreaterThan(0);
    const health = await fetch(`${web.url}/healthz`);
    expect(health.status).toBe(200);
    const ok = await fetch(`${web.url}/playground/api/messages`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ chat: 'wangjia13', from: 'h-wangdama', text: '报事 3组王家门口的路灯坏了' }) });
    expect(ok.status).toBe(202);
  });
});
