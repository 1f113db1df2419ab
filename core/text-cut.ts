/**
 * Cutting and storing user text safely. Text is cut at grapheme-cluster boundaries (an emoji,
 * a ZWJ family, a flag or a letter with its combining marks is never split), so no cut can
 * leave half a surrogate pair; and everything written to the database goes through
 * `toStorable`, because PostgreSQL rejects a lone surrogate in jsonb and NUL anywhere — one
 * such character would fail the whole transaction (issue 11.2).
 */

const GRAPHEMES = new Intl.Segmenter('zh', { granularity: 'grapheme' });

/** The text's grapheme clusters (user-perceived characters), in order. */
export function graphemes(text: string): string[] {
  const out: string[] = [];
  for (const s of GRAPHEMES.segment(text)) out.push(s.segment);
  return out;
}

/** The number of user-perceived characters (grapheme clusters). */
export function graphemeLength(text: string): number {
  let n = 0;
  for (const _ of GRAPHEMES.segment(text)) n++;
  return n;
}

/**
 * Cuts `text` so that `measure(result) <= budget`, at grapheme boundaries, ending in `ellipsis`
 * when anything was cut. The generic form of the cuts below; `measure` must be additive.
 */
export function cutToFit(text: string, budget: number, measure: (s: string) => number, ellipsis = '…'): string {
  if (measure(text) <= budget) return text;
  const room = budget - measure(ellipsis);
  if (room < 0) return '';
  let used = 0;
  let out = '';
  for (const g of GRAPHEMES.segment(text)) {
    const size = measure(g.segment);
    if (used + size > room) break;
    used += size;
    out += g.segment;
  }
  return out + ellipsis;
}

/** Cuts to at most `max` user-perceived characters (the `…` counts as one). */
export function cutText(text: string, max: number, ellipsis = '…'): string {
  if (text.length <= max) return text; // UTF-16 units ≥ graphemes: short texts need no segmenting
  const parts: string[] = [];
  for (const g of GRAPHEMES.segment(text)) {
    parts.push(g.segment);
    if (parts.length > max) break;
  }
  if (parts.length <= max) return text;
  const room = max - graphemeLength(ellipsis);
  return room < 0 ? '' : parts.slice(0, room).join('') + ellipsis;
}

/** Length in UTF-8 bytes, as WeCom counts its limits (a lone surrogate counts as U+FFFD: 3). */
export function utf8Length(text: string): number {
  let n = 0;
  for (const ch of text) {
    const cp = ch.codePointAt(0)!;
    n += cp < 0x80 ? 1 : cp < 0x800 ? 2 : cp < 0x10000 ? 3 : 4;
  }
  return n;
}

/** Cuts to at most `maxBytes` UTF-8 bytes at grapheme boundaries (WeCom's byte limits). */
export function cutUtf8(text: string, maxBytes: number, ellipsis = '…'): string {
  return cutToFit(text, maxBytes, utf8Length, ellipsis);
}

/** Length in UTF-16 code units (Telegram's limits count these). */
export function utf16Length(text: string): number {
  return text.length;
}

const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g;

/** True when the text holds a lone surrogate or NUL, which the database would refuse. */
export function isUnstorable(text: string): boolean {
  LONE_SURROGATE.lastIndex = 0;
  return text.includes('\u0000') || LONE_SURROGATE.test(text);
}

/** Makes text storable: lone surrogates become U+FFFD, NUL is dropped. Everything else is kept. */
export function toStorableText(text: string): string {
  if (!isUnstorable(text)) return text;
  return text.replace(LONE_SURROGATE, '\uFFFD').replace(/\u0000/g, '');
}

/**
 * `toStorableText` applied to every string (and object key) inside plain JSON-like data:
 * for rows and jsonb values. Dates and other class instances are returned as they are.
 */
export function toStorable<T>(value: T): T {
  if (typeof value === 'string') return toStorableText(value) as T;
  if (Array.isArray(value)) return value.map((v) => toStorable(v)) as T;
  if (value !== null && typeof value === 'object' && Object.getPrototypeOf(value) === Object.prototype) {
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(value)) out[toStorableText(k)] = toStorable(v);
    return out as T;
  }
  return value;
}
