/**
 * Turns decrypted WeCom callbacks into InboundMessages: the AI bot's JSON (callback and
 * long-connection modes share it) and the self-built app's XML. The only place that reads
 * WeCom's message shapes.
 *
 * Chat ids: a group keeps its WeCom `chatid`; a one-to-one chat with the AI bot is
 * `bot:<userid>`, with the app `app:<userid>` — so the sender knows which API reaches it.
 */
import { XMLParser } from 'fast-xml-parser';
import { z } from 'zod';
import type { InboundMessage } from '../../core/model';
import { cleanInbound } from '../channels/inbound-text';

const content = z.object({ content: z.string().nullish() }).passthrough();
// issue 13: on the long connection an image carries its own aeskey.
const image = z.object({ url: z.string().nullish(), aeskey: z.string().nullish() }).passthrough();

/** The AI bot message JSON (W100719), as far as minhu reads it; validated at the edge. */
const botMessageSchema = z.object({
  msgid: z.string().nullish(),
  chatid: z.string().nullish(),
  chattype: z.string().nullish(),
  from: z.object({ userid: z.string().nullish() }).passthrough().nullish(),
  response_url: z.string().nullish(),
  msgtype: z.string().nullish(),
  text: content.nullish(),
  voice: content.nullish(),
  image: image.nullish(),
  mixed: z.object({ msg_item: z.array(z.object({ msgtype: z.string(), text: content.nullish(), image: image.nullish() }).passthrough()).nullish() }).passthrough().nullish(),
  event: z.object({
    eventtype: z.string().nullish(),
    template_card_event: z.object({ event_key: z.string().nullish(), task_id: z.string().nullish() }).passthrough().nullish(),
  }).passthrough().nullish(),
  create_time: z.union([z.number(), z.string()]).nullish(),
}).passthrough();

/** The AI bot message JSON, as far as minhu reads it. */
export type BotMessage = z.infer<typeof botMessageSchema>;

/** A payload that passed validation, or why it did not. */
export type Parsed<T> = { ok: true; value: T } | { ok: false; reason: string };

/** Checks a decrypted AI bot payload's shape; a wrong type anywhere minhu reads is a reason. */
export function parseBotMessage(raw: unknown): Parsed<BotMessage> {
  const r = botMessageSchema.safeParse(raw);
  return r.success ? { ok: true, value: r.data } : { ok: false, reason: `bad AI bot message: ${issuesOf(r.error)}` };
}

const appFieldsSchema = z.object({
  MsgType: z.string().min(1).max(64),
  FromUserName: z.string().max(256).optional(),
  CreateTime: z.string().regex(/^\d{1,12}$/, 'must be digits').optional(),
  MsgId: z.string().regex(/^\d{1,40}$/, 'must be digits').optional(),
}).passthrough();

/** Checks a decrypted self-built app message's fields (all strings after parseWecomXml). */
export function parseAppFields(fields: Record<string, string>): Parsed<Record<string, string>> {
  const clean = Object.fromEntries(Object.entries(fields).filter(([, v]) => v !== ''));
  const r = appFieldsSchema.safeParse(clean);
  return r.success ? { ok: true, value: fields } : { ok: false, reason: `bad app message: ${issuesOf(r.error)}` };
}

function issuesOf(error: z.ZodError): string {
  return error.issues.slice(0, 3).map((i) => `${i.path.join('.') || '(root)'} ${i.message}`).join('; ');
}

/**
 * Normalises an AI bot message. `replyHandle` is how to answer this very message: the
 * callback's `response_url`, or `ws:<req_id>` on the long connection. Returns null for
 * what needs no handling (stream refreshes, welcome events, feedback).
 */
export function botToInbound(m: BotMessage, replyHandle: string | null, now: number): InboundMessage | null {
  const msg = botToInboundRaw(m, replyHandle, now);
  return msg && cleanInbound(msg);
}

function botToInboundRaw(m: BotMessage, replyHandle: string | null, now: number): InboundMessage | null {
  const userId = m.from?.userid;
  if (!m.msgid || !userId) return null;
  const group = m.chattype === 'group' && !!m.chatid;
  const base = {
    channel: 'wecom' as const, messageId: `bot:${m.msgid}`, chatId: group ? m.chatid! : `bot:${userId}`, chatType: group ? ('group' as const) : ('private' as const),
    senderId: userId, senderName: userId, addressed: true, sourceMessageId: replyHandle, replyToMessageId: null, at: now,
  };
  switch (m.msgtype) {
    case 'text':
      return { ...base, text: stripBotMention(m.text?.content ?? ''), buttonData: null, photo: null, kind: 'text' };
    case 'voice':
      return { ...base, text: m.voice?.content ?? '', buttonData: null, photo: null, kind: 'text' };
    case 'image':
      return { ...base, text: '', buttonData: null, photo: botImageRef(m.image), kind: 'photo' };
    case 'mixed': {
      const items = m.mixed?.msg_item ?? [];
      const text = stripBotMention(items.filter((i) => i.msgtype === 'text').map((i) => i.text?.content ?? '').join(' '));
      const photo = botImageRef(items.find((i) => i.msgtype === 'image')?.image);
      return { ...base, text, buttonData: null, photo, kind: photo ? 'photo' : 'text' };
    }
    case 'event': {
      const key = m.event?.template_card_event?.event_key;
      if (m.event?.eventtype !== 'template_card_event' || !key) return null;
      return { ...base, text: '', buttonData: key, photo: null, kind: 'button' };
    }
    case 'stream':
      return null;
    default: // file, video and whatever comes next: declined politely by intake
      return { ...base, text: '', buttonData: null, photo: null, kind: 'other' };
  }
}

/**
 * issue 13: an AI-bot image as `wxbot:<aeskey>|<url>` for the media intake (the URL is encrypted
 * and valid 5 minutes; the long connection gives a per-file aeskey, the callback none: the bot's
 * EncodingAESKey is used then).
 */
function botImageRef(image: { url?: string | null; aeskey?: string | null } | null | undefined): string | null {
  return image?.url ? `wxbot:${image.aeskey ?? ''}|${image.url}` : null;
}

/** Removes the leading `@RobotName ` WeCom keeps in group texts. */
export function stripBotMention(content: string): string {
  return content.replace(/^\s*@\S+[\s\u2005]*/, '').trim();
}

const xml = new XMLParser({ parseTagValue: false, trimValues: true, processEntities: true });

/** Parses a WeCom XML document's `<xml>` element into flat string fields; null when it is not one. */
export function parseWecomXml(body: string): Record<string, string> | null {
  try {
    const doc = xml.parse(body) as { xml?: Record<string, unknown> };
    if (!doc?.xml || typeof doc.xml !== 'object') return null;
    return Object.fromEntries(Object.entries(doc.xml).map(([k, v]) => [k, typeof v === 'object' ? '' : String(v)]));
  } catch {
    return null;
  }
}

/**
 * Normalises a self-built app message (W90239/W90240). Dedupe id: MsgId for messages,
 * FromUserName+CreateTime(+Event) for events. Returns null for events minhu does not act on.
 */
export function appToInbound(f: Record<string, string>, now: number): InboundMessage | null {
  const msg = appToInboundRaw(f, now);
  return msg && cleanInbound(msg);
}

function appToInboundRaw(f: Record<string, string>, now: number): InboundMessage | null {
  const userId = f.FromUserName;
  if (!userId || !f.MsgType) return null;
  const base = {
    channel: 'wecom' as const, chatId: `app:${userId}`, chatType: 'private' as const, senderId: userId, senderName: userId,
    addressed: true, sourceMessageId: null, replyToMessageId: null, at: f.CreateTime ? Number(f.CreateTime) * 1000 : now,
  };
  const messageId = f.MsgId ? `app:${f.MsgId}` : `app:${userId}:${f.CreateTime}:${f.Event ?? f.MsgType}`;
  switch (f.MsgType) {
    case 'text':
      return { ...base, messageId, text: f.Content ?? '', buttonData: null, photo: null, kind: 'text' };
    case 'voice':
      // With 语音识别 enabled WeCom sends the recognised text; without it there is nothing to read.
      // issue 13: the audio (AMR) is kept too; without recognition the text reads [语音].
      return { ...base, messageId, text: f.Recognition ?? '', buttonData: null, photo: f.MediaId ? `wxmedia:${f.MediaId}` : null, kind: 'text', voiceSeconds: null };
    case 'image':
      return { ...base, messageId, text: '', buttonData: null, photo: f.MediaId ? `wxmedia:${f.MediaId}` : null, kind: 'photo' };
    case 'location': {
      const lat = Number(f.Location_X);
      const lng = Number(f.Location_Y);
      const geo = Number.isFinite(lat) && Number.isFinite(lng) && f.Location_X && f.Location_Y ? `geo:${lat},${lng}` : null;
      return { ...base, messageId, text: f.Label ?? '', buttonData: null, photo: geo, kind: 'text' };
    }
    case 'event':
      if (f.Event === 'template_card_event' && f.EventKey) return { ...base, messageId, text: '', buttonData: f.EventKey, photo: null, kind: 'button' };
      return null; // enter_agent, LOCATION, subscribe …: nothing to say, no noise
    default:
      return { ...base, messageId, text: '', buttonData: null, photo: null, kind: 'other' };
  }
}
