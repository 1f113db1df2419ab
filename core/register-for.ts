/**
 * Issue 12 — 代报: staff register what a household said in the group without tapping anything,
 * on the phone or at the door. `代报 王阿姨 13812345678 3组12号 路灯坏了`: the household's name,
 * an optional phone, the place, the problem. Pure: parses the words after the command.
 */
import { extractPlace } from './classifier/place';
import { findPhone, normalizeText } from './text-tools';

/** What staff said about the household and their problem. */
export interface RegisterForInput {
  /** The household as staff call them (王阿姨, 李建国). */
  name: string;
  /** A mobile number, digits only; null when not given. */
  phone: string | null;
  place: string | null;
  detail: string;
}

/** Why the words could not be read; the caller answers with the usage line. */
export type RegisterForError = 'REGISTER_FOR.USAGE';

const MAX_NAME = 20;

/**
 * Reads `name [phone] place problem`. With one word after the name (and phone) it is the problem,
 * and the place is looked for in it. A phone may be written in any of the usual forms.
 */
export function parseRegisterFor(raw: string, placeNames: readonly string[] = []): { ok: true; value: RegisterForInput } | { ok: false; error: RegisterForError } {
  const words = normalizeText(raw).split(/\s+/).filter(Boolean);
  const name = words.shift();
  if (!name || name.length > MAX_NAME || /\d/.test(name) || !/[\p{L}]/u.test(name)) return { ok: false, error: 'REGISTER_FOR.USAGE' };
  let phone: string | null = null;
  // A phone is a word of its own anywhere, possibly in parts (138 1234 5678): digit-only words, up to three joined.
  for (let i = 0; i < words.length && !phone; i++) {
    for (let take = 1; take <= 3 && i + take <= words.length; take++) {
      const part = words.slice(i, i + take).join('');
      if (!/^[+\d-]+$/.test(part)) break;
      const found = findPhone(part);
      if (found && part.replace(/\D/g, '').length <= 13) {
        phone = found;
        words.splice(i, take);
        break;
      }
    }
  }
  if (words.length === 0) return { ok: false, error: 'REGISTER_FOR.USAGE' };
  if (words.length === 1) {
    const detail = words[0];
    return /[\p{L}\p{N}]/u.test(detail) ? { ok: true, value: { name, phone, place: extractPlace(detail, placeNames), detail } } : { ok: false, error: 'REGISTER_FOR.USAGE' };
  }
  const [place, ...rest] = words;
  const detail = rest.join(' ');
  if (!/[\p{L}]/u.test(detail)) return { ok: false, error: 'REGISTER_FOR.USAGE' };
  return { ok: true, value: { name, phone, place, detail } };
}
