/**
 * The labelled messages and their fixed split (see test/data/README.md). Two line formats:
 * - `category|urgent|place|text` (test/data/messages-*.txt): urgent `1`/`0` (or `p` for possibly
 *   urgent), place `-` or `text` or `text@AREA`;
 * - `category|urgency|text` (test/data/train-g/, test/data/written-e/, test/data/sealed/):
 *   urgency `urgent`, `possible` or `none`; no place label.
 * The split is by a hash of the text: one message in four is dev, the rest train, whatever the
 * order of files (data arrives in batches).
 */
import fs from 'node:fs';
import path from 'node:path';
import { isCategoryCode, type CategoryCode } from '../../core/categories';
import type { LabelledMessage } from '../../core/classifier/classify';
import type { UrgencyLevel } from '../../core/classifier/urgency';

export const DATA_DIR = path.join(__dirname, '../../test/data');

/** Where the labelled training data lives, relative to the data folder. */
export const LABELLED_SOURCES: readonly { dir: string; files: RegExp }[] = [
  { dir: '.', files: /^messages-.*\.txt$/ },
  { dir: 'train-g', files: /\.txt$/ },
  { dir: 'written-e', files: /\.txt$/ },
  // issue 15, second batch: helper G2's messages on the confusions
  { dir: 'train-g2', files: /\.txt$/ },
];

const LEVELS: Record<string, UrgencyLevel> = { '1': 'urgent', '0': 'none', p: 'possible', urgent: 'urgent', possible: 'possible', none: 'none' };

/** Parses one labelled line (either format); throws naming the file and line when malformed. */
export function parseLabelledLine(line: string, where: string): LabelledMessage {
  const parts = line.split('|');
  const [category, flag] = parts;
  if (!isCategoryCode(category) || !(flag in LEVELS)) throw new Error(`${where}: expected category|urgency|text or category|0 or 1|place|text`);
  const urgency = LEVELS[flag];
  if (/^[01p]$/.test(flag)) {
    const [, , place, ...rest] = parts;
    if (!place || rest.length === 0) throw new Error(`${where}: expected category|0 or 1|place|text`);
    const [placeText, area] = place.split('@');
    return { category, urgent: urgency === 'urgent', urgency, text: rest.join('|'), place: placeText === '-' ? null : placeText, placeArea: area ?? null };
  }
  const text = parts.slice(2).join('|').trim();
  if (!text) throw new Error(`${where}: empty text`);
  return { category, urgent: urgency === 'urgent', urgency, text };
}

/** Reads the labelled messages of one folder's matching files, in file order. */
export function readLabelledMessages(dir = DATA_DIR, files = /^messages-.*\.txt$/): LabelledMessage[] {
  const out: LabelledMessage[] = [];
  if (!fs.existsSync(dir)) return out;
  for (const file of fs.readdirSync(dir).filter((f) => files.test(f)).sort()) {
    fs.readFileSync(path.join(dir, file), 'utf8').split('\n').forEach((raw, i) => {
      const line = raw.replace(/\r$/, '');
      if (!line.trim() || line.startsWith('#') || line.trim() === 'DONE') return;
      out.push(parseLabelledLine(line, `${file}:${i + 1}`));
    });
  }
  return out;
}

/** Every labelled training message (LABELLED_SOURCES), the sealed split excluded. */
export function readAllLabelled(dir = DATA_DIR): LabelledMessage[] {
  return LABELLED_SOURCES.flatMap((s) => readLabelledMessages(path.join(dir, s.dir), s.files).map((m) => ({ ...m, source: s.dir })));
}

/** The sealed held-out split (test/data/sealed/*.txt) or null when it is not there. Read only by `npm run eval`. */
export function readSealedMessages(dir = DATA_DIR): LabelledMessage[] | null {
  const sealed = path.join(dir, 'sealed');
  if (!fs.existsSync(sealed)) return null;
  const all = readLabelledMessages(sealed, /\.txt$/);
  return all.length ? all : null;
}

/** The fresh set (test/data/fresh.txt): written after tuning ended, for a check of generality. */
export function readFreshMessages(dir = DATA_DIR): LabelledMessage[] {
  return readLabelledMessages(dir, /^fresh\.txt$/);
}

/** FNV-1a of the text: the split does not move when files grow or are reordered. */
function hashText(text: string): number {
  let h = 0x811c9dc5;
  for (const ch of text) h = Math.imul(h ^ (ch.codePointAt(0) ?? 0), 0x01000193) >>> 0;
  return h;
}

/** True when the message belongs to the dev split (one in four, by hash of its text). */
export function isDev(m: LabelledMessage): boolean {
  return hashText(m.text) % 4 === 3;
}

/** The fixed train/dev split. */
export function splitLabelled(all: LabelledMessage[]): { train: LabelledMessage[]; dev: LabelledMessage[] } {
  return { train: all.filter((m) => !isDev(m)), dev: all.filter(isDev) };
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
