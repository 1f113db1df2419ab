/**
 * What a message looks like to the statistical models: character n-grams (robust to typos and
 * unsegmented colloquial text) plus words from an injected tokenizer (the adapter passes jieba;
 * core stays free of native code) and the lexicon's category hits.
 */
import { keywordScores } from '../categories';

/** Splits a text into words; injected from adapters/classifier (jieba). */
export type Tokenizer = (text: string) => string[];

/** Character n-grams of the letters and digits (punctuation and spaces dropped), n = 1..max. */
export function charNgrams(text: string, max = 3): string[] {
  const chars = [...text.replace(/[^\p{L}\p{N}]+/gu, '')];
  const out: string[] = [];
  for (let n = 1; n <= max; n++) for (let i = 0; i + n <= chars.length; i++) out.push(chars.slice(i, i + n).join(''));
  return out;
}

// Digits and numbered units say where, not what: "3组12号" must not pull a category.
const PLACE_NOISE = /[0-9０-９]+|[一二三四五六七八九十]+(组|栋|号|单元|楼)/g;

/** The features of a text: n-grams, `w:` words and `k:` lexicon hits. */
export function textFeatures(text: string, tokenize?: Tokenizer): string[] {
  const clean = text.replace(PLACE_NOISE, '#');
  const out = charNgrams(clean);
  if (tokenize) {
    const words = tokenize(clean).map((w) => w.trim()).filter((w) => w && /[\p{L}\p{N}]/u.test(w));
    for (const w of words) out.push(`w:${w}`);
  }
  for (const [code, score] of Object.entries(keywordScores(text))) if (score) out.push(`k:${code}`, ...(score >= 4 ? [`k:${code}+`] : []));
  return out;
}
