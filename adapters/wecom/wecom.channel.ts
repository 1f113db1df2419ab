/**
 * Assembles the WeCom channel from configuration: which inbound doors are open (AI bot
 * callback or long connection, self-built app callback) and the sender with its routes.
 */
import type { Router } from 'express';
import type { OrgFile } from '../../core/org-file';
import type { InboundMessage } from '../../core/model';
import type { ChannelSender, Store } from '../../bots/ports';
import { createOrgTree } from '../../core/org-tree';
import { createKfApi } from './kf-api';
import { createKfLinks } from './kf-links';
import { createKfRoute } from './kf-route';
import { createKfSync, type KfSync } from './kf-sync';
import { createGroupRefresher, type GroupRefresher } from './customer-groups';
import type { Config } from '../config';
import type { Logger } from '../logger';
import { createWecomApi } from './wecom-api';
import { decryptBotFile } from './wecom-file-crypto';
import { MediaDownloadError } from '../blobs/download';
import type { MediaIntake } from '../blobs/media-intake';
import { createWecomCallbackRouter } from './wecom-callback.routes';
import { createWecomSender, type WecomChatRoute } from './wecom-sender';
import { createWecomWebsocket, type WecomWebsocket } from './wecom-websocket';

export interface WecomChannel {
  router: Router | null;
  sender: ChannelSender;
  /** What is enabled, for the start-up log. */
  doors: string[];
  start(): Promise<void>;
  /**
   * Issue 16: holds the AI bot long connection while `on` (the instance with the WeCom lease);
   * null when there is no long connection.
   */
  holdConnection: ((on: boolean) => void) | null;
  stop(): void;
}

export interface WecomInboundPorts {
  /** Stores an inbound message (the inbox); resolves once it is committed. */
  handle: (msg: InboundMessage) => Promise<unknown>;
  /** Parks a payload that cannot be handled (dead letters). */
  park: (channel: 'wecom', reason: string, payload: unknown) => Promise<void>;
  /** issue 12: the store (kf cursors, windows, customer groups) — 微信客服 and group counts need it. */
  store?: Store;
  /** issue 12: processes what the inbox holds (after each kf page). */
  drainInbox?: () => Promise<unknown>;
  /** issue 12: outgoing messages were queued (the sender starts at once). */
  poke?: () => void;
}

/** Returns the channel, or null when nothing WeCom is configured. */
export function createWecomChannel(
  config: Config, org: OrgFile, { handle, park, store, drainInbox, poke }: WecomInboundPorts, log: Logger, media?: MediaIntake,
  /** Issue 16: connect the long connection in `start()`; off when the lease decides (holdConnection). (default: true) */
  connectOnStart = true,
): WecomChannel | null {
  const appOn = !!config.WECOM_SECRET;
  const botCallbackOn = config.WECOM_BOT_MODE === 'callback' && !!config.WECOM_BOT_TOKEN;
  const botWsOn = config.WECOM_BOT_MODE === 'websocket';
  if (!appOn && !botCallbackOn && !botWsOn) return null;

  const ws: WecomWebsocket | undefined = botWsOn
    ? createWecomWebsocket({ botId: config.WECOM_BOT_ID!, secret: config.WECOM_BOT_SECRET!, wsUrl: config.WECOM_BOT_WS_URL, handle, park, log })
    : undefined;
  const app = appOn
    ? { api: createWecomApi({ base: config.WECOM_API_BASE, corpId: config.WECOM_CORP_ID!, secret: config.WECOM_SECRET! }), agentId: config.WECOM_AGENT_ID! }
    : undefined;
  // issue 13: app images and voice by MediaId (media/get); AI-bot images by URL, AES-256-CBC encrypted.
  if (app && media) media.register('wxmedia', async (id) => (await app.api.downloadMedia(id, { maxBytes: config.BLOB_MAX_BYTES, timeoutMs: config.MEDIA_DOWNLOAD_TIMEOUT_MS })).bytes);
  const botKey = config.WECOM_BOT_ENCODING_AES_KEY;
  if (media) {
    media.register('wxbot', async (ref) => {
      const cut = ref.indexOf('|');
      const key = ref.slice(0, cut) || botKey;
      if (!key) throw new MediaDownloadError('failed', 'no key to decrypt the AI bot image');
      const encrypted = await media.download(ref.slice(cut + 1));
      try {
        return decryptBotFile(encrypted, key);
      } catch (e) {
        throw new MediaDownloadError('failed', `AI bot image: ${e instanceof Error ? e.message : String(e)}`); // a wrong key stays wrong: no retry
      }
    });
  }
  const routes = new Map<string, WecomChatRoute>(
    org.chats.filter((c) => c.channel === 'wecom' && c.mode).map((c) => [c.id, { mode: c.mode!, webhookKey: c.webhookKey, customerGroup: c.customerGroup, areaCode: c.area }]),
  );
  // issue 12: households on WeCom — 微信客服 one to one, customer-group member counts.
  const kfOn = !!(app && config.WECOM_KF_ID && store);
  const kfApi = kfOn ? createKfApi(app!.api) : undefined;
  const links = kfOn ? createKfLinks(kfApi!, store!, config.WECOM_KF_ID!) : undefined;
  const kfSync: KfSync | undefined = kfOn
    ? createKfSync({
        api: kfApi!, store: store!, openKfid: config.WECOM_KF_ID!, tree: createOrgTree(org.areas), locale: config.APP_LOCALE,
        afterPage: drainInbox ?? (async () => undefined), park: (reason, payload) => park('wecom', reason, payload), onQueued: poke, log,
        leaseMs: config.WECOM_KF_SYNC_LEASE_SECONDS * 1000, idleSyncMs: config.WECOM_KF_IDLE_SYNC_MINUTES * 60_000,
      })
    : undefined;
  const groups: GroupRefresher | undefined = app && store ? createGroupRefresher(app.api, store, { perSecond: config.WECOM_GROUPS_PER_SECOND, log }) : undefined;
  const appEvent = async (f: Record<string, string>): Promise<boolean> => {
    if (f.Event === 'kf_msg_or_event') {
      if (!kfSync) return true; // not ours to pull: acknowledged, nothing to do
      if (f.OpenKfId && f.OpenKfId !== config.WECOM_KF_ID) {
        log.warn('wecom: kf_msg_or_event for another 微信客服 account ignored', { openKfid: f.OpenKfId });
        return true;
      }
      await kfSync.noteEvent(config.WECOM_KF_ID!, f.Token || null);
      return true;
    }
    if (f.Event === 'change_external_chat' && f.ChatId) {
      if (groups) await groups.noteChange(f.ChatId, f.ChangeType ?? '');
      return true;
    }
    return false;
  };
  const router = appOn || botCallbackOn
    ? createWecomCallbackRouter({
        bot: botCallbackOn ? { token: config.WECOM_BOT_TOKEN!, encodingAesKey: config.WECOM_BOT_ENCODING_AES_KEY!, receiveId: '' } : undefined,
        app: appOn ? { token: config.WECOM_TOKEN!, encodingAesKey: config.WECOM_ENCODING_AES_KEY!, receiveId: config.WECOM_CORP_ID! } : undefined,
        handle,
        park,
        appEvent,
        log,
        maxAgeSeconds: config.WECOM_CALLBACK_MAX_AGE_SECONDS,
      })
    : null;
  const doors = [
    botCallbackOn && 'AI bot callback POST /wecom/bot/callback',
    botWsOn && `AI bot long connection ${config.WECOM_BOT_WS_URL ?? '(default URL)'}`,
    appOn && `self-built app callback POST /wecom/app/callback (agent ${config.WECOM_AGENT_ID})`,
    kfOn && `微信客服 ${config.WECOM_KF_ID}: kf_msg_or_event on the app callback, kf/sync_msg with the cursor in the database`,
  ].filter((d): d is string => !!d);
  return {
    router,
    sender: createWecomSender({
      apiBase: config.WECOM_API_BASE, app, ws, routeOf: (id) => routes.get(id), blobs: media?.blobs,
      kf: kfOn ? (toGroup, routable) => createKfRoute({
        api: kfApi!, openKfid: config.WECOM_KF_ID!, store: store!, toGroup, routable, windowMs: config.WECOM_KF_WINDOW_HOURS * 3_600_000,
        maxReplies: config.WECOM_KF_WINDOW_MESSAGES, closedErrcodes: config.WECOM_KF_CLOSED_ERRCODES,
      }) : undefined,
      kfLink: links ? (area, param) => links.withParam(area, param) : undefined,
    }),
    doors,
    start: async () => {
      kfSync?.start();
      groups?.start();
      if (ws && connectOnStart) await ws.start();
    },
    holdConnection: ws ? (on) => {
      if (!on) return ws.disconnect();
      ws.start().catch((e: unknown) => log.warn(`wecom ws: could not connect (${e instanceof Error ? e.message : String(e)})`));
    } : null,
    stop: () => {
      ws?.stop();
      void kfSync?.stop();
      void groups?.stop();
    },
  };
}
