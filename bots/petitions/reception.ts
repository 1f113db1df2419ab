/**
 * Booking a reception (预约接访): the sessions of the household's township and county in the next
 * two weeks, numbered (buttons on Telegram); `预约接访 N` books the N-th — capacity is held by a
 * row lock, so two households never take the last place twice; `取消预约` cancels. Staff see who
 * booked with `接访名单 [日期]`.
 */
import type { Actor, InboundMessage, OutboundMessage } from '../../core/model';
import { clockOf, sessionsAhead, shortDate, weekdayName, localDate } from '../../core/petitions/reception';
import { t } from '../../core/texts';
import { replyTo, type BotDeps } from '../deps';
import type { StoreTx } from '../ports';
import type { ReceptionBooking, ReceptionSession } from '../ports/reception';

const DAYS_AHEAD = 14;

/** The units whose receptions a person may book: the areas above them that have a rota. */
function unitsFor(deps: BotDeps, areaCode: string | null): string[] {
  const withRota = new Set(deps.petitions.rota.map((r) => r.unit));
  if (!areaCode) return [...withRota];
  return deps.tree.ancestors(areaCode).map((a) => a.code).filter((c) => withRota.has(c));
}

/** The sessions a person can choose from now, in order (the numbers of `预约接访 N`). */
export async function openSessions(deps: BotDeps, tx: StoreTx, areaCode: string | null): Promise<ReceptionSession[]> {
  const plans = sessionsAhead(deps.petitions.rota, unitsFor(deps, areaCode), deps.clock.now(), deps.messages.timeZone, DAYS_AHEAD);
  return tx.reception.ensureSessions(plans);
}

function sessionWords(deps: BotDeps, s: ReceptionSession) {
  const { timeZone, locale } = deps.messages;
  return {
    date: shortDate(s.day), weekday: weekdayName(s.weekday), from: clockOf(s.startsAt, timeZone), to: clockOf(s.endsAt, timeZone),
    unit: deps.tree.get(s.unit)?.name ?? s.unit, host: s.host, place: s.place ?? t('reception.place', {}, locale),
  };
}

/** `预约接访` lists; `预约接访 N` books the N-th of the list. */
export async function bookReception(deps: BotDeps, tx: StoreTx, msg: InboundMessage, actor: Actor, filter: string): Promise<OutboundMessage[]> {
  const { locale } = deps.messages;
  const sessions = await openSessions(deps, tx, actor.areaCode);
  if (sessions.length === 0) return [replyTo(msg, t('reception.none', {}, locale))];
  const n = Number(/^\d+$/.exec(filter.trim())?.[0] ?? NaN);
  if (!filter.trim()) {
    const lines = sessions.map((s, i) => t('reception.line', { n: i + 1, ...sessionWords(deps, s), kind: s.kind === 'lawyer' ? t('reception.kind.lawyer', {}, locale) : '', left: Math.max(0, s.capacity - s.booked) }, locale));
    const buttons = sessions.slice(0, 6).map((s, i) => [{ label: `${i + 1}. ${shortDate(s.day)} ${s.host}`, data: `book:${i + 1}` }]);
    return [replyTo(msg, t('reception.list', { lines: lines.join('\n') }, locale), { buttons })];
  }
  const session = sessions[n - 1];
  if (!session) return [replyTo(msg, t('reception.badChoice', {}, locale))];
  const booked = await tx.reception.book(session.id, { personId: actor.personId, channel: msg.channel, chatId: msg.chatId, userId: msg.senderId, name: actor.name });
  if (!booked.ok) {
    if (booked.error === 'already') return [replyTo(msg, t('reception.already', { date: shortDate(session.day), from: clockOf(session.startsAt, deps.messages.timeZone) }, locale))];
    return [replyTo(msg, t(booked.error === 'full' ? 'reception.full' : 'reception.badChoice', {}, locale))];
  }
  return [replyTo(msg, `${t('reception.booked', sessionWords(deps, booked.booking.session), locale)}（${t('reception.bookingNo', { booking: `B${booked.booking.id}` }, locale)}）`)];
}

/** `取消预约`: the person's next booking. */
export async function cancelBooking(deps: BotDeps, tx: StoreTx, msg: InboundMessage, actor: Actor): Promise<OutboundMessage[]> {
  const { locale, timeZone } = deps.messages;
  const [next] = await tx.reception.bookingsOf(actor.personId, deps.clock.now());
  if (!next) return [replyTo(msg, t('reception.noBooking', {}, locale))];
  await tx.reception.cancel(next.id, deps.clock.now());
  return [replyTo(msg, t('reception.cancelled', { date: shortDate(next.session.day), from: clockOf(next.session.startsAt, timeZone) }, locale))];
}

/** `接访名单 [YYYY-MM-DD]`: who booked the receptions of the staff member's area on a day (default today). */
export async function receptionList(deps: BotDeps, tx: StoreTx, msg: InboundMessage, actor: Actor, filter: string): Promise<OutboundMessage[]> {
  const { locale, timeZone } = deps.messages;
  const today = localDate(deps.clock.now(), timeZone);
  const day = /^\d{4}-\d{2}-\d{2}$/.test(filter.trim()) ? filter.trim() : `${today.y}-${String(today.m).padStart(2, '0')}-${String(today.d).padStart(2, '0')}`;
  const units = deps.petitions.rota.map((r) => r.unit).filter((u) => actor.areaCode !== null && deps.tree.isWithin(u, actor.areaCode));
  const bookings = await tx.reception.bookingsOn([...new Set(units)], day);
  if (bookings.length === 0) return [replyTo(msg, t('reception.staffNone', { date: shortDate(day) }, locale))];
  const bySession = new Map<number, ReceptionBooking[]>();
  for (const b of bookings) bySession.set(b.session.id, [...(bySession.get(b.session.id) ?? []), b]);
  const parts = [...bySession.values()].map((list) => {
    const s = list[0].session;
    return t('reception.staffList', { date: shortDate(s.day), unit: deps.tree.get(s.unit)?.name ?? s.unit, host: s.host, count: list.length, lines: list.map((b) => t('reception.staffLine', { booking: `B${b.id}`, name: b.name }, locale)).join('\n') }, locale);
  });
  return [replyTo(msg, parts.join('\n'))];
}

export { sessionWords };
