/** Issue 18 — the reception port on PostgreSQL: sessions, bookings under a row lock, visit records. */
import { sql } from 'drizzle-orm';
import type { Channel } from '../../core/model';
import type { ReceptionBooking, ReceptionPort, ReceptionSession } from '../../bots/ports/reception';
import { toStorable, toStorableText } from '../../core/text-cut';
import type { Tx } from './requests.repository';
import { rowsOf } from './sql-helpers';

type Raw = Record<string, unknown>;
const time = (v: unknown) => new Date(v as string).getTime();

function toSession(r: Raw): ReceptionSession {
  const startsAt = time(r.starts_at);
  return {
    id: Number(r.id), unit: String(r.unit), day: String(r.day), weekday: new Date(`${r.day}T12:00:00Z`).getUTCDay() || 7, kind: r.kind as 'leader' | 'lawyer', host: String(r.host),
    startsAt, endsAt: time(r.ends_at), capacity: Number(r.capacity), place: (r.place as string | null) ?? null, booked: Number(r.booked ?? 0), noticeId: r.notice_id === null || r.notice_id === undefined ? null : Number(r.notice_id),
  };
}

const SESSION_COLUMNS = sql`s.id, s.unit, s.day, s.kind, s.host, s.starts_at, s.ends_at, s.capacity, s.place, s.notice_id,
  (select count(*) from reception_bookings b where b.session_id = s.id and b.status <> 'cancelled')::int as booked`;

function toBooking(r: Raw): ReceptionBooking {
  return {
    id: Number(r.booking_id), session: toSession(r), personId: Number(r.person_id), channel: r.channel as Channel, chatId: String(r.chat_id), userId: String(r.user_id), name: String(r.name),
    status: r.status as ReceptionBooking['status'],
  };
}

const BOOKING_SELECT = sql`select b.id as booking_id, b.person_id, b.channel, b.chat_id, b.user_id, b.name, b.status, ${SESSION_COLUMNS}
  from reception_bookings b join reception_sessions s on s.id = b.session_id`;

/** Creates the reception port inside `tx`. */
export function createReceptionRepository(tx: Tx): ReceptionPort {
  const q = async (query: ReturnType<typeof sql>) => rowsOf<Raw>(await tx.execute(query));
  return {
    async ensureSessions(plans) {
      if (plans.length === 0) return [];
      const values = sql.join(plans.map((p) => sql`(${p.unit}, ${p.day}, ${p.kind}, ${p.host}, ${new Date(p.startsAt)}::timestamptz, ${new Date(p.endsAt)}::timestamptz, ${p.capacity}::int, ${p.place})`), sql`, `);
      await tx.execute(sql`insert into reception_sessions (unit, day, kind, host, starts_at, ends_at, capacity, place) values ${values}
        on conflict (unit, day, kind, host, starts_at) do update set capacity = excluded.capacity, ends_at = excluded.ends_at, place = excluded.place
        where (reception_sessions.capacity, reception_sessions.ends_at, reception_sessions.place) is distinct from (excluded.capacity, excluded.ends_at, excluded.place)`);
      const keys = sql.join(plans.map((p) => sql`(${p.unit}, ${p.day}, ${p.kind}, ${p.host}, ${new Date(p.startsAt)}::timestamptz)`), sql`, `);
      const rows = await q(sql`select ${SESSION_COLUMNS} from reception_sessions s where (s.unit, s.day, s.kind, s.host, s.starts_at) in (${keys}) order by s.starts_at, s.unit, s.id`);
      return rows.map(toSession);
    },
    async book(sessionId, who) {
      const [session] = await q(sql`select id, capacity, ends_at from reception_sessions where id = ${sessionId} for update`);
      if (!session) return { ok: false, error: 'gone' };
      const [mine] = await q(sql`select id from reception_bookings where session_id = ${sessionId} and person_id = ${who.personId} and status = 'booked'`);
      if (mine) return { ok: false, error: 'already' };
      const [{ n }] = await q(sql`select count(*)::int as n from reception_bookings where session_id = ${sessionId} and status <> 'cancelled'`);
      if (Number(n) >= Number(session.capacity)) return { ok: false, error: 'full' };
      const [row] = await q(sql`insert into reception_bookings (session_id, person_id, channel, chat_id, user_id, name)
        values (${sessionId}, ${who.personId}, ${who.channel}, ${toStorableText(who.chatId)}, ${toStorableText(who.userId)}, ${toStorableText(who.name)}) returning id`);
      const [booking] = await q(sql`${BOOKING_SELECT} where b.id = ${Number(row.id)}`);
      return { ok: true, booking: toBooking(booking) };
    },
    async bookingsOf(personId, now) {
      return (await q(sql`${BOOKING_SELECT} where b.person_id = ${personId} and b.status = 'booked' and s.ends_at > ${new Date(now)} order by s.starts_at`)).map(toBooking);
    },
    async cancel(bookingId, now) {
      await tx.execute(sql`update reception_bookings set status = 'cancelled', cancelled_at = ${new Date(now)} where id = ${bookingId} and status = 'booked'`);
    },
    async booking(id) {
      const [row] = await q(sql`${BOOKING_SELECT} where b.id = ${id}`);
      return row ? toBooking(row) : null;
    },
    async bookingsStarting(from, to) {
      return (await q(sql`${BOOKING_SELECT} where b.status = 'booked' and s.starts_at >= ${new Date(from)} and s.starts_at < ${new Date(to)} order by b.id`)).map(toBooking);
    },
    async unannounced(from, to) {
      const rows = await q(sql`select ${SESSION_COLUMNS} from reception_sessions s where s.notice_id is null and s.starts_at >= ${new Date(from)} and s.starts_at < ${new Date(to)} order by s.starts_at, s.id for update of s skip locked`);
      return rows.map(toSession);
    },
    async setNotice(sessionId, noticeId) {
      await tx.execute(sql`update reception_sessions set notice_id = ${noticeId} where id = ${sessionId}`);
    },
    async bookingsOn(units, day) {
      if (units.length === 0) return [];
      return (await q(sql`${BOOKING_SELECT} where s.day = ${day} and s.unit in (${sql.join(units.map((u) => sql`${u}`), sql`, `)}) and b.status <> 'cancelled' order by s.starts_at, b.id`)).map(toBooking);
    },
    async recordVisit(v) {
      const r = toStorable(v);
      const [row] = await q(sql`insert into visits (kind, unit, host_id, host_name, booking_id, person_id, petitioner, matter, outcome, request_id, at)
        values (${r.kind}, ${r.unit}, ${r.hostId}, ${r.hostName}, ${r.bookingId}, ${r.personId}, ${r.petitioner}, ${r.matter}, ${r.outcome}, ${r.requestId}, ${new Date(r.at)}) returning id`);
      if (v.bookingId !== null) await tx.execute(sql`update reception_bookings set status = 'visited' where id = ${v.bookingId}`);
      return Number(row.id);
    },
    async visitCounts(units, from, to) {
      if (units.length === 0) return { visits: 0, people: 0 };
      const [row] = await q(sql`select count(*)::int as visits, count(distinct coalesce(person_id::text, petitioner))::int as people from visits
        where unit in (${sql.join(units.map((u) => sql`${u}`), sql`, `)}) and at >= ${new Date(from)} and at < ${new Date(to)}`);
      return { visits: Number(row.visits), people: Number(row.people) };
    },
  };
}
