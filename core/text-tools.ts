/**
 * Small text helpers for what households write: normalisation, phone masking and one-line
 * summaries (places: classifier/place.ts).
 */

/** Turns full-width digits, letters, `＃`, `／` and spaces into half-width and trims; Chinese punctuation stays. */
export function normalizeText(text: string): string {
  return text
    .replace(/[\uFF10-\uFF19\uFF21-\uFF3A\uFF41-\uFF5A\uFF03\uFF0F]/g, (ch) => String.fromCharCode(ch.charCodeAt(0) - 0xfee0))
    .replace(/\u3000/g, ' ')
    .trim();
}

const PHONE = /(?<!\d)(1[3-9]\d)(\d{4})(\d{4})(?!\d)/g;

/** Finds the first mainland mobile number in the text. */
export function findPhone(text: string): string | null {
  const m = new RegExp(PHONE.source).exec(text);
  return m ? m[0] : null;
}

/** Masks every mobile number: 13812345678 → 138****5678. Safe for group messages. */
export function maskPhones(text: string): string {
  return text.replace(PHONE, (_m, a: string, _b: string, c: string) => `${a}****${c}`);
}

/** Cuts text to a one-line summary of at most `max` characters. */
export function summarize(text: string, max = 40): string {
  const line = text.replace(/\s+/g, ' ').trim();
  return line.length <= max ? line : `${line.slice(0, max - 1)}…`;
}
