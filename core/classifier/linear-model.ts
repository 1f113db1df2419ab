/**
 * A multinomial logistic regression (softmax) over sparse features, trained by averaged
 * stochastic gradient descent with L2. Discriminative, so overlapping n-grams and words do not
 * double-count as in naive Bayes. Pure and deterministic: the example order is shuffled by a
 * fixed-seed generator. The model is plain JSON.
 */

export interface LinearModel {
  labels: string[];
  /** weights[feature][labelIndex] */
  weights: Record<string, number[]>;
  bias: number[];
  /** Divides the scores before the softmax (calibration; 1 = none). */
  temperature: number;
}

export interface LinearTrainOptions {
  epochs: number;
  learningRate: number;
  l2: number;
  seed: number;
  /** Weight of an example of class c: (N / (K · n_c))^classBalance; 0 = unweighted. */
  classBalance: number;
}

// Chosen on the train/dev split of 2026-11-25 (dev 86–87 % for learning rates 3–12; see docs/BENCHMARKS.md).
export const DEFAULT_LINEAR_OPTIONS: LinearTrainOptions = { epochs: 10, learningRate: 6, l2: 0, seed: 7, classBalance: 0 };

/** Trains on examples given as feature lists (a feature may repeat: counts are log-scaled). */
export function trainLinear(examples: readonly { features: string[]; label: string }[], options: Partial<LinearTrainOptions> = {}): LinearModel {
  const o = { ...DEFAULT_LINEAR_OPTIONS, ...options };
  const labels = [...new Set(examples.map((e) => e.label))].sort();
  const index = new Map(labels.map((l, i) => [l, i]));
  const k = labels.length;
  // Features become integer ids and the weights one flat array: ten times faster than maps.
  const ids = new Map<string, number>();
  const docs = examples.map((e) => {
    const x = vectorOf(e.features);
    return { f: Int32Array.from(x, ([f]) => ids.get(f) ?? ids.set(f, ids.size).get(f)!), v: Float64Array.from(x, ([, v]) => v), y: index.get(e.label)! };
  });
  const counts = new Array<number>(k).fill(0);
  for (const d of docs) counts[d.y]++;
  const classWeight = counts.map((n) => (o.classBalance ? Math.pow(docs.length / (k * Math.max(1, n)), o.classBalance) : 1));
  const w = new Float64Array(ids.size * k), wSum = new Float64Array(ids.size * k);
  const b = new Float64Array(k), bSum = new Float64Array(k);
  const s = new Float64Array(k);
  const order = docs.map((_, i) => i);
  let rng = o.seed >>> 0 || 1;
  let steps = 0;
  for (let epoch = 0; epoch < o.epochs; epoch++) {
    for (let i = order.length - 1; i > 0; i--) {
      rng = (Math.imul(rng, 1664525) + 1013904223) >>> 0;
      const j = rng % (i + 1);
      [order[i], order[j]] = [order[j], order[i]];
    }
    const lr = o.learningRate / (1 + epoch * 0.5);
    for (const di of order) {
      const { f, v, y } = docs[di];
      s.set(b);
      for (let n = 0; n < f.length; n++) for (let c = 0, base = f[n] * k; c < k; c++) s[c] += w[base + c] * v[n];
      const p = softmax(s, 1);
      p[y] -= 1; // gradient of the log loss
      if (classWeight[y] !== 1) for (let c = 0; c < k; c++) p[c] *= classWeight[y];
      const t = 1 + steps;
      for (let n = 0; n < f.length; n++) {
        const base = f[n] * k;
        for (let c = 0; c < k; c++) {
          const delta = lr * (p[c] * v[n] + o.l2 * w[base + c]);
          w[base + c] -= delta;
          wSum[base + c] -= delta * t; // averaging: the sum of weights over time
        }
      }
      for (let c = 0; c < k; c++) {
        b[c] -= lr * p[c];
        bSum[c] -= lr * p[c] * t;
      }
      steps++;
    }
  }
  const weights: Record<string, number[]> = {};
  for (const [name, id] of ids) {
    const row = new Array<number>(k);
    for (let c = 0; c < k; c++) row[c] = round(w[id * k + c] - wSum[id * k + c] / steps);
    weights[name] = row;
  }
  return { labels, weights, bias: [...b].map((v, c) => round(v - bSum[c] / steps)), temperature: 1 };
}

/** Probabilities per label for a feature list. */
export function predictLinear(model: LinearModel, features: string[]): Record<string, number> {
  const k = model.labels.length;
  const s = new Float64Array(model.bias);
  for (const [f, v] of vectorOf(features)) {
    const row = model.weights[f];
    if (row) for (let c = 0; c < k; c++) s[c] += row[c] * v;
  }
  const p = softmax(s, model.temperature);
  return Object.fromEntries(model.labels.map((l, i) => [l, p[i]]));
}

function vectorOf(features: string[]): [string, number][] {
  const counts = new Map<string, number>();
  for (const f of features) counts.set(f, (counts.get(f) ?? 0) + 1);
  const entries = [...counts].map(([f, n]) => [f, 1 + Math.log(n)] as [string, number]);
  const norm = Math.sqrt(entries.reduce((a, [, v]) => a + v * v, 0)) || 1;
  return entries.map(([f, v]) => [f, v / norm]);
}

function softmax(s: Float64Array, temperature: number): Float64Array {
  let max = -Infinity;
  for (const v of s) max = Math.max(max, v);
  const e = new Float64Array(s.length);
  let sum = 0;
  for (let i = 0; i < s.length; i++) sum += e[i] = Math.exp((s[i] - max) / temperature);
  for (let i = 0; i < s.length; i++) e[i] /= sum;
  return e;
}

const round = (v: number) => Math.round(v * 1e5) / 1e5;
