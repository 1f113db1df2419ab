/** Turns a Telegram update into minhu's InboundMessage (the only place that reads Telegram's shapes). */
import type { Message, Update, UserFromGetMe } from 'grammy/types';
import { z } from 'zod';
import type { InboundMessage } from '../../core/model';
import { cleanInbound } from '../channels/inbound-text';

const user = z.object({
  id: z.number().int(), is_bot: z.boolean().optional(), first_name: z.string().optional(), last_name: z.string().optional(), username: z.string().optional(),
}).passthrough();
const chat = z.object({ id: z.number().int(), type: z.string() }).passthrough();
const message = z.object({
  message_id: z.number().int(),
  date: z.number().int().nonnegative(),
  chat,
  from: user.optional(),
  text: z.string().optional(),
  caption: z.string().optional(),
  photo: z.array(z.object({ file_id: z.string() }).passthrough()).optional(),
  reply_to_message: z.object({ message_id: z.number().int(), from: user.optional() }).passthrough().optional(),
}).passthrough();
/** The parts of an Update minhu reads, validated at the edge (everything else passes through). */
const updateSchema = z.object({
  update_id: z.number().int(),
  message: message.optional(),
  callback_query: z.object({
    id: z.string(), from: user, data: z.string().optional(),
    message: z.object({ message_id: z.number().int(), chat }).passthrough().optional(),
  }).passthrough().optional(),
}).passthrough();

/** Checks an update's shape: `{ ok: true, value }`, or the reason it cannot be handled. */
export function parseUpdate(raw: unknown): { ok: true; value: Update } | { ok: false; reason: string } {
  const r = updateSchema.safeParse(raw);
  if (r.success) return { ok: true, value: r.data as unknown as Update };
  return { ok: false, reason: `bad Telegram update: ${r.error.issues.slice(0, 3).map((i) => `${i.path.join('.') || '(root)'} ${i.message}`).join('; ')}` };
}

/**
 * Normalises an update. Returns null for updates minhu does not act on (edits, joins, other bots).
 * `messageId` is the update_id, which Telegram repeats on a redelivery.
 */
export function toInbound(update: Update, me: UserFromGetMe): InboundMessage | null {
  const msg = toInboundRaw(update, me);
  return msg && cleanInbound(msg);
}

function toInboundRaw(update: Update, me: UserFromGetMe): InboundMessage | null {
  if (update.callback_query) {
    const q = update.callback_query;
    const chat = q.message?.chat;
    if (!chat || !q.data) return null;
    return {
      channel: 'telegram', messageId: String(update.update_id), chatId: String(chat.id), chatType: chat.type === 'private' ? 'private' : 'group',
      senderId: String(q.from.id), senderName: displayName(q.from), text: '', addressed: true, sourceMessageId: null,
      replyToMessageId: q.message ? String(q.message.message_id) : null, buttonData: q.data, photo: null, kind: 'button', at: Date.now(),
    };
  }
  const m = update.message;
  if (!m || !m.from || m.from.is_bot) return null;
  const raw = m.text ?? m.caption ?? (m.venue ? `${m.venue.title} ${m.venue.address}`.trim() : '');
  const { text, mentioned } = stripMention(raw, me.username);
  const repliesToBot = m.reply_to_message?.from?.id === me.id;
  const media = mediaOf(m);
  const photo = media.ref;
  return {
    channel: 'telegram',
    messageId: String(update.update_id),
    chatId: String(m.chat.id),
    chatType: m.chat.type === 'private' ? 'private' : 'group',
    senderId: String(m.from.id),
    senderName: displayName(m.from),
    text,
    addressed: mentioned || repliesToBot || m.chat.type === 'private',
    sourceMessageId: String(m.message_id),
    replyToMessageId: m.reply_to_message ? String(m.reply_to_message.message_id) : null,
    buttonData: null,
    photo,
    kind: media.kind ?? (m.text !== undefined ? 'text' : 'other'),
    at: m.date * 1000,
    ...(media.voiceSeconds !== undefined ? { voiceSeconds: media.voiceSeconds } : {}),
  };
}

/**
 * issue 13: what the message carries. Photos (largest size), voice, video notes and image documents
 * become `tg:<file_id>` for the media intake to download; locations and venues `geo:<lat>,<lng>`.
 */
function mediaOf(m: Message): { ref: string | null; kind?: InboundMessage['kind']; voiceSeconds?: number | null } {
  if (m.photo?.length) return { ref: `tg:${m.photo[m.photo.length - 1].file_id}`, kind: 'photo' };
  if (m.document?.mime_type?.startsWith('image/')) return { ref: `tg:${m.document.file_id}`, kind: 'photo' };
  if (m.voice) return { ref: `tg:${m.voice.file_id}`, kind: 'text', voiceSeconds: m.voice.duration ?? null };
  if (m.audio) return { ref: `tg:${m.audio.file_id}`, kind: 'text', voiceSeconds: m.audio.duration ?? null };
  // A video note is a spoken message with a face: kept (MP4) and treated as voice.
  if (m.video_note) return { ref: `tg:${m.video_note.file_id}`, kind: 'text', voiceSeconds: m.video_note.duration ?? null };
  const where = m.venue?.location ?? m.location;
  if (where) return { ref: `geo:${where.latitude.toFixed(6)},${where.longitude.toFixed(6)}`, kind: 'text' };
  return { ref: null };
}

/** Removes `@bot` at the start (or `/cmd@bot`), reporting whether the bot was named. */
function stripMention(raw: string, username: string): { text: string; mentioned: boolean } {
  const at = new RegExp(`@${username}\\b`, 'i');
  if (!at.test(raw)) return { text: raw.trim(), mentioned: false };
  return { text: raw.replace(new RegExp(`^\\s*@${username}\\b[\\s,，:：]*`, 'i'), '').replace(at, '').trim(), mentioned: true };
}

function displayName(u: { first_name?: string; last_name?: string; username?: string }): string {
  return [u.first_name, u.last_name].filter(Boolean).join(' ') || u.username || '群众';
}
