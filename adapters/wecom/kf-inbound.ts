/**
 * Issue 12: what `kf/sync_msg` returns (W94670; field names as in silenceper/wechat
 * `work/kf/syncmsg`), validated at the edge, and turned into InboundMessages for the one dialog.
 * Only the WeCom adapter reads these shapes: a kf household is a `wecom` person whose private chat
 * id is `kf:<open_kfid>:<external_userid>` and whose identity is `ext:<external_userid>`.
 */
import { z } from 'zod';
import type { InboundMessage } from '../../core/model';
import { cleanInbound } from '../channels/inbound-text';

const id = z.string().min(1).max(256);
const text = z.string().max(100_000);

/** One item of `msg_list`, as far as minhu reads it (everything else passes through). */
export const kfItemSchema = z.object({
  msgid: id,
  open_kfid: z.string().max(256).nullish(),
  external_userid: z.string().max(256).nullish(),
  send_time: z.number().int().nonnegative().nullish(),
  /** 3 = the WeChat user, 4 = a system event, 5 = a servicer in the WeCom client. */
  origin: z.number().int().nullish(),
  msgtype: z.string().min(1).max(64),
  text: z.object({ content: text.nullish(), menu_id: z.string().max(256).nullish() }).passthrough().nullish(),
  image: z.object({ media_id: z.string().max(1024).nullish() }).passthrough().nullish(),
  voice: z.object({ media_id: z.string().max(1024).nullish() }).passthrough().nullish(),
  location: z.object({
    latitude: z.number().min(-90).max(90).nullish(), longitude: z.number().min(-180).max(180).nullish(),
    name: text.nullish(), address: text.nullish(),
  }).passthrough().nullish(),
  event: z.object({
    event_type: z.string().max(64).nullish(),
    open_kfid: z.string().max(256).nullish(),
    external_userid: z.string().max(256).nullish(),
    scene: z.string().max(256).nullish(),
    scene_param: z.string().max(1024).nullish(),
    welcome_code: z.string().max(1024).nullish(),
    fail_msgid: z.string().max(256).nullish(),
    fail_type: z.number().int().nullish(),
  }).passthrough().nullish(),
}).passthrough();

export type KfItem = z.infer<typeof kfItemSchema>;

/** The reply of `kf/sync_msg`; items are validated one by one (a bad one is parked, the rest go on). */
export const syncReplySchema = z.object({
  next_cursor: z.string().max(1024).nullish(),
  has_more: z.union([z.number(), z.boolean()]).nullish(),
  msg_list: z.array(z.unknown()).max(10_000).nullish(),
}).passthrough();

/** The chat id of a kf household: which account, which WeChat user. */
export function kfChatId(openKfid: string, externalUserId: string): string {
  return `kf:${openKfid}:${externalUserId}`;
}

/** The identity a kf household has (channel `wecom`): never confused with a corp userid. */
export function kfIdentity(externalUserId: string): string {
  return `ext:${externalUserId}`;
}

/** Reads a kf chat id back; null for any other chat. */
export function parseKfChatId(chatId: string): { openKfid: string; externalUserId: string } | null {
  const m = /^kf:([^:]+):(.+)$/.exec(chatId);
  return m ? { openKfid: m[1], externalUserId: m[2] } : null;
}

/** A menu item id that stands for a command word (`cmd:进度`) types that word; others are button data (`rate:12:basic`). */
const COMMAND_MENU = /^cmd:(.{1,32})$/u;

/**
 * A household's message (origin 3) as the InboundMessage every channel produces; null for what
 * needs no dialog (events, servicer messages). `name` is the household's name as minhu knows it.
 */
export function kfToInbound(item: KfItem, name: string, now: number): InboundMessage | null {
  const ext = item.external_userid;
  const kfid = item.open_kfid;
  if (item.origin !== 3 || !ext || !kfid || item.msgtype === 'event') return null;
  const at = item.send_time ? Math.min(item.send_time * 1000, now) : now;
  const base = {
    channel: 'wecom' as const, messageId: `kf:${item.msgid}`, chatId: kfChatId(kfid, ext), chatType: 'private' as const,
    senderId: kfIdentity(ext), senderName: name, addressed: true, sourceMessageId: null, replyToMessageId: null, at,
  };
  let msg: InboundMessage;
  switch (item.msgtype) {
    case 'text': {
      const content = item.text?.content ?? '';
      const menu = item.text?.menu_id ?? null;
      const word = menu ? COMMAND_MENU.exec(menu) : null;
      if (word) msg = { ...base, text: word[1], buttonData: null, photo: null, kind: 'text' };
      else if (menu) msg = { ...base, text: content, buttonData: menu, photo: null, kind: 'button' };
      else msg = { ...base, text: content, buttonData: null, photo: null, kind: 'text' };
      break;
    }
    case 'image':
      msg = { ...base, text: '', buttonData: null, photo: item.image?.media_id ? `wxmedia:${item.image.media_id}` : null, kind: 'photo' };
      break;
    case 'voice':
      // The audio is kept (media/get, AMR); kf gives no recognised text, so it reads [语音].
      msg = { ...base, text: '', buttonData: null, photo: item.voice?.media_id ? `wxmedia:${item.voice.media_id}` : null, kind: 'text', voiceSeconds: null };
      break;
    case 'location': {
      const l = item.location;
      const geo = l && typeof l.latitude === 'number' && typeof l.longitude === 'number' ? `geo:${l.latitude},${l.longitude}` : null;
      msg = { ...base, text: [l?.name, l?.address].filter((s) => !!s && s.trim()).join(' '), buttonData: null, photo: geo, kind: 'text' };
      break;
    }
    default: // video, file, link, business_card, miniprogram, channels …: declined politely by intake
      msg = { ...base, text: '', buttonData: null, photo: null, kind: 'other' };
  }
  return cleanInbound(msg);
}

/** `rate-12` (the rating link's scene_param) → 12. */
export function ratingParam(sceneParam: string | null | undefined): number | null {
  const m = /^rate-(\d{1,12})$/.exec(decodeParam(sceneParam ?? ''));
  return m ? Number(m[1]) : null;
}

function decodeParam(value: string): string {
  try {
    return decodeURIComponent(value);
  } catch {
    return value;
  }
}
