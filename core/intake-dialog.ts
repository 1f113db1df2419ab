/**
 * The intake dialog: turns a household's message (and at most one follow-up answer) into a
 * request draft. `step(state, event) → { state, effects }`; the state is plain JSON so that it
 * survives a restart in the sessions table. A dialog left alone expires silently.
 */
import { CATEGORY_NAMES, classifyByKeywords, type CategoryCode } from './categories';
import type { TextId } from './texts';
import { extractPlace } from './classifier/place';
import { findPhone, normalizeText } from './text-tools';
import { cutText } from './text-cut';
import { readChoice, readTurn, type OpenQuestion, type Turn } from './dialog-turn';

/** What the dialog has gathered so far. */
export interface RequestDraft {
  detail: string;
  category: CategoryCode;
  place: string | null;
  phone: string | null;
  photos: string[];
  /** The household's own group messages of this report (set by the caller), to delete if it is sensitive. */
  sourceMessageIds?: string[];
}

export type DialogState =
  | { phase: 'idle' }
  | { phase: 'awaitingPlace' | 'awaitingDetail'; draft: RequestDraft; expiresAt: number }
  | { phase: 'awaitingDuplicate'; draft: RequestDraft; candidateId: number; expiresAt: number }
  | { phase: 'awaitingCategory'; draft: RequestDraft; choices: CategoryCode[]; expiresAt: number }
  | { phase: 'offered'; text: string; expiresAt: number }
  /** issue 13: after `补充 N` without a photo, the next photos (WeCom sends them alone) go to N. */
  | { phase: 'attaching'; requestId: number; expiresAt: number }
  /** issue 14: after 不满意, the household's next message in the chat is the reason. */
  | { phase: 'awaitingReason'; requestId: number; category?: CategoryCode; expiresAt: number }
  /**
   * issue 14: a new report came while a question was open — add it to what was open (the draft,
   * or request `requestId`), or take it as a new report? (core/dialog-turn)
   */
  | { phase: 'awaitingChoice'; draft: RequestDraft | null; requestId: number | null; text: string; photo: string | null; expiresAt: number };

export type DialogEvent =
  /** `command`: the household said 报事 (no greeting or question is looked for then). */
  | { type: 'start'; text: string; photo: string | null; now: number; command?: boolean }
  | { type: 'input'; text: string; photo: string | null; now: number }
  | { type: 'cancel'; now: number };

export type DialogEffect =
  | { type: 'ask'; question: 'place' | 'detail' }
  | { type: 'askDuplicate'; candidateId: number }
  | { type: 'askCategory'; choices: CategoryCode[] }
  | { type: 'submit'; draft: RequestDraft }
  | { type: 'join'; candidateId: number }
  | { type: 'say'; text: TextId; params?: Record<string, string | number> }
  /** issue 14: the friendly how-to (a greeting or a question about minhu, never a category form). */
  | { type: 'howTo' }
  /** issue 14: `您是要补充…，还是报一件新的事？` about request `requestId`, or the open draft (`summary`). */
  | { type: 'askChoice'; requestId: number | null; summary: string }
  /** issue 14: the household chose to add `text` (and `photo`) to request `requestId`. */
  | { type: 'supplement'; requestId: number; text: string; photo: string | null }
  /** issue 14: the answer to "why not satisfied?" of request `requestId`. */
  | { type: 'reason'; requestId: number; text: string };

export interface DialogOptions {
  /** How long an unanswered question waits (default 30 min). */
  ttlMs: number;
  /** Longest accepted description in characters (default 1000). */
  maxLength: number;
  /** Reads the category of a description, with a confidence and the likeliest choices. (default: the keyword table) */
  classify?: (text: string) => CategoryReading;
  /** Below this confidence the household is asked to pick one of the three likeliest. (default: 0.35) */
  askBelow?: number;
  /** The org's area names and short forms, so that `城关` or `南街` count as places. */
  placeNames?: readonly string[];
}

/** What a classifier says about a description. */
export interface CategoryReading {
  category: CategoryCode;
  confidence: number;
  /** The likeliest categories, best first (with probabilities above zero). */
  top?: { category: CategoryCode; p: number }[];
}

export const DEFAULT_DIALOG_OPTIONS: DialogOptions = { ttlMs: 30 * 60_000, maxLength: 1000 };

export const IDLE: DialogState = { phase: 'idle' };

type Step = { state: DialogState; effects: DialogEffect[] };

/** True while a question is open and not yet expired at `now`. */
export function isActive(state: DialogState, now: number): boolean {
  return state.phase !== 'idle' && now <= state.expiresAt;
}

/** Advances the dialog by one event. Expired states behave as idle, with no message. */
export function step(state: DialogState, event: DialogEvent, options: DialogOptions = DEFAULT_DIALOG_OPTIONS): Step {
  const current = isActive(state, event.now) ? state : IDLE;
  if (event.type === 'cancel') {
    return current.phase === 'idle' ? { state: IDLE, effects: [] } : { state: IDLE, effects: [{ type: 'say', text: 'dialog.cancelled' }] };
  }
  if ((event.type === 'input' || !event.command) && current.phase !== 'offered') {
    const reacted = onTurn(current, readTurn(event.text, openQuestion(current), options), event, options);
    if (reacted) return reacted;
  }
  if (current.phase === 'awaitingChoice') return onChoice(current, event, options);
  if (event.type === 'start' || current.phase === 'idle' || current.phase === 'attaching' || current.phase === 'awaitingReason') {
    const photos = event.photo ? [event.photo] : [];
    return fromDescription(event.text, photos, event.now, options);
  }
  if (current.phase === 'offered') {
    // Passive detection offered to register: 登记 does, anything else drops the offer silently.
    return /^(登记|是|好|好的|要)[。.!！]*$/.test(normalizeText(event.text)) ? fromDescription(current.text, event.photo ? [event.photo] : [], event.now, options) : { state: IDLE, effects: [] };
  }
  const draft = current.draft;
  const photos = event.photo ? [...draft.photos, event.photo] : draft.photos;
  const text = normalizeText(event.text);
  if (current.phase === 'awaitingCategory') {
    // 1/2/3 or the category's name; anything else keeps the likeliest and goes on.
    const n = /^[1-3]$/.test(text) ? Number(text) - 1 : current.choices.findIndex((c) => text.includes(CATEGORY_NAMES[c].zh));
    const category = current.choices[n >= 0 && n < current.choices.length ? n : 0];
    return afterCategory({ ...draft, category, photos }, event.now, options);
  }
  if (current.phase === 'awaitingDuplicate') {
    // 是 joins the open request; anything else registers the report as a new one.
    return YES.test(text) ? { state: IDLE, effects: [{ type: 'join', candidateId: current.candidateId }] } : submit({ ...draft, photos });
  }
  if (current.phase === 'awaitingDetail') return fromDescription(text, photos, event.now, options);
  // awaitingPlace: whatever they answer is the place; a photo alone keeps the question open.
  if (!hasWords(text)) {
    return { state: { ...current, draft: { ...draft, photos }, expiresAt: event.now + options.ttlMs }, effects: event.photo ? [] : [{ type: 'ask', question: 'place' }] };
  }
  if (text.length > options.maxLength) return { state: current, effects: [{ type: 'say', text: 'dialog.tooLong', params: { max: options.maxLength } }] };
  // A short answer to "where?" is the place as said; a long one is searched for a place.
  const place = text.length <= 30 ? text : (extractPlace(text, options.placeNames) ?? cutText(text, 60, ''));
  return submit({ ...draft, place, photos, phone: draft.phone ?? findPhone(text) });
}

type Open = Exclude<DialogState, { phase: 'idle' }>;

/** The question that is open in `state`, for readTurn. */
function openQuestion(state: DialogState): OpenQuestion {
  switch (state.phase) {
    case 'awaitingPlace': return { asks: 'place', category: state.draft.category };
    case 'awaitingDetail': return { asks: 'detail' };
    case 'awaitingCategory': return { asks: 'category', category: null };
    case 'awaitingDuplicate': return { asks: 'duplicate', category: state.draft.category };
    case 'awaitingReason': return { asks: 'reason', category: state.category ?? null };
    case 'awaitingChoice': return { asks: 'choice' };
    case 'attaching': return { asks: 'photo' };
    default: return { asks: 'none' };
  }
}

/** What a greeting, a thank-you, a question or a new report does (core/dialog-turn); null: go on with the answer. */
function onTurn(current: DialogState, turn: Turn, event: Exclude<DialogEvent, { type: 'cancel' }>, options: DialogOptions): Step | null {
  if (current.phase === 'idle') {
    if (turn === 'greeting' || turn === 'question') return { state: IDLE, effects: [{ type: 'howTo' }] };
    return turn === 'thanks' ? { state: IDLE, effects: [{ type: 'say', text: 'turn.welcome' }] } : null;
  }
  const open = current as Open;
  const kept = { ...open, expiresAt: event.now + options.ttlMs } as DialogState;
  if (turn === 'greeting') return { state: kept, effects: [{ type: 'say', text: 'turn.hello' }, ...askAgain(open)] };
  if (turn === 'question') return { state: kept, effects: [{ type: 'howTo' }, ...askAgain(open)] };
  if (turn === 'thanks') return { state: kept, effects: askAgain(open) };
  if (turn === 'newReport' && open.phase !== 'awaitingChoice') {
    const requestId = open.phase === 'attaching' || open.phase === 'awaitingReason' ? open.requestId : null;
    const draft = 'draft' in open ? open.draft : null;
    const choice: DialogState = { phase: 'awaitingChoice', draft, requestId, text: normalizeText(event.text), photo: event.photo, expiresAt: event.now + options.ttlMs };
    return { state: choice, effects: [askChoiceOf(choice)] };
  }
  if (open.phase === 'awaitingReason' && event.type === 'input' && hasWords(event.text)) {
    return { state: IDLE, effects: [{ type: 'reason', requestId: open.requestId, text: normalizeText(event.text) }] };
  }
  return null;
}

function askChoiceOf(s: Extract<DialogState, { phase: 'awaitingChoice' }>): DialogEffect {
  return { type: 'askChoice', requestId: s.requestId, summary: s.draft ? cutText(s.draft.detail, 20) : '' };
}

/** The open question, asked again after a greeting or a thank-you. */
function askAgain(open: Open): DialogEffect[] {
  switch (open.phase) {
    case 'awaitingPlace': return [{ type: 'ask', question: 'place' }];
    case 'awaitingDetail': return [{ type: 'ask', question: 'detail' }];
    case 'awaitingCategory': return [{ type: 'askCategory', choices: open.choices }];
    case 'awaitingDuplicate': return [{ type: 'askDuplicate', candidateId: open.candidateId }];
    case 'awaitingChoice': return [askChoiceOf(open)];
    case 'awaitingReason': return [{ type: 'say', text: 'work.askReason' }];
    default: return [];
  }
}

/** The answer to `您是要补充…，还是报一件新的事？`; anything but a choice is a fresh start. */
function onChoice(current: Extract<DialogState, { phase: 'awaitingChoice' }>, event: Exclude<DialogEvent, { type: 'cancel' }>, options: DialogOptions): Step {
  const choice = readChoice(event.text);
  const photos = [current.photo, event.photo].filter((p): p is string => p !== null);
  if (choice === 'new' || (choice === 'supplement' && !current.draft && current.requestId === null)) return fromDescription(current.text, photos, event.now, options);
  if (choice === 'supplement' && current.requestId !== null) {
    return { state: IDLE, effects: [{ type: 'supplement', requestId: current.requestId, text: current.text, photo: photos[0] ?? null }] };
  }
  if (choice === 'supplement' && current.draft) {
    const d = current.draft;
    const detail = cutText(`${d.detail}；${current.text}`, options.maxLength, '');
    return afterCategory({ ...d, detail, place: d.place ?? extractPlace(current.text, options.placeNames), phone: d.phone ?? findPhone(current.text), photos: [...d.photos, ...photos] }, event.now, options);
  }
  return fromDescription(event.text, event.photo ? [event.photo] : [], event.now, options);
}

function fromDescription(raw: string, photos: string[], now: number, options: DialogOptions): Step {
  const text = normalizeText(raw);
  if (text.length > options.maxLength) return { state: IDLE, effects: [{ type: 'say', text: 'dialog.tooLong', params: { max: options.maxLength } }] };
  const draft: RequestDraft = { detail: text, category: 'other', place: null, phone: null, photos };
  if (!hasWords(text)) {
    return { state: { phase: 'awaitingDetail', draft, expiresAt: now + options.ttlMs }, effects: [{ type: 'ask', question: 'detail' }] };
  }
  const reading: CategoryReading = options.classify ? options.classify(text) : classifyByKeywords(text);
  const filled: RequestDraft = { ...draft, category: reading.category, place: extractPlace(text, options.placeNames), phone: findPhone(text) };
  const choices = (reading.top ?? []).filter((c) => c.p > 0).slice(0, 3).map((c) => c.category);
  if (reading.confidence < (options.askBelow ?? 0.35) && choices.length >= 2) {
    return { state: { phase: 'awaitingCategory', draft: filled, choices, expiresAt: now + options.ttlMs }, effects: [{ type: 'askCategory', choices }] };
  }
  return afterCategory(filled, now, options);
}

/** With the category known: ask for the place if it is missing, else submit. */
function afterCategory(filled: RequestDraft, now: number, options: DialogOptions): Step {
  if (!filled.place) {
    return { state: { phase: 'awaitingPlace', draft: filled, expiresAt: now + options.ttlMs }, effects: [{ type: 'ask', question: 'place' }] };
  }
  return submit(filled);
}

const YES = /^(是|是的|对|对的|一样|同一个|同一问题|嗯|1|yes|y)[。.!！]*$/i;

/**
 * Instead of submitting, asks whether the report is the open request `candidateId` (found by
 * the caller among open requests nearby). The answer comes as the next `input`.
 */
export function askDuplicate(draft: RequestDraft, candidateId: number, now: number, options: DialogOptions = DEFAULT_DIALOG_OPTIONS): Step {
  return { state: { phase: 'awaitingDuplicate', draft, candidateId, expiresAt: now + options.ttlMs }, effects: [{ type: 'askDuplicate', candidateId }] };
}

/** Remembers a message that reads like a request, so that `登记` can register it. */
export function offerToRegister(text: string, now: number, options: DialogOptions = DEFAULT_DIALOG_OPTIONS): DialogState {
  return { phase: 'offered', text, expiresAt: now + options.ttlMs };
}

function submit(draft: RequestDraft): Step {
  return { state: IDLE, effects: [{ type: 'submit', draft }] };
}

/** True when the text has at least one letter, digit or Chinese character (not only emoji or punctuation). */
export function hasWords(text: string): boolean {
  return /[\p{L}\p{N}]/u.test(text);
}
