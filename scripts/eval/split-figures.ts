/**
 * The figures `npm run eval` prints for one labelled split (dev or sealed): category accuracy,
 * macro-F1, urgent-or-possible recall, false alarms, asked rate, accuracy when not asked and a
 * confusion table — computed the same way for every split so they can stand side by side.
 */
import { CATEGORY_CODES, type CategoryCode } from '../../core/categories';
import { ASK_BELOW, classify, urgencyOf, type CategoryModel, type LabelledMessage } from '../../core/classifier/classify';

export interface SplitFigures {
  n: number;
  accuracy: number;
  macroF1: number;
  /** Urgent-or-possible messages flagged urgent or possible. */
  dangerRecall: number;
  dangerCount: number;
  /** Urgent messages flagged urgent. */
  urgentRecall: number;
  urgentCount: number;
  /** Messages labelled none that were flagged urgent or possible. */
  falseAlarms: number;
  asked: number;
  accuracyNotAsked: number;
  /** Right category among the three offered, of those asked. */
  askedTop3: number;
  confusion: Map<string, number>;
  wrong: { m: LabelledMessage; got: CategoryCode; level: string }[];
  missed: LabelledMessage[];
  alarms: LabelledMessage[];
}

/** Measures `model` on `set`. */
export function figuresOf(model: CategoryModel, set: readonly LabelledMessage[]): SplitFigures {
  const stats = new Map<string, { tp: number; fp: number; fn: number }>();
  const stat = (c: string) => stats.get(c) ?? stats.set(c, { tp: 0, fp: 0, fn: 0 }).get(c)!;
  const confusion = new Map<string, number>();
  const wrong: SplitFigures['wrong'] = [];
  const missed: LabelledMessage[] = [], alarms: LabelledMessage[] = [];
  let correct = 0, danger = 0, dangerHit = 0, urgent = 0, urgentHit = 0, none = 0, alarm = 0, asked = 0, sure = 0, sureRight = 0, askedTop = 0;
  for (const m of set) {
    const g = classify(model, m.text);
    const u = urgencyOf(model, m.text);
    const want = m.urgency ?? (m.urgent ? 'urgent' : 'none');
    if (g.category === m.category) {
      correct++;
      stat(m.category).tp++;
    } else {
      stat(g.category).fp++;
      stat(m.category).fn++;
      const key = `${m.category}→${g.category}`;
      confusion.set(key, (confusion.get(key) ?? 0) + 1);
      wrong.push({ m, got: g.category, level: u.level });
    }
    if (want !== 'none') {
      danger++;
      if (u.level !== 'none') dangerHit++;
      else missed.push(m);
    } else {
      none++;
      if (u.level !== 'none') {
        alarm++;
        alarms.push(m);
      }
    }
    if (want === 'urgent') {
      urgent++;
      if (u.level === 'urgent') urgentHit++;
    }
    if (g.confidence < ASK_BELOW) {
      asked++;
      if (g.top.some((c) => c.category === m.category)) askedTop++;
    } else {
      sure++;
      if (g.category === m.category) sureRight++;
    }
  }
  const present = CATEGORY_CODES.filter((c) => stats.has(c));
  const f1 = present.map((c) => {
    const { tp, fp, fn } = stat(c);
    return tp === 0 ? 0 : (2 * tp) / (2 * tp + fp + fn);
  });
  const n = set.length || 1;
  return {
    n: set.length,
    accuracy: correct / n,
    macroF1: f1.reduce((a, b) => a + b, 0) / Math.max(1, f1.length),
    dangerRecall: dangerHit / Math.max(1, danger),
    dangerCount: danger,
    urgentRecall: urgentHit / Math.max(1, urgent),
    urgentCount: urgent,
    falseAlarms: alarm / Math.max(1, none),
    asked: asked / n,
    accuracyNotAsked: sureRight / Math.max(1, sure),
    askedTop3: askedTop / Math.max(1, asked),
    confusion,
    wrong,
    missed,
    alarms,
  };
}

const pct = (x: number) => `${(x * 100).toFixed(1)}%`;

/** The side-by-side table: one column per split. */
export function sideBySide(columns: { name: string; f: SplitFigures | null }[]): string {
  const rows: [string, (f: SplitFigures) => string][] = [
    ['messages', (f) => String(f.n)],
    ['category accuracy', (f) => pct(f.accuracy)],
    ['macro-F1', (f) => f.macroF1.toFixed(3)],
    ['urgent-or-possible recall', (f) => `${pct(f.dangerRecall)} of ${f.dangerCount}`],
    ['urgent flagged urgent', (f) => `${pct(f.urgentRecall)} of ${f.urgentCount}`],
    ['false alarms (of none)', (f) => pct(f.falseAlarms)],
    [`asked (confidence < ${ASK_BELOW})`, (f) => pct(f.asked)],
    ['accuracy when not asked', (f) => pct(f.accuracyNotAsked)],
    ['right one among 3 asked', (f) => pct(f.askedTop3)],
  ];
  const width = 28;
  const head = `${''.padEnd(width)}${columns.map((c) => c.name.padEnd(22)).join('')}`;
  const body = rows.map(([label, get]) => `${label.padEnd(width)}${columns.map((c) => (c.f ? get(c.f) : 'absent').padEnd(22)).join('')}`);
  return [head, ...body].join('\n');
}

/** The most frequent confusions, `want→got ×n`. */
export function confusionTable(f: SplitFigures, top = 12): string {
  return [...f.confusion].sort((a, b) => b[1] - a[1]).slice(0, top).map(([k, n]) => `${k} ×${n}`).join('; ') || 'none';
}
