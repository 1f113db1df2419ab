/**
 * Sends outbox messages to WeCom, choosing the route per chat (CHANNELS.md "What minhu does"):
 * 1. a reply to the triggering message — its `response_url` (once) or the long connection's req_id;
 * 2. `app:<userid>` → the app's message/send; `bot:<userid>` → the long connection;
 * 3. a group → its binding's mode: the group robot webhook (20 msgs/min per robot), the long
 *    connection's proactive send, or appchat/send for staff groups the app created.
 */
import { createHash } from 'node:crypto';
import type { OutboundMessage } from '../../core/model';
import { t } from '../../core/texts';
import type { ChannelSender, SendResult } from '../../bots/ports';
import { postWithoutToken, WecomApiError, type WecomApi } from './wecom-api';
import { shaOfRef, type BlobStore } from '../../bots/blob-ports';

/** How later messages reach a WeCom group (org file `chats[].mode`). */
export interface WecomChatRoute {
  mode: 'webhook' | 'websocket' | 'appchat';
  webhookKey?: string;
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
  /** Messages per minute per group robot. (default: 20) */
  robotPerMinute?: number;
  now?: () => number;
}

/** Markdown for WeCom: the mention as `<@userid>`, then the text; cut to the 4096-byte limit. */
export function toWecomMarkdown(message: OutboundMessage): string {
  const text = message.mention ? `<@${message.mention.userId}> ${message.text}` : message.text;
  const bytes = Buffer.from(text, 'utf8');
  return bytes.length <= 4000 ? text : `${bytes.subarray(0, 3990).toString('utf8').replace(/\uFFFD+$/, '')}…`;
}

/** Creates the WeCom ChannelSender. */
export function createWecomSender(options: WecomSenderOptions): ChannelSender {
  const now = options.now ?? Date.now;
  const perMinute = options.robotPerMinute ?? 20;
  const robotSends = new Map<string, number[]>();
  const usedResponseUrls = new Set<string>();

  /** Sliding one-minute window per robot key; returns how long to wait, 0 when a send may go. */
  function robotWait(key: string): number {
    const t = now();
    const recent = (robotSends.get(key) ?? []).filter((s) => t - s < 60_000);
    robotSends.set(key, recent);
    if (recent.length < perMinute) {
      recent.push(t);
      return 0;
    }
    return 60_000 - (t - recent[0]) + 50;
  }

  async function toGroup(chatId: string, markdown: string): Promise<SendResult> {
    const route = options.routeOf(chatId) ?? (options.ws ? { mode: 'websocket' as const } : undefined);
    if (!route) return { ok: false, retry: false, error: `no route to WeCom group ${chatId}: give it a webhookKey or mode in the org file` };
    if (route.mode === 'webhook') {
      if (!route.webhookKey) return { ok: false, retry: false, error: `WeCom group ${chatId} has mode webhook but no webhookKey` };
      const wait = robotWait(route.webhookKey);
      if (wait > 0) return { ok: false, retry: true, retryAfterMs: wait, error: 'group robot limit (20 msgs/min) reached' };
      await postWithoutToken(`${options.apiBase}/cgi-bin/webhook/send?key=${encodeURIComponent(route.webhookKey)}`, { msgtype: 'markdown', markdown: { content: markdown } });
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

  async function route(message: OutboundMessage): Promise<SendResult> {
    if (message.image) return sendImage(message);
    if (message.attachments?.length) return sendPhotos(message);
    const markdown = toWecomMarkdown(message);
    const replyTo = message.replyTo;
    if (replyTo?.startsWith('ws:') && options.ws) {
      try {
        await options.ws.reply(replyTo.slice(3), markdown);
        return { ok: true, providerMessageId: null };
      } catch {
        // The frame is gone (e.g. after a reconnect): send proactively below.
      }
    } else if (replyTo?.startsWith('http') && !usedResponseUrls.has(replyTo)) {
      usedResponseUrls.add(replyTo); // valid for one call only, whatever its outcome
      try {
        await postWithoutToken(replyTo, { msgtype: 'markdown', markdown: { content: markdown } });
        return { ok: true, providerMessageId: null };
      } catch (e) {
        if (e instanceof WecomApiError && e.retry) throw e;
        // Expired or used: fall back to the chat's own route.
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
    return toGroup(chatId, markdown);
  }

  /** Images go by the group robot (base64 + md5, ≤ 2 MB); elsewhere a short text says where the chart is. */
  async function sendImage(message: OutboundMessage): Promise<SendResult> {
    const chatRoute = options.routeOf(message.chatId);
    if (chatRoute?.mode === 'webhook' && chatRoute.webhookKey) {
      const wait = robotWait(chatRoute.webhookKey);
      if (wait > 0) return { ok: false, retry: true, retryAfterMs: wait, error: 'group robot limit (20 msgs/min) reached' };
      const bytes = Buffer.from(message.image!.pngBase64, 'base64');
      await postWithoutToken(`${options.apiBase}/cgi-bin/webhook/send?key=${encodeURIComponent(chatRoute.webhookKey)}`, {
        msgtype: 'image', image: { base64: message.image!.pngBase64, md5: createHash('md5').update(bytes).digest('hex') },
      });
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

  return {
    channel: 'wecom',
    async send(message) {
      try {
        return await route(message);
      } catch (e) {
        if (e instanceof WecomApiError) return { ok: false, retry: e.retry, retryAfterMs: e.retryAfterMs, error: e.message };
        return { ok: false, retry: true, error: String(e) };
      }
    },
  };
}
