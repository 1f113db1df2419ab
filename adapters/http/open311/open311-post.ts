/**
 * POST requests (GeoReport v2 "POST Service Request"): the form fields an Open311 client sends
 * (`application/x-www-form-urlencoded`, `attribute[code]=value`; JSON is accepted too), checked and
 * turned into a `SystemReport`. Photos come inline as `data:image/…;base64,` in `attribute[photo]`
 * or `media_url` (as FixMyStreet's `add_media` reads them), as file parts of a multipart/form-data
 * POST (`media`, `media[]`, `photo`, `attribute[photo]`), or as an http(s) `media_url` that
 * minhu downloads when its host is one the operator allows (OPEN311_MEDIA_HOSTS; see fetchMedia).
 */
import { createHash } from 'node:crypto';
import { z } from 'zod';
import { isCategoryCode, type CategoryCode } from '../../../core/categories';
import type { BlobStore } from '../../../bots/ports/blobs';
import { blobRef } from '../../../bots/ports/blobs';
import { toStorableText } from '../../../core/text-cut';
import { downloadBytes, MediaDownloadError } from '../../blobs/download';
import type { Open311Error } from './open311-format';

/** What a valid POST says, before it is stored. */
export interface ParsedPost {
  category: CategoryCode;
  externalId: string | null;
  place: string | null;
  addressId: string | null;
  lat: number | null;
  lng: number | null;
  description: string;
  name: string;
  phone: string | null;
  /** A stable, hashed id of the caller within the system (account, device, phone or e-mail), or null. */
  caller: string | null;
  /** Inline photos, decoded (checked by the blob store later). */
  photos: Buffer[];
  /** http(s) `media_url`s to download (when their host is allowed), at most as many as photos may still come. */
  mediaUrls: string[];
}

const FILE_FIELDS = new Set(['media', 'media[]', 'photo', 'attribute[photo]', 'media_url']);

type Fields = Record<string, unknown>;

const text = (max: number) => z.string().max(max, `at most ${max} characters`);
const fieldSchema = z.object({
  service_code: z.string().min(1, 'service_code was not provided').max(64),
  description: text(4000).optional(),
  address_string: text(200).optional(),
  address_id: text(64).optional(),
  lat: z.string().max(32).optional(),
  long: z.string().max(32).optional(),
  first_name: text(50).optional(),
  last_name: text(50).optional(),
  phone: text(32).optional(),
  email: text(254).optional(),
  account_id: text(128).optional(),
  device_id: text(128).optional(),
  external_id: text(64).optional(),
});

/** A single string field; repeated fields (`a=1&a=2`) keep the first, objects are refused. */
function one(value: unknown): string | undefined {
  const v = Array.isArray(value) ? value[0] : value;
  if (v === undefined || v === null) return undefined;
  if (typeof v === 'number' || typeof v === 'boolean') return String(v);
  return typeof v === 'string' ? v : '\u0000object';
}

/** The `attribute[...]` fields: qs gives `{attribute: {place: …}}`; a flat parser gives `attribute[place]` keys. */
function attributes(body: Fields): Record<string, unknown> {
  const nested = body.attribute && typeof body.attribute === 'object' && !Array.isArray(body.attribute) ? (body.attribute as Record<string, unknown>) : {};
  const flat = Object.fromEntries(Object.entries(body).flatMap(([k, v]) => {
    const m = /^attribute\[([^\]]{1,64})\](?:\[\])?$/.exec(k);
    return m ? [[m[1], v]] : [];
  }));
  return { ...flat, ...nested };
}

const DATA_URL = /^data:image\/(jpeg|pjpeg|png|gif|webp);base64,([A-Za-z0-9+/=\s]+)$/;

/** Checks a POST's fields; returns the report or the errors (400 / 404 as the spec says). */
export function parsePost(body: Fields, options: { maxPhotos: number; maxPhotoBytes: number }): { ok: true; value: ParsedPost } | { ok: false; errors: Open311Error[] } {
  const raw = Object.fromEntries(Object.keys(fieldSchema.shape).map((k) => [k, one(body[k])]));
  const bad = Object.entries(raw).filter(([, v]) => v?.includes('\u0000')).map(([k]) => k);
  if (bad.length) return { ok: false, errors: bad.map((k) => ({ code: 400, description: `${k} must be a single text value without NUL characters` })) };
  const parsed = fieldSchema.safeParse(raw);
  if (!parsed.success) return { ok: false, errors: parsed.error.issues.map((i) => ({ code: 400, description: `${i.path.join('.') || 'body'}: ${i.message}` })) };
  const f = parsed.data;
  if (!isCategoryCode(f.service_code)) return { ok: false, errors: [{ code: 404, description: `service_code ${JSON.stringify(f.service_code.slice(0, 64))} was not found (GET services.json lists them)` }] };
  const attrs = attributes(body);
  const place = one(attrs.place) ?? f.address_string;
  const externalId = one(attrs.external_id) ?? one(attrs.fixmystreet_id) ?? f.external_id;
  const errors: Open311Error[] = [];
  if (place !== undefined && (place.length > 200 || place.includes('\u0000'))) errors.push({ code: 400, description: 'attribute[place]: at most 200 characters' });
  if (externalId !== undefined && !/^[A-Za-z0-9_.:-]{1,64}$/.test(externalId)) errors.push({ code: 400, description: 'attribute[external_id]: 1-64 of A-Z a-z 0-9 _ . : -' });
  let lat: number | null = null;
  let lng: number | null = null;
  if ((f.lat === undefined || f.lat === '') !== (f.long === undefined || f.long === '')) errors.push({ code: 400, description: 'lat and long must be sent together' });
  else if (f.lat && f.long) {
    lat = /^-?\d{1,3}(\.\d{1,12})?$/.test(f.lat) ? Number(f.lat) : NaN;
    lng = /^-?\d{1,3}(\.\d{1,12})?$/.test(f.long) ? Number(f.long) : NaN;
    if (!(Math.abs(lat) <= 90) || !(Math.abs(lng) <= 180)) errors.push({ code: 400, description: 'lat must be a number within ±90 and long within ±180 (WGS84)' });
  }
  if (lat === null && !place && !f.address_id) errors.push({ code: 400, description: 'a location is required: lat and long, address_string (or attribute[place]), or address_id' });
  const photoFields = [attrs.photo, body.media_url].flatMap((v) => (Array.isArray(v) ? v : v === undefined ? [] : [v])).filter((v): v is string => typeof v === 'string' && v.startsWith('data:'));
  const photos: Buffer[] = [];
  const files = Array.isArray(body._files) ? (body._files as { field: string; bytes: Buffer }[]).filter((f) => f && FILE_FIELDS.has(f.field) && Buffer.isBuffer(f.bytes) && f.bytes.length > 0) : [];
  for (const file of files.slice(0, options.maxPhotos)) {
    if (file.bytes.length > options.maxPhotoBytes) errors.push({ code: 400, description: `${file.field}: larger than ${Math.floor(options.maxPhotoBytes / 1_048_576)} MB` });
    else photos.push(file.bytes);
  }
  for (const field of photoFields.slice(0, Math.max(0, options.maxPhotos - files.length))) {
    const m = DATA_URL.exec(field);
    if (!m) {
      errors.push({ code: 400, description: 'photo: use data:image/jpeg;base64,… (JPEG, PNG, GIF or WebP)' });
      continue;
    }
    if ((m[2].length * 3) / 4 > options.maxPhotoBytes) {
      errors.push({ code: 400, description: `photo: larger than ${Math.floor(options.maxPhotoBytes / 1_048_576)} MB` });
      continue;
    }
    photos.push(Buffer.from(m[2], 'base64'));
  }
  const urls = [body.media_url].flatMap((v) => (Array.isArray(v) ? v : v === undefined ? [] : [v])).filter((v): v is string => typeof v === 'string' && /^https?:\/\//i.test(v.trim()));
  const mediaUrls: string[] = [];
  for (const u of urls.slice(0, Math.max(0, options.maxPhotos - photos.length))) {
    if (u.length > 2000 || !URL.canParse(u.trim())) errors.push({ code: 400, description: 'media_url: not a URL (at most 2000 characters)' });
    else mediaUrls.push(u.trim());
  }
  if (errors.length) return { ok: false, errors };
  const given = [f.last_name, f.first_name].filter((s): s is string => !!s && s.trim() !== '');
  // Chinese names are family name first; Latin ones given name first.
  const name = given.length ? (/[\u4e00-\u9fff]/.test(given.join('')) ? given.join('') : [f.first_name, f.last_name].filter(Boolean).join(' ')) : '';
  const who = f.account_id ? `account:${f.account_id}` : f.device_id ? `device:${f.device_id}` : f.phone ? `phone:${f.phone.replace(/\D/g, '')}` : f.email ? `email:${f.email.toLowerCase()}` : null;
  return {
    ok: true,
    value: {
      category: f.service_code,
      externalId: externalId ?? null,
      place: place ? toStorableText(place.trim()) || null : null,
      addressId: f.address_id ?? null,
      lat,
      lng,
      description: toStorableText(f.description ?? ''),
      name: toStorableText(name.trim()).slice(0, 50),
      phone: f.phone?.trim() ? f.phone.trim() : null,
      caller: who ? createHash('sha256').update(who).digest('hex').slice(0, 24) : null,
      photos,
      mediaUrls,
    },
  };
}

/** Stores the inline photos; refusals (not an image, too large, cut short) become 400 errors. */
export async function storePhotos(blobs: BlobStore | undefined, photos: Buffer[]): Promise<{ ok: true; refs: string[] } | { ok: false; errors: Open311Error[] }> {
  if (photos.length === 0) return { ok: true, refs: [] };
  if (!blobs) return { ok: false, errors: [{ code: 400, description: 'photos are not accepted here' }] };
  const refs: string[] = [];
  for (const bytes of photos) {
    const stored = await blobs.put(bytes);
    if (!stored.ok || stored.blob.kind !== 'photo') return { ok: false, errors: [{ code: 400, description: `photo: ${stored.ok ? 'not a photo' : stored.error === 'BLOB.TOO_LARGE' ? 'too large' : stored.error === 'BLOB.TRUNCATED' ? 'cut short' : 'not a JPEG, PNG, GIF or WebP'}` }] };
    refs.push(blobRef(stored.blob.sha256));
  }
  return { ok: true, refs };
}

/**
 * Downloads the `media_url`s whose host (host or host:port) is in `allowedHosts`: no redirects
 * (a redirect could lead anywhere, e.g. to the internal network), at most `maxBytes` each, within
 * `timeoutMs`. Others are not fetched (the report is kept without them). A failed download of an
 * allowed URL is a 400, so the system can send it again.
 */
export async function fetchMedia(urls: string[], options: { allowedHosts: string[]; maxBytes: number; timeoutMs: number }): Promise<{ ok: true; photos: Buffer[] } | { ok: false; errors: Open311Error[] }> {
  const allowed = new Set(options.allowedHosts.map((h) => h.toLowerCase()));
  const photos: Buffer[] = [];
  for (const u of urls) {
    const url = new URL(u);
    if (!allowed.has(url.host.toLowerCase()) && !allowed.has(url.hostname.toLowerCase())) continue;
    try {
      const got = await downloadBytes(url.href, { maxBytes: options.maxBytes, timeoutMs: options.timeoutMs, init: { redirect: 'error' } });
      photos.push(got.bytes);
    } catch (e) {
      const tooLarge = e instanceof MediaDownloadError && e.reason === 'tooLarge';
      return { ok: false, errors: [{ code: 400, description: `media_url ${url.host}${url.pathname.slice(0, 80)}: ${tooLarge ? `larger than ${Math.floor(options.maxBytes / 1_048_576)} MB` : 'could not be downloaded (redirects are not followed)'}` }] };
    }
  }
  return { ok: true, photos };
}
