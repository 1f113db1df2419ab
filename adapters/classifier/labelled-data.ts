/**
 * The labelled messages (test/data/messages-*.txt, one `category|urgent|place|text` per line,
 * place `-` or `text` or `text@AREA`; see test/data/README.md) and their fixed split: every
 * fourth message is the dev set, the rest train.
 */
import fs from 'node:fs';
import path from 'node:path';
import { isCategoryCode, type CategoryCode } from '../../core/categories';
import type { LabelledMessage } from '../../core/classifier/classify';

export const DATA_DIR = path.join(__dirname, '../../test/data');

/** Reads every labelled message, in file order. Throws on a malformed line, naming it. */
export function readLabelledMessages(dir = DATA_DIR, files = /^messages-.*\.txt$/): LabelledMessage[] {
  const out: LabelledMessage[] = [];
  for (const file of fs.readdirSync(dir).filter((f) => files.test(f)).sort()) {
    fs.readFileSync(path.join(dir, file), 'utf8').split('\n').forEach((line, i) => {
      if (!line.trim() || line.startsWith('#')) return;
      const [category, urgent, place, ...rest] = line.split('|');
      if (!isCategoryCode(category) || !['0', '1'].includes(urgent) || !place || rest.length === 0) throw new Error(`${file}:${i + 1}: expected category|0 or 1|place|text`);
      const [placeText, area] = place.split('@');
      out.push({ category, urgent: urgent === '1', text: rest.join('|'), place: placeText === '-' ? null : placeText, placeArea: area ?? null });
    });
  }
  return out;
}

/** The fresh set (test/data/fresh.txt): written after tuning ended, for a check of generality. */
export function readFreshMessages(dir = DATA_DIR): LabelledMessage[] {
  return readLabelledMessages(dir, /^fresh\.txt$/);
}

/** The fixed train/dev split. */
export function splitLabelled(all: LabelledMessage[]): { train: LabelledMessage[]; dev: LabelledMessage[] } {
  return { train: all.filter((_, i) => i % 4 !== 3), dev: all.filter((_, i) => i % 4 === 3) };
}

/** A labelled pair of reports: the same problem or not. */
export interface DuplicatePair {
  category: CategoryCode;
  same: boolean;
  first: string;
  second: string;
}

/** Reads test/data/duplicates.txt (`category|1 or 0|first|second`, # comments). */
export function readDuplicatePairs(dir = DATA_DIR): DuplicatePair[] {
  return readLines('duplicates.txt', dir).map((line, i) => {
    const [category, same, first, second] = line.split('|');
    if (!isCategoryCode(category) || !first || !second) throw new Error(`duplicates.txt:${i + 1}: expected category|1 or 0|first|second`);
    return { category, same: same === '1', first, second };
  });
}

/** Lines of a small `# comment` file: `flag|text` pairs (flag 0 or 1) or plain texts. */
function readLines(file: string, dir: string): string[] {
  return fs.readFileSync(path.join(dir, file), 'utf8').split('\n').filter((l) => l.trim() && !l.startsWith('#'));
}

/** test/data/sensitive.txt: `1|text` must stay out of groups, `0|text` may be echoed. */
export function readSensitiveSet(dir = DATA_DIR): { sensitive: boolean; text: string }[] {
  return readLines('sensitive.txt', dir).map((line, i) => {
    const [flag, ...rest] = line.split('|');
    if (!['0', '1'].includes(flag) || rest.length === 0) throw new Error(`sensitive.txt:${i + 1}: expected 0 or 1|text`);
    return { sensitive: flag === '1', text: rest.join('|') };
  });
}

/** test/data/chatter.txt: ordinary group chatter, one per line. */
export function readChatter(dir = DATA_DIR): string[] {
  return readLines('chatter.txt', dir);
}
