/**
 * `npm run classify`: one message per line on standard input, one JSON object per line out:
 * `{"category", "confidence", "urgent", "urgency", "call", "place"}` — the same code path the bot
 * uses. `urgency` is `urgent`, `possible` or `none`; `urgent` is true for `urgent` only.
 */
import readline from 'node:readline';
import { createUnderstanding } from '../adapters/classifier/classifier';
import { DEMO_ORG_FILE, readOrgFile } from '../adapters/org/org-import';

// Place names come from ORG_FILE (the demo county when unset), as in the running bot.
const understand = createUnderstanding(readOrgFile(process.env.ORG_FILE || DEMO_ORG_FILE).areas);
const lines = readline.createInterface({ input: process.stdin, crlfDelay: Infinity });
lines.on('line', (line) => {
  const u = understand(line);
  process.stdout.write(`${JSON.stringify({ category: u.category, confidence: u.confidence, urgent: u.urgent, urgency: u.level, call: u.call, place: u.place })}\n`);
});
