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
