/**
 * Reception days (接访日) and lawyers on duty from the rota: the sessions of the coming days,
 * each with its local date, weekday and start/end instants. Pure: today and the time zone are
 * arguments.
 */
import { localMidnight } from '../time-format';
import type { ReceptionRota } from './settings';

/** A session of the rota on a day. */
export interface SessionPlan {
  unit: string;
  day: string;
  weekday: number;
  kind: 'leader' | 'lawyer';
  host: string;
  startsAt: number;
  endsAt: number;
  capacity: number;
  place: string | null;
}

const WEEKDAYS = ['', '周一', '周二', '周三', '周四', '周五', '周六', '周日'];

/** `周一` … `周日` for 1 … 7. */
export const weekdayName = (weekday: number): string => WEEKDAYS[weekday] ?? '';

/** The local calendar date (y, m, d, weekday 1–7) of an instant. */
export function localDate(ms: number, timeZone: string): { y: number; m: number; d: number; weekday: number } {
  const p = Object.fromEntries(new Intl.DateTimeFormat('en-US', { timeZone, year: 'numeric', month: 'numeric', day: 'numeric', weekday: 'short' }).formatToParts(new Date(ms)).map((x) => [x.type, x.value]));
  const weekday = ['Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat', 'Sun'].indexOf(p.weekday) + 1;
  return { y: Number(p.year), m: Number(p.month), d: Number(p.day), weekday };
}

const at = (midnight: number, hhmm: string) => midnight + (Number(hhmm.slice(0, 2)) * 60 + Number(hhmm.slice(3, 5))) * 60_000;

/**
 * The sessions of `units` on the `days` local days starting with the one `fromDays` after `now`'s
 * (0: today), in time order; sessions already over at `now` are left out.
 */
export function sessionsAhead(rota: readonly ReceptionRota[], units: readonly string[], now: number, timeZone: string, days: number, fromDays = 0): SessionPlan[] {
  const today = localDate(now, timeZone);
  const out: SessionPlan[] = [];
  for (let i = fromDays; i < fromDays + days; i++) {
    const midnight = localMidnight(today.y, today.m, today.d + i, timeZone);
    const date = localDate(midnight + 12 * 3_600_000, timeZone);
    const day = `${date.y}-${String(date.m).padStart(2, '0')}-${String(date.d).padStart(2, '0')}`;
    for (const r of rota) {
      if (r.weekday !== date.weekday || !units.includes(r.unit)) continue;
      const plan: SessionPlan = { unit: r.unit, day, weekday: date.weekday, kind: r.kind, host: r.host, startsAt: at(midnight, r.from), endsAt: at(midnight, r.to), capacity: r.capacity, place: r.place ?? null };
      if (plan.endsAt > now) out.push(plan);
    }
  }
  return out.sort((a, b) => a.startsAt - b.startsAt || a.unit.localeCompare(b.unit));
}

/** `11月30日`. */
export function shortDate(day: string): string {
  const [, m, d] = day.split('-').map(Number);
  return `${m}月${d}日`;
}

/** `09:00` of an instant in `timeZone`. */
export function clockOf(ms: number, timeZone: string): string {
  const p = Object.fromEntries(new Intl.DateTimeFormat('en-US', { timeZone, hour: '2-digit', minute: '2-digit', hourCycle: 'h23' }).formatToParts(new Date(ms)).map((x) => [x.type, x.value]));
  return `${p.hour}:${p.minute}`;
}
