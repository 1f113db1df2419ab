/**
 * Issue 12: a deep link to rate request N (`rate:N` without a rating — on WeCom the group's
 * rating link opens the household's 微信客服 chat with it). Only the reporter and co-reporters
 * are shown the choices; anyone else, or a request not (or no longer) awaiting a rating, gets
 * one polite line. The choices come back as `rate:N:<rating>` like any rating button.
 */
import type { Actor, InboundMessage, OutboundMessage } from '../../core/model';
import { ratingPrompt } from '../../core/request-messages';
import { t } from '../../core/texts';
import { replyTo, type BotDeps } from '../deps';
import { errorText } from './commands';
import type { StoreTx } from '../ports';

/** Answers a `rate:N` link with the rating choices, or why there are none. */
export async function askRating(deps: BotDeps, tx: StoreTx, msg: InboundMessage, actor: Actor, id: number): Promise<OutboundMessage[]> {
  const { locale } = deps.messages;
  const request = await tx.requests.get(id);
  if (!request) return [replyTo(msg, errorText(deps, { code: 'REQUEST.NOT_FOUND', params: { id } }, actor))];
  let own = request.reporterId === actor.personId || request.coReporters.some((c) => c.personId === actor.personId);
  // issue 12: a household registered by staff (代报) has no channel of its own; the link was posted
  // naming them in their group, so the first fresh contact who opens it is taken to be them.
  if (!own && request.registeredBy && request.status === 'resolved') own = await tx.offline.claim(request.reporterId, msg.channel, msg.senderId, actor.personId);
  if (!own) return [replyTo(msg, t('rateAsk.notYours', {}, locale))];
  if (request.status === 'closed') return [replyTo(msg, t('rateAsk.done', { id }, locale))];
  if (request.status !== 'resolved') {
    const open = ['submitted', 'claimed', 'answered'].includes(request.status);
    return [replyTo(msg, open ? t('rateAsk.notYet', { id }, locale) : errorText(deps, { code: 'REQUEST.BAD_STATE', params: { id, status: request.status, action: 'rate' } }, actor))];
  }
  const prompt = ratingPrompt(request, deps.messages);
  return [replyTo(msg, prompt.text, { buttons: prompt.buttons, ref: `rate:${id}` })];
}
