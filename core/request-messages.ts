/**
 * What minhu says about a request, as channel-neutral outgoing messages. Pure: the caller
 * passes names, the time zone and where to send. Phone numbers are masked, and a sensitive
 * request is never described in a group (DESIGN.md invariant 5).
 */
import { CATEGORY_NAMES } from './categories';
import type { CitizenRequest, OutboundMessage, Rating, RequestStatus } from './model';
import { RATINGS } from './model';
import { t, type Locale, type TextId } from './texts';
import { maskPhones, summarize } from './text-tools';
import { formatTime } from './time-format';

/** Rendering settings shared by every message. */
export interface MessageContext {
  timeZone: string;
  locale: Locale;
}

const STATUS_TEXT: Record<RequestStatus, TextId> = {
  submitted: 'status.submitted', claimed: 'status.claimedName', answered: 'status.answeredName', resolved: 'status.resolvedName',
  closed: 'status.closed', rejected: 'status.rejectedName', withdrawn: 'status.withdrawnName', merged: 'status.mergedName',
};

/** The status of a request in words (待认领, 办理中 …). */
export function statusName(status: RequestStatus, locale: Locale = 'zh-CN'): string {
  return t(STATUS_TEXT[status], {}, locale);
}

/** The category of a request in words. */
export function categoryName(request: CitizenRequest, locale: Locale = 'zh-CN'): string {
  return locale === 'en' ? CATEGORY_NAMES[request.category].en : CATEGORY_NAMES[request.category].zh;
}

/**
 * A message to the reporter in the chat they reported from, mentioning them — except for a
 * sensitive request, whose messages never name the reporter (the chat may be a group).
 */
export function toReporter(request: CitizenRequest, text: string, extra: Partial<OutboundMessage> = {}): OutboundMessage {
  const { channel, chatId, userId, name } = request.origin;
  return { channel, chatId, text, mention: request.sensitive ? undefined : { userId, name }, ...extra };
}

/** The receipt posted after a request is registered; `handler` names who will handle it. */
export function receipt(request: CitizenRequest, handler: string, ctx: MessageContext, replyTo?: string): OutboundMessage {
  const extra = { replyTo, ref: `receipt:${request.id}`, dedupeKey: `receipt:${request.id}` };
  // Sensitive: no mention and no reply to the household's message, so the group cannot tell who.
  if (request.sensitive) return toReporter(request, t('receipt.sensitive', { id: request.id }, ctx.locale), { ...extra, replyTo: undefined });
  const text = t('receipt', {
    id: request.id,
    category: categoryName(request, ctx.locale),
    summary: summarize(request.detail),
    place: request.place ? maskPhones(request.place) : t('place.unknown', {}, ctx.locale),
    phone: request.phone ? t('receipt.phone', { phone: maskPhones(request.phone) }, ctx.locale) : '',
    handler,
    claimDue: formatTime(request.claimDueAt, ctx.timeZone),
  }, ctx.locale);
  return toReporter(request, text, extra);
}

/**
 * A status line for the reporter after a step. For a sensitive request only the status
 * is said, never the text.
 */
export function statusLine(request: CitizenRequest, id: TextId, params: Record<string, string | number>, ctx: MessageContext): OutboundMessage {
  if (request.sensitive && id !== 'status.claimed') {
    return toReporter(request, t('status.neutral', { id: request.id, status: statusName(request.status, ctx.locale) }, ctx.locale));
  }
  const safe = Object.fromEntries(Object.entries(params).map(([k, v]) => [k, typeof v === 'string' ? maskPhones(v) : v]));
  return toReporter(request, t(id, { id: request.id, ...safe }, ctx.locale));
}

/** The rating prompt: buttons where the channel has them, and a text fallback in the words. */
export function ratingPrompt(request: CitizenRequest, ctx: MessageContext): OutboundMessage {
  const buttons = [RATINGS.map((r: Rating) => ({ label: t(`rating.${r}`, {}, ctx.locale), data: `rate:${request.id}:${r}` }))];
  return toReporter(request, t('rate.ask', { id: request.id }, ctx.locale), { buttons, ref: `rate:${request.id}` });
}
