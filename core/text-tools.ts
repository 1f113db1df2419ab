/**
 * Small text helpers for what households write: normalisation, phone masking,
 * place extraction and one-line summaries.
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

/**
 * Place mentions households use: 3组12号, 2栋1单元, 幸福小区, 建设路, 王家村.
 * Returns the longest run of place-like tokens, or null.
 */
const PLACE = /((?:[\u4e00-\u9fa5A-Za-z0-9]{0,8}?(?:村|社区|小区|组|栋|幢|号楼|单元|号|路(?![灯面况边上])|街(?![灯上])|巷|弄|屯|寨|队|门口))+)/g;
const PLACE_NOISE = /^(?:报事|报修|反映|求助|投诉|我们|我家|我们家|你们|这个|那个|在|的|了)+/;

/** Extracts a place mention, or null when the text names none. */
export function extractPlace(text: string): string | null {
  let best: string | null = null;
  for (const m of text.matchAll(PLACE)) {
    const candidate = m[1].replace(PLACE_NOISE, '');
    if (!/[0-9\u4e00-\u9fa5]/.test(candidate) || candidate.length < 2) continue;
    if (!best || candidate.length > best.length) best = candidate;
  }
  return best;
}

/** Cuts text to a one-line summary of at most `max` characters. */
export function summarize(text: string, max = 40): string {
  const line = text.replace(/\s+/g, ' ').trim();
  return line.length <= max ? line : `${line.slice(0, max - 1)}…`;
}
