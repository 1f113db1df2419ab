/**
 * Visit records (接访记录 / 下访记录 / 回访记录): who came (a booking `B12`, or a name), what they
 * raised, the outcome, and the request it leads to — `诉求 12` (or `#12`) links an existing one,
 * `新建` registers the matter as a 信访事项 received in person (来访) in the unit that received it.
 * A lawyer's session records as 律师接待. The household who booked hears the outcome.
 */
import { classifyByKeywords } from '../../core/categories';
import type { Actor, InboundMessage, OutboundMessage } from '../../core/model';
import { submitRequest } from '../../core/request-lifecycle';
import { limitsFor } from '../../core/sla-policy';
import { t, type TextId } from '../../core/texts';
import { replyTo, type BotDeps } from '../deps';
import type { Changes, StoreTx } from '../ports';
import { convertToPetition } from './petition-track';

export interface ParsedVisit {
  who: string;
  matter: string;
  outcome: string;
  link: { kind: 'existing'; id: number } | { kind: 'new' } | null;
}

/** Reads `B3 反映工资被拖欠 结果：已联系人社局 新建`. */
export function parseVisit(text: string): ParsedVisit | null {
  const m = /^(\S+)\s+([\s\S]+?)\s*结果\s*[:：]?\s*([\s\S]+)$/.exec(text.trim());
  if (!m) return null;
  let outcome = m[3].trim();
  let link: ParsedVisit['link'] = null;
  const existing = /\s*(?:诉求\s*#?|#)(\d{1,15})\s*$/.exec(outcome);
  if (existing) {
    link = { kind: 'existing', id: Number(existing[1]) };
    outcome = outcome.slice(0, existing.index).trim();
  } else if (/\s*新建\s*$/.test(outcome)) {
    link = { kind: 'new' };
    outcome = outcome.replace(/\s*新建\s*$/, '').trim();
  }
  return outcome ? { who: m[1], matter: m[2].trim(), outcome, link } : null;
}

/** Records a visit of `kind` by `actor`. */
export async function recordVisit(deps: BotDeps, tx: StoreTx, msg: InboundMessage, actor: Actor, kind: 'reception' | 'down' | 'return', text: string, changes: Changes): Promise<OutboundMessage[]> {
  const { locale } = deps.messages;
  const parsed = parseVisit(text);
  if (!parsed) return [replyTo(msg, t('visit.usage', {}, locale))];
  const now = deps.clock.now();
  const bookingNo = /^B(\d{1,9})$/i.exec(parsed.who);
  const booking = bookingNo ? await tx.reception.booking(Number(bookingNo[1])) : null;
  if (bookingNo && !booking) return [replyTo(msg, t('visit.noBooking', { booking: parsed.who }, locale))];
  const unit = booking?.session.unit ?? actor.areaCode ?? '';
  const visitKind = booking?.session.kind === 'lawyer' && kind === 'reception' ? 'lawyer' : kind;
  let requestId: number | null = null;
  let linkText = '';
  if (parsed.link?.kind === 'existing') {
    const request = await tx.requests.get(parsed.link.id);
    if (!request) return [replyTo(msg, t('error.REQUEST.NOT_FOUND.staff', { id: parsed.link.id }, locale))];
    requestId = request.id;
    linkText = t('visit.link.linked', { id: request.id }, locale);
    changes.events.push({ requestId: request.id, type: 'visit_recorded', at: now, actorId: actor.personId, fromStatus: request.status, toStatus: request.status, note: `${t(`visit.kind.${visitKind}` as TextId, {}, locale)}：${parsed.outcome}` });
  } else if (parsed.link?.kind === 'new') {
    if (!booking) return [replyTo(msg, t('visit.needBooking', {}, locale))];
    const reporter = { personId: booking.personId };
    const area = (await tx.petitions.homeArea(reporter.personId)) ?? unit;
    const category = classifyByKeywords(parsed.matter).category;
    const id = await tx.requests.nextId();
    const created = submitRequest({
      id, category, areaCode: area, queue: { kind: 'area', code: unit }, place: null, detail: parsed.matter, phone: null, photos: [], sensitive: false,
      reporterId: booking.personId, origin: { channel: booking.channel, chatId: booking.chatId, userId: booking.userId, name: booking.name },
    }, now, limitsFor(deps.sla, category));
    // Written at once: the petition row refers to it (its track is updated with the rest).
    await tx.write({ created: [created.request], updated: [], events: created.events, messages: [] });
    await convertToPetition(deps, tx, created.request, actor.personId, '来访', changes, 'visit');
    changes.events.push({ requestId: id, type: 'visit_recorded', at: now, actorId: actor.personId, fromStatus: 'submitted', toStatus: 'submitted', note: parsed.outcome });
    requestId = id;
    linkText = t('visit.link.created', { id }, locale);
  }
  const visit = await tx.reception.recordVisit({
    kind: visitKind, unit, hostId: actor.personId, hostName: actor.name, bookingId: booking?.id ?? null, personId: booking?.personId ?? null,
    petitioner: booking?.name ?? parsed.who, matter: parsed.matter, outcome: parsed.outcome, requestId, at: now,
  });
  const out = [replyTo(msg, t('visit.recorded', { kind: t(`visit.kind.${visitKind}` as TextId, {}, locale), visit, who: booking?.name ?? parsed.who, outcome: parsed.outcome, link: linkText }, locale))];
  if (booking) out.push({ channel: booking.channel, chatId: booking.chatId, text: t('visit.household', { host: actor.name, outcome: parsed.outcome, link: linkText }, locale), mention: booking.chatId === booking.userId ? undefined : { userId: booking.userId, name: booking.name } });
  return out;
}
