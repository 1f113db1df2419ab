/**
 * The 信访 commands: authorized by the permission table, then handed to the track (转信访 …
 * 化解), the backlog cases (列为积案, 积案, 挂牌督办), reception days (预约接访, 取消预约, 接访名单),
 * visit records (接访 / 下访 / 回访记录), mediation (调解, 调解结果) and the report (信访报表).
 * Changed requests and events go into `changes`, written by the caller with the messages.
 */
import type { PetitionCommand } from '../../core/command-grammar';
import type { Actor, CitizenRequest, InboundMessage, OutboundMessage } from '../../core/model';
import { authorize, type Action } from '../../core/permissions';
import { t, type TextId } from '../../core/texts';
import { formatTime } from '../../core/time-format';
import { replyTo, type BotDeps } from '../deps';
import { toReporters } from '../notify/notify';
import { errorText } from '../desk/commands';
import type { Changes, StoreTx } from '../ports';
import { listBacklog, superviseBacklog, updateBacklog } from './backlog';
import { documentsText } from './documents';
import { mediate, recordMediation } from './mediation';
import { petitionReportMessages } from './petition-report';
import { convertToPetition, kindText, petitionStepCommand } from './petition-track';
import { bookReception, cancelBooking, receptionList } from './reception';
import { recordVisit } from './visits';

const ACTION_OF: Record<PetitionCommand['type'], Action> = {
  petitionConvert: 'petition', petitionAccept: 'petition', petitionExtend: 'petition', petitionAnswer: 'petition', petitionResolve: 'petition', petitionCease: 'petition',
  petitionRequestReview: 'petitionRequest', petitionRequestRecheck: 'petitionRequest', petitionReview: 'petitionReview', petitionRecheck: 'petitionReview',
  petitionDocuments: 'show', backlogList: 'backlog', backlog: 'backlog', backlogSupervise: 'backlog',
  book: 'book', cancelBooking: 'book', receptionList: 'visit', visit: 'visit', mediate: 'mediate', mediationOutcome: 'mediationOutcome', petitionReport: 'petitionReport',
};

/** Runs one 信访 command for `actor`; returns the messages to queue. */
export async function runPetitionCommand(deps: BotDeps, tx: StoreTx, msg: InboundMessage, actor: Actor, command: PetitionCommand, changes: Changes): Promise<OutboundMessage[]> {
  const { locale } = deps.messages;
  const action = ACTION_OF[command.type];
  const refuse = (error: Parameters<typeof errorText>[1]) => [replyTo(msg, errorText(deps, error, actor))];
  const allowed = authorize(actor, action, null, deps.tree);
  if (!allowed.ok) return refuse(allowed.error);
  switch (command.type) {
    case 'book': return bookReception(deps, tx, msg, actor, command.filter);
    case 'cancelBooking': return cancelBooking(deps, tx, msg, actor);
    case 'receptionList': return receptionList(deps, tx, msg, actor, command.filter);
    case 'visit': return recordVisit(deps, tx, msg, actor, command.kind, command.text, changes);
    case 'petitionReport': return petitionReportMessages(deps, tx, msg, actor, command.filter);
  }
  const request = await tx.requests.get(command.id);
  if (!request) return refuse({ code: 'REQUEST.NOT_FOUND', params: { id: command.id } });
  const scoped = authorize(actor, action, request, deps.tree);
  if (!scoped.ok) return refuse(scoped.error);
  if (command.type === 'mediate') return mediate(deps, tx, msg, actor, request, command.text, changes);
  if (command.type === 'mediationOutcome') return recordMediation(deps, tx, msg, actor, request, command.text, changes);
  if (command.type === 'petitionDocuments') {
    if (msg.chatType === 'group') return [replyTo(msg, t('petition.doc.privately', {}, locale))];
    return [replyTo(msg, await documentsText(deps, tx, request.id))];
  }
  const petition = await tx.petitions.get(request.id);
  if (command.type === 'petitionConvert') {
    if (petition) return [replyTo(msg, t('petition.already', { id: request.id, status: t(`petition.status.${petition.status}` as TextId, {}, locale) }, locale))];
    if (request.status === 'merged' || request.status === 'withdrawn') return refuse({ code: 'REQUEST.BAD_STATE', params: { id: request.id, status: request.status, action: 'petition' } });
    const { petition: p, request: next } = await convertToPetition(deps, tx, request, actor.personId, command.text, changes);
    const due = formatDue(deps, p.acceptDueAt);
    return [replyTo(msg, t('petition.converted', { id: next.id, kind: kindText(deps, p), due }, locale)), ...householdLine(next, t('petition.converted.household', { id: next.id, due }, locale))];
  }
  if (!petition) return [replyTo(msg, t('petition.notPetition', { id: request.id }, locale))];
  switch (command.type) {
    case 'backlogList': return listBacklog(deps, tx, msg, actor, request, petition, changes);
    case 'backlog': return updateBacklog(deps, tx, msg, actor, request, petition, command.text, changes);
    case 'backlogSupervise': return superviseBacklog(deps, tx, msg, actor, request, petition, command.text, changes);
    default: return petitionStepCommand(deps, tx, msg, actor, request, petition, command, changes);
  }
}

/**
 * Desk commands that mean something else on the 信访 track: `不予受理 N 理由` issues the
 * 不予受理告知书; `答复` / `办结` point to `处理意见` / `化解`. Null: not a petition, run the desk command.
 */
export async function petitionDeskOverride(deps: BotDeps, tx: StoreTx, msg: InboundMessage, actor: Actor, request: CitizenRequest, command: { type: string; text?: string }, changes: Changes): Promise<OutboundMessage[] | null> {
  if (request.track !== 'petition' || !['reject', 'reply', 'resolve'].includes(command.type)) return null;
  const petition = await tx.petitions.get(request.id);
  if (!petition) return null;
  if (command.type === 'reject') return petitionStepCommand(deps, tx, msg, actor, request, petition, { type: 'petitionNotAccept', id: request.id, text: command.text ?? '' }, changes);
  return [replyTo(msg, t('petition.useOpinion', { id: request.id }, deps.messages.locale))];
}

function formatDue(deps: BotDeps, at: number): string {
  return formatTime(at, deps.messages.timeZone);
}

function householdLine(request: CitizenRequest, text: string): OutboundMessage[] {
  return toReporters(request, text);
}
