/**
 * A multinomial naive Bayes over character n-grams (1–3), for short colloquial Chinese where
 * word segmentation is unreliable. Pure: train returns plain JSON, predict is deterministic.
 */

export interface NaiveBayesModel {
  labels: string[];
  /** log P(label) */
  priors: Record<string, number>;
  /** n-gram counts per label */
  counts: Record<string, Record<string, number>>;
  totals: Record<string, number>;
  vocabulary: number;
}

/** Character n-grams of the text's letters and digits (punctuation and spaces dropped). */
export function ngrams(text: string, max = 3): string[] {
  const chars = [...text.replace(/[^\p{L}\p{N}]+/gu, '')];
  const out: string[] = [];
  for (let n = 1; n <= max; n++) for (let i = 0; i + n <= chars.length; i++) out.push(chars.slice(i, i + n).join(''));
  return out;
}

/** Trains on labelled texts. */
export function trainNaiveBayes(examples: readonly { text: string; label: string }[]): NaiveBayesModel {
  const counts: Record<string, Record<string, number>> = {};
  const totals: Record<string, number> = {};
  const docs: Record<string, number> = {};
  const vocab = new Set<string>();
  for (const { text, label } of examples) {
    docs[label] = (docs[label] ?? 0) + 1;
    const c = (counts[label] ??= {});
    for (const g of ngrams(text)) {
      c[g] = (c[g] ?? 0) + 1;
      totals[label] = (totals[label] ?? 0) + 1;
      vocab.add(g);
    }
  }
  const labels = Object.keys(docs).sort();
  const priors = Object.fromEntries(labels.map((l) => [l, Math.log(docs[l] / examples.length)]));
  return { labels, priors, counts, totals, vocabulary: vocab.size };
}

/**
 * Posterior probabilities per label: a softmax of the log-likelihoods divided by `temperature`
 * (naive Bayes over overlapping n-grams is far too sure of itself; a temperature above 1 lets the
 * lexicon's evidence count when the two are blended).
 */
export function predictNaiveBayes(model: NaiveBayesModel, text: string, temperature = 1): Record<string, number> {
  const grams = ngrams(text);
  const scores = model.labels.map((label) => {
    const c = model.counts[label] ?? {};
    const denom = Math.log((model.totals[label] ?? 0) + model.vocabulary + 1);
    let s = model.priors[label];
    for (const g of grams) s += Math.log((c[g] ?? 0) + 1) - denom;
    return s;
  });
  const max = Math.max(...scores);
  const exps = scores.map((s) => Math.exp((s - max) / temperature));
  const sum = exps.reduce((a, b) => a + b, 0);
  return Object.fromEntries(model.labels.map((l, i) => [l, exps[i] / sum]));
}
