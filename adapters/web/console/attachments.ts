/**
 * issue 13: the dossier's attachments — thumbnails that open full size, voice players, map
 * links — and the one route that serves a blob: only to a signed-in person allowed to see a
 * request the blob is attached to (the same `authorize` as `查看`). Blobs have no public URL.
 */
import type { Router } from 'express';
import type { CitizenRequest } from '../../../core/model';
import { authorize } from '../../../core/permissions';
import type { BlobStore } from '../../../bots/ports/blobs';
import type { BotDeps } from '../../../bots/deps';
import { attachmentsOf, mapUrl } from '../../../bots/desk/attachments-view';
import { html, raw, type Raw } from './html';
import type { ConsoleUser } from './session';

/** The dossier's attachments card (empty when nothing is attached). */
export async function attachmentsCard(blobs: BlobStore | undefined, r: CitizenRequest): Promise<Raw> {
  if (!blobs) return raw('');
  const { photos, voices, places } = await attachmentsOf(blobs, r);
  if (!photos.length && !voices.length && !places.length) return raw('');
  const url = (ref: string) => blobs.url(r.id, ref.slice('blob:'.length));
  return html`<section class="card" aria-labelledby="att"><h2 id="att" style="font-size:17px">照片、语音和位置</h2>
    ${photos.length ? html`<p class="photos">${photos.map((p, i) => html`<a href="${url(p)}" target="_blank" rel="noopener"><img src="${url(p)}" alt="照片 ${i + 1}" loading="lazy"></a>`)}</p>` : raw('')}
    ${voices.map((v, i) => html`<p><audio controls preload="none" src="${url(v)}" aria-label="语音 ${i + 1}"></audio></p>`)}
    ${places.map((p) => html`<p>位置：<a href="${mapUrl(p)}" target="_blank" rel="noopener noreferrer">${p.lat}，${p.lng}（地图）</a></p>`)}
  </section>`;
}

/** Adds GET /console/requests/:id/blobs/:sha (behind the console's session check). */
export function addBlobRoute(router: Router, deps: BotDeps): void {
  router.get('/console/requests/:id/blobs/:sha', async (req, res) => {
    const user = res.locals.user as ConsoleUser;
    const id = Number(req.params.id);
    const sha = String(req.params.sha);
    const notFound = () => res.status(404).type('text').send('没有找到，或您无权查看。');
    if (!deps.blobs || !Number.isInteger(id) || id <= 0 || !/^[0-9a-f]{64}$/.test(sha)) return notFound();
    const request = await deps.store.transaction((tx) => tx.requests.get(id));
    // Attached to this request, and this request visible to this person: otherwise it does not exist.
    if (!request || !request.photos.includes(`blob:${sha}`) || !authorize(user.actor, 'show', request, deps.tree).ok) return notFound();
    const blob = await deps.blobs.get(sha);
    if (!blob) return notFound();
    res.set({ 'content-type': blob.mime, 'content-length': String(blob.size), 'cache-control': 'private, max-age=3600', 'x-content-type-options': 'nosniff', 'content-disposition': 'inline' });
    res.send(blob.bytes);
  });
}
