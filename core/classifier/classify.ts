/**
 * The category of what a household writes: the keyword lexicon (core/categories) and a naive
 * Bayes over character n-grams trained on labelled messages, blended. With no trained model the
 * lexicon alone decides. Returns a confidence and the three likeliest categories.
 */
import { CATEGORY_CODES, keywordScores, type CategoryCode } from '../categories';
import type { UrgencyLevel } from './urgency';
import { predictNaiveBayes, trainNaiveBayes, type NaiveBayesModel } from './naive-bayes';

export interface CategoryGuess {
  category: CategoryCode;
  confidence: number;
  top: { category: CategoryCode; p: number }[];
}

/** A labelled message. */
export interface LabelledMessage {
  text: string;
  category: CategoryCode;
  urgent: boolean;
  /** Three-level urgency label (`urgent` iff `urgent`). */
  urgency?: UrgencyLevel;
  /** The place as written (null: none named) and the area it resolves to (null: free text). */
  place?: string | null;
  placeArea?: string | null;
}

/** Trains the statistical half from labelled messages. */
export function trainClassifier(examples: readonly LabelledMessage[]): NaiveBayesModel {
  return trainNaiveBayes(examples.map((e) => ({ text: e.text, label: e.category })));
}

/** How the two halves are blended (tuned on the train split, see scripts/eval.ts). */
export interface BlendOptions {
  /** Weight of the lexicon when it has hits; the rest goes to naive Bayes. */
  lexiconWeight: number;
  /** Softening of the naive Bayes posterior. */
  temperature: number;
}

// Chosen by 3-fold cross-validation on the train split only (the dev split stays unseen).
export const DEFAULT_BLEND: BlendOptions = { lexiconWeight: 0.5, temperature: 3 };

/** Classifies a message; `model` null means lexicon only. */
export function classify(model: NaiveBayesModel | null, text: string, blend: BlendOptions = DEFAULT_BLEND): CategoryGuess {
  const LEXICON_WEIGHT = blend.lexiconWeight;
  const lex = keywordScores(text);
  const lexTotal = Object.values(lex).reduce((a, b) => a + b, 0);
  const nb = model ? predictNaiveBayes(model, text, blend.temperature) : null;
  const p: Record<string, number> = {};
  for (const c of CATEGORY_CODES) {
    const lexP = lexTotal > 0 ? (lex[c] ?? 0) / lexTotal : 0;
    const nbP = nb?.[c] ?? 0;
    p[c] = nb ? (lexTotal > 0 ? LEXICON_WEIGHT * lexP + (1 - LEXICON_WEIGHT) * nbP : nbP) : lexP;
  }
  const ranked = CATEGORY_CODES.map((c) => ({ category: c, p: p[c] })).sort((a, b) => b.p - a.p);
  if (ranked[0].p === 0) return { category: 'other', confidence: 0, top: ranked.slice(0, 3) };
  return { category: ranked[0].category, confidence: Math.round(ranked[0].p * 1000) / 1000, top: ranked.slice(0, 3) };
}
