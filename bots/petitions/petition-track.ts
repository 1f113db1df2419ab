/**
 * The 信访 track of a request: `转信访 N` registers it as a 信访事项 (classified 初次 / 重复 /
 * 集体 / 越级), and the steps of the statutory procedure — 受理, 不予受理, 延期, 处理意见, 申请复查 /
 * 复查意见, 申请复核 / 复核意见, 化解, 息访 — each on the same timeline as the request, each with
 * its formal document where the 条例 asks for one, the household told in plain words.
 */
import type { PetitionCommand } from '../../core/command-grammar';
import type { Actor, CitizenRequest, InboundMessage, OutboundMessage, RequestEvent, RequestEventType } from '../../core/model';
import { firstPetitionCheck } from '../../core/petitions/clock';
import type { DocumentKind } from '../../core/petitions/documents';
import { collectiveOf, isBypass, repeatsOf } from '../../core/petitions/kinds';
import { petitionStep, registerPetition, requestWindowEnd, type EntryLevel, type Petition, type PetitionAction, type PetitionChannel, type PetitionError } from '../../core/petitions/petition';
import { ancestorAt } from '../../core/queue';
import { transition, type LifecycleAction } from '../../core/request-lifecycle';
import { ratingPrompt } from '../../core/request-messages';
import { t, type TextId } from '../../core/texts';
import { formatTime } from '../../core/time-format';
import { replyTo, type BotDeps } from '../deps';
import { toReporters } from '../notify/notify';
import type { Changes, PetitionPlace, StoreTx } from '../ports';
import { issueDocument } from './documents';

const CHANNEL_WORDS: [RegExp, PetitionChannel][] = [[/来访|走访|当面/, 'visit'], [/来信|信件/, 'letter'], [/来电|电话/, 'phone'], [/网上|网络|线上/, 'online']];

/** The place of a petition, from its request. */
export function placeOf(deps: BotDeps, request: CitizenRequest): PetitionPlace {
  return {
    countyCode: ancestorAt(deps.tree, request.areaCode, 'county')?.code ?? request.areaCode, areaCode: request.areaCode, category: request.category,
    departmentCode: request.queue.kind === 'department' ? request.queue.code : null,
    householdIds: [...new Set([request.reporterId, ...request.coReporters.map((c) => c.personId)])],
  };
}

/** The level a request sits at now (a department queue counts as the county). */
function levelOf(deps: BotDeps, request: CitizenRequest): EntryLevel {
  if (request.queue.kind !== 'area') return 'county';
  const level = deps.tree.get(request.queue.code)?.level;
  return level === 'county' ? 'county' : level === 'township' ? 'township' : 'grid';
}

/** Writes the petition and its next check time. */
export async function savePetition(deps: BotDeps, tx: StoreTx, petition: Petition, request: CitizenRequest): Promise<void> {
  await tx.petitions.save(petition, placeOf(deps, request), firstPetitionCheck(petition, deps.clock.now(), deps.petitions.limits));
}

const ev = (r: CitizenRequest, type: RequestEventType, at: number, actorId: number | null, note: string | null): RequestEvent => ({ requestId: r.id, type, at, actorId, fromStatus: r.status, toStatus: r.status, note });

/** The kind of a petition in words: 初次信访, 重复信访 …, 集体访 …, 越级访. */
export function kindText(deps: BotDeps, p: Petition): string {
  const { locale } = deps.messages;
  const parts = [p.repeatOf.length ? t('petition.kind.repeat', { ids: p.repeatOf.map((i) => `#${i}`).join('、') }, locale) : t('petition.kind.first', {}, locale)];
  if (p.collective) parts.push(t('petition.kind.collective', { people: p.households }, locale));
  if (p.bypassed) parts.push(t('petition.kind.bypass', {}, locale));
  return parts.join('，');
}

/**
 * `转信访 N [来访|来信|来电|网上] [M人]`: the request becomes a 信访事项 received now; the service
 * clock stops (request.track = petition) and the statutory one starts. Also used by visit records.
 */
export async function convertToPetition(deps: BotDeps, tx: StoreTx, request: CitizenRequest, actorId: number, args: string, changes: Changes, fallbackChannel?: PetitionChannel): Promise<{ petition: Petition; request: CitizenRequest }> {
  const now = deps.clock.now();
  const { limits, settings } = deps.petitions;
  const place = placeOf(deps, request);
  const channel = CHANNEL_WORDS.find(([re]) => re.test(args))?.[1] ?? fallbackChannel ?? 'online';
  const people = /(\d+)\s*(人|户)/.exec(args);
  const earlier = await tx.petitions.earlierOf(place.householdIds, now - limits.repeatWindowMs, request.id);
  const repeatOf = repeatsOf({ category: request.category, detail: request.detail, households: place.householdIds, receivedAt: now }, earlier, limits.repeatWindowMs);
  const { collective, people: households } = collectiveOf(place.householdIds.length, people ? Number(people[1]) : null, settings.collectiveHouseholds);
  const entryLevel = levelOf(deps, request);
  const timeline = await tx.requests.timeline(request.id);
  const belowCounty = (key: string | null | undefined) => {
    const m = /^area:(.+)$/.exec(key ?? '');
    return m !== null && deps.tree.get(m[1])?.level !== 'county';
  };
  const handledBelow = (request.queue.kind === 'area' && deps.tree.get(request.queue.code)?.level !== 'county') || timeline.some((e) => belowCounty(e.fromQueue) || belowCounty(e.toQueue));
  const earlierBelow = earlier.some((e) => repeatOf.includes(e.requestId) && e.entryLevel !== 'county');
  const petition = registerPetition({ requestId: request.id, channel, entryLevel, receivedAt: now, repeatOf, collective, households, bypassed: isBypass(entryLevel, handledBelow, earlierBelow) }, limits);
  const next: CitizenRequest = { ...request, track: 'petition' };
  await tx.petitions.save(petition, place, firstPetitionCheck(petition, now, limits));
  changes.updated.push(next);
  changes.events.push(ev(next, 'petition_registered', now, actorId, kindText(deps, petition)));
  return { petition, request: next };
}

function petitionError(deps: BotDeps, request: CitizenRequest, e: PetitionError): string {
  const { locale, timeZone } = deps.messages;
  switch (e.code) {
    case 'PETITION.BAD_STATE':
      return t('petition.error.BAD_STATE', { id: request.id, status: t(`petition.status.${e.status}` as TextId, {}, locale) }, locale);
    case 'PETITION.EXTEND_TOO_LONG':
      return t('petition.error.EXTEND_TOO_LONG', { max: e.maxDays }, locale);
    case 'PETITION.WINDOW_CLOSED':
      return t('petition.error.WINDOW_CLOSED', { id: request.id, due: formatTime(e.dueAt, timeZone) }, locale);
    default:
      return t(`petition.error.${e.code.slice('PETITION.'.length)}` as TextId, { id: request.id }, locale);
  }
}

/** Applies a lifecycle step to the request when its status allows it (the petition leads; the request follows). */
function follow(request: CitizenRequest, actions: LifecycleAction[], actorId: number, now: number, changes: Changes): CitizenRequest {
  let cur = request;
  for (const action of actions) {
    const r = transition(cur, action, actorId, now);
    if (!r.ok) continue;
    cur = r.value.request;
    changes.events.push(...r.value.events);
  }
  return cur;
}

type StepCommand = Extract<PetitionCommand, { type: 'petitionAccept' | 'petitionExtend' | 'petitionAnswer' | 'petitionRequestReview' | 'petitionRequestRecheck' | 'petitionReview' | 'petitionRecheck' | 'petitionResolve' | 'petitionCease' }> | { type: 'petitionNotAccept'; id: number; text: string };

/** One step of the procedure on a petition, with its document and messages. */
export async function petitionStepCommand(deps: BotDeps, tx: StoreTx, msg: InboundMessage, actor: Actor, request: CitizenRequest, petition: Petition, command: StepCommand, changes: Changes): Promise<OutboundMessage[]> {
  const now = deps.clock.now();
  const { locale, timeZone } = deps.messages;
  const { limits } = deps.petitions;
  const text = 'text' in command ? command.text.trim() : '';
  let action: PetitionAction;
  switch (command.type) {
    case 'petitionAccept': action = { type: 'accept' }; break;
    case 'petitionNotAccept': action = { type: 'notAccept', reason: text }; break;
    case 'petitionExtend': {
      const m = /^(\d+)\s*天?\s*([\s\S]+)$/.exec(text);
      if (!m) return [replyTo(msg, t('petition.usage.extend', {}, locale))];
      action = { type: 'extend', days: Number(m[1]), reason: m[2].trim() };
      break;
    }
    case 'petitionAnswer': action = { type: 'answer', text }; break;
    case 'petitionRequestReview': action = { type: 'requestReview' }; break;
    case 'petitionRequestRecheck': action = { type: 'requestRecheck' }; break;
    case 'petitionReview': action = { type: 'review', text }; break;
    case 'petitionRecheck': action = { type: 'recheck', text }; break;
    case 'petitionResolve': action = { type: 'resolve', agreement: text, agreementRef: msg.photo && /^blob:/.test(msg.photo) ? msg.photo : null }; break;
    case 'petitionCease': action = { type: 'cease', note: text }; break;
  }
  const stepped = petitionStep(petition, action, now, limits);
  if (!stepped.ok) return [replyTo(msg, stepped.error.code === 'PETITION.NO_AGREEMENT' ? t('petition.usage.resolve', {}, locale) : petitionError(deps, request, stepped.error))];
  const p = stepped.petition;
  const due = (at: number | null) => (at === null ? '' : formatTime(at, timeZone));
  const staff = (id: TextId, params: Record<string, string | number>) => replyTo(msg, t(id, { id: request.id, ...params }, locale));
  const household = (id: TextId, params: Record<string, string | number>) => toReporters(request, t(id, { id: request.id, ...params }, locale));
  let next = request;
  let doc: { kind: DocumentKind; text: string; days?: number; dueAt?: number } | null = null;
  const out: OutboundMessage[] = [];
  let eventType: RequestEventType;
  switch (action.type) {
    case 'accept':
      next = follow(request, request.status === 'submitted' ? [{ type: 'claim' }] : [], actor.personId, now, changes);
      doc = { kind: 'accept', text: '' };
      out.push(staff('petition.accepted', { due: due(p.handleDueAt) }), ...household('petition.accepted.household', { due: due(p.handleDueAt) }));
      eventType = 'petition_accepted';
      break;
    case 'notAccept':
      next = follow(request, [{ type: 'reject', reason: text }], actor.personId, now, changes);
      doc = { kind: 'not_accept', text };
      out.push(staff('petition.notAccepted', {}), ...household('petition.notAccepted.household', { reason: text }));
      eventType = 'petition_not_accepted';
      break;
    case 'extend':
      doc = { kind: 'extension', text: action.reason, days: action.days, dueAt: p.handleDueAt ?? undefined };
      out.push(staff('petition.extended', { days: action.days, due: due(p.handleDueAt) }), ...household('petition.extended.household', { days: action.days, due: due(p.handleDueAt), reason: action.reason }));
      eventType = 'petition_extended';
      break;
    case 'answer': {
      next = follow(request, [...(request.status === 'submitted' ? [{ type: 'claim' } as const] : []), { type: 'reply', text }], actor.personId, now, changes);
      doc = { kind: 'opinion', text };
      const window = requestWindowEnd(p, limits);
      out.push(staff('petition.answered', { due: due(window) }), ...household('petition.answered.household', { text, due: due(window) }));
      eventType = 'petition_answered';
      break;
    }
    case 'requestReview':
      out.push(staff('petition.reviewRequested', { due: due(p.reviewDueAt) }));
      if (msg.senderId !== request.origin.userId) out.push(...household('petition.reviewRequested.household', { due: due(p.reviewDueAt) }));
      eventType = 'petition_review_requested';
      break;
    case 'requestRecheck':
      out.push(staff('petition.recheckRequested', { due: due(p.recheckDueAt) }));
      if (msg.senderId !== request.origin.userId) out.push(...household('petition.recheckRequested.household', { due: due(p.recheckDueAt) }));
      eventType = 'petition_recheck_requested';
      break;
    case 'review': {
      doc = { kind: 'review', text };
      const window = requestWindowEnd(p, limits);
      out.push(staff('petition.reviewed', { due: due(window) }), ...household('petition.reviewed.household', { text, due: due(window) }));
      eventType = 'petition_reviewed';
      break;
    }
    case 'recheck':
      doc = { kind: 'recheck', text };
      out.push(staff('petition.rechecked', {}), ...household('petition.rechecked.household', { text }));
      eventType = 'petition_rechecked';
      break;
    case 'resolve':
    case 'cease': {
      const words = text || (action.type === 'resolve' ? t('petition.agreementAttached', {}, locale) : '');
      next = follow(request, [...(request.status === 'submitted' ? [{ type: 'claim' } as const] : []), { type: 'resolve', text: words }], actor.personId, now, changes);
      const key = action.type === 'resolve' ? 'petition.resolved' : 'petition.ceased';
      out.push(staff(key, { text: words }), ...household(`${key}.household` as TextId, { text: words }));
      // 群众满意率: the household rates the outcome like any request (the existing rating window).
      if (next.status === 'resolved') {
        const prompt = ratingPrompt(next, deps.messages);
        out.push(...toReporters(next, prompt.text, { buttons: prompt.buttons, ref: `rate:${next.id}` }));
      }
      eventType = action.type === 'resolve' ? 'petition_resolved' : 'petition_ceased';
      break;
    }
  }
  changes.events.push(ev(next, eventType, now, actor.personId, text || null));
  if (doc) {
    const issued = await issueDocument(deps, tx, next, p, doc.kind, doc.text, actor.personId, { days: doc.days, dueAt: doc.dueAt });
    changes.events.push(issued.event);
    out.push(...issued.messages);
  }
  if (next !== request) changes.updated.push(next);
  await savePetition(deps, tx, p, next);
  return out;
}
