/**
 * Formal 信访 documents as data: the kinds (受理告知书, 不予受理告知书, 延期告知书, 处理意见书,
 * 复查意见书, 复核意见书), their numbers (`明信告〔2026〕127号`: prefix + kind word, year, sequence
 * per county, year and word), the legal route named in a refusal, and the content a renderer
 * lays out. Pure: the sequence number, dates and names are arguments.
 */
import { t, type Locale, type TextId } from '../texts';

export const DOCUMENT_KINDS = ['accept', 'not_accept', 'extension', 'opinion', 'review', 'recheck'] as const;
export type DocumentKind = (typeof DOCUMENT_KINDS)[number];

/** The word of each kind in the number: notices 告, opinions 处, 复查 复, 复核 核. */
export const KIND_WORD: Record<DocumentKind, string> = { accept: '告', not_accept: '告', extension: '告', opinion: '处', review: '复', recheck: '核' };

/** `明信告〔2026〕127号`. */
export function documentNumber(prefix: string, kind: DocumentKind, year: number, seq: number): string {
  return `${prefix}${KIND_WORD[kind]}〔${year}〕${seq}号`;
}

/** The default prefix: the county's first character and 信 (明水县 → 明信). */
export function defaultPrefix(countyName: string): string {
  return `${[...countyName][0] ?? ''}信`;
}

/** The lawful route a refusal points to (条例 第三十二条). */
export type LegalRoute = 'litigation' | 'arbitration' | 'reconsideration' | 'congress' | 'other';

/** Reads the route from the refusal's reason (`属于法院已判决事项` → litigation). */
export function legalRouteOf(reason: string): LegalRoute {
  if (/仲裁/.test(reason)) return 'arbitration';
  if (/复议/.test(reason)) return 'reconsideration';
  if (/法院|诉讼|起诉|判决|裁定|审判/.test(reason)) return 'litigation';
  if (/人大|人民代表大会/.test(reason)) return 'congress';
  return 'other';
}

/** What a document says, ready to lay out. */
export interface DocumentContent {
  title: string;
  number: string;
  /** The addressee line (`王大妈：`). */
  to: string;
  paragraphs: string[];
  office: string;
  /** `2026年11月24日`. */
  date: string;
}

/** What a document is about. */
export interface DocumentFacts {
  kind: DocumentKind;
  number: string;
  petitioner: string;
  office: string;
  /** Request number and a short, masked summary of the matter. */
  requestId: number;
  summary: string;
  receivedDate: string;
  /** The decision, opinion, refusal reason or extension reason. */
  text: string;
  /** For extension: the days and the new deadline; for answers: the deadline of the next step. */
  days?: number;
  dueDate?: string;
  /** The office one level up, for 复查 / 复核. */
  upperOffice?: string;
  date: string;
}

const TITLE: Record<DocumentKind, TextId> = {
  accept: 'petition.doc.title.accept', not_accept: 'petition.doc.title.not_accept', extension: 'petition.doc.title.extension',
  opinion: 'petition.doc.title.opinion', review: 'petition.doc.title.review', recheck: 'petition.doc.title.recheck',
};

/** The content of a document. */
export function documentContent(f: DocumentFacts, locale: Locale = 'zh-CN'): DocumentContent {
  const p = { id: f.requestId, summary: f.summary, received: f.receivedDate, text: f.text, days: f.days ?? 0, due: f.dueDate ?? '', upper: f.upperOffice ?? '' };
  const paragraphs: string[] = [];
  const say = (id: TextId) => paragraphs.push(t(id, p, locale));
  switch (f.kind) {
    case 'accept':
      say('petition.doc.accept.body');
      say('petition.doc.accept.limit');
      break;
    case 'not_accept':
      say('petition.doc.notAccept.body');
      say(`petition.doc.route.${legalRouteOf(f.text)}` as TextId);
      break;
    case 'extension':
      say('petition.doc.extension.body');
      break;
    case 'opinion':
      say('petition.doc.opinion.body');
      say('petition.doc.opinion.review');
      break;
    case 'review':
      say('petition.doc.review.body');
      say('petition.doc.review.recheck');
      break;
    case 'recheck':
      say('petition.doc.recheck.body');
      say('petition.doc.recheck.final');
      break;
  }
  return { title: t(TITLE[f.kind], {}, locale), number: f.number, to: t('petition.doc.to', { name: f.petitioner }, locale), paragraphs, office: f.office, date: f.date };
}

/** A file name for the document (`受理告知书-明信告〔2026〕127号.pdf`). */
export function documentFileName(content: DocumentContent): string {
  return `${content.title}-${content.number}.pdf`;
}

/** `2026年11月24日` in `timeZone` (Intl only). */
export function chineseDate(ms: number, timeZone: string): string {
  const p = Object.fromEntries(new Intl.DateTimeFormat('en-US', { timeZone, year: 'numeric', month: 'numeric', day: 'numeric' }).formatToParts(new Date(ms)).map((x) => [x.type, x.value]));
  return `${p.year}年${p.month}月${p.day}日`;
}
