/**
 * Attachments during and after intake (issue 13): a voice message's stand-in text, the line
 * that tells a sender their file was not kept, and adding a photo (or voice, or location) to a
 * registered request — with `补充 N`, or alone right after the receipt.
 */
import { isActive } from '../../core/intake-dialog';
import type { Actor, InboundMessage, OutboundMessage } from '../../core/model';
import { OPEN_STATUSES } from '../../core/model';
import { authorize } from '../../core/permissions';
import { t } from '../../core/texts';
import { errorText } from '../desk/commands';
import { replyTo, type BotDeps } from '../deps';
import type { Changes, InboundContext, StoreTx } from '../ports';
import { geoOfRef, shaOfRef } from '../ports/blobs';

/** How long after a receipt a photo sent alone still belongs to that request. */
export const FOLLOW_UP_MS = 10 * 60_000;

/** How long after `补充 N` photos sent alone still go to N. */
export const ATTACH_WAIT_MS = 10 * 60_000;

/**
 * A voice message without recognised text reads `[语音 12秒]`, a bare location `位置（lat，lng）`,
 * so either can start or answer the dialog (a location answers "where?").
 */
export function withStandInText(deps: BotDeps, received: InboundMessage): InboundMessage {
  const { locale } = deps.messages;
  // A channel reference nobody stored (`tg:…`, `wxmedia:…`) expires: it is never kept on a request.
  const msg = received.photo && !/^(blob|geo):/.test(received.photo) ? { ...received, photo: null, mediaIssue: received.mediaIssue ?? 'failed' as const } : received;
  const geo = msg.photo ? geoOfRef(msg.photo) : null;
  if (geo && !msg.text.trim()) return { ...msg, text: t('media.location', { lat: geo.lat, lng: geo.lng }, locale), kind: 'text' };
  if (msg.voiceSeconds === undefined || msg.text.trim()) return msg;
  const text = msg.voiceSeconds ? t('media.voice', { seconds: Math.round(msg.voiceSeconds) }, locale) : t('media.voiceNoLength', {}, locale);
  return { ...msg, text, kind: 'text' };
}

/**
 * Runs `route` and, when the message's attachment could not be kept, puts the reason first.
 * A message that was nothing but the lost attachment gets the reason alone (in a group only
 * when minhu was addressed or the sender is in a dialog) — never silence, never noise.
 */
export async function withMediaIssue(deps: BotDeps, msg: InboundMessage, context: InboundContext, changes: Changes, route: () => Promise<OutboundMessage[] | null>): Promise<OutboundMessage[] | null> {
  if (!msg.mediaIssue) return route();
  const max = msg.mediaIssue === 'tooLarge' ? Math.round(deps.media.maxBytes / 1_048_576) : deps.media.maxPerRequest;
  const line = replyTo(msg, t(`media.${msg.mediaIssue}`, { max }, deps.messages.locale));
  if (!msg.text.trim() && !msg.photo) return msg.addressed || msg.chatType === 'private' || isActive(context.dialog, msg.at) ? [line] : null;
  const out = await route();
  // A request registered by this very message keeps a note on its timeline that its photo was lost.
  const note = t(msg.mediaIssue === 'failed' ? 'media.failedNote' : `media.${msg.mediaIssue}`, { max }, deps.messages.locale);
  for (const r of changes.created) {
    changes.events.push({ requestId: r.id, type: 'attach_failed', at: msg.at, actorId: r.reporterId, fromStatus: r.status, toStatus: r.status, note });
  }
  return [line, ...(out ?? [])];
}

/** The request a lone photo follows: the sender's newest, still open, raised in this chat within FOLLOW_UP_MS. */
export async function followUpTarget(tx: StoreTx, msg: InboundMessage, actor: Actor): Promise<number | null> {
  const [newest] = await tx.requests.listByReporter(actor.personId, 1);
  if (!newest || !OPEN_STATUSES.includes(newest.status) || newest.origin.chatId !== msg.chatId || msg.at - newest.createdAt > FOLLOW_UP_MS) return null;
  return newest.id;
}

/** `补充 N` with a photo (or the follow-up photo): adds it to N's attachments, with a timeline entry and a short confirmation. */
export async function attachToRequest(deps: BotDeps, tx: StoreTx, msg: InboundMessage, actor: Actor, id: number, changes: Changes): Promise<OutboundMessage[]> {
  const { locale } = deps.messages;
  const request = await tx.requests.get(id);
  if (!request) return [replyTo(msg, errorText(deps, { code: 'REQUEST.NOT_FOUND', params: { id } }, actor))];
  const allowed = authorize(actor, 'show', request, deps.tree);
  if (!allowed.ok) return [replyTo(msg, errorText(deps, allowed.error, actor))];
  if (!msg.photo) {
    // The photos follow as messages of their own (WeCom images carry no caption).
    await tx.dialogs.save(msg.channel, msg.chatId, msg.senderId, { phase: 'attaching', requestId: id, expiresAt: msg.at + ATTACH_WAIT_MS });
    return [replyTo(msg, t('media.attachWhat', { id, minutes: ATTACH_WAIT_MS / 60_000 }, locale))];
  }
  if (request.photos.includes(msg.photo)) return [replyTo(msg, t('media.attached', { id, count: request.photos.length }, locale))];
  if (request.photos.length >= deps.media.maxPerRequest) return [replyTo(msg, t('media.tooMany', { max: deps.media.maxPerRequest }, locale))];
  const updated = { ...request, photos: [...request.photos, msg.photo] };
  changes.updated.push(updated);
  changes.events.push({ requestId: id, type: 'attached', at: msg.at, actorId: actor.personId, fromStatus: request.status, toStatus: request.status, note: msg.text.replace(/^\s*(补充|\/attach)\S*\s*#?\d+\s*/, '') || null });
  return [replyTo(msg, t('media.attached', { id, count: updated.photos.length }, locale))];
}

/**
 * A photo sent with a command on request N (`办结 N 已修好` + the after picture): added to the
 * version of N that the command just changed, so both land in one write. Nothing when the command
 * changed nothing (it was refused) or the request is full.
 */
export function withStaffPhoto(deps: BotDeps, msg: InboundMessage, actor: Actor, id: number, changes: Changes): OutboundMessage[] {
  const changed = changes.updated.filter((r) => r.id === id).at(-1);
  if (!changed || !msg.photo || changed.photos.includes(msg.photo) || changed.photos.length >= deps.media.maxPerRequest) return [];
  changed.photos = [...changed.photos, msg.photo];
  changes.events.push({ requestId: id, type: 'attached', at: msg.at, actorId: actor.personId, fromStatus: changed.status, toStatus: changed.status, note: null });
  // The after picture goes to the household with the rating prompt, where the channel shows images
  // (a sensitive request's only to a one-to-one chat).
  const { origin } = changed;
  const oneToOne = origin.chatId === origin.userId || /^(app|bot):/.test(origin.chatId);
  const shows = origin.channel !== 'wecom' || origin.chatId.startsWith('app:');
  if (changed.status !== 'resolved' || !shaOfRef(msg.photo) || !shows || (changed.sensitive && !oneToOne)) return [];
  return [{ channel: origin.channel, chatId: origin.chatId, text: t('media.after', { id }, deps.messages.locale), attachments: [msg.photo] }];
}
