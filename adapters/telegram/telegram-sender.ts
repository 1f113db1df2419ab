/**
 * Sends outbox messages through the Bot API: HTML with the mention as a user link, inline
 * buttons, reply to the triggering message. Classifies failures as retry or give-up.
 */
import { GrammyError, HttpError, InputFile, type Api } from 'grammy';
import type { OutboundMessage } from '../../core/model';
import { cutText, cutToFit, utf16Length } from '../../core/text-cut';
import type { ChannelSender, SendResult } from '../../bots/ports';
import { shaOfRef, type BlobStore } from '../../bots/ports/blobs';

/** Escapes text for Telegram's HTML parse mode. */
export function escapeHtml(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

/** Telegram's limits, in UTF-16 code units: a message and a photo caption. */
export const TELEGRAM_TEXT_LIMIT = 4096;
export const TELEGRAM_CAPTION_LIMIT = 1024;

/**
 * Renders the message body as Telegram HTML within `limit` (default 4,096): the text is cut
 * before escaping, at grapheme boundaries, so no HTML entity, tag or surrogate pair is split.
 */
export function toTelegramHtml(message: OutboundMessage, limit = TELEGRAM_TEXT_LIMIT): string {
  const link = !message.mention ? ''
    : /^\d+$/.test(message.mention.userId) ? `<a href="tg://user?id=${message.mention.userId}">@${escapeHtml(cutText(message.mention.name, 64))}</a> `
      : `@${escapeHtml(cutText(message.mention.name, 64))} `;
  const body = cutToFit(message.text, limit - link.length, (s) => escapeHtml(s).length);
  return link + escapeHtml(body);
}

/** Creates the Telegram ChannelSender over a grammY Api. */
export function createTelegramSender(api: Api, blobs?: BlobStore): ChannelSender {
  return {
    channel: 'telegram',
    async send(message): Promise<SendResult> {
      try {
        if (message.attachments?.length) return await sendAlbum(api, blobs, message);
        if (message.document) return await sendDocument(api, blobs, message); // issue 18: formal notices as PDF
        if (message.deleteMessageId) {
          await api.deleteMessage(message.chatId, Number(message.deleteMessageId));
          return { ok: true, providerMessageId: null };
        }
        if (message.image) {
          const photo = new InputFile(Buffer.from(message.image.pngBase64, 'base64'), 'report.png');
          const sent = await api.sendPhoto(message.chatId, photo, { caption: cutToFit(message.text, TELEGRAM_CAPTION_LIMIT, utf16Length) });
          return { ok: true, providerMessageId: String(sent.message_id) };
        }
        const sent = await api.sendMessage(message.chatId, toTelegramHtml(message), {
          parse_mode: 'HTML',
          link_preview_options: { is_disabled: true },
          reply_parameters: message.replyTo ? { message_id: Number(message.replyTo), allow_sending_without_reply: true } : undefined,
          reply_markup: message.buttons ? { inline_keyboard: message.buttons.map((row) => row.map((b) => ({ text: b.label, callback_data: b.data }))) } : undefined,
        });
        return { ok: true, providerMessageId: String(sent.message_id) };
      } catch (e) {
        return classify(e);
      }
    },
  };
}

/** issue 13: stored photos as one photo or an album (at most 10), the text as the caption. */
async function sendAlbum(api: Api, blobs: BlobStore | undefined, message: OutboundMessage): Promise<SendResult> {
  const files: InputFile[] = [];
  for (const ref of message.attachments!.slice(0, 10)) {
    const sha = shaOfRef(ref);
    const blob = sha && blobs ? await blobs.get(sha) : null;
    if (blob && blob.mime.startsWith('image/')) files.push(new InputFile(blob.bytes, `${sha!.slice(0, 12)}.${blob.mime.slice(6)}`));
  }
  if (files.length === 0) return { ok: true, providerMessageId: null }; // voice only: nothing to show here
  const caption = message.text.slice(0, 1024);
  if (files.length === 1) {
    const sent = await api.sendPhoto(message.chatId, files[0], { caption });
    return { ok: true, providerMessageId: String(sent.message_id) };
  }
  const sent = await api.sendMediaGroup(message.chatId, files.map((media, i) => ({ type: 'photo' as const, media, caption: i === 0 ? caption : undefined })));
  return { ok: true, providerMessageId: String(sent[0]?.message_id ?? '') || null };
}

/** issue 18: a stored document (PDF) as a file, the text as its caption; without the blob, the text alone (it carries the link). */
async function sendDocument(api: Api, blobs: BlobStore | undefined, message: OutboundMessage): Promise<SendResult> {
  const sha = shaOfRef(message.document!.ref);
  const blob = sha && blobs ? await blobs.get(sha) : null;
  if (!blob) {
    const sent = await api.sendMessage(message.chatId, toTelegramHtml(message), { parse_mode: 'HTML', link_preview_options: { is_disabled: true } });
    return { ok: true, providerMessageId: String(sent.message_id) };
  }
  const sent = await api.sendDocument(message.chatId, new InputFile(blob.bytes, message.document!.filename), { caption: cutToFit(message.text, TELEGRAM_CAPTION_LIMIT, utf16Length) });
  return { ok: true, providerMessageId: String(sent.message_id) };
}

/** 429 and 5xx are retried (after retry_after when given); other API errors are final. */
export function classify(e: unknown): SendResult {
  if (e instanceof GrammyError) {
    const retryAfter = e.parameters?.retry_after;
    const code = String(e.error_code);
    if (e.error_code === 429) return { ok: false, retry: true, retryAfterMs: (retryAfter ?? 1) * 1000, error: e.description, code };
    if (e.error_code >= 500) return { ok: false, retry: true, error: e.description, code };
    return { ok: false, retry: false, error: `${e.error_code} ${e.description}`, code };
  }
  if (e instanceof HttpError) return { ok: false, retry: true, error: e.message, code: 'network' };
  return { ok: false, retry: true, error: String(e), code: 'other' };
}
