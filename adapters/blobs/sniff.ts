/**
 * Content sniffing: what a file is, read from its first bytes (never from its name or the
 * declared type), and whether an image is complete. Only the types minhu keeps are known.
 */

/** MIME types minhu accepts, by magic bytes. */
export type SniffedType = 'image/jpeg' | 'image/png' | 'image/gif' | 'image/webp' | 'audio/amr' | 'audio/silk' | 'audio/mpeg' | 'audio/ogg' | 'audio/mp4';

const startsWith = (b: Uint8Array, sig: number[], at = 0) => b.length >= at + sig.length && sig.every((v, i) => b[at + i] === v);
const ascii = (s: string) => [...s].map((c) => c.charCodeAt(0));

/** The type of `bytes`, or null when it is none minhu keeps (executables, documents, …). */
export function sniffType(bytes: Uint8Array): SniffedType | null {
  if (startsWith(bytes, [0xff, 0xd8, 0xff])) return 'image/jpeg';
  if (startsWith(bytes, [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a])) return 'image/png';
  if (startsWith(bytes, ascii('GIF87a')) || startsWith(bytes, ascii('GIF89a'))) return 'image/gif';
  if (startsWith(bytes, ascii('RIFF')) && startsWith(bytes, ascii('WEBP'), 8)) return 'image/webp';
  if (startsWith(bytes, ascii('#!AMR'))) return 'audio/amr';
  // WeChat voice: SILK v3, optionally behind one 0x02 byte.
  if (startsWith(bytes, ascii('#!SILK_V3')) || startsWith(bytes, [0x02, ...ascii('#!SILK_V3')])) return 'audio/silk';
  if (startsWith(bytes, ascii('OggS'))) return 'audio/ogg';
  if (startsWith(bytes, ascii('ID3')) || (bytes.length > 2 && bytes[0] === 0xff && (bytes[1] & 0xe0) === 0xe0 && bytes[1] !== 0xff)) return 'audio/mpeg';
  if (startsWith(bytes, ascii('ftyp'), 4) && (startsWith(bytes, ascii('M4A '), 8) || startsWith(bytes, ascii('isom'), 8) || startsWith(bytes, ascii('mp42'), 8))) return 'audio/mp4';
  return null;
}

/** False when an image is visibly cut short (a JPEG without its end marker, a PNG without IEND). */
export function isComplete(bytes: Uint8Array, type: SniffedType): boolean {
  let end = bytes.length;
  while (end > 0 && bytes[end - 1] === 0) end--; // some cameras pad with zeros
  if (type === 'image/jpeg') return end >= 4 && bytes[end - 2] === 0xff && bytes[end - 1] === 0xd9;
  if (type === 'image/png') return end >= 12 && startsWith(bytes.subarray(end - 8, end), [0x49, 0x45, 0x4e, 0x44, 0xae, 0x42, 0x60, 0x82]);
  if (type === 'image/gif') return end >= 1 && bytes[end - 1] === 0x3b;
  return true;
}
