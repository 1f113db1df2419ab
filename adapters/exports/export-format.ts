/**
 * Exports (issue 19): one row per request with its timeline, in CSV (UTF-8 with BOM, Chinese
 * headers), XLSX (exceljs's streaming WorkbookWriter: rows are written and forgotten) and JSON
 * Lines (one request with its timeline per line, for archiving). Personal numbers are masked in
 * every format and no reporter is named: a file leaves minhu's permission checks behind.
 */
import type { Writable } from 'node:stream';
import ExcelJS from 'exceljs';
import { CATEGORY_NAMES } from '../../core/categories';
import type { CitizenRequest, RequestEventType } from '../../core/model';
import { locationOf } from '../../core/open311';
import { maskPersonalData } from '../../core/privacy/mask';
import { queueName } from '../../core/queue';
import { statusName } from '../../core/request-messages';
import { t, type TextId } from '../../core/texts';
import type { BotDeps } from '../../bots/deps';
import type { TimelineEntry } from '../../bots/ports';

export type ExportFormat = 'csv' | 'xlsx' | 'jsonl';

export const EXPORT_HEADERS = ['编号', '状态', '类别', '所属区域', '当前办理单位', '地点', '诉求内容', '紧急', '来源渠道', '登记时间', '认领期限', '办结期限', '认领时间', '答复时间', '办结时间', '归档时间', '评价', '重办次数', '经度', '纬度', '办理过程'];

/** Local `YYYY-MM-DD HH:mm` in a time zone, fast enough for millions of dates (offsets cached per hour). */
export function localTimeFormatter(timeZone: string): (ms: number | null) => string {
  const offsets = new Map<number, number>();
  const fmt = new Intl.DateTimeFormat('en-US', { timeZone, timeZoneName: 'longOffset' });
  return (ms) => {
    if (ms === null) return '';
    const hour = Math.floor(ms / 3_600_000);
    let offset = offsets.get(hour);
    if (offset === undefined) {
      const m = /GMT([+-])(\d{2}):(\d{2})/.exec(fmt.formatToParts(ms).find((p) => p.type === 'timeZoneName')?.value ?? '');
      offset = m ? (m[1] === '-' ? -1 : 1) * (Number(m[2]) * 60 + Number(m[3])) : 0;
      if (offsets.size > 100_000) offsets.clear();
      offsets.set(hour, offset);
    }
    return new Date(ms + offset * 60_000).toISOString().slice(0, 16).replace('T', ' ');
  };
}

/** What a row needs besides the request: names, texts and times from the deployment. */
export function createRowMapper(deps: BotDeps) {
  const { locale, timeZone } = deps.messages;
  const time = localTimeFormatter(timeZone);
  const eventName = (type: RequestEventType) => t(`event.${type}` as TextId, {}, locale);
  const queues = new Map<string, string>();
  const queue = (r: CitizenRequest) => {
    const key = `${r.queue.kind}:${r.queue.code}`;
    let name = queues.get(key);
    if (name === undefined) queues.set(key, (name = queueName(r.queue, deps.tree, deps.departments)));
    return name;
  };
  const timelineText = (timeline: readonly TimelineEntry[]) => timeline.map((e) => {
    const note = e.type === 'rated' && e.note ? t(`rating.${e.note}` as TextId, {}, locale) : e.note ? maskPersonalData(e.note) : '';
    return `${time(e.at)} ${eventName(e.type)}${e.actorName && e.type !== 'submitted' ? `（${e.actorName}）` : ''}${note ? `：${note}` : ''}`;
  }).join('\n');
  return {
    /** The cells of one request, in EXPORT_HEADERS order. */
    cells(r: CitizenRequest, timeline: readonly TimelineEntry[]): (string | number)[] {
      const geo = locationOf(r.photos);
      return [
        r.id, statusName(r.status, locale), CATEGORY_NAMES[r.category].zh, deps.tree.get(r.areaCode)?.name ?? r.areaCode, queue(r), r.place ? maskPersonalData(r.place) : '',
        maskPersonalData(r.detail), r.urgent ? '是' : '否', r.origin.channel, time(r.createdAt), time(r.claimDueAt), time(r.resolveDueAt), time(r.claimedAt), time(r.answeredAt),
        time(r.resolvedAt), time(r.closedAt), r.rating ? t(`rating.${r.rating}` as TextId, {}, locale) : '', r.reopenCount, geo?.lng ?? '', geo?.lat ?? '', timelineText(timeline),
      ];
    },
    /** One JSON Lines record: the request (numbers masked) with its whole timeline. */
    record(r: CitizenRequest, timeline: readonly TimelineEntry[]): object {
      const geo = locationOf(r.photos);
      return {
        id: r.id, status: r.status, category: r.category, area_code: r.areaCode, queue: `${r.queue.kind}:${r.queue.code}`, urgent: r.urgent, sensitive: r.sensitive,
        place: r.place === null ? null : maskPersonalData(r.place), place_area: r.placeArea, detail: maskPersonalData(r.detail), lat: geo?.lat ?? null, long: geo?.lng ?? null,
        origin_channel: r.origin.channel, households: 1 + r.coReporters.length, rating: r.rating, reopen_count: r.reopenCount,
        created_at: new Date(r.createdAt).toISOString(), claim_due_at: new Date(r.claimDueAt).toISOString(), resolve_due_at: new Date(r.resolveDueAt).toISOString(),
        claimed_at: iso(r.claimedAt), answered_at: iso(r.answeredAt), resolved_at: iso(r.resolvedAt), closed_at: iso(r.closedAt),
        timeline: timeline.map((e) => ({ type: e.type, at: new Date(e.at).toISOString(), actor: e.actorName, from_status: e.fromStatus, to_status: e.toStatus, note: e.note === null ? null : maskPersonalData(e.note), from_queue: e.fromQueue ?? null, to_queue: e.toQueue ?? null })),
      };
    },
  };
}

const iso = (ms: number | null) => (ms === null ? null : new Date(ms).toISOString());

/** A CSV field (RFC 4180): quoted when it holds a comma, quote or line break; `=`/`+`/`-`/`@` starts are defused for spreadsheets. */
export function csvField(value: string | number): string {
  let s = String(value);
  if (typeof value === 'string' && /^[=+\-@\t\r]/.test(s)) s = `'${s}`;
  return /[",\n\r]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

/** Writes to a stream, waiting for it to drain when it asks (so a slow client never fills memory). */
async function write(out: Writable, chunk: string): Promise<void> {
  if (!out.write(chunk)) await new Promise<void>((resolve, reject) => {
    const done = () => { out.off('drain', done); out.off('error', fail); out.off('close', done); resolve(); };
    const fail = (e: Error) => { out.off('drain', done); out.off('close', done); reject(e); };
    out.once('drain', done).once('close', done).once('error', fail);
  });
}

/** A writer of one format over `out`: `row` per request, then `end` (which ends `out`). */
export interface ExportWriter {
  row(r: CitizenRequest, timeline: readonly TimelineEntry[]): Promise<void>;
  end(): Promise<void>;
}

export function createExportWriter(format: ExportFormat, out: Writable, deps: BotDeps): ExportWriter {
  const map = createRowMapper(deps);
  if (format === 'jsonl') {
    return {
      row: (r, timeline) => write(out, `${JSON.stringify(map.record(r, timeline))}\n`),
      end: () => new Promise<void>((resolve) => out.end(resolve)),
    };
  }
  if (format === 'csv') {
    let started = false;
    let buffer = '';
    const flush = async () => {
      if (buffer) await write(out, buffer);
      buffer = '';
    };
    return {
      async row(r, timeline) {
        if (!started) {
          started = true;
          buffer += `\uFEFF${EXPORT_HEADERS.join(',')}\r\n`;
        }
        buffer += `${map.cells(r, timeline).map(csvField).join(',')}\r\n`;
        if (buffer.length > 64 * 1024) await flush();
      },
      async end() {
        if (!started) buffer += `\uFEFF${EXPORT_HEADERS.join(',')}\r\n`;
        await flush();
        await new Promise<void>((resolve) => out.end(resolve));
      },
    };
  }
  const workbook = new ExcelJS.stream.xlsx.WorkbookWriter({ stream: out, useStyles: false, useSharedStrings: false });
  const sheet = workbook.addWorksheet('诉求');
  sheet.columns = EXPORT_HEADERS.map((header, i) => ({ header, key: String(i), width: [8, 8, 10, 18, 18, 20, 40][i] ?? 16 }));
  let pending = 0;
  return {
    async row(r, timeline) {
      sheet.addRow(map.cells(r, timeline)).commit();
      // The zip stream writes as it goes; wait for the client now and then, as CSV does.
      if (++pending >= 500) {
        pending = 0;
        if (out.writableNeedDrain) await new Promise<void>((resolve) => { out.once('drain', resolve); out.once('close', resolve); });
      }
    },
    async end() {
      sheet.commit();
      await workbook.commit();
    },
  };
}
