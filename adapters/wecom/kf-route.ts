/**
 * Issue 12: how a message to a 微信客服 household (`kf:<open_kfid>:<external_userid>`) goes out.
 * - An answer to an enter_session (the welcome menu, the rating menu) uses the event's welcome
 *   code (`send_msg_on_event`, once, within 20 s).
 * - Everything else goes by `kf/send_msg`, but only inside the window WeCom allows (48 h after
 *   the household's last message, at most 5 replies), counted in PostgreSQL so that every minhu
 *   process agrees. A message that would fall outside it — or that WeCom refuses as outside it —
 *   goes to the household's grid group by its robot instead, naming them, and the outbox row
 *   records that route. A private reply (no mention: lists, answers) is never posted in a group:
 *   it fails with the reason instead, kept on the row.
 * - A rating prompt on 办结 goes to the group: its link opens the chat with the rating menu.
 */
import { randomBytes } from 'node:crypto';
import type { OutboundMessage } from '../../core/model';
import type { SendAttempt, SendResult, Store } from '../../bots/ports';
import { kfBody, type KfApi } from './kf-api';
import { kfIdentity, parseKfChatId } from './kf-inbound';
import { WecomApiError } from './wecom-api';

export interface KfRouteOptions {
  api: KfApi;
  /** The account private copies (`app:ext:<external_userid>`) go out on. */
  openKfid: string;
  store: Store;
  /** The window: how long after the household's last message, and how many replies. (default: 48 h, 5) */
  windowMs?: number;
  maxReplies?: number;
  /** errcodes of kf/send_msg that mean "outside the window". (default: 95001, 95002, 95018) */
  closedErrcodes?: number[];
  /** True when a WeCom group has a route (robot, long connection, appchat). */
  routable: (chatId: string) => boolean;
  /** Posts the message in a WeCom group by the group's own route (robot pacing, households named). */
  toGroup: (chatId: string, message: OutboundMessage) => Promise<SendResult>;
}

export interface KfRoute {
  send(message: OutboundMessage, attempt?: SendAttempt): Promise<SendResult>;
  /**
   * A copy for a household's private channel (`app:ext:<external_userid>`: the household's group
   * has the message already): sent when their window is open, else skipped — recorded on the row.
   */
  copy(message: OutboundMessage, attempt?: SendAttempt): Promise<SendResult>;
}

const KF = 'kf';
const WELCOME = 'kf-welcome';
const GROUP = 'group:';

/** A msgid of our own (≤ 32 bytes, [0-9a-zA-Z_-]): msg_send_fail names it, and the outbox keeps it. */
const newMsgid = () => `mh${randomBytes(12).toString('hex')}`;

export function createKfRoute(options: KfRouteOptions): KfRoute {
  const { api, store } = options;
  const windowMs = options.windowMs ?? 48 * 3_600_000;
  const maxReplies = options.maxReplies ?? 5;
  const closed = new Set(options.closedErrcodes ?? [95001, 95002, 95018]);

  /** The household's grid group that has a route, if any. */
  async function groupOf(externalUserId: string): Promise<string | null> {
    return store.transaction(async (tx) => {
      const household = await tx.kf.household(kfIdentity(externalUserId));
      if (!household?.areaCode) return null;
      const chats = await tx.chats.forQueue({ kind: 'area', code: household.areaCode });
      return chats.find((c) => c.channel === 'wecom' && options.routable(c.chatId))?.chatId ?? null;
    });
  }

  async function viaGroup(message: OutboundMessage, externalUserId: string, attempt: SendAttempt | undefined, why: string): Promise<SendResult> {
    if (!message.mention) return { ok: false, retry: false, error: `${why}; a private reply is never posted in a group` };
    const group = await groupOf(externalUserId);
    if (!group) return { ok: false, retry: false, error: `${why}; the household's grid has no WeCom group with a route` };
    await attempt?.claimRoute(`${GROUP}${group}`);
    return options.toGroup(group, message);
  }

  return {
    async copy(message, attempt) {
      const externalUserId = message.chatId.slice('app:ext:'.length);
      const previous = attempt?.route ?? null;
      if (previous === 'kf-closed') return { ok: true, providerMessageId: null };
      if (previous !== KF) {
        const reserved = await store.transaction((tx) => tx.kf.reserve(options.openKfid, externalUserId, windowMs, maxReplies));
        if (!reserved) {
          await attempt?.claimRoute('kf-closed'); // outside the window: the group has it
          return { ok: true, providerMessageId: null };
        }
        await attempt?.claimRoute(KF);
      }
      try {
        return { ok: true, providerMessageId: await api.sendMsg(options.openKfid, externalUserId, kfBody(message.text), newMsgid()) };
      } catch (e) {
        if (!(e instanceof WecomApiError) || !closed.has(e.errcode)) throw e;
        await store.transaction((tx) => tx.kf.closeWindow(options.openKfid, externalUserId));
        await attempt?.claimRoute('kf-closed');
        return { ok: true, providerMessageId: null };
      }
    },
    async send(message, attempt) {
      const target = parseKfChatId(message.chatId);
      if (!target) return { ok: false, retry: false, error: `not a 微信客服 chat: ${message.chatId}` };
      if (message.deleteMessageId) return { ok: false, retry: false, error: '微信客服 messages cannot be deleted' };
      const previous = attempt?.route ?? null;
      if (previous?.startsWith(GROUP)) return options.toGroup(previous.slice(GROUP.length), message);
      const body = kfBody(message.text, message.buttons);

      // Rating from the group (issue 12): the robot posts the line with the grid's link.
      if (previous === null && message.mention && /^rate:\d+$/.test(message.ref ?? '')) {
        const group = await groupOf(target.externalUserId);
        if (group) {
          await attempt?.claimRoute(`${GROUP}${group}`);
          return options.toGroup(group, message);
        }
      }

      // An answer to entering the chat: the event's code, once.
      const code = message.replyTo?.startsWith('kfwelcome:') ? message.replyTo.slice('kfwelcome:'.length) : null;
      if (code && (previous === null || previous === WELCOME)) {
        await attempt?.claimRoute(WELCOME);
        try {
          return { ok: true, providerMessageId: await api.sendOnEvent(code, body, newMsgid()) };
        } catch (e) {
          if (!(e instanceof WecomApiError) || e.retry) throw e; // unknown outcome: the outbox retries here
          // Expired (20 s) or used: the window, if the household has one, else as below.
        }
      }

      if (previous !== KF) {
        const reserved = await store.transaction((tx) => tx.kf.reserve(target.openKfid, target.externalUserId, windowMs, maxReplies));
        if (!reserved) return viaGroup(message, target.externalUserId, attempt, 'outside the 微信客服 window (48 h after the household\'s last message, 5 replies)');
        await attempt?.claimRoute(KF);
      }
      try {
        return { ok: true, providerMessageId: await api.sendMsg(target.openKfid, target.externalUserId, body, newMsgid()) };
      } catch (e) {
        if (!(e instanceof WecomApiError) || !closed.has(e.errcode)) throw e;
        await store.transaction((tx) => tx.kf.closeWindow(target.openKfid, target.externalUserId));
        return viaGroup(message, target.externalUserId, attempt, `WeCom refused kf/send_msg as outside the window (errcode ${e.errcode})`);
      }
    },
  };
}
