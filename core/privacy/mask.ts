/**
 * Masks personal numbers in text meant for a group or a list: mobiles in every written form
 * (`138-1234-5678`, `138 1234 5678`, `+86 138…`, `8613812345678`, full-width digits), 身份证
 * numbers (18 digits, trailing X; old 15 digits), landlines (`0371-12345678`, `(0371)1234567`,
 * `010 12345678`) and bank cards (16–19 digits, also in groups of 4). Request numbers (#12),
 * dates, times, house numbers (3组12号) and amounts (2000元) are left alone.
 *
 * Always mask before cutting: a cut number is harder to recognise (issue 11.7).
 * Separators and the digits' width are kept; only the hidden digits become `*`.
 */

/** Kinds of personal numbers, longest first: each pass sees the earlier ones already masked. */
interface NumberKind {
  name: 'idCard' | 'bankCard' | 'mobile' | 'landline';
  pattern: RegExp;
  /** How many digits stay visible at the start and at the end. */
  keep: (digits: number, match: string) => { head: number; tail: number };
}

/** One separator between digits as people type them, half- and full-width (`－`, `　` from a Chinese IME). */
const SEP = '[ \\-‐–—−_.·\\uFF0D\\uFE63\\u3000\\uFF0E]';
const KINDS: NumberKind[] = [
  {
    // 18 digits: 6 region, 8 birth date, 3 sequence, check digit (0-9 or X); 15 digits: yymmdd.
    name: 'idCard',
    pattern: new RegExp(`(?<![\\dA-Za-z])(?:[1-9]\\d{5}${SEP}?(?:18|19|20)\\d{2}(?:0[1-9]|1[0-2])(?:0[1-9]|[12]\\d|3[01])${SEP}?\\d{3}[\\dXx]|[1-9]\\d{7}(?:0[1-9]|1[0-2])(?:0[1-9]|[12]\\d|3[01])\\d{3})(?![\\dA-Za-z])`, 'g'),
    keep: () => ({ head: 3, tail: 4 }),
  },
  {
    // 16–19 digits, contiguous or in groups of 4.
    name: 'bankCard',
    pattern: new RegExp(`(?<!\\d)\\d{4}(?:${SEP}?\\d{4}){3}(?:${SEP}?\\d{1,3})?(?!\\d)`, 'g'),
    keep: () => ({ head: 4, tail: 4 }),
  },
  {
    // A mainland mobile, with an optional +86 / 0086 / 86 prefix and single separators anywhere.
    name: 'mobile',
    pattern: new RegExp(`(?<![\\d+＋])(?:(?:[+＋]|00)?86${SEP}?)?1${SEP}?[3-9](?:${SEP}?\\d){9}(?!\\d)`, 'g'),
    // The 4 digits before the last 4 are hidden: 138****5678, 86138****5678.
    keep: (n) => ({ head: n - 8, tail: 4 }),
  },
  {
    // Area code 0xx / 0xxx (optionally in parentheses), then 7–8 digits.
    name: 'landline',
    pattern: new RegExp(`(?<!\\d)(?:[(（]0\\d{2,3}[)）]${SEP}?|0\\d{2,3}${SEP}?)\\d{3,4}${SEP}?\\d{4}(?!\\d)`, 'g'),
    // The area code stays: 0371-****5678.
    keep: (n, match) => ({ head: new RegExp(`^[(（]?(0\\d{2,3})(?=[)）]|${SEP})`).exec(match)?.[1].length ?? Math.max(3, n - 8), tail: 4 }),
  },
];

const FULL_WIDTH_DIGIT = /[\uFF10-\uFF19]/g;

/** The first mainland mobile in the text (any written form above) as its 11 digits, or null. */
export function findMobile(text: string): string | null {
  const view = text.replace(FULL_WIDTH_DIGIT, (ch) => String.fromCharCode(ch.charCodeAt(0) - 0xfee0));
  const m = new RegExp(KINDS.find((k) => k.name === 'mobile')!.pattern.source).exec(view);
  return m ? m[0].replace(/\D/g, '').slice(-11) : null;
}

/** The names of the kinds found in the text (for tests and logs; never the numbers). */
export function personalNumberKinds(text: string): NumberKind['name'][] {
  const view = text.replace(FULL_WIDTH_DIGIT, (ch) => String.fromCharCode(ch.charCodeAt(0) - 0xfee0));
  return KINDS.filter((k) => new RegExp(k.pattern.source, 'g').test(view)).map((k) => k.name);
}

/**
 * Masks every personal number in the text: `电话138-1234-5678` → `电话138-****-5678`,
 * `身份证110101199003071234` → `身份证110***********1234`. Safe for group messages.
 */
export function maskPersonalData(text: string): string {
  if (!/[\d\uFF10-\uFF19]/.test(text)) return text;
  // Full-width digits are one UTF-16 unit like their half-width forms: indices line up.
  let view = text.replace(FULL_WIDTH_DIGIT, (ch) => String.fromCharCode(ch.charCodeAt(0) - 0xfee0));
  const out = text.split('');
  for (const kind of KINDS) {
    for (const m of view.matchAll(new RegExp(kind.pattern.source, 'g'))) {
      const positions: number[] = [];
      const digit = kind.name === 'idCard' ? /[\dXx]/ : /\d/;
      for (let i = 0; i < m[0].length; i++) if (digit.test(m[0][i])) positions.push(m.index! + i);
      const { head, tail } = kind.keep(positions.length, m[0]);
      for (const p of positions.slice(head, positions.length - tail)) out[p] = '*';
    }
    view = view.split('').map((ch, i) => (out[i] === '*' ? '*' : ch)).join('');
  }
  return out.join('');
}
