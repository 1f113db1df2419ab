/**
 * `npm run eval -- --corrections`: how often staff corrected the model, per category it chose
 * (DATABASE_URL, or the PGlite DATA_DIR). `npm run eval -- --export-corrections`: the corrected
 * requests as labelled lines (`category|urgency|text`, contact numbers masked) to review before
 * adding them to test/data/.
 */
import { loadConfig } from '../../adapters/config';
import { openDatabase } from '../../adapters/db/client';
import { correctedRequests, correctionRates } from '../../adapters/db/corrections.repository';
import { CATEGORY_NAMES, type CategoryCode } from '../../core/categories';

const name = (code: string) => CATEGORY_NAMES[code as CategoryCode]?.zh ?? code;
const pct = (x: number) => `${(x * 100).toFixed(1)}%`;
// Phone, ID and bank numbers never go into labelled data.
const maskNumbers = (text: string) => text.replace(/\d[\d\s-]{5,}\d/g, '…').replace(/[|\r\n]+/g, ' ');

/** Prints the report (`export` false) or the labelled lines. */
export async function runCorrections(exportLines: boolean): Promise<void> {
  const config = loadConfig();
  const database = await openDatabase({ url: config.DATABASE_URL, dataDir: config.DATA_DIR });
  try {
    if (exportLines) {
      for (const r of await correctedRequests(database.db)) console.log(`${r.category}|${r.urgent ? 'urgent' : 'none'}|${maskNumbers(r.detail)}`);
      return;
    }
    const { rates, moves } = await correctionRates(database.db);
    const total = rates.reduce((a, r) => a + r.requests, 0);
    const changed = rates.reduce((a, r) => a + r.recategorized, 0);
    const raised = rates.reduce((a, r) => a + r.raised, 0);
    console.log(`corrections (${database.kind}): ${total} requests; category changed by staff ${changed} (${pct(changed / Math.max(1, total))}); raised to urgent ${raised} (${pct(raised / Math.max(1, total))})`);
    console.log('category as read'.padEnd(18) + 'requests'.padStart(10) + 'changed'.padStart(10) + 'rate'.padStart(8) + 'raised'.padStart(8));
    for (const r of rates) console.log(name(r.category).padEnd(18) + String(r.requests).padStart(10) + String(r.recategorized).padStart(10) + pct(r.recategorized / Math.max(1, r.requests)).padStart(8) + String(r.raised).padStart(8));
    if (moves.length) console.log(`changed from → to: ${moves.map((m) => `${name(m.from)}→${name(m.to)} ×${m.n}`).join('; ')}`);
  } finally {
    await database.close();
  }
}
