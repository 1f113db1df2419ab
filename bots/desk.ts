/**
 * The desk: staff and household commands on existing requests (claim, reply, resolve, reject,
 * withdraw, rate, show, list, my, bind). Each command authorizes and transitions; the changed
 * request and its timeline go into `changes`, written by the caller with the status messages.
 */
import type { Command } from '../core/command-grammar';
import type { Actor, CitizenRequest, InboundMessage, OutboundMessage, RequestEventType } from '../core/model';
import { OPEN_STATUSES } from '../core/model';
import { authorize, type Action } from '../core/permissions';
import { categoryName, ratingPrompt, statusLine, statusName, toReporter } from '../core/request-messages';
import { transition, type LifecycleAction } from '../core/request-lifecycle';
import type { DomainError } from '../core/result';
import { t, type TextId } from '../core/texts';
import { maskPhones, summarize } from '../core/text-tools';
import { formatTime } from '../core/time-format';
import { replyTo, type BotDeps } from './deps';
import type { Changes, StoreTx } from './ports';

type DeskCommand = Exclude<Command, { type: 'new' | 'cancel' | 'rateBare' }>;

/** Turns a domain error into the short chat reply for it. */
export function errorText(deps: BotDeps, error: DomainError, actor: Actor | null): string {
  const { locale } = deps.messages;
  const params: Record<string, string | number> = { ...(error.params ?? {}) };
  if (typeof params.action === 'string') params.action = t(`action.${params.action}` as TextId, {}, locale);
  if (typeof params.status === 'string') params.status = statusName(params.status as never, locale);
  params.hint = actor?.role === 'household' ? t('hint.household', {}, locale) : '';
  return t(`error.${error.code}` as TextId, params, locale).trim();
}

/** Runs one command for `actor`. Returns the messages to queue. */
export async function runCommand(deps: BotDeps, tx: StoreTx, msg: InboundMessage, actor: Actor, command: DeskCommand, changes: Changes): Promise<OutboundMessage[]> {
  const { locale, timeZone } = deps.messages;
  const refuse = (error: DomainError) => [replyTo(msg, errorText(deps, error, actor))];
  const action: Action = command.type === 'help' ? 'my' : command.type;
  const allowed = authorize(actor, action, null, deps.tree);
  if (!allowed.ok) return refuse(allowed.error);

  switch (command.type) {
    case 'help':
      return [replyTo(msg, t('help', {}, locale))];
    case 'my': {
      const mine = await tx.listByReporter(actor.personId, 10);
      if (mine.length === 0) return [replyTo(msg, t('my.empty', {}, locale))];
      const lines = mine.map((r) => t('my.item', { id: r.id, category: categoryName(r, locale), status: statusName(r.status, locale), summary: maskPhones(summarize(r.detail, 20)) }, locale));
      return [replyTo(msg, [t('my.header', {}, locale), ...lines].join('\n'))];
    }
    case 'list': {
      if (!actor.areaCode) return [replyTo(msg, t('list.empty', {}, locale))];
      const open = await tx.listQueue(actor.areaCode, OPEN_STATUSES, 20);
      if (open.length === 0) return [replyTo(msg, t('list.empty', {}, locale))];
      const lines = open.map((r) => t('list.item', {
        id: r.id, category: categoryName(r, locale), status: statusName(r.status, locale),
        summary: r.sensitive ? '' : maskPhones(summarize(r.detail, 20)), due: formatTime(r.claimDueAt, timeZone),
      }, locale));
      return [replyTo(msg, [t('list.header', { count: open.length }, locale), ...lines].join('\n'))];
    }
    case 'bind': {
      const area = deps.tree.get(command.areaCode);
      if (!area) return refuse({ code: 'AREA.NOT_FOUND', params: { code: command.areaCode } });
      await tx.bindChat({ channel: msg.channel, chatId: msg.chatId, areaCode: area.code, departmentCode: null, title: null });
      return [replyTo(msg, t('bind.done', { area: area.name }, locale))];
    }
  }

  const request = await tx.getRequest(command.id);
  if (!request) return refuse({ code: 'REQUEST.NOT_FOUND', params: { id: command.id } });
  const scoped = authorize(actor, action, request, deps.tree);
  if (!scoped.ok) return refuse(scoped.error);

  if (command.type === 'show') return [replyTo(msg, await showText(deps, tx, request, actor))];
  const lifecycle: LifecycleAction =
    command.type === 'claim' ? { type: 'claim' }
      : command.type === 'reply' ? { type: 'reply', text: command.text }
        : command.type === 'resolve' ? { type: 'resolve', text: command.text }
          : command.type === 'reject' ? { type: 'reject', reason: command.text }
            : command.type === 'withdraw' ? { type: 'withdraw' }
              : { type: 'rate', rating: command.rating };
  return applyAction(deps, tx, msg, actor, request, lifecycle, changes);
}

/** Applies a lifecycle action and builds the messages for the reporter and the actor. */
export async function applyAction(deps: BotDeps, tx: StoreTx, msg: InboundMessage, actor: Actor, request: CitizenRequest, action: LifecycleAction, changes: Changes): Promise<OutboundMessage[]> {
  const now = deps.clock.now();
  const result = transition(request, action, actor.personId, now);
  if (!result.ok) return [replyTo(msg, errorText(deps, { ...result.error, params: { ...result.error.params, action: action.type === 'reply' ? 'reply' : action.type } }, actor))];
  const next = result.value.request;
  changes.updated.push(next);
  changes.events.push(...result.value.events);
  const ctx = deps.messages;
  const out: OutboundMessage[] = [];
  switch (action.type) {
    case 'claim':
      out.push(statusLine(next, 'status.claimed', { actor: actor.name }, ctx));
      break;
    case 'reply':
      out.push(statusLine(next, 'status.answered', { text: action.text }, ctx));
      break;
    case 'resolve':
      out.push(statusLine(next, 'status.resolved', { text: action.text }, ctx), ratingPrompt(next, ctx));
      break;
    case 'reject':
      out.push(statusLine(next, 'status.rejected', { text: action.reason }, ctx));
      break;
    case 'withdraw':
      out.push(statusLine(next, 'status.withdrawn', {}, ctx));
      break;
    case 'rate': {
      const rating = t(`rating.${action.rating}`, {}, ctx.locale);
      if (action.rating === 'unsatisfied') {
        const assignee = next.assigneeId ? await tx.personName(next.assigneeId) : null;
        out.push(toReporter(next, t('rate.unsatisfied', { id: next.id }, ctx.locale)));
        out.push(statusLine(next, 'status.reopened', { actor: assignee ?? t('handler.grid', { area: '' }, ctx.locale) }, ctx));
      } else {
        out.push(toReporter(next, t('rate.thanks', { id: next.id, rating }, ctx.locale)));
      }
      break;
    }
    case 'close_unrated':
      break;
  }
  // The actor acted elsewhere (e.g. privately): confirm to them too.
  if (msg.chatId !== next.origin.chatId || msg.channel !== next.origin.channel) {
    out.push(replyTo(msg, out[0].text));
  }
  return out;
}

async function showText(deps: BotDeps, tx: StoreTx, r: CitizenRequest, actor: Actor): Promise<string> {
  const { locale, timeZone } = deps.messages;
  const inGroup = r.sensitive && actor.personId !== r.reporterId;
  const header = t('show.header', {
    id: r.id, category: categoryName(r, locale), status: statusName(r.status, locale),
    detail: inGroup ? '' : maskPhones(r.detail), place: r.place ? maskPhones(r.place) : t('place.unknown', {}, locale),
    created: formatTime(r.createdAt, timeZone), claimDue: formatTime(r.claimDueAt, timeZone), resolveDue: formatTime(r.resolveDueAt, timeZone),
  }, locale);
  const events = await tx.timeline(r.id);
  const lines = events.map((e) => t('show.event', {
    at: formatTime(e.at, timeZone),
    actor: e.actorName ?? '',
    event: t(`event.${e.type as RequestEventType}` as TextId, {}, locale),
    note: e.note && !inGroup ? `:${maskPhones(summarize(e.note, 30))}` : '',
  }, locale));
  return [header, ...lines].join('\n');
}
