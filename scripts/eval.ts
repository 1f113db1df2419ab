/**
 * `npm run eval`: trains on the train split, measures on the dev split — and, side by side, on the
 * sealed split when test/data/sealed/ holds it — category accuracy and macro-F1, urgent-or-possible
 * recall and false alarms, asked rate, accuracy when not asked, confusions — and the time per message;
 * place extraction and resolution against the demo gazetteer (as sent from MS020101), duplicate
 * pairs. `npm run eval -- --show` also lists every place the extractor got wrong.
 * `--corrections` / `--export-corrections` report staff corrections instead (./eval/corrections).
 */
import { readAllLabelled, readChatter, readDuplicatePairs, readFreshMessages, readSealedMessages, readSensitiveSet, splitLabelled } from '../adapters/classifier/labelled-data';
import { createTokenizer } from '../adapters/classifier/tokenizer';
import { confusionTable, figuresOf, sideBySide } from './eval/split-figures';
import { readsLikeRequest } from '../core/classifier/passive';
import { isSensitive } from '../core/classifier/sensitive';
import { SENSITIVE_CATEGORIES } from '../core/categories';
import { findDuplicate } from '../core/classifier/similarity';
import { extractPlace } from '../core/classifier/place';
import { placeNames, resolvePlace } from '../core/classifier/gazetteer';
import { createOrgTree } from '../core/org-tree';
import { DEMO_ORG_FILE, readOrgFile } from '../adapters/org/org-import';
import { CALIBRATED_TEMPERATURE, classify, trainClassifier } from '../core/classifier/classify';
import { detectUrgency } from '../core/classifier/urgency';
import { runCorrections } from './eval/corrections';

// Issue 15: staff corrections from the database instead of the labelled data.
if (process.argv.includes('--corrections') || process.argv.includes('--export-corrections')) {
  runCorrections(process.argv.includes('--export-corrections')).catch((error: unknown) => {
    console.error(error instanceof Error ? error.message : error);
    process.exitCode = 1;
  });
} else evaluate();

function evaluate(): void {
  const all = readAllLabelled();
  const { train, dev } = splitLabelled(all);
  const tokenize = createTokenizer();
  const model = trainClassifier(train, tokenize, { calibrate: true });
  const pct = (x: number) => `${(x * 100).toFixed(1)}%`;
  console.log(`labelled messages: ${all.length} (train ${train.length}, dev ${dev.length}); fitted temperature ${model.linear.temperature} (shipped ${CALIBRATED_TEMPERATURE})`);

  // Dev: model trained on train only. Sealed (test/data/sealed/, never read while tuning): model trained on everything, as the bot runs.
  const devFigures = figuresOf(model, dev);
  const sealed = readSealedMessages();
  const fullModel = trainClassifier(all, tokenize);
  const sealedFigures = sealed ? figuresOf(fullModel, sealed) : null;
  // The dev messages of the first 3,008 (before helper G2's batch), comparable with earlier figures.
  const devOld = dev.filter((m) => m.source !== 'train-g2');
  const devOldFigures = devOld.length < dev.length ? figuresOf(model, devOld) : null;
  console.log(sideBySide([{ name: 'dev', f: devFigures }, ...(devOldFigures ? [{ name: 'dev w/o train-g2', f: devOldFigures }] : []), { name: 'sealed', f: sealedFigures }]));
  if (!sealed) console.log('sealed split: absent (test/data/sealed/*.txt, `category|urgency|text`; see test/data/README.md)');
  console.log(`confusions (dev, want→got): ${confusionTable(devFigures)}`);
  if (sealedFigures) console.log(`confusions (sealed, want→got): ${confusionTable(sealedFigures)}`);
  const urgentAll = all.filter((m) => m.urgent);
  console.log(`urgent flagged urgent (all ${urgentAll.length} urgent labelled messages): ${pct(urgentAll.filter((m) => detectUrgency(m.text).urgent).length / urgentAll.length)}`);
  const t0 = performance.now();
  const runs = 5;
  for (let r = 0; r < runs; r++) for (const m of dev) classify(model, m.text);
  console.log(`classification time: ${(((performance.now() - t0) / (runs * dev.length)) * 1000).toFixed(0)} µs per message`);
  if (process.argv.includes('--show')) {
    for (const w of devFigures.wrong) console.log(`  dev category: ${w.m.text}  got ${w.got} want ${w.m.category}`);
    for (const m of devFigures.missed) console.log(`  dev missed danger: ${m.text}`);
    for (const m of devFigures.alarms) console.log(`  dev false alarm: ${m.text}`);
  }
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
  const placesAll = placeScore(all.filter((m) => m.place !== undefined)), placesDev = placeScore(dev.filter((m) => m.place !== undefined));
  const named = all.filter((m) => m.place);
  console.log(`places (${named.length} of ${all.length} messages name one): exact place ${pct(placesAll.spans)} (dev ${pct(placesDev.spans)}); resolved area right ${pct(placesAll.areas)} (dev ${pct(placesDev.areas)})`);
  if (process.argv.includes('--show')) for (const w of placesAll.wrong) console.log(`  place: ${w}`);

  // The fresh set: written after tuning ended; the honest figure for messages nobody tuned on.
  const fresh = readFreshMessages();
  const freshModel = fullModel;
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
}
