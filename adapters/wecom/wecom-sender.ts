/**
 * Sends outbox messages to WeCom, choosing the route per chat (CHANNELS.md "What minhu does"):
 * 1. a reply to the triggering message — its `response_url` (once) or the long connection's req_id;
 * 2. `app:<userid>` → the app's message/send; `bot:<userid>` → the long connection;
 * 3. a group → its binding's mode: the group robot webhook (20 msgs/min per robot), the long
 *    connection's proactive send, or appchat/send for staff groups the app created.
 * One message takes one route: the route is recorded on its outbox row before a response_url is
 * tried, and a retry keeps it. A response_url that fails with an unknown outcome (timeout,
 * network) is retried on the response_url — never the group robot, which would repeat it — and
 * its "already used" answer then means our earlier attempt arrived.
 * 4. issue 12: `kf:<open_kfid>:<external_userid>` → 微信客服 (kf-route.ts: the window, the welcome
 *    code, the household's group otherwise). In a group, a household who is a WeChat user (a kf or
 *    代报 household: `ext:` / `person:` ids) is named in the text, never @-mentioned; a rating prompt
 *    for them is the grid's kf link with `scene_param=rate-N`; customer groups get plain text.
 */
import { createHash } from 'node:crypto';
import type { OutboundMessage } from '../../core/model';
import { cutUtf8, utf8Length } from '../../core/text-cut';
import { t } from '../../core/texts';
import type { ChannelSender, SendAttempt, SendResult } from '../../bots/ports';
import { postWithoutToken, WecomApiError, type WecomApi } from './wecom-api';
import { shaOfRef, type BlobStore } from '../../bots/ports/blobs';
import { maskPhones } from '../../core/text-tools';
import type { KfRoute } from './kf-route';

/** How later messages reach a WeCom group (org file `chats[].mode`). */
export interface WecomChatRoute {
  mode: 'webhook' | 'websocket' | 'appchat';
  webhookKey?: string;
  /** issue 12: a customer group (客户群): its households are WeChat users — plain text, named not mentioned. */
  customerGroup?: boolean;
  /** issue 12: the grid the group is bound to (for its kf rating link). */
  areaCode?: string;
}

/** The long connection, as far as sending goes. */
export interface WecomWsSend {
  /** Replies to the message whose frame had this req_id. */
  reply(reqId: string, markdown: string): Promise<void>;
  /** Proactive send to a group chatid or a userid. */
  send(chatId: string, markdown: string): Promise<void>;
}

export interface WecomSenderOptions {
  apiBase: string;
  app?: { api: WecomApi; agentId: number };
  ws?: WecomWsSend;
  routeOf: (chatId: string) => WecomChatRoute | undefined;
  /** issue 13: where `查看`'s photos are read from (absent: only the console link). */
  blobs?: BlobStore;
  /** issue 12: 微信客服 households (absent: no kf account configured). */
  kf?: (toGroup: (chatId: string, message: OutboundMessage) => Promise<SendResult>, routable: (chatId: string) => boolean) => KfRoute;
  /** issue 12: a grid's kf link with a scene_param (`rate-12`), for rating lines in the group. */
  kfLink?: (areaCode: string, param: string) => Promise<string | null>;
  /** Messages per minute per group robot. (default: 20) */
  robotPerMinute?: number;
  /** The robot limit's window; tests shorten it. (default: 60_000) */
  robotWindowMs?: number;
  /** Timeout of one call to a response_url or a group robot. (default: 10_000) */
  timeoutMs?: number;
  now?: () => number;
}

/** How long past its window a robot send still counts (network jitter between us and WeCom). */
const ROBOT_SLACK_MS = 50;

/** The recorded routes of a reply that had a response_url. */
const RESPONSE_URL = 'response_url';
const CHAT_ROUTE = 'chat';
/** errcode of a response_url called a second time (see the fake and CHANNELS.md: one call per URL). */
const RESPONSE_URL_USED = 93000;

/** WeCom's markdown limit is 4,096 UTF-8 bytes (text messages: 2,048); we keep a small margin. */
export const WECOM_MARKDOWN_BYTES = 4000;
/** The group robot's text messages: 2,048 bytes. */
export const WECOM_TEXT_BYTES = 2000;

/** issue 12: a household who is a WeChat user (微信客服 `ext:…`, 代报 `person:…`), not a corp member. */
export function isHousehold(userId: string): boolean {
  return /^(ext|person):/.test(userId);
}

/**
 * Markdown for WeCom: the mention as `<@userid>`, then the text, cut to `maxBytes` UTF-8
 * bytes at grapheme boundaries (never inside a character, an emoji or a ZWJ sequence).
 */
export function toWecomMarkdown(message: OutboundMessage, maxBytes = WECOM_MARKDOWN_BYTES): string {
  const mention = message.mention ? `<@${message.mention.userId}> ` : '';
  return mention + cutUtf8(message.text, maxBytes - utf8Length(mention));
}

/** Creates the WeCom ChannelSender. */
export function createWecomSender(options: WecomSenderOptions): ChannelSender {
  const now = options.now ?? Date.now;
  const perMinute = options.robotPerMinute ?? 20;
  const windowMs = options.robotWindowMs ?? 60_000;
  const robotSends = new Map<string, number[]>();
  const usedResponseUrls = new Set<string>();
  const routable = (chatId: string) => !!options.routeOf(chatId) || !!options.ws;
  // Built below once toGroup exists (kf reroutes to the household's group through it).
  let kf: KfRoute | undefined;

  /** Sliding one-minute window per robot key; returns how long to wait, 0 when a send may go. */
  function robotWait(key: string): number {
    const t = now();
    // A send counts a little past its window: WeCom counts when it arrives, which is later and jitters.
    const recent = (robotSends.get(key) ?? []).filter((s) => t - s < windowMs + ROBOT_SLACK_MS);
    robotSends.set(key, recent);
    if (recent.length < perMinute) {
      recent.push(t);
      return 0;
    }
    return windowMs + ROBOT_SLACK_MS - (t - recent[0]);
  }

  /**
   * issue 12: the text of a group message. A WeChat household (kf or 代报: `ext:`/`person:` ids)
   * cannot be @-mentioned: they are named in the text, phones masked; their rating prompt is the
   * grid's kf link with scene_param=rate-N. Corp members keep the `<@userid>` mention.
   */
  async function groupText(message: OutboundMessage, route: WecomChatRoute | undefined): Promise<{ content: string; mention: string | null }> {
    const mention = message.mention;
    if (!mention || !isHousehold(mention.userId)) return { content: route?.customerGroup ? cutUtf8(message.text, WECOM_TEXT_BYTES) : toWecomMarkdown(message), mention: mention?.userId ?? null };
    const rate = /^rate:(\d+)$/.exec(message.ref ?? '');
    const link = rate && route?.areaCode && options.kfLink ? await options.kfLink(route.areaCode, `rate-${rate[1]}`) : null;
    const text = link ? t('kf.rateInGroup', { id: rate![1], name: mention.name, link }) : t('kf.named', { name: mention.name, text: maskPhones(message.text) });
    return { content: cutUtf8(text, route?.customerGroup ? WECOM_TEXT_BYTES : WECOM_MARKDOWN_BYTES), mention: null };
  }

  async function toGroup(chatId: string, message: OutboundMessage): Promise<SendResult> {
    const route = options.routeOf(chatId) ?? (options.ws ? { mode: 'websocket' as const } : undefined);
    if (!route) return { ok: false, retry: false, error: `no route to WeCom group ${chatId}: give it a webhookKey or mode in the org file` };
    const { content, mention } = await groupText(message, route);
    const markdown = content;
    if (route.mode === 'webhook') {
      if (!route.webhookKey) return { ok: false, retry: false, error: `WeCom group ${chatId} has mode webhook but no webhookKey` };
      const wait = robotWait(route.webhookKey);
      if (wait > 0) return { ok: false, retry: true, retryAfterMs: wait, chatOnly: true, error: 'group robot limit (20 msgs/min) reached' };
      // A customer group's WeChat users see plain text (mentioned_list takes corp userids only).
      const body = route.customerGroup ? { msgtype: 'text', text: { content, ...(mention ? { mentioned_list: [mention] } : {}) } } : { msgtype: 'markdown', markdown: { content } };
      await postWithoutToken(`${options.apiBase}/cgi-bin/webhook/send?key=${encodeURIComponent(route.webhookKey)}`, body, options.timeoutMs);
      return { ok: true, providerMessageId: null };
    }
    if (route.mode === 'websocket') {
      if (!options.ws) return { ok: false, retry: false, error: 'mode websocket but WECOM_BOT_MODE is not websocket' };
      await options.ws.send(chatId, markdown);
      return { ok: true, providerMessageId: null };
    }
    if (!options.app) return { ok: false, retry: false, error: 'mode appchat needs the self-built app (WECOM_SECRET, WECOM_AGENT_ID)' };
    await options.app.api.post('/cgi-bin/appchat/send', { chatid: chatId, msgtype: 'markdown', markdown: { content: markdown } });
    return { ok: true, providerMessageId: null };
  }

  /**
   * Tries the one-time response_url; null when the message must take the chat's own route.
   * Throws (the outbox retries on the same route) when the outcome is unknown.
   */
  async function viaResponseUrl(url: string, markdown: string, attempt: SendAttempt | undefined): Promise<SendResult | null> {
    const previous = attempt?.route ?? null;
    if (previous === CHAT_ROUTE) return null;
    if (previous === null && usedResponseUrls.has(url)) {
      await attempt?.claimRoute(CHAT_ROUTE); // another reply to the same message took it
      return null;
    }
    usedResponseUrls.add(url); // valid for one call only, whatever its outcome
    await attempt?.claimRoute(RESPONSE_URL);
    try {
      await postWithoutToken(url, { msgtype: 'markdown', markdown: { content: markdown } }, options.timeoutMs);
      return { ok: true, providerMessageId: null };
    } catch (e) {
      if (!(e instanceof WecomApiError) || e.retry) throw e; // unknown outcome: retry here, never elsewhere
      if (previous === RESPONSE_URL && e.errcode === RESPONSE_URL_USED) return { ok: true, providerMessageId: null }; // our earlier attempt arrived
      await attempt?.claimRoute(CHAT_ROUTE); // expired, or used by another reply: the chat's own route
      return null;
    }
  }

  async function route(message: OutboundMessage, attempt?: SendAttempt): Promise<SendResult> {
    // WeCom cannot delete group messages by API: never send a delete as an empty message.
    if (message.deleteMessageId) return { ok: false, retry: false, error: 'WeCom cannot delete messages' };
    if (message.image) return sendImage(message);
    if (message.attachments?.length) return sendPhotos(message);
    if (message.chatId.startsWith('kf:')) {
      if (!kf) return { ok: false, retry: false, error: '微信客服 messages need WECOM_KF_ID' };
      return kf.send(message, attempt);
    }
    // issue 12: a WeChat household's private channel is 微信客服 (a copy: their group has the message).
    if (message.chatId.startsWith('app:ext:')) {
      if (!kf) return { ok: true, providerMessageId: null };
      return kf.copy(message, attempt);
    }
    const markdown = toWecomMarkdown(message);
    const replyTo = message.replyTo;
    if (replyTo?.startsWith('http')) {
      const sent = await viaResponseUrl(replyTo, markdown, attempt);
      if (sent) return sent;
    } else if (replyTo?.startsWith('ws:') && options.ws) {
      try {
        await options.ws.reply(replyTo.slice(3), markdown);
        return { ok: true, providerMessageId: null };
      } catch {
        // The frame is gone (e.g. after a reconnect): send proactively below.
      }
    }
    const chatId = message.chatId;
    if (chatId.startsWith('app:') || (chatId.startsWith('bot:') && !options.ws)) {
      if (!options.app) return { ok: false, retry: false, error: 'one-to-one messages need the self-built app (WECOM_SECRET, WECOM_AGENT_ID)' };
      await options.app.api.post('/cgi-bin/message/send', {
        touser: chatId.slice(4), msgtype: 'markdown', agentid: options.app.agentId, markdown: { content: markdown },
        enable_duplicate_check: 1, duplicate_check_interval: 60,
      });
      return { ok: true, providerMessageId: null };
    }
    if (chatId.startsWith('bot:')) {
      await options.ws!.send(chatId.slice(4), markdown);
      return { ok: true, providerMessageId: null };
    }
    return toGroup(chatId, message);
  }

  /** Images go by the group robot (base64 + md5, ≤ 2 MB); elsewhere a short text says where the chart is. */
  async function sendImage(message: OutboundMessage): Promise<SendResult> {
    const chatRoute = options.routeOf(message.chatId);
    if (chatRoute?.mode === 'webhook' && chatRoute.webhookKey) {
      const wait = robotWait(chatRoute.webhookKey);
      if (wait > 0) return { ok: false, retry: true, retryAfterMs: wait, chatOnly: true, error: 'group robot limit (20 msgs/min) reached' };
      const bytes = Buffer.from(message.image!.pngBase64, 'base64');
      await postWithoutToken(`${options.apiBase}/cgi-bin/webhook/send?key=${encodeURIComponent(chatRoute.webhookKey)}`, {
        msgtype: 'image', image: { base64: message.image!.pngBase64, md5: createHash('md5').update(bytes).digest('hex') },
      }, options.timeoutMs);
      return { ok: true, providerMessageId: null };
    }
    return route({ ...message, image: undefined, text: `${message.text}\n${t('report.imageFallback')}` });
  }

  /**
   * issue 13: stored photos to a person through the app (media/upload, then an image message each);
   * elsewhere, or without the app, nothing — the text before them already carries the console link.
   */
  async function sendPhotos(message: OutboundMessage): Promise<SendResult> {
    if (!message.chatId.startsWith('app:') || !options.app || !options.blobs) return { ok: true, providerMessageId: null };
    for (const ref of message.attachments!.slice(0, 9)) {
      const sha = shaOfRef(ref);
      const blob = sha ? await options.blobs.get(sha) : null;
      if (!blob || !blob.mime.startsWith('image/')) continue;
      const mediaId = await options.app.api.uploadImage(blob.bytes, `${sha!.slice(0, 12)}.${blob.mime.slice(6)}`, blob.mime);
      await options.app.api.post('/cgi-bin/message/send', { touser: message.chatId.slice(4), msgtype: 'image', agentid: options.app.agentId, image: { media_id: mediaId } });
    }
    return { ok: true, providerMessageId: null };
  }

  kf = options.kf?.(toGroup, routable);

  return {
    channel: 'wecom',
    async send(message, attempt) {
      try {
        return await route(message, attempt);
      } catch (e) {
        if (e instanceof WecomApiError) return { ok: false, retry: e.retry, retryAfterMs: e.retryAfterMs, error: e.message, code: String(e.errcode) };
        return { ok: false, retry: true, error: String(e), code: 'network' };
      }
    },
  };
}
