/**
 * Small text helpers for what households write: normalisation, phone masking and one-line
 * summaries (places: classifier/place.ts).
 */
import { findMobile, maskPersonalData } from './privacy/mask';
import { cutText } from './text-cut';

/** Turns full-width digits, letters, `＃`, `／` and spaces into half-width and trims; Chinese punctuation stays. */
export function normalizeText(text: string): string {
  return text
    .replace(/[\uFF10-\uFF19\uFF21-\uFF3A\uFF41-\uFF5A\uFF03\uFF0F]/g, (ch) => String.fromCharCode(ch.charCodeAt(0) - 0xfee0))
    .replace(/\u3000/g, ' ')
    .trim();
}

/** Finds the first mainland mobile number in the text, in any written form, as its 11 digits. */
export function findPhone(text: string): string | null {
  return findMobile(text);
}

/**
 * Masks every personal number — mobiles in any written form, ID, landline and bank card
 * numbers (core/privacy/mask.ts): 13812345678 → 138****5678. Safe for group messages.
 */
export function maskPhones(text: string): string {
  return maskPersonalData(text);
}

/**
 * A one-line summary of at most `max` user-perceived characters, personal numbers masked
 * first (a number cut in half would no longer be recognised) and cut at grapheme boundaries.
 */
export function summarize(text: string, max = 40): string {
  return cutText(maskPersonalData(text.replace(/\s+/g, ' ').trim()), max);
}
