/**
 * `npm run eval`: trains on the train split, measures on the dev split — category accuracy and
 * macro-F1, the most confused pairs, urgent recall and precision — and the time per message;
 * place extraction and resolution against the demo gazetteer (as sent from MS020101), duplicate
 * pairs. `npm run eval -- --show` also lists every place the extractor got wrong.
 */
import { readChatter, readDuplicatePairs, readFreshMessages, readLabelledMessages, readSensitiveSet, splitLabelled } from '../adapters/classifier/labelled-data';
import { readsLikeRequest } from '../core/classifier/passive';
import { isSensitive } from '../core/classifier/sensitive';
import { SENSITIVE_CATEGORIES } from '../core/categories';
import { findDuplicate } from '../core/classifier/similarity';
import { extractPlace } from '../core/classifier/place';
import { placeNames, resolvePlace } from '../core/classifier/gazetteer';
import { createOrgTree } from '../core/org-tree';
import { DEMO_ORG_FILE, readOrgFile } from '../adapters/org/org-import';
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

const guesses = dev.map((m) => ({ m, g: classify(model, m.text) }));
const asked = guesses.filter(({ g }) => g.confidence < 0.35);
const sure = guesses.filter(({ g }) => g.confidence >= 0.35);
console.log(`asked to pick a category (confidence < 0.35): ${pct(asked.length / dev.length)} of dev; accuracy where not asked: ${pct(sure.filter(({ m, g }) => g.category === m.category).length / Math.max(1, sure.length))}; right answer among the 3 offered: ${pct(asked.filter(({ m, g }) => g.top.some((c) => c.category === m.category)).length / Math.max(1, asked.length))}`);
const pairs2 = readDuplicatePairs();
let dTp = 0, dFp = 0, dFn = 0;
for (const p of pairs2) {
  const found = findDuplicate({ category: p.category, detail: p.second, place: extractPlace(p.second) }, [{ id: 1, category: p.category, detail: p.first, place: extractPlace(p.first) }]) !== null;
  if (found && p.same) dTp++;
  else if (found) dFp++;
  else if (p.same) dFn++;
}
console.log(`duplicates (${pairs2.length} labelled pairs): precision ${pct(dTp / Math.max(1, dTp + dFp))}  recall ${pct(dTp / Math.max(1, dTp + dFn))}`);

// Places: the extractor is rules, not trained, so it is measured on every message and on dev.
const tree = createOrgTree(readOrgFile(DEMO_ORG_FILE).areas);
const names = placeNames(tree);
const SENDER_GRID = 'MS020101';
const placeScore = (set: typeof all) => {
  let spans = 0, areas = 0;
  const wrong: string[] = [];
  for (const m of set) {
    const got = extractPlace(m.text, names);
    const area = resolvePlace(got, SENDER_GRID, tree)?.code ?? null;
    if (got === (m.place ?? null)) spans++;
    if (area === (m.placeArea ?? null)) areas++;
    if (got !== (m.place ?? null) || area !== (m.placeArea ?? null)) wrong.push(`${m.text}  got ${got ?? '-'}@${area ?? '-'}  want ${m.place ?? '-'}@${m.placeArea ?? '-'}`);
  }
  return { spans: spans / set.length, areas: areas / set.length, wrong };
};
const placesAll = placeScore(all), placesDev = placeScore(dev);
const named = all.filter((m) => m.place);
console.log(`places (${named.length} of ${all.length} messages name one): exact place ${pct(placesAll.spans)} (dev ${pct(placesDev.spans)}); resolved area right ${pct(placesAll.areas)} (dev ${pct(placesDev.areas)})`);
if (process.argv.includes('--show')) for (const w of placesAll.wrong) console.log(`  place: ${w}`);

// The fresh set: written after tuning ended; the honest figure for messages nobody tuned on.
const fresh = readFreshMessages();
const freshModel = trainClassifier(all);
const freshWrong = fresh.map((m) => ({ m, got: classify(freshModel, m.text).category })).filter(({ m, got }) => got !== m.category);
const freshRight = fresh.length - freshWrong.length;
const freshUrgent = fresh.filter((m) => m.urgent);
const freshPlaces = placeScore(fresh);
console.log(`fresh set (${fresh.length} messages, model trained on all labelled): category accuracy ${pct(freshRight / fresh.length)}; urgent recall ${pct(freshUrgent.filter((m) => detectUrgency(m.text).urgent).length / Math.max(1, freshUrgent.length))} (${freshUrgent.length} urgent); exact place ${pct(freshPlaces.spans)}; area ${pct(freshPlaces.areas)}`);
if (process.argv.includes('--show')) {
  for (const { m, got } of freshWrong) console.log(`  fresh: ${m.text}  got ${got} want ${m.category}`);
  for (const w of freshPlaces.wrong) console.log(`  fresh place: ${w}`);
}

// Sensitive reports: what intake decides (sensitive category or sensitive wording) on a labelled set.
const sensitiveSet = readSensitiveSet();
const decideSensitive = (text: string) => SENSITIVE_CATEGORIES.has(classify(freshModel, text).category) || isSensitive(text);
const sTp = sensitiveSet.filter((m) => m.sensitive && decideSensitive(m.text)).length;
const sFp = sensitiveSet.filter((m) => !m.sensitive && decideSensitive(m.text)).length;
const sPos = sensitiveSet.filter((m) => m.sensitive).length;
console.log(`sensitive (${sensitiveSet.length} labelled, ${sPos} sensitive): recall ${pct(sTp / sPos)}  precision ${pct(sTp / Math.max(1, sTp + sFp))}`);
if (process.argv.includes('--show')) for (const m of sensitiveSet) if (m.sensitive !== decideSensitive(m.text)) console.log(`  sensitive: ${m.text} want ${m.sensitive}`);

// Passive detection: offers on requests that did not address the bot, and on ordinary chatter.
const chatter = readChatter();
const offers = (text: string) => readsLikeRequest(text, classify(freshModel, text));
const falseOffers = chatter.filter(offers);
console.log(`passive offers: ${pct(all.filter((m) => offers(m.text)).length / all.length)} of labelled requests; ${pct(falseOffers.length / chatter.length)} of ${chatter.length} chatter lines${falseOffers.length ? ` (${falseOffers.join('; ')})` : ''}`);
