/**
 * Chinese word segmentation for the classifier's features: jieba (@node-rs/jieba, native, ships
 * its dictionary). Loaded once; if the native module cannot load on a platform, the classifier
 * falls back to character n-grams alone (returns undefined) rather than failing to start.
 */
import { createRequire } from 'node:module';
import type { Tokenizer } from '../../core/classifier/features';

let cached: Tokenizer | null | undefined;

/** The jieba tokenizer, or undefined when the native module is unavailable. */
export function createTokenizer(): Tokenizer | undefined {
  if (cached !== undefined) return cached ?? undefined;
  try {
    const load = createRequire(__filename);
    const { Jieba } = load('@node-rs/jieba') as { Jieba: { withDict(d: Uint8Array): { cut(t: string, hmm?: boolean): string[] } } };
    const { dict } = load('@node-rs/jieba/dict') as { dict: Uint8Array };
    const jieba = Jieba.withDict(dict);
    cached = (text) => jieba.cut(text, false);
  } catch {
    cached = null;
  }
  return cached ?? undefined;
}
