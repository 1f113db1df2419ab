/**
 * The labelled messages (test/data/messages-*.txt, one `category|urgent|text` per line) and
 * their fixed split: every fourth message is the dev set, the rest train.
 */
import fs from 'node:fs';
import path from 'node:path';
import { isCategoryCode, type CategoryCode } from '../../core/categories';
import type { LabelledMessage } from '../../core/classifier/classify';

export const DATA_DIR = path.join(__dirname, '../../test/data');

/** Reads every labelled message, in file order. Throws on a malformed line, naming it. */
export function readLabelledMessages(dir = DATA_DIR): LabelledMessage[] {
  const out: LabelledMessage[] = [];
  for (const file of fs.readdirSync(dir).filter((f) => /^messages-.*\.txt$/.test(f)).sort()) {
    fs.readFileSync(path.join(dir, file), 'utf8').split('\n').forEach((line, i) => {
      if (!line.trim()) return;
      const [category, urgent, ...rest] = line.split('|');
      if (!isCategoryCode(category) || !['0', '1'].includes(urgent) || rest.length === 0) throw new Error(`${file}:${i + 1}: expected category|0 or 1|text`);
      out.push({ category, urgent: urgent === '1', text: rest.join('|') });
    });
  }
  return out;
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
  return fs.readFileSync(path.join(dir, 'duplicates.txt'), 'utf8').split('\n').filter((l) => l.trim() && !l.startsWith('#')).map((line, i) => {
    const [category, same, first, second] = line.split('|');
    if (!isCategoryCode(category) || !first || !second) throw new Error(`duplicates.txt:${i + 1}: expected category|1 or 0|first|second`);
    return { category, same: same === '1', first, second };
  });
}
