/** Formats instants for people, in the deployment's time zone (Intl only: pure). */

const formatters = new Map<string, Intl.DateTimeFormat>();

/** `11-25 09:30` in `timeZone` (default Asia/Shanghai). */
export function formatTime(ms: number, timeZone = 'Asia/Shanghai'): string {
  let f = formatters.get(timeZone);
  if (!f) {
    f = new Intl.DateTimeFormat('zh-CN', { timeZone, month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit', hour12: false });
    formatters.set(timeZone, f);
  }
  const parts = Object.fromEntries(f.formatToParts(new Date(ms)).map((p) => [p.type, p.value]));
  return `${parts.month}-${parts.day} ${parts.hour === '24' ? '00' : parts.hour}:${parts.minute}`;
}

/** Offset of `timeZone` from UTC at instant `ms`, in milliseconds. */
function offsetAt(ms: number, timeZone: string): number {
  const f = new Intl.DateTimeFormat('en-US', { timeZone, hourCycle: 'h23', year: 'numeric', month: 'numeric', day: 'numeric', hour: 'numeric', minute: 'numeric', second: 'numeric' });
  const p = Object.fromEntries(f.formatToParts(new Date(ms)).map((x) => [x.type, Number(x.value)]));
  return Date.UTC(p.year, p.month - 1, p.day, p.hour, p.minute, p.second) - Math.floor(ms / 1000) * 1000;
}

/** The instant of local midnight on year-month-day in `timeZone`. */
export function localMidnight(year: number, month: number, day: number, timeZone: string): number {
  const guess = Date.UTC(year, month - 1, day);
  const first = guess - offsetAt(guess, timeZone);
  return guess - offsetAt(first, timeZone);
}

/** `[start, end)` of a month `YYYY-MM` in `timeZone`. */
export function monthRange(month: string, timeZone: string): [number, number] {
  const [y, m] = month.split('-').map(Number);
  return [localMidnight(y, m, 1, timeZone), m === 12 ? localMidnight(y + 1, 1, 1, timeZone) : localMidnight(y, m + 1, 1, timeZone)];
}

/** The month `YYYY-MM` of an instant, and the one before it. */
export function monthOf(ms: number, timeZone: string, back = 0): string {
  const p = Object.fromEntries(new Intl.DateTimeFormat('en-US', { timeZone, year: 'numeric', month: 'numeric' }).formatToParts(new Date(ms)).map((x) => [x.type, Number(x.value)]));
  const index = p.year * 12 + (p.month - 1) - back;
  return `${Math.floor(index / 12)}-${String((index % 12) + 1).padStart(2, '0')}`;
}

/** `[start, end)` of the local day containing `ms`. */
export function dayRange(ms: number, timeZone: string): [number, number] {
  const p = Object.fromEntries(new Intl.DateTimeFormat('en-US', { timeZone, year: 'numeric', month: 'numeric', day: 'numeric' }).formatToParts(new Date(ms)).map((x) => [x.type, Number(x.value)]));
  const start = localMidnight(p.year, p.month, p.day, timeZone);
  return [start, start + 86_400_000];
}
