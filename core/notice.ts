/**
 * 上情下达: notices from admins and dispatchers to every household group of a subtree.
 * Pure parts: reading `通知 <范围> <内容> [定时 …] [需回执]`, resolving the scope against the
 * area tree, the text each channel shows, and the delivery estimate at the channels' limits.
 */
import type { Area, Channel } from './model';
import type { OrgTree } from './org-tree';
import { localMidnight } from './time-format';

export interface NoticeDraft {
  scope: string[];
  text: string;
  /** Local date and time `YYYY-MM-DD HH:mm`, when the notice is scheduled. */
  scheduledLocal: string | null;
  requiresAck: boolean;
}

const SCHEDULE = /(?:^|\s)定时[:：\s]*(\d{4}-\d{1,2}-\d{1,2})[\sT]+(\d{1,2}:\d{2})(?=\s|$)/;
const ACK = /(?:^|\s)(需回执|需要回执|请回执)(?=\s|$)/;

/** Splits the command's text into scope, content and options; null when scope or content is missing. */
export function parseNoticeArgs(raw: string): NoticeDraft | null {
  let text = raw.trim();
  const schedule = SCHEDULE.exec(text);
  if (schedule) text = text.replace(schedule[0], ' ');
  const ack = ACK.test(text);
  if (ack) text = text.replace(ACK, ' ');
  const m = /^(\S+)\s+([\s\S]+)$/.exec(text.trim());
  if (!m) return null;
  const scope = m[1].split(/[、,，;；]+/).filter(Boolean);
  const scheduledLocal = schedule ? `${normalizeDate(schedule[1])} ${schedule[2].padStart(5, '0')}` : null;
  return { scope, text: m[2].trim(), scheduledLocal, requiresAck: ack };
}

function normalizeDate(d: string): string {
  const [y, mo, da] = d.split('-');
  return `${y}-${mo.padStart(2, '0')}-${da.padStart(2, '0')}`;
}

/** The instant of a local `YYYY-MM-DD HH:mm` in `timeZone`; null when it is not a real date. */
export function localToInstant(local: string, timeZone: string): number | null {
  const m = /^(\d{4})-(\d{2})-(\d{2}) (\d{2}):(\d{2})$/.exec(local);
  if (!m) return null;
  const [y, mo, d, h, mi] = m.slice(1).map(Number);
  if (mo < 1 || mo > 12 || d < 1 || d > 31 || h > 23 || mi > 59) return null;
  return localMidnight(y, mo, d, timeZone) + (h * 60 + mi) * 60_000;
}

const SUFFIX = /(县|街道|镇|乡|社区|村|网格)$/;

/**
 * Resolves scope words to areas: a code, a name, an alias, a name without its suffix
 * (`城关` → 城关街道), or 全县 for the county. Returns the unknown words when any.
 */
export function resolveScope(words: string[], tree: OrgTree): { ok: true; areas: Area[] } | { ok: false; unknown: string[] } {
  const all = tree.all();
  const found: Area[] = [];
  const unknown: string[] = [];
  for (const word of words) {
    const w = word.trim();
    const matches = w === '全县' || w === '全市' ? all.filter((a) => a.parent === null)
      : all.filter((a) => a.code === w || a.name === w || a.aliases?.includes(w) || a.name.replace(SUFFIX, '') === w);
    if (matches.length === 0) unknown.push(w);
    found.push(...matches);
  }
  return unknown.length ? { ok: false, unknown } : { ok: true, areas: [...new Map(found.map((a) => [a.code, a])).values()] };
}

/** The notice as households see it: number, issuing unit, text, and how to acknowledge. */
export function noticeBody(id: number, unit: string, text: string, requiresAck: boolean): string {
  return `【通知 #${id}】${unit}\n${text}${requiresAck ? '\n\n请回复"收到"确认已阅。' : ''}`;
}

/** Messages per second each channel can take for distinct groups (CHANNELS.md). */
export const CHANNEL_RATES: Record<Channel, number> = { telegram: 30, wecom: 30, web: 100, open311: 100, webhook: 100, api: 100 };

/** Whether a channel lets minhu delete a message it sent to a group (recalling a notice). */
export const CAN_DELETE_SENT: Record<Channel, boolean> = { telegram: true, wecom: false, web: true, open311: false, webhook: false, api: false };

/** Seconds to deliver `groups` per channel at the channels' limits (channels send in parallel). */
export function estimateSeconds(groups: Partial<Record<Channel, number>>, rates: Record<Channel, number> = CHANNEL_RATES): number {
  return Math.ceil(Math.max(0, ...Object.entries(groups).map(([c, n]) => (n ?? 0) / rates[c as Channel])));
}
