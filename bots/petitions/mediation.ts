/**
 * Mediation: `调解 N 睦邻调解室` sends a dispute to a mediation committee (a `mediation`
 * department of the org file: its staff are the mediators) — the request moves to the committee's
 * queue, as a transfer would; `调解结果 N 现场化解|联合调处 协议 …` or `调解不成 诉讼|仲裁` records the
 * outcome, keeps the agreement text, and closes the request (and its 信访事项, as 化解) when settled.
 */
import { matchDepartment } from '../../core/department-match';
import type { Actor, CitizenRequest, InboundMessage, OutboundMessage } from '../../core/model';
import { moveRequest } from '../../core/request-moves';
import { transition } from '../../core/request-lifecycle';
import { applyAction } from '../desk/commands';
import { limitsFor } from '../../core/sla-policy';
import { t } from '../../core/texts';
import { replyTo, type BotDeps } from '../deps';
import { toQueue, toReporters } from '../notify/notify';
import type { Changes, StoreTx } from '../ports';
import type { MediationOutcome } from '../ports/mediation';
import { petitionStepCommand } from './petition-track';

const OUTCOMES: [RegExp, MediationOutcome][] = [[/^现场化解/, 'onsite'], [/^联合调处/, 'joint'], [/^调解不成|^未达成|^调解失败/, 'failed']];

/** `调解 N 调解组织`. */
export async function mediate(deps: BotDeps, tx: StoreTx, msg: InboundMessage, actor: Actor, request: CitizenRequest, text: string, changes: Changes): Promise<OutboundMessage[]> {
  const { locale } = deps.messages;
  const committees = deps.petitions.committees;
  const found = matchDepartment(text.trim(), committees);
  const committee = found.ok ? committees.find((c) => c.code === found.department.code) : undefined;
  if (!committee) return [replyTo(msg, t('mediation.notCommittee', { name: text.trim(), names: committees.map((c) => c.name).join('、') || t('petitionReport.none', {}, locale) }, locale))];
  const now = deps.clock.now();
  const moved = moveRequest(request, { type: 'transfer', to: { kind: 'department', code: committee.code }, reason: t('mediation.reason', {}, locale) }, actor.personId, now, limitsFor(deps.sla, request.category, request.urgent));
  if (!moved.ok) return [replyTo(msg, t('error.REQUEST.BAD_STATE', { id: request.id, status: request.status, action: t('action.mediate', {}, locale) }, locale))];
  const next = moved.value.request;
  changes.updated.push(next);
  changes.events.push(...moved.value.events, { requestId: request.id, type: 'mediation_started', at: now, actorId: actor.personId, fromStatus: next.status, toStatus: next.status, note: committee.name });
  await tx.mediation.start(request.id, committee.code, now, actor.personId);
  const mediators = (await tx.petitions.staffOfDepartment(committee.code)).map((m) => m.name);
  const staffText = t('mediation.started', { id: request.id, committee: committee.name, mediators: mediators.join('、') || t('backlog.none', {}, locale) }, locale);
  return [
    replyTo(msg, staffText),
    ...(await toQueue(deps, tx, next.queue, next, staffText)),
    ...toReporters(next, t('mediation.started.household', { id: request.id, committee: committee.name }, locale)),
  ];
}

/** `调解结果 N 现场化解 协议…` / `联合调处 …` / `调解不成 诉讼`. */
export async function recordMediation(deps: BotDeps, tx: StoreTx, msg: InboundMessage, actor: Actor, request: CitizenRequest, text: string, changes: Changes): Promise<OutboundMessage[]> {
  const { locale } = deps.messages;
  const mediation = await tx.mediation.latest(request.id);
  if (!mediation || mediation.outcome) return [replyTo(msg, t('mediation.notStarted', { id: request.id }, locale))];
  const words = text.trim();
  const outcome = OUTCOMES.find(([re]) => re.test(words));
  if (!outcome) return [replyTo(msg, t('mediation.usage', {}, locale))];
  const rest = words.replace(outcome[0], '').trim();
  const route = outcome[1] === 'failed' ? (/仲裁/.test(rest) ? 'arbitration' : 'litigation') : null;
  const agreement = outcome[1] === 'failed' ? null : rest;
  if (outcome[1] !== 'failed' && !agreement) return [replyTo(msg, t('mediation.usage', {}, locale))];
  const now = deps.clock.now();
  await tx.mediation.setOutcome(mediation.id, outcome[1], route, agreement, now, actor.personId);
  const outcomeName = t(`mediation.outcome.${outcome[1]}`, {}, locale);
  const routeName = route ? t(`mediation.route.${route}`, {}, locale) : '';
  changes.events.push({ requestId: request.id, type: 'mediation_outcome', at: now, actorId: actor.personId, fromStatus: request.status, toStatus: request.status, note: [outcomeName, routeName, agreement].filter(Boolean).join(' ') });
  const out: OutboundMessage[] = [replyTo(msg, t('mediation.recorded', { id: request.id, outcome: outcomeName, route: route ? t('mediation.recorded.route', { route: routeName }, locale) : '', agreement: agreement ? t('mediation.agreement', {}, locale) : '' }, locale))];
  if (route) {
    out.push(...toReporters(request, t('mediation.household.failed', { id: request.id, route: routeName }, locale)));
    return out;
  }
  const petition = request.track === 'petition' ? await tx.petitions.get(request.id) : null;
  if (petition && petition.closedAt === null) {
    // A 信访事项 settled by mediation is 化解, with the mediation agreement.
    return [...out, ...(await petitionStepCommand(deps, tx, msg, actor, request, petition, { type: 'petitionResolve', id: request.id, text: agreement! }, changes))];
  }
  let current = request;
  if (current.status === 'submitted') {
    const claimed = transition(current, { type: 'claim' }, actor.personId, now);
    if (claimed.ok) {
      current = claimed.value.request;
      changes.events.push(...claimed.value.events);
    }
  }
  const resolved = await applyAction(deps, tx, msg, actor, current, { type: 'resolve', text: agreement! }, changes);
  return [...out, ...(resolved.length ? resolved : toReporters(request, t('mediation.household.solved', { id: request.id, agreement: agreement! }, locale)))];
}
