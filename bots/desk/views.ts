/** The read-only commands: help, my requests, the queue (待办) and one request's dossier (查看). */
import type { Actor, CitizenRequest, InboundMessage, OutboundMessage, RequestEventType, RequestStatus } from '../../core/model';
import { OPEN_STATUSES } from '../../core/model';
import { handlesRequest, listView, maySeeSensitive } from '../../core/permissions';
import { parseQueueKey, queueName } from '../../core/queue';
import { categoryName, statusName } from '../../core/request-messages';
import { t, type TextId } from '../../core/texts';
import { findPhone, maskPhones, summarize } from '../../core/text-tools';
import { cutText } from '../../core/text-cut';
import { formatTime } from '../../core/time-format';
import { replyTo, type BotDeps } from '../deps';
import type { StoreTx, TimelineEntry } from '../ports';
import { showAttachments } from './attachments-view';

/** `进度`: the sender's own requests, newest first. */
export async function myRequests(deps: BotDeps, tx: StoreTx, msg: InboundMessage, actor: Actor): Promise<OutboundMessage[]> {
  const { locale } = deps.messages;
  const mine = await tx.requests.listByReporter(actor.personId, 10);
  if (mine.length === 0) return [replyTo(msg, t('my.empty', {}, locale))];
  const lines = mine.map((r) => t('my.item', { id: r.id, category: categoryName(r, locale), status: statusName(r.status, locale), summary: safeSummary(r, 20) }, locale));
  return [replyTo(msg, [t('my.header', {}, locale), ...lines].join('\n'))];
}

const STATUS_WORDS: Record<string, RequestStatus> = { 待认领: 'submitted', 办理中: 'claimed', 已答复: 'answered' };

/** `待办 [待认领|办理中|已答复]`: the actor's queue, oldest first, with due times; co-unit report-ins first. */
export async function queueList(deps: BotDeps, tx: StoreTx, msg: InboundMessage, actor: Actor, filter: string): Promise<OutboundMessage[]> {
  const { locale, timeZone } = deps.messages;
  const view = listView(actor);
  if (!view) return [replyTo(msg, t('list.empty', {}, locale))];
  const statuses = STATUS_WORDS[filter] ? [STATUS_WORDS[filter]] : OPEN_STATUSES;
  // Sensitive requests the actor may not read are left out, as if they did not exist (issue 11.8).
  const visible = (r: CitizenRequest) => maySeeSensitive(actor, r, deps.tree);
  const open = (await tx.requests.listQueue(view, statuses, 60)).filter(visible).slice(0, 20);
  const reportIns = actor.departmentCode ? (await tx.requests.listPendingReportIns(actor.departmentCode, 10)).filter(visible) : [];
  if (open.length === 0 && reportIns.length === 0) return [replyTo(msg, t('list.empty', {}, locale))];
  const households = (r: CitizenRequest) => (r.coReporters.length ? t('list.households', { count: 1 + r.coReporters.length }, locale) : '');
  const lines = [
    ...reportIns.map((r) => t('list.coUnit', { id: r.id, category: categoryName(r, locale), summary: safeSummary(r, 20) }, locale)),
    ...open.map((r) => r.status === 'submitted'
      ? t('list.item', { id: r.id, category: categoryName(r, locale), status: statusName(r.status, locale), summary: safeSummary(r, 20) + households(r), due: formatTime(r.claimDueAt, timeZone) }, locale)
      : t('list.resolveDue', { id: r.id, category: categoryName(r, locale), status: statusName(r.status, locale), summary: safeSummary(r, 20) + households(r), due: formatTime(r.resolveDueAt, timeZone) }, locale)),
  ];
  return [replyTo(msg, [t('list.header', { count: open.length + reportIns.length }, locale), ...lines].join('\n'))];
}

/**
 * `查看 N`: the request and its whole timeline (the dossier), in order. Personal numbers are
 * masked, except for staff whose queue holds the request, asking privately (issue 11.7).
 */
export async function showRequest(deps: BotDeps, tx: StoreTx, msg: InboundMessage, r: CitizenRequest, actor?: Actor): Promise<OutboundMessage[]> {
  const { locale, timeZone } = deps.messages;
  // A sensitive report is never described in a group, whoever asks.
  const hide = r.sensitive && msg.chatType === 'group';
  const reveal = msg.chatType === 'private' && actor !== undefined && handlesRequest(actor, r, deps.tree);
  const header = t('show.header', {
    id: r.id, category: categoryName(r, locale), status: statusName(r.status, locale),
    detail: hide ? '' : reveal ? r.detail : maskPhones(r.detail),
    place: (!hide && (reveal ? r.place : describePlace(deps, r))) || t('place.unknown', {}, locale),
    created: formatTime(r.createdAt, timeZone), claimDue: formatTime(r.claimDueAt, timeZone), resolveDue: formatTime(r.resolveDueAt, timeZone),
  }, locale);
  // Issue 17: internal notes are for staff; a private reply's words never go into a group.
  const staff = actor !== undefined && actor.role !== 'household';
  const events = (await tx.requests.timeline(r.id)).filter((e) => e.type !== 'noted' || staff);
  if (reveal && (r.phone || findPhone(r.detail))) await tx.console.recordUnmask(actor!.personId, r.id, msg.channel, deps.clock.now()); // every unmasking is logged
  const lines = events.map((e) => {
    const d = describeEvent(deps, e, hide || (e.type === 'replied_privately' && msg.chatType === 'group'));
    return t('show.event', { ...d, note: d.note ? `:${cutText(d.note, 30)}` : '' }, locale);
  });
  const attached = showAttachments(deps, msg, r, hide); // issue 13
  return [replyTo(msg, [header, ...attached.lines, ...lines].join('\n')), ...attached.messages];
}

/**
 * `查看 N` by staff who may no longer see N: when it was raised in their area and has moved to
 * another unit, where it is and who holds it (never for a sensitive report); else null.
 */
export async function movedAwayText(deps: BotDeps, tx: StoreTx, actor: Actor, r: CitizenRequest): Promise<string | null> {
  const { locale } = deps.messages;
  if (actor.role === 'household' || r.sensitive || r.queue.kind === 'supervisor' || !actor.areaCode || !deps.tree.isWithin(r.areaCode, actor.areaCode)) return null;
  const holder = r.assigneeId ? await tx.people.nameOf(r.assigneeId) : null;
  return t('show.movedAway', {
    id: r.id, category: categoryName(r, locale), status: statusName(r.status, locale), queue: queueName(r.queue, deps.tree, deps.departments),
    holder: holder ? t('show.holder', { name: holder }, locale) : '',
  }, locale);
}

/** The place as said (phones masked) with the area it resolved to: `3组王家门口(王家村1-3组网格)`; null when none. */
export function describePlace(deps: BotDeps, r: CitizenRequest): string | null {
  const area = r.placeArea ? deps.tree.get(r.placeArea) : undefined;
  return r.place ? maskPhones(r.place) + (area ? `(${area.name})` : '') : null;
}

/** One timeline entry in words — when, who, what (→ which queue), the note with phones masked — for the chat and the console. */
export function describeEvent(deps: BotDeps, e: TimelineEntry, hideNote: boolean): { at: string; actor: string; event: string; note: string } {
  const { locale, timeZone } = deps.messages;
  const to = e.toQueue ? parseQueueKey(e.toQueue) : null;
  const note = e.type === 'rated' && e.note ? t(`rating.${e.note}` as TextId, {}, locale) : e.note;
  return {
    at: formatTime(e.at, timeZone), actor: e.actorName ?? '',
    event: t(`event.${e.type as RequestEventType}` as TextId, {}, locale) + (to ? ` → ${queueName(to, deps.tree, deps.departments)}` : ''),
    note: note && !hideNote ? maskPhones(note) : '',
  };
}

/** A one-line summary safe for any chat: personal numbers masked before cutting, nothing of a sensitive report. */
export function safeSummary(r: CitizenRequest, max = 40): string {
  return r.sensitive ? '' : summarize(r.detail, max);
}
