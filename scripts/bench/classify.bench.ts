/**
 * Classification speed: the bot's own reader (category, confidence, urgency, place) over every
 * labelled message, repeated; p50 / p99 per message. Target < 1 ms.
 */
import { createUnderstanding } from '../../adapters/classifier/classifier';
import { readAllLabelled } from '../../adapters/classifier/labelled-data';
import { DEMO_ORG_FILE, readOrgFile } from '../../adapters/org/org-import';

export function benchClassify(rounds = 20): string[] {
  const t0 = performance.now();
  const understand = createUnderstanding(readOrgFile(DEMO_ORG_FILE).areas);
  const trainMs = performance.now() - t0;
  const texts = readAllLabelled().map((m) => m.text);
  const times: number[] = [];
  for (let r = 0; r < rounds; r++) {
    for (const text of texts) {
      const s = performance.now();
      understand(text);
      times.push(performance.now() - s);
    }
  }
  times.sort((a, b) => a - b);
  const at = (q: number) => times[Math.min(times.length - 1, Math.floor(q * times.length))] * 1000;
  return [`classify one message: p50 ${at(0.5).toFixed(0)} µs  p99 ${at(0.99).toFixed(0)} µs  over ${times.length} (target < 1000 µs); training at start ${trainMs.toFixed(0)} ms`];
}
