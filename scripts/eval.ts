/**
 * `npm run eval`: trains on the train split, measures on the dev split — category accuracy and
 * macro-F1, the most confused pairs, urgent recall and precision — and the time per message.
 */
import { readDuplicatePairs, readLabelledMessages, splitLabelled } from '../adapters/classifier/labelled-data';
import { findDuplicate } from '../core/classifier/similarity';
import { extractPlace } from '../core/text-tools';
import { CATEGORY_NAMES } from '../core/categories';
import { classify, trainClassifier } from '../core/classifier/classify';
import { detectUrgency } from '../core/classifier/urgency';

const all = readLabelledMessages();
const { train, dev } = splitLabelled(all);
const model = trainClassifier(train);
let correct = 0;
const pairs = new Map<string, number>();
const stats = new Map<string, { tp: number; fp: number; fn: number }>();
const stat = (c: string) => stats.get(c) ?? stats.set(c, { tp: 0, fp: 0, fn: 0 }).get(c)!;
let urgentTp = 0, urgentFp = 0, urgentFn = 0;
for (const m of dev) {
  const guess = classify(model, m.text).category;
  if (guess === m.category) {
    correct++;
    stat(m.category).tp++;
  } else {
    stat(guess).fp++;
    stat(m.category).fn++;
    const key = `${CATEGORY_NAMES[m.category].zh} → ${CATEGORY_NAMES[guess].zh}`;
    pairs.set(key, (pairs.get(key) ?? 0) + 1);
  }
  const u = detectUrgency(m.text).urgent;
  if (u && m.urgent) urgentTp++;
  else if (u) urgentFp++;
  else if (m.urgent) urgentFn++;
}
const f1s = [...stats.values()].map(({ tp, fp, fn }) => (tp === 0 ? 0 : (2 * tp) / (2 * tp + fp + fn)));
const t0 = performance.now();
const runs = 20;
for (let r = 0; r < runs; r++) for (const m of dev) classify(model, m.text);
const perMessage = (performance.now() - t0) / (runs * dev.length);
const pct = (x: number) => `${(x * 100).toFixed(1)}%`;
console.log(`labelled messages: ${all.length} (train ${train.length}, dev ${dev.length})`);
console.log(`category accuracy (dev): ${pct(correct / dev.length)}  macro-F1: ${(f1s.reduce((a, b) => a + b, 0) / f1s.length).toFixed(3)}`);
console.log(`most confused: ${[...pairs].sort((a, b) => b[1] - a[1]).slice(0, 6).map(([k, n]) => `${k} ×${n}`).join('; ') || 'none'}`);
console.log(`urgent recall (dev): ${pct(urgentTp / Math.max(1, urgentTp + urgentFn))}  precision: ${pct(urgentTp / Math.max(1, urgentTp + urgentFp))}  (${urgentTp + urgentFn} urgent in dev)`);
const urgentAll = all.filter((m) => m.urgent);
console.log(`urgent recall (all ${urgentAll.length} urgent messages): ${pct(urgentAll.filter((m) => detectUrgency(m.text).urgent).length / urgentAll.length)}`);
console.log(`classification time: ${(perMessage * 1000).toFixed(0)} µs per message`);

const asked = dev.filter((m) => classify(model, m.text).confidence < 0.35);
const sure = dev.filter((m) => classify(model, m.text).confidence >= 0.35);
console.log(`asked to pick a category (confidence < 0.35): ${pct(asked.length / dev.length)} of dev; accuracy where not asked: ${pct(sure.filter((m) => classify(model, m.text).category === m.category).length / Math.max(1, sure.length))}; right answer among the 3 offered: ${pct(asked.filter((m) => classify(model, m.text).top.some((c) => c.category === m.category)).length / Math.max(1, asked.length))}`);
const pairs2 = readDuplicatePairs();
let dTp = 0, dFp = 0, dFn = 0;
for (const p of pairs2) {
  const found = findDuplicate({ category: p.category, detail: p.second, place: extractPlace(p.second) }, [{ id: 1, category: p.category, detail: p.first, place: extractPlace(p.first) }]) !== null;
  if (found && p.same) dTp++;
  else if (found) dFp++;
  else if (p.same) dFn++;
}
console.log(`duplicates (${pairs2.length} labelled pairs): precision ${pct(dTp / Math.max(1, dTp + dFp))}  recall ${pct(dTp / Math.max(1, dTp + dFn))}`);
