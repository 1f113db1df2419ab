/**
 * issue 13: a request's attachments where the work happens — `查看 N` gets a line with what is
 * attached, the map link of a location, and the photos themselves (an album on Telegram, images
 * on the web and in the WeCom app's one-to-one chat, a console link in WeCom groups). A sensitive request's photos never go to a group.
 */
import type { CitizenRequest, InboundMessage, OutboundMessage } from '../../core/model';
import { t } from '../../core/texts';
import { geoOfRef, shaOfRef, type BlobStore } from '../ports/blobs';
import type { BotDeps } from '../deps';

/** A map link for a location (AMap, which opens in WeChat and in browsers). */
export const mapUrl = (geo: { lat: number; lng: number }) => `https://uri.amap.com/marker?position=${geo.lng},${geo.lat}`;

/** What is attached, read from the blob store's descriptions. */
export async function attachmentsOf(blobs: BlobStore | undefined, r: CitizenRequest): Promise<{ photos: string[]; voices: string[]; places: { lat: number; lng: number }[] }> {
  const shas = r.photos.map(shaOfRef).filter((s): s is string => !!s);
  const kinds = blobs && shas.length ? await blobs.describe(shas) : new Map<string, { mime: string }>();
  const photos = r.photos.filter((ref) => kinds.get(shaOfRef(ref) ?? '')?.mime.startsWith('image/'));
  const voices = r.photos.filter((ref) => kinds.get(shaOfRef(ref) ?? '')?.mime.startsWith('audio/'));
  const places = r.photos.map(geoOfRef).filter((g): g is { lat: number; lng: number } => !!g);
  return { photos, voices, places };
}

/**
 * The lines and messages `查看 N` adds for the attachments; `hide`: a sensitive request asked about
 * in a group. Runs inside the store's transaction, so it reads no blob (PGlite has one connection):
 * the album lists every stored blob and the channel's sender sends the images among them.
 */
export function showAttachments(deps: BotDeps, msg: InboundMessage, r: CitizenRequest, hide: boolean): { lines: string[]; messages: OutboundMessage[] } {
  const { locale } = deps.messages;
  const stored = r.photos.filter((ref) => shaOfRef(ref) !== null);
  const places = r.photos.map(geoOfRef).filter((g): g is { lat: number; lng: number } => !!g);
  if (!stored.length && !places.length) return { lines: [], messages: [] };
  if (hide) return { lines: [t('show.photosHidden', { id: r.id }, locale)], messages: [] };
  const lines = [t('show.attachments', { count: stored.length + places.length }, locale)];
  for (const p of places) lines.push(t('show.map', { url: mapUrl(p) }, locale));
  if (stored.length && deps.consoleUrl) lines.push(t('show.photosAt', { url: `${deps.consoleUrl}/console/requests/${r.id}` }, locale));
  // WeCom shows images one to one through the app; in groups the console link has to do.
  const canShow = msg.channel === 'telegram' || msg.channel === 'web' || (msg.channel === 'wecom' && msg.chatId.startsWith('app:'));
  const messages: OutboundMessage[] = canShow && stored.length
    ? [{ channel: msg.channel, chatId: msg.chatId, text: t('media.caption', { id: r.id }, locale), attachments: stored }]
    : [];
  return { lines, messages };
}
