/**
 * 重点积案 (issue 18): `列为积案 N` by the county; `积案 N 包案|专班|方案|督办|卷宗 …` fills the
 * 五个一; `挂牌督办 N 天数` puts it under the supervising leader with a deadline — the petition
 * tick reminds them weekly until it is closed (化解 or 息访). `积案 N` alone shows the case.
 */
import { dossierGaps, missingItems, newBacklog } from '../../core/petitions/backlog';
import type { Petition } from '../../core/petitions/petition';
import type { Actor, CitizenRequest, InboundMessage, OutboundMessage } from '../../core/model';
import { categoryName } from '../../core/request-messages';
import { t, type TextId } from '../../core/texts';
import { formatTime } from '../../core/time-format';
import { replyTo, type BotDeps } from '../deps';
import { safeSummary } from '../desk/views';
import { privateChat } from '../notify/notify';
import type { Changes, StoreTx } from '../ports';
import { savePetition } from './petition-track';

const DAY = 86_400_000;
const HANDLING = new Set(['claimed', 'answered', 'resolved', 'petition_accepted', 'petition_answered', 'visit_recorded', 'mediation_started', 'mediation_outcome']);

function missingText(deps: BotDeps, p: Petition): string {
  const { locale } = deps.messages;
  const items = missingItems(p.backlog!);
  return items.length ? t('backlog.missing', { items: items.map((i) => t(`backlog.item.${i}` as TextId, {}, locale)).join('、') }, locale) : t('backlog.complete', {}, locale);
}

function event(request: CitizenRequest, type: 'backlog_listed' | 'backlog_updated' | 'backlog_supervised', at: number, actorId: number, note: string | null) {
  return { requestId: request.id, type, at, actorId, fromStatus: request.status, toStatus: request.status, note };
}

/** `列为积案 N`. */
export async function listBacklog(deps: BotDeps, tx: StoreTx, msg: InboundMessage, actor: Actor, request: CitizenRequest, petition: Petition, changes: Changes): Promise<OutboundMessage[]> {
  if (petition.backlog) return [replyTo(msg, showBacklog(deps, petition))];
  const now = deps.clock.now();
  const p: Petition = { ...petition, backlog: newBacklog(now, actor.personId) };
  await savePetition(deps, tx, p, request);
  changes.events.push(event(request, 'backlog_listed', now, actor.personId, null));
  return [replyTo(msg, t('backlog.listed', { id: request.id, missing: missingText(deps, p) }, deps.messages.locale))];
}

/** The case as text: the 五个一 and the supervision. */
export function showBacklog(deps: BotDeps, p: Petition): string {
  const { locale, timeZone } = deps.messages;
  const b = p.backlog!;
  const none = t('backlog.none', {}, locale);
  return t('backlog.show', {
    leader: b.leader?.name ?? none, taskForce: b.taskForce.join('、') || none, supervisor: b.supervisor?.name ?? none, plan: b.plan ?? none,
    supervised: b.supervisedDueAt ? t('backlog.show.supervised', { due: formatTime(b.supervisedDueAt, timeZone) }, locale) : '', status: missingText(deps, p),
  }, locale);
}

/** `积案 N 包案 李县长` / `专班 张三、李四` / `方案 …` / `督办 王书记` / `卷宗`; `积案 N` shows it. */
export async function updateBacklog(deps: BotDeps, tx: StoreTx, msg: InboundMessage, actor: Actor, request: CitizenRequest, petition: Petition, text: string, changes: Changes): Promise<OutboundMessage[]> {
  const { locale } = deps.messages;
  if (!petition.backlog) return [replyTo(msg, t('backlog.notBacklog', { id: request.id }, locale))];
  if (!text.trim()) return [replyTo(msg, showBacklog(deps, petition))];
  const m = /^(包案领导|包案|专班|工作专班|方案|化解方案|督办领导|督办|卷宗)\s*[:：]?\s*([\s\S]*)$/.exec(text.trim());
  if (!m) return [replyTo(msg, t('backlog.usage', {}, locale))];
  const now = deps.clock.now();
  const b = { ...petition.backlog };
  const value = m[2].trim();
  const field = m[1];
  if (field.startsWith('包案') || field.startsWith('督办')) {
    const person = value ? await tx.people.findStaffByName(value) : null;
    if (!person) return [replyTo(msg, t('error.PERSON.NOT_FOUND', { name: value }, locale))];
    if (field.startsWith('包案')) b.leader = { personId: person.personId, name: person.name };
    else b.supervisor = { personId: person.personId, name: person.name };
  } else if (field.includes('专班')) {
    const names = value.split(/[、,，\s]+/).filter(Boolean);
    if (names.length === 0) return [replyTo(msg, t('backlog.usage', {}, locale))];
    b.taskForce = names;
  } else if (field.includes('方案')) {
    if (!value) return [replyTo(msg, t('backlog.usage', {}, locale))];
    b.plan = value.slice(0, 2000);
  } else {
    // 卷宗: checked complete only when the acceptance notice and a handling record are there.
    const docs = await tx.petitions.documents(request.id);
    const timeline = await tx.requests.timeline(request.id);
    const gaps = dossierGaps({ acceptNotice: docs.some((d) => d.kind === 'accept'), handlingSteps: timeline.filter((e) => HANDLING.has(e.type)).length });
    if (gaps.length) return [replyTo(msg, t('backlog.dossierIncomplete', { missing: gaps.map((g) => t(`backlog.dossier.${g}` as TextId, {}, locale)).join('、') }, locale))];
    b.dossierCheckedAt = now;
  }
  const p: Petition = { ...petition, backlog: b };
  await savePetition(deps, tx, p, request);
  changes.events.push(event(request, 'backlog_updated', now, actor.personId, `${field} ${value}`.trim()));
  return [replyTo(msg, t('backlog.updated', { id: request.id, missing: missingText(deps, p) }, locale))];
}

/** `挂牌督办 N 天数`: the supervising leader gets the case privately, then weekly reminders until it closes. */
export async function superviseBacklog(deps: BotDeps, tx: StoreTx, msg: InboundMessage, actor: Actor, request: CitizenRequest, petition: Petition, text: string, changes: Changes): Promise<OutboundMessage[]> {
  const { locale, timeZone } = deps.messages;
  const b = petition.backlog;
  if (!b) return [replyTo(msg, t('backlog.notBacklog', { id: request.id }, locale))];
  if (!b.supervisor) return [replyTo(msg, t('backlog.needSupervisor', { id: request.id }, locale))];
  const days = Number(/(\d+)/.exec(text)?.[1] ?? NaN);
  if (!(days > 0 && days <= 3650)) return [replyTo(msg, t('error.COMMAND.MISSING_NUMBER', { example: '挂牌督办 12 60' }, locale))];
  const now = deps.clock.now();
  const p: Petition = { ...petition, backlog: { ...b, supervisedAt: now, supervisedDueAt: now + days * DAY } };
  await savePetition(deps, tx, p, request);
  const due = formatTime(p.backlog!.supervisedDueAt!, timeZone);
  changes.events.push(event(request, 'backlog_supervised', now, actor.personId, `${b.supervisor.name} ${due}`));
  const contacts = await tx.people.contactsOf([b.supervisor.personId]);
  const toLeader = t('backlog.supervised.leader', { id: request.id, category: categoryName(request, locale), summary: safeSummary(request), leader: b.leader?.name ?? t('backlog.none', {}, locale), due }, locale);
  return [
    replyTo(msg, t('backlog.supervised', { id: request.id, supervisor: b.supervisor.name, due }, locale)),
    ...contacts.map((c) => ({ ...privateChat(c), text: toLeader, dedupeKey: `petition:${request.id}:supervise:${now}:start@${c.channel}:${c.externalId}` })),
  ];
}
