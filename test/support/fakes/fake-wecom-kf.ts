/**
 * Issue 12: the 微信客服 (kf) and customer-group (客户群) endpoints of the fake WeCom server, on the
 * real wire protocol: `kf/sync_msg` (opaque cursor, has_more, page size, event tokens valid 10
 * minutes), `kf/send_msg` enforcing the window (48 h after the household's last message, 5
 * messages; errcodes 95018 / 95001), `kf/send_msg_on_event` (welcome_code valid 20 s, once),
 * `kf/add_contact_way`, `kf/customer/batchget`, `externalcontact/groupchat/list|get` (paged), and
 * the events WeCom would put in the message log (enter_session, msg_send_fail).
 */
import { randomBytes } from 'node:crypto';
import type http from 'node:http';

export const KF_ID = 'wkTESTkf0001';

/** The errcodes this fake answers (CHANNELS.md §6 ⚠: 95018 is "send msg session status invalid"; 95001 "count limit"). */
export const KF_ERR = { sessionExpired: 95018, countLimit: 95001, badToken: 95007, badCode: 41050, badKfid: 95000 } as const;

export interface KfSent {
  via: 'kf' | 'kf-welcome';
  touser: string;
  msgid: string;
  msgtype: string;
  content: string;
  /** Menu item ids (msgmenu). */
  menu: string[];
}

interface LogItem extends Record<string, unknown> {
  msgid: string;
}

interface Customer {
  nickname: string;
  lastMessageAt: number | null;
  sentSince: number;
  lastSendAt: number | null;
  lastWelcomeAt: number | null;
}

export interface FakeGroup {
  name: string;
  owner: string;
  members: { userid: string; type: 1 | 2 }[];
}

export interface FakeKf {
  openKfid: string;
  /** Messages and menus minhu sent to households. */
  sent: KfSent[];
  /** Every sync_msg request body, in order. */
  syncCalls: { cursor: string; token?: string; limit?: number; open_kfid?: string }[];
  /** Scenes of add_contact_way calls. */
  contactWays: string[];
  /** Items per page. (default: 1000) */
  pageSize: number;
  /** The fake's clock for windows and codes; move it to let 48 h pass. */
  clockOffsetMs: number;
  addCustomer(externalUserId: string, nickname: string): void;
  /** The household opens the chat from a link (scene, scene_param): an enter_session event. Returns the callback token. */
  enterSession(externalUserId: string, scene: string, sceneParam?: string): { token: string; welcomeCode: string | null };
  /** The household sends something (`{ msgtype: 'text', text: { content } }` …). Returns the callback token and the msgid. */
  customerSays(externalUserId: string, body: Record<string, unknown>, opts?: { sendTime?: number }): { token: string; msgid: string };
  /** WeCom could not deliver minhu's message `msgid`: a msg_send_fail event. */
  sendFail(externalUserId: string, msgid: string, failType: number): { token: string };
  /** The next sync_msg answers the previous page again (as a retried request would see). */
  reserveNextPage(): void;
  /** True until the page asked for by reserveNextPage has been served. */
  reservePending(): boolean;
  /** Holds the next (one) sync_msg asking after `cursor` (any cursor when omitted) without answering; resolves once it is held. */
  holdPage(cursor?: string): Promise<void>;
  /** Lets a held sync_msg go on. */
  releaseHeld(): void;
  /** The fake's window for this household ends now (as if 48 h passed). */
  expireWindow(externalUserId: string): void;
  groups: Map<string, FakeGroup>;
  groupCalls: { list: number; get: number };
  /** The cursor after the last item (what a pull that reached the end holds). */
  endCursor(): string;
}

/** Adds the kf and customer-group endpoints to the fake; `handle` returns false for paths that are not theirs. */
export function createFakeKf(checkToken: (url: URL) => boolean): { kf: FakeKf; handle(url: URL, body: Record<string, unknown>, res: http.ServerResponse): boolean } {
  const log: LogItem[] = [];
  const customers = new Map<string, Customer>();
  const tokens = new Map<string, number>();
  const codes = new Map<string, { ext: string; at: number; used: boolean }>();
  let reserve = false;
  let lastPage: { items: LogItem[]; next: string; hasMore: boolean } | null = null;
  let hold: { cursor?: string; held: () => void } | null = null;
  let releaseHeldPage: (() => void) | null = null;
  const now = () => Date.now() + kf.clockOffsetMs;
  const seconds = () => Math.floor(now() / 1000);
  let seq = 0;
  const newToken = () => {
    const token = `ENC${randomBytes(8).toString('hex')}`;
    tokens.set(token, now());
    return token;
  };
  const customer = (ext: string): Customer => {
    let c = customers.get(ext);
    if (!c) customers.set(ext, (c = { nickname: '', lastMessageAt: null, sentSince: 0, lastSendAt: null, lastWelcomeAt: null }));
    return c;
  };
  const H48 = 48 * 3_600_000;

  const kf: FakeKf = {
    openKfid: KF_ID,
    sent: [],
    syncCalls: [],
    contactWays: [],
    pageSize: 1000,
    clockOffsetMs: 0,
    groups: new Map(),
    groupCalls: { list: 0, get: 0 },
    addCustomer(ext, nickname) {
      customer(ext).nickname = nickname;
    },
    enterSession(ext, scene, sceneParam) {
      const c = customer(ext);
      // W94670: a welcome_code only when no welcome in 48 h and nothing sent to the user in 48 h.
      const allowed = (c.lastWelcomeAt === null || now() - c.lastWelcomeAt > H48) && (c.lastSendAt === null || now() - c.lastSendAt > H48);
      const welcomeCode = allowed ? `WC${randomBytes(6).toString('hex')}` : null;
      if (welcomeCode) codes.set(welcomeCode, { ext, at: now(), used: false });
      log.push({
        msgid: `ev${++seq}${randomBytes(3).toString('hex')}`, send_time: seconds(), origin: 4, msgtype: 'event',
        event: { event_type: 'enter_session', open_kfid: KF_ID, external_userid: ext, scene, ...(sceneParam !== undefined ? { scene_param: sceneParam } : {}), ...(welcomeCode ? { welcome_code: welcomeCode } : {}) },
      });
      return { token: newToken(), welcomeCode };
    },
    customerSays(ext, body, opts = {}) {
      const c = customer(ext);
      const at = opts.sendTime ?? now();
      c.lastMessageAt = Math.max(c.lastMessageAt ?? 0, at);
      c.sentSince = 0;
      const msgid = `m${++seq}${randomBytes(3).toString('hex')}`;
      log.push({ msgid, open_kfid: KF_ID, external_userid: ext, send_time: Math.floor(at / 1000), origin: 3, ...body });
      return { token: newToken(), msgid };
    },
    sendFail(ext, msgid, failType) {
      log.push({ msgid: `ev${++seq}`, send_time: seconds(), origin: 4, msgtype: 'event', event: { event_type: 'msg_send_fail', open_kfid: KF_ID, external_userid: ext, fail_msgid: msgid, fail_type: failType } });
      return { token: newToken() };
    },
    reserveNextPage() {
      reserve = true;
    },
    reservePending: () => reserve,
    holdPage(cursor) {
      return new Promise((resolve) => {
        hold = { cursor, held: resolve };
      });
    },
    releaseHeld() {
      const release = releaseHeldPage;
      releaseHeldPage = null;
      release?.();
    },
    expireWindow(ext) {
      customer(ext).lastMessageAt = now() - H48 - 1000;
    },
    endCursor: () => `c${log.length}`,
  };

  const json = (res: http.ServerResponse, body: unknown) => {
    res.writeHead(200, { 'content-type': 'application/json' });
    res.end(JSON.stringify(body));
  };

  const reply = (res: http.ServerResponse, body: unknown): true => {
    json(res, body);
    return true;
  };

  function page(body: Record<string, unknown>): Record<string, unknown> {
    if (reserve && lastPage) {
      reserve = false;
      return { errcode: 0, errmsg: 'ok', next_cursor: lastPage.next, has_more: lastPage.hasMore ? 1 : 0, msg_list: lastPage.items };
    }
    const cursor = typeof body.cursor === 'string' ? body.cursor : '';
    const from = /^c(\d+)$/.exec(cursor) ? Number(cursor.slice(1)) : 0;
    const limit = Math.min(Number(body.limit ?? 1000) || 1000, 1000, kf.pageSize);
    const items = log.slice(from, from + limit);
    const end = from + items.length;
    lastPage = { items, next: `c${end}`, hasMore: end < log.length };
    return { errcode: 0, errmsg: 'ok', next_cursor: lastPage.next, has_more: lastPage.hasMore ? 1 : 0, msg_list: items };
  }

  function render(body: Record<string, unknown>): { msgtype: string; content: string; menu: string[] } {
    const msgtype = String(body.msgtype ?? '');
    if (msgtype === 'msgmenu') {
      const m = body.msgmenu as { head_content?: string; list?: { click?: { id: string; content: string } }[]; tail_content?: string };
      const items = (m?.list ?? []).map((i) => i.click).filter((c): c is { id: string; content: string } => !!c);
      return { msgtype, content: [m?.head_content ?? '', ...items.map((i) => `[${i.content}]`), m?.tail_content ?? ''].filter(Boolean).join('\n'), menu: items.map((i) => i.id) };
    }
    return { msgtype, content: (body.text as { content?: string } | undefined)?.content ?? `[${msgtype}]`, menu: [] };
  }

  function handle(url: URL, body: Record<string, unknown>, res: http.ServerResponse): boolean {
    const path = url.pathname;
    if (!path.startsWith('/cgi-bin/kf/') && !path.startsWith('/cgi-bin/externalcontact/groupchat/')) return false;
    if (!checkToken(url)) return reply(res, { errcode: 40014, errmsg: 'invalid access_token' });
    if (path === '/cgi-bin/kf/sync_msg') {
      kf.syncCalls.push(body as FakeKf['syncCalls'][number]);
      if (body.open_kfid !== undefined && body.open_kfid !== KF_ID) return reply(res, { errcode: KF_ERR.badKfid, errmsg: 'invalid open_kfid' });
      if (typeof body.token === 'string') {
        const issued = tokens.get(body.token);
        if (issued === undefined || now() - issued > 10 * 60_000) return reply(res, { errcode: KF_ERR.badToken, errmsg: 'invalid msg token' });
      }
      const cursor = typeof body.cursor === 'string' ? body.cursor : '';
      if (hold && (hold.cursor === undefined || hold.cursor === cursor)) {
        const h = hold;
        hold = null; // one request only
        releaseHeldPage = () => {
          if (!res.writableEnded && !res.destroyed) json(res, page(body));
        };
        h.held();
        return true; // never answered until released (or the client goes away)
      }
      json(res, page(body));
      return true;
    }
    if (path === '/cgi-bin/kf/send_msg') {
      const ext = String(body.touser ?? '');
      if (body.open_kfid !== KF_ID) return reply(res, { errcode: KF_ERR.badKfid, errmsg: 'invalid open_kfid' });
      const c = customers.get(ext);
      if (!c || c.lastMessageAt === null || now() - c.lastMessageAt > H48) return reply(res, { errcode: KF_ERR.sessionExpired, errmsg: 'send msg session status invalid' });
      if (c.sentSince >= 5) return reply(res, { errcode: KF_ERR.countLimit, errmsg: 'send msg count limit' });
      c.sentSince++;
      c.lastSendAt = now();
      const msgid = typeof body.msgid === 'string' && body.msgid ? body.msgid : `srv${++seq}`;
      kf.sent.push({ via: 'kf', touser: ext, msgid, ...render(body) });
      return reply(res, { errcode: 0, errmsg: 'ok', msgid });
    }
    if (path === '/cgi-bin/kf/send_msg_on_event') {
      const code = codes.get(String(body.code ?? ''));
      if (!code || code.used || now() - code.at > 20_000) return reply(res, { errcode: KF_ERR.badCode, errmsg: 'invalid code' });
      const rendered = render(body);
      if (rendered.msgtype !== 'text' && rendered.msgtype !== 'msgmenu') return reply(res, { errcode: 40008, errmsg: 'invalid message type' });
      code.used = true;
      customer(code.ext).lastWelcomeAt = now();
      const msgid = typeof body.msgid === 'string' && body.msgid ? body.msgid : `srv${++seq}`;
      kf.sent.push({ via: 'kf-welcome', touser: code.ext, msgid, ...rendered });
      return reply(res, { errcode: 0, errmsg: 'ok', msgid });
    }
    if (path === '/cgi-bin/kf/add_contact_way') {
      const scene = String(body.scene ?? '');
      if (body.open_kfid !== KF_ID) return reply(res, { errcode: KF_ERR.badKfid, errmsg: 'invalid open_kfid' });
      if (!/^[0-9a-zA-Z_-]{0,32}$/.test(scene)) return reply(res, { errcode: 40058, errmsg: 'invalid scene' });
      kf.contactWays.push(scene);
      return reply(res, { errcode: 0, errmsg: 'ok', url: `https://work.weixin.qq.com/kf/kfc${randomBytes(8).toString('hex')}?enc_scene=ENC${Buffer.from(scene).toString('hex')}` });
    }
    if (path === '/cgi-bin/kf/customer/batchget') {
      const ids = Array.isArray(body.external_userid_list) ? (body.external_userid_list as string[]) : [];
      if (ids.length > 100) return reply(res, { errcode: 40058, errmsg: 'too many ids' });
      const known = ids.filter((i) => customers.get(i)?.nickname);
      return reply(res, {
        errcode: 0, errmsg: 'ok', customer_list: known.map((i) => ({ external_userid: i, nickname: customers.get(i)!.nickname, avatar: '', gender: 0 })),
        invalid_external_userid: ids.filter((i) => !known.includes(i)),
      });
    }
    if (path === '/cgi-bin/externalcontact/groupchat/list') {
      kf.groupCalls.list++;
      const limit = Number(body.limit ?? 0);
      if (!(limit >= 1 && limit <= 1000)) return reply(res, { errcode: 40058, errmsg: 'invalid limit' });
      const owners = (body.owner_filter as { userid_list?: string[] } | undefined)?.userid_list;
      const all = [...kf.groups].filter(([, g]) => !owners?.length || owners.includes(g.owner)).map(([id]) => id);
      const from = typeof body.cursor === 'string' && body.cursor ? Number(body.cursor) : 0;
      const size = Math.min(limit, 2); // small pages, so that paging is exercised
      const list = all.slice(from, from + size);
      const next = from + size < all.length ? String(from + size) : '';
      return reply(res, { errcode: 0, errmsg: 'ok', group_chat_list: list.map((chat_id) => ({ chat_id, status: 0 })), next_cursor: next });
    }
    if (path === '/cgi-bin/externalcontact/groupchat/get') {
      kf.groupCalls.get++;
      const g = kf.groups.get(String(body.chat_id ?? ''));
      if (!g) return reply(res, { errcode: 40050, errmsg: 'chatid not found' });
      return reply(res, {
        errcode: 0, errmsg: 'ok',
        group_chat: {
          chat_id: body.chat_id, name: g.name, owner: g.owner, create_time: 1700000000, notice: '',
          member_list: g.members.map((m) => ({ userid: m.userid, type: m.type, join_time: 1700000000, join_scene: 1, ...(body.need_name ? { name: m.userid } : {}) })),
          admin_list: [], member_version: String(g.members.length),
        },
      });
    }
    json(res, { errcode: 404, errmsg: `unknown kf path ${path}` });
    return true;
  }

  return { kf, handle };
}
