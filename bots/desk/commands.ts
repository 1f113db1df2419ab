/**
 * The desk: every command on existing requests. It authorizes by the permission table, loads
 * and locks the request, and hands over to the views (待办, 查看, 进度), the moves (上报, 派单 …)
 * or the lifecycle steps here (认领, 答复, 办结, 不予受理, 撤回, 评价). Changed requests and
 * their timeline go into `changes`, written by the caller with the outgoing messages.
 */
import type { Command, PetitionCommand } from '../../core/command-grammar';
import { petitionDeskOverride } from '../petitions/commands';
import type { Actor, CitizenRequest, InboundMessage, OutboundMessage } from '../../core/model';
import { allowedActions, authorize, type Action } from '../../core/permissions';
import { ratingPrompt, statusLine, statusName } from '../../core/request-messages';
import { transition, unfollow, type LifecycleAction } from '../../core/request-lifecycle';
import type { DomainError } from '../../core/result';
import { t, type TextId } from '../../core/texts';
import { replyTo, type BotDeps } from '../deps';
import { runMove, type MoveCommand } from './moves';
import { movedAwayText, myRequests, queueList, showRequest } from './views';
import { consoleLink } from './console-link';
import { runCorrection } from '../corrections/correct';
import { addNote, privateReply } from './private-reply';
import { toLeader, toReporters } from '../notify/notify';
import { buildMonthlyReport, reportMessages } from '../watch/reports';
import { monthOf } from '../../core/time-format';
import type { Changes, StoreTx } from '../ports';
import { ratingWindowOf } from '../../core/sla-policy';
import { runFollowCommand } from './follow';
import { afterUnsatisfied } from './feedback';
import { answersAsCoUnit, coUnitAnswer, expandCannedReply, listCannedReplies } from './work-tools';

/** The commands the desk runs (intake and notices take the others). */
export type DeskCommand = Exclude<Command, { type: 'new' | 'cancel' | 'rateBare' | 'notice' | 'noticeConfirm' | 'noticeRecall' | 'noticeStatus' | 'ack' | 'ackBare' | 'attach' | 'registerFor' } | PetitionCommand>;

/** Turns a domain error into the short chat reply for it; refusals say what the person may do. */
export function errorText(deps: BotDeps, error: DomainError, actor: Actor | null): string {
  const { locale } = deps.messages;
  const params: Record<string, string | number> = { ...(error.params ?? {}) };
  if (typeof params.action === 'string') params.action = t(`action.${params.action}` as TextId, {}, locale);
  if (typeof params.status === 'string') params.status = statusName(params.status as never, locale);
  params.hint = '';
  if (error.code === 'PERMISSION.DENIED' && actor) {
    const commands = allowedActions(actor.role).filter((a) => a !== 'show').map((a) => t(`action.${a}` as TextId, {}, locale));
    params.hint = t('hint.allowed', { commands: commands.join('、') }, locale);
  }
  // Not found: a household is pointed to its own requests (进度), staff to their queue (待办).
  const staff = actor !== null && actor.role !== 'household' && (error.code === 'REQUEST.NOT_FOUND' || error.code === 'COMMAND.BAD_NUMBER');
  return t(`error.${error.code}${staff ? '.staff' : ''}` as TextId, params, locale).trim();
}

const MOVES = new Set(['escalate', 'dispatch', 'transfer', 'return', 'whistle', 'reportIn', 'keyCase', 'merge']);

/** Runs one command for `actor`. Returns the messages to queue. */
export async function runCommand(deps: BotDeps, tx: StoreTx, msg: InboundMessage, actor: Actor, deskCommand: DeskCommand, changes: Changes): Promise<OutboundMessage[]> {
  let command = deskCommand;
  const { locale } = deps.messages;
  const refuse = (error: DomainError) => [replyTo(msg, errorText(deps, error, actor))];
  const action: Action = command.type === 'help' ? 'my' : command.type;
  const allowed = authorize(actor, action, null, deps.tree);
  if (!allowed.ok) return refuse(allowed.error);

  switch (command.type) {
    case 'help':
      return [replyTo(msg, t('help', {}, locale))];
    case 'my':
      return myRequests(deps, tx, msg, actor);
    case 'list':
      return queueList(deps, tx, msg, actor, command.filter);
    case 'report': {
      // Without a month: this month so far, and the report says so (`11月1日至今`).
      const month = command.month || monthOf(deps.clock.now(), deps.messages.timeZone);
      if (!/^\d{4}-(0[1-9]|1[0-2])$/.test(month) || !actor.areaCode) return [replyTo(msg, t('report.badMonth', {}, locale))];
      const toDate = command.month ? undefined : t('report.toDate', { month: Number(month.slice(5)) }, locale);
      const report = await buildMonthlyReport(deps, actor.areaCode, month, tx.reports, toDate, tx.reach);
      return reportMessages(report, { channel: msg.channel, chatId: msg.chatId });
    }
    case 'console':
      return consoleLink(deps, tx, msg, actor);
    case 'replies': // issue 14: 常用语
      return listCannedReplies(deps, tx, msg, actor);
    case 'bind': {
      const area = deps.tree.get(command.areaCode);
      if (!area) return refuse({ code: 'AREA.NOT_FOUND', params: { code: command.areaCode } });
      // issue 14: a dispatch centre's group is a working group; `/bind 网格编号 staff` marks a grid's or village's.
      const role = command.staff || area.level === 'township' || area.level === 'county' ? 'staff' : 'household';
      await tx.chats.bind({ channel: msg.channel, chatId: msg.chatId, areaCode: area.code, departmentCode: null, title: null, role });
      return [replyTo(msg, t('bind.done', { area: area.name }, locale))];
    }
  }

  const request = await tx.requests.get(command.id);
  if (!request) return refuse({ code: 'REQUEST.NOT_FOUND', params: { id: command.id } });
  // issue 14: households chase and follow; a co-unit answers its part; 常用语 in 答复 / 办结.
  if (command.type === 'chase' || command.type === 'follow' || command.type === 'unfollow') return runFollowCommand(deps, tx, msg, actor, request, command.type, changes);
  if (command.type === 'reply' || command.type === 'resolve') {
    const expanded = await expandCannedReply(deps, tx, actor, command.text);
    if (!expanded.ok) return [replyTo(msg, expanded.error)];
    command = { ...command, text: expanded.text };
    if (command.type === 'reply' && answersAsCoUnit(deps, actor, request)) return coUnitAnswer(deps, tx, msg, actor, request, command.text, changes);
  }
  const scoped = authorize(actor, action, request, deps.tree);
  if (!scoped.ok) {
    // Staff asking after a request raised in their area that has moved on learn where it went.
    const moved = command.type === 'show' ? await movedAwayText(deps, tx, actor, request) : null;
    return moved ? [replyTo(msg, moved)] : refuse(scoped.error);
  }

  if (command.type === 'show') return showRequest(deps, tx, msg, request, actor);
  // Issue 18: on the 信访 track, 不予受理 issues its 告知书, and 答复 / 办结 point to 处理意见 / 化解.
  const petitionOut = await petitionDeskOverride(deps, tx, msg, actor, request, command as { type: string; text?: string }, changes);
  if (petitionOut) return petitionOut;
  // Issue 11.10: a co-reporter's 撤回 stops them following; only the reporter withdraws for everyone.
  if (command.type === 'withdraw' && request.reporterId !== actor.personId) return unfollowRequest(deps, msg, actor, request, changes);
  if (command.type === 'recategorize' || command.type === 'raise') {
    // Issue 15: staff corrections of the model's reading.
    const { out, outcome } = await runCorrection(deps, tx, msg, actor, request, command);
    if (outcome?.ok) {
      changes.updated.push(outcome.request);
      changes.events.push(outcome.event);
    }
    return out;
  }
  // Issue 17: a private answer to the household, an internal note.
  if (command.type === 'privateReply') return privateReply(deps, tx, msg, actor, request, command.text, changes);
  if (command.type === 'note') return addNote(deps, msg, actor, request, command.text, changes);
  if (MOVES.has(command.type)) return runMove(deps, tx, msg, actor, request, command as MoveCommand, changes, refuse);
  const lifecycle: LifecycleAction =
    command.type === 'claim' ? { type: 'claim' }
      : command.type === 'reply' ? { type: 'reply', text: command.text }
        : command.type === 'resolve' ? { type: 'resolve', text: command.text }
          : command.type === 'reject' ? { type: 'reject', reason: command.text }
            : command.type === 'withdraw' ? { type: 'withdraw' }
              : { type: 'rate', rating: (command as { rating: 'satisfied' }).rating };
  return applyAction(deps, tx, msg, actor, request, lifecycle, changes);
}

/** The guidance a 不予受理 adds for the household: the courts for litigation (诉访分离), else how to raise it again. */
export function rejectGuidance(reason: string, locale: BotDeps['messages']['locale']): string {
  return /法院|诉讼|起诉|判决|仲裁|裁定/.test(reason) ? t('reject.court', {}, locale) : t('reject.guidance', {}, locale);
}

/** Applies a lifecycle step and builds the messages for the reporters, a key-case leader and the actor. */
export async function applyAction(deps: BotDeps, tx: StoreTx, msg: InboundMessage, actor: Actor, request: CitizenRequest, action: LifecycleAction, changes: Changes): Promise<OutboundMessage[]> {
  const now = deps.clock.now();
  const result = transition(request, action, actor.personId, now);
  if (!result.ok) return [replyTo(msg, errorText(deps, { ...result.error, params: { ...result.error.params, action: action.type } }, actor))];
  // issue 14: 办结 opens the rating window (a reminder, then closed as unrated).
  const next = action.type === 'resolve' ? { ...result.value.request, ...ratingWindowOf(now, deps.sla) } : result.value.request;
  changes.updated.push(next);
  changes.events.push(...result.value.events);
  const ctx = deps.messages;
  const line = (id: TextId, params: Record<string, string | number>) => {
    const one = statusLine(next, id, params, ctx);
    return toReporters(next, one.text);
  };
  const out: OutboundMessage[] = [];
  switch (action.type) {
    case 'claim':
      out.push(...line('status.claimed', { actor: actor.name }));
      break;
    case 'reply':
      out.push(...line('status.answered', { text: action.text }));
      break;
    case 'resolve':
      out.push(...line('status.resolved', { text: action.text }));
      out.push(...toReporters(next, ratingPrompt(next, ctx).text, { buttons: ratingPrompt(next, ctx).buttons, ref: `rate:${next.id}` }));
      break;
    case 'reject': {
      out.push(...line('status.rejected', { text: action.reason + rejectGuidance(action.reason, ctx.locale) }));
      break;
    }
    case 'withdraw':
      out.push(...line('status.withdrawn', {}));
      break;
    case 'rate': {
      const rating = t(`rating.${action.rating}`, {}, ctx.locale);
      if (action.rating === 'unsatisfied') {
        const assignee = next.assigneeId ? await tx.people.nameOf(next.assigneeId) : null;
        out.push(replyTo(msg, t('rate.unsatisfied', { id: next.id }, ctx.locale)));
        out.push(...line('status.reopened', { actor: assignee ?? '' }));
        out.push(...(await afterUnsatisfied(deps, tx, msg, next))); // issue 14: ask why; the second reopen alerts the supervisors
      } else {
        out.push(replyTo(msg, t('rate.thanks', { id: next.id, rating }, ctx.locale)));
      }
      break;
    }
    case 'close_unrated':
      break;
  }
  out.push(...(await toLeader(tx, next, t('keycase.update', { id: next.id, text: out[0]?.text ?? '' }, ctx.locale))));
  // The actor acted elsewhere (privately, or in a department group): confirm to them too.
  if (out[0] && !out.some((m) => m.channel === msg.channel && m.chatId === msg.chatId)) out.push(replyTo(msg, out[0].text));
  return out;
}

/** A co-reporter's 撤回: they stop following the request (timeline event, one polite line); it stays open for the others. */
function unfollowRequest(deps: BotDeps, msg: InboundMessage, actor: Actor, request: CitizenRequest, changes: Changes): OutboundMessage[] {
  const result = unfollow(request, actor.personId, deps.clock.now());
  if (!result.ok) return [replyTo(msg, errorText(deps, result.error, actor))];
  changes.updated.push(result.value.request);
  changes.events.push(...result.value.events);
  return [replyTo(msg, t('withdraw.unfollowed', { id: request.id }, deps.messages.locale))];
}
