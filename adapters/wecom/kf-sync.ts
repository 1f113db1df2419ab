/**
 * Issue 12: pulling 微信客服 messages. A `kf_msg_or_event` callback is recorded in the database
 * (its token, and that a pull is wanted) before WeCom hears 200; then one process takes the
 * account's cursor (a lease taken under the row lock, so two processes never pull the same page)
 * and pulls `kf/sync_msg` page after page while `has_more`. Each page is kept in ONE transaction
 * together with the cursor's move: the households' messages go into the inbox (unique on their
 * msgid, so a re-served page adds nothing), events are handled once (binding a household to the
 * grid of the link they opened, the welcome menu, msg_send_fail), and only then does the cursor
 * move on — a crash between two pages loses nothing and repeats nothing. After each page the
 * inbox processes what came, in order.
 */
import { randomUUID } from 'node:crypto';
import { errorSummary } from '../../core/error-summary';
import type { OutboundMessage } from '../../core/model';
import type { OrgTree } from '../../core/org-tree';
import { t, type Locale } from '../../core/texts';
import { noChanges, type Store, type StoreTx } from '../../bots/ports';
import type { Logger } from '../logger';
import type { KfApi } from './kf-api';
import { kfChatId, kfIdentity, kfItemSchema, kfToInbound, ratingParam, syncReplySchema, type KfItem } from './kf-inbound';
import { WecomApiError } from './wecom-api';

export interface KfSyncOptions {
  api: KfApi;
  store: Store;
  openKfid: string;
  tree: OrgTree;
  locale: Locale;
  /** Processes what the inbox holds (awaited after each page, so a chat's messages keep their order). */
  afterPage: () => Promise<unknown>;
  /** Parks an item that cannot be read (dead letters); the page goes on without it. */
  park: (reason: string, payload: unknown) => Promise<void>;
  /** Called when a page queued outgoing messages (the outbox sender starts at once). */
  onQueued?: () => void;
  log: Logger;
  /** How long the cursor is held per page. (default: 30_000) */
  leaseMs?: number;
  /** A pull without an event this often, in case a callback was missed (0: never). (default: 600_000) */
  idleSyncMs?: number;
  /** How often to look for wanted pulls no one is doing (another process crashed, a retry). (default: 5_000) */
  pollMs?: number;
  /** Items per page asked for. (default: 1000, WeCom's maximum) */
  pageLimit?: number;
  now?: () => number;
}

export interface KfSync {
  /** Records a `kf_msg_or_event` durably (resolve = stored; WeCom may hear 200), then starts a pull. */
  noteEvent(openKfid: string, token: string | null): Promise<void>;
  /** Pulls until the account is at the end (or another process holds it); resolves when this pull ends. */
  syncNow(): Promise<void>;
  start(): void;
  stop(): Promise<void>;
}

/** Stops a page whose cursor another process has taken meanwhile: it is rolled back and pulled again there. */
class LeaseLost extends Error {}

/** Pages per pull before giving the cursor back for a moment (a flood never starves other work). */
const MAX_PAGES = 50;
/** errcodes of a bad or expired event token: pull again without one. */
const BAD_TOKEN = new Set([95007, 95008, 40058]);

export function createKfSync(options: KfSyncOptions): KfSync {
  const { api, store, openKfid, log } = options;
  const owner = `${process.pid}-${randomUUID().slice(0, 8)}`;
  const leaseMs = options.leaseMs ?? 30_000;
  const now = options.now ?? Date.now;
  let running: Promise<void> | null = null;
  let again = false;
  let stopped = true;
  let timer: NodeJS.Timeout | null = null;
  let lastPull = 0;

  /** The names of households in a page: as minhu knows them, else their WeChat nickname (one batch call). */
  async function namesOf(items: KfItem[]): Promise<Map<string, string>> {
    const ids = [...new Set(items.map((i) => i.external_userid ?? i.event?.external_userid).filter((x): x is string => !!x))];
    const names = new Map<string, string>();
    const unknown: string[] = [];
    await store.transaction(async (tx) => {
      for (const ext of ids) {
        const known = await tx.kf.household(kfIdentity(ext));
        if (known) names.set(ext, known.name);
        else unknown.push(ext);
      }
    });
    if (unknown.length) {
      try {
        for (const [ext, nick] of await api.nicknames(unknown)) names.set(ext, nick);
      } catch (e) {
        log.warn('kf: customer/batchget failed; households keep a stand-in name', { error: errorSummary(e) });
      }
    }
    return names;
  }

  const fallbackName = () => t('kf.standInName', {}, options.locale);

  /** Keeps one page in the transaction `tx` (the cursor has been moved in it already). */
  async function keepPage(tx: StoreTx, items: KfItem[], names: Map<string, string>): Promise<OutboundMessage[]> {
    const out: OutboundMessage[] = [];
    for (const item of items) {
      if (item.msgtype === 'event' || item.origin === 4) {
        out.push(...(await onEvent(tx, item, names)));
        continue;
      }
      if (item.origin !== 3 || !item.external_userid || (item.open_kfid && item.open_kfid !== openKfid)) continue;
      const ext = item.external_userid;
      const name = names.get(ext) ?? fallbackName();
      const household = await tx.kf.bindHousehold(kfIdentity(ext), name, null);
      const message = kfToInbound({ ...item, open_kfid: openKfid }, household.name, now());
      if (!message) continue;
      // Only a message seen for the first time opens the window afresh: a re-served page must not
      // give back replies already used, and send_time is in whole seconds (two messages in one
      // second are both new).
      const fresh = household.areaCode ? await tx.kf.keep(message) : await tx.kf.firstTime(`kfev:${item.msgid}`);
      if (!fresh) continue;
      await tx.kf.noteIncoming(openKfid, ext, item.send_time ? item.send_time * 1000 : now());
      // Not come through a grid's link: say where it is (once per message), nothing is registered.
      if (!household.areaCode) out.push({ channel: 'wecom', chatId: message.chatId, text: t('kf.noGrid', {}, options.locale), dedupeKey: `kfnogrid:${item.msgid}` });
    }
    return out;
  }

  async function onEvent(tx: StoreTx, item: KfItem, names: Map<string, string>): Promise<OutboundMessage[]> {
    const event = item.event;
    const ext = event?.external_userid ?? item.external_userid;
    if (!event?.event_type || !ext || (event.open_kfid && event.open_kfid !== openKfid)) return [];
    if (!(await tx.kf.firstTime(`kfev:${item.msgid}`))) return []; // a re-served page
    const chatId = kfChatId(openKfid, ext);
    if (event.event_type === 'enter_session') {
      const scene = event.scene ?? '';
      const area = scene ? (options.tree.get(scene) ? scene : await tx.kf.areaOfScene(openKfid, scene)) : null;
      const household = await tx.kf.bindHousehold(kfIdentity(ext), names.get(ext) ?? fallbackName(), area);
      const code = event.welcome_code || null;
      const rateId = ratingParam(event.scene_param);
      if (rateId !== null) {
        // The rating link from the group: the dialog answers with the rating menu (or why not), on the welcome code if there is one.
        await tx.kf.keep({
          channel: 'wecom', messageId: `kf:${item.msgid}`, chatId, chatType: 'private', senderId: kfIdentity(ext), senderName: household.name,
          text: '', addressed: true, sourceMessageId: code ? `kfwelcome:${code}` : null, replyToMessageId: null, buttonData: `rate:${rateId}`, photo: null, kind: 'button',
          at: item.send_time ? Math.min(item.send_time * 1000, now()) : now(),
        });
        return [];
      }
      if (!code) return []; // welcomed in the last 48 h, or already talking: nothing to say
      const grid = household.areaCode ? options.tree.get(household.areaCode)?.name : undefined;
      return [welcomeMenu(chatId, code, grid, options.locale, item.msgid)];
    }
    if (event.event_type === 'msg_send_fail' && event.fail_msgid) {
      return rerouteFailed(tx, chatId, ext, event.fail_msgid, event.fail_type ?? 0);
    }
    return []; // servicer_status_change, session_status_change, user_recall_msg …: nothing for minhu
  }

  /** A kf message WeCom could not deliver (4 = over 48 h, 6 = over 5 messages, 10 = refused): the household's group gets it instead. */
  async function rerouteFailed(tx: StoreTx, chatId: string, ext: string, failMsgid: string, failType: number): Promise<OutboundMessage[]> {
    const row = await tx.kf.sentRow(chatId, failMsgid);
    if (!row) return [];
    await tx.kf.closeWindow(openKfid, ext);
    const household = await tx.kf.household(kfIdentity(ext));
    const groups = household?.areaCode ? (await tx.chats.forQueue({ kind: 'area', code: household.areaCode })).filter((c) => c.channel === 'wecom') : [];
    if (!row.message.mention || groups.length === 0) {
      await tx.kf.markRerouted(row.id, `msg_send_fail ${failType}: ${row.message.mention ? 'the household has no WeCom group' : 'a private reply, never posted in a group'}`, true);
      return [];
    }
    const group = groups[0];
    await tx.kf.markRerouted(row.id, `msg_send_fail ${failType}: posted in group ${group.chatId} instead`, false);
    return [{ ...row.message, channel: 'wecom', chatId: group.chatId, replyTo: undefined, buttons: undefined, dedupeKey: `kfreroute:${failMsgid}` }];
  }

  async function pullOnce(): Promise<boolean> {
    const lease = await store.transaction((tx) => tx.kf.takeLease(openKfid, owner, leaseMs));
    if (!lease) return false; // another process is pulling
    lastPull = now();
    let cursor = lease.cursor;
    let token = lease.token;
    try {
      for (let page = 0; page < MAX_PAGES; page++) {
        let raw;
        try {
          raw = await api.syncMsg({ cursor, token, openKfid, limit: options.pageLimit });
        } catch (e) {
          if (token && e instanceof WecomApiError && BAD_TOKEN.has(e.errcode)) {
            token = null; // expired or not ours: WeCom allows a pull without one (with a tighter limit)
            raw = await api.syncMsg({ cursor, token, openKfid, limit: options.pageLimit });
          } else throw e;
        }
        const reply = syncReplySchema.safeParse(raw);
        if (!reply.success) throw new Error(`kf/sync_msg reply is not a page: ${reply.error.issues[0]?.message}`);
        const items: KfItem[] = [];
        const bad: unknown[] = [];
        for (const entry of reply.data.msg_list ?? []) {
          const parsed = kfItemSchema.safeParse(entry);
          if (parsed.success) items.push(parsed.data);
          else bad.push(entry);
        }
        const next = reply.data.next_cursor || cursor;
        const names = await namesOf(items);
        const queued = await store.transaction(async (tx) => {
          if (!(await tx.kf.advance(openKfid, owner, cursor, next, leaseMs))) throw new LeaseLost('the kf cursor was taken by another process');
          const out = await keepPage(tx, items, names);
          if (out.length) await tx.write({ ...noChanges(), messages: out });
          return out.length;
        });
        cursor = next;
        for (const entry of bad) await options.park('kf: sync_msg item that cannot be read', entry).catch(() => undefined);
        if (queued) options.onQueued?.();
        await options.afterPage();
        if (!reply.data.has_more) break;
      }
      return await store.transaction((tx) => tx.kf.finish(openKfid, owner, lease.wanted));
    } catch (e) {
      const error = errorSummary(e);
      if (!(e instanceof LeaseLost)) log.warn('kf: pull failed; it is retried', { openKfid, error });
      await store.transaction((tx) => tx.kf.release(openKfid, owner, error)).catch(() => undefined);
      return false;
    }
  }

  function run(): Promise<void> {
    if (running) {
      again = true;
      return running;
    }
    const round = (async () => {
      do {
        again = false;
        if (await pullOnce()) again = true; // events came during the pull
      } while (again && !stopped);
    })().catch((e: unknown) => void log.warn('kf: pull round failed', { error: errorSummary(e) })).finally(() => {
      running = null;
    });
    running = round;
    return round;
  }

  async function tick(): Promise<void> {
    if (stopped || running) return;
    try {
      const due = await store.transaction((tx) => tx.kf.due());
      const idle = options.idleSyncMs ?? 600_000;
      if (due.includes(openKfid) || (idle > 0 && now() - lastPull > idle)) await run();
    } catch (e) {
      log.warn('kf: could not look for pending pulls', { error: errorSummary(e) });
    }
  }

  return {
    async noteEvent(kfid, token) {
      await store.transaction((tx) => tx.kf.noteEvent(kfid, token));
      if (kfid === openKfid && !stopped) void run();
    },
    syncNow: () => run(),
    start() {
      if (!stopped) return;
      stopped = false;
      lastPull = 0; // a pull at start: what came while minhu was down
      timer = setInterval(() => void tick(), options.pollMs ?? 5_000);
      timer.unref?.();
      void tick();
    },
    async stop() {
      stopped = true;
      if (timer) clearInterval(timer);
      timer = null;
      await running;
    },
  };
}

/** The welcome menu on entering from a grid's link: 报事 / 查进度 / 用法, sent with the welcome code. */
export function welcomeMenu(chatId: string, code: string, grid: string | undefined, locale: Locale, key: string): OutboundMessage {
  return {
    channel: 'wecom', chatId, replyTo: `kfwelcome:${code}`, dedupeKey: `kfwelcome:${key}`, ref: 'kf:welcome',
    text: grid ? t('kf.welcome', { grid }, locale) : t('kf.welcomeNoGrid', {}, locale),
    buttons: [[
      { label: t('kf.menu.report', {}, locale), data: 'cmd:报事' },
      { label: t('kf.menu.progress', {}, locale), data: 'cmd:进度' },
      { label: t('kf.menu.help', {}, locale), data: 'cmd:帮助' },
    ]],
  };
}
