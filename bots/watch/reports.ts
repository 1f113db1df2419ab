/**
 * 一天一反馈、一周一曝光、一月一专报: the daily feedback to every group with open work, the
 * weekly list of the overdue to the command centre, admins and supervisors, and the monthly
 * report (text + chart) to each dispatch centre — also on demand with `报表 [月份]`.
 * Every message carries a dedupe key (job, period, chat), so several processes or a re-run
 * send nothing twice.
 */
import type { OutboundMessage, Queue } from '../../core/model';
import { rollUp, type ReportFigures } from '../../core/metrics';
import { queueKey, queueName } from '../../core/queue';
import { reportCsv, reportText } from '../../core/report-text';
import { t } from '../../core/texts';
import { dayRange, formatTime, monthOf, monthRange } from '../../core/time-format';
import type { BotDeps } from '../deps';
import { privateChat, staffTargets } from '../notify/notify';
import type { CoverageRow, IntakeMix, QueueLoad, ReachPort, ReportStore } from '../ports';

/** A month's report for an area: the text, the CSV, the figures and their chart. */
export interface MonthlyReport {
  text: string;
  csv: string;
  figures: ReportFigures;
  chartTitle: string;
  png: Buffer | null;
  /** Issue 12 (with `reach`): how requests came in, and 进群率 of the root and its children (named). */
  intake?: IntakeMix;
  coverage?: (CoverageRow & { name: string })[];
}

/**
 * Builds the report of `month` (YYYY-MM) for `root` and its subtree (read through `reports`).
 * `toDate` (e.g. `11月1日至今`) marks a month still running; it is shown after the month.
 * With `reach` (issue 12) it also says how requests came in (代报 or not) and the 进群率.
 */
export async function buildMonthlyReport(deps: BotDeps, root: string, month: string, reports: ReportStore = deps.reports, toDate?: string, reach?: ReachPort): Promise<MonthlyReport> {
  const { timeZone } = deps.messages;
  const [from, to] = monthRange(month, timeZone);
  const previousMonth = monthOf(from - 1, timeZone);
  const [prevFrom, prevTo] = monthRange(previousMonth, timeZone);
  // One after another: inside a transaction they share one connection.
  const now = deps.clock.now();
  const rows = await reports.countRows(root, from, to, Math.min(to, now));
  const prevRows = await reports.countRows(root, prevFrom, prevTo, Math.min(prevTo, now));
  const hot = await reports.hotIssues(root, from, to, 10);
  const intake = reach ? await reach.intakeMix(root, from, to) : undefined;
  const coverage = reach ? (await reach.coverage(root)).map((c) => ({ ...c, name: deps.tree.get(c.areaCode)?.name ?? c.areaCode })) : undefined;
  const current = rollUp(rows, deps.tree, root);
  const title = deps.tree.get(root)?.name ?? root;
  const period = toDate ? `${month}（${toDate}）` : month;
  const chartTitle = t('report.chartTitle', { title, month: period }, deps.messages.locale);
  return {
    text: reportText({ title, month: period, current, previous: rollUp(prevRows, deps.tree, root), hot, intake, coverage }),
    csv: reportCsv(current),
    figures: current,
    chartTitle,
    png: deps.renderChart ? deps.renderChart(chartTitle, current) : null,
    intake,
    coverage,
  };
}

/** The report as messages to one chat: the text, then the chart. */
export function reportMessages(report: MonthlyReport, target: Pick<OutboundMessage, 'channel' | 'chatId'>, dedupe?: string): OutboundMessage[] {
  const out: OutboundMessage[] = [{ ...target, text: report.text, dedupeKey: dedupe && `${dedupe}:text` }];
  if (report.png) out.push({ ...target, text: report.text.split('\n')[0], image: { pngBase64: report.png.toString('base64') }, dedupeKey: dedupe && `${dedupe}:chart` });
  return out;
}

/** The monthly job: last month's report to every chat bound to a township or the county. */
export async function runMonthlyReports(deps: BotDeps): Promise<number> {
  const month = monthOf(deps.clock.now(), deps.messages.timeZone, 1);
  const roots = deps.tree.all().filter((a) => a.level === 'county' || a.level === 'township');
  let queued = 0;
  for (const root of roots) {
    const chats = (await deps.store.transaction((tx) => tx.chats.forQueue({ kind: 'area', code: root.code }))).filter((c) => c.role === 'staff');
    if (chats.length === 0) continue;
    const report = await deps.store.transaction((tx) => buildMonthlyReport(deps, root.code, month, tx.reports, undefined, tx.reach));
    const messages = chats.flatMap((c) => reportMessages(report, c, `monthly:${month}:${root.code}@${c.channel}:${c.chatId}`));
    queued += (await deps.store.transaction((tx) => tx.messages.enqueueNew(messages))).size;
  }
  if (queued) deps.onQueued?.();
  return queued;
}

function loadText(deps: BotDeps, load: QueueLoad): string {
  const { locale } = deps.messages;
  const ids = load.overdueIds.length ? t('report.overdueIds', { ids: load.overdueIds.map((i) => `#${i}`).join(' ') }, locale) : '';
  return t('report.daily', { queue: queueName(load.queue, deps.tree, deps.departments), open: load.open, dueToday: load.dueToday, overdue: load.overdue, ids }, locale);
}

/** The daily job: each group whose queue has open work hears its numbers; the others hear nothing. */
export async function runDailyFeedback(deps: BotDeps): Promise<number> {
  const now = deps.clock.now();
  const [, dayEnd] = dayRange(now, deps.messages.timeZone);
  const date = formatTime(now, deps.messages.timeZone).slice(0, 5);
  const loads = (await deps.reports.queueLoads(now, dayEnd)).filter((l) => l.open > 0);
  const queued = await deps.store.transaction(async (tx) => {
    const messages: OutboundMessage[] = [];
    for (const load of loads) {
      // issue 14: to the unit's staff (its staff groups, else privately), never to a household group.
      const targets = await staffTargets(deps, tx, load.queue, { areaCode: load.queue.code });
      for (const c of targets) messages.push({ channel: c.channel, chatId: c.chatId, text: loadText(deps, load), dedupeKey: `daily:${date}:${queueKey(load.queue)}@${c.channel}:${c.chatId}` });
    }
    return (await tx.messages.enqueueNew(messages)).size;
  });
  if (queued) deps.onQueued?.();
  return queued;
}

/** The weekly job: the overdue by unit, worst first, to the county's groups, admins and supervisors. */
export async function runWeeklyExposure(deps: BotDeps): Promise<number> {
  const now = deps.clock.now();
  const { locale, timeZone } = deps.messages;
  const loads = (await deps.reports.queueLoads(now, now)).filter((l) => l.overdue > 0).sort((a, b) => b.overdue - a.overdue);
  if (loads.length === 0) return 0;
  const lines = loads.slice(0, 30).map((l, i) => t('report.weeklyLine', {
    rank: i + 1, queue: queueName(l.queue, deps.tree, deps.departments), overdue: l.overdue, open: l.open,
    ids: l.overdueIds.length ? `:${l.overdueIds.slice(0, 5).map((x) => `#${x}`).join(' ')}` : '',
  }, locale));
  const date = formatTime(now, timeZone).slice(0, 5);
  const text = t('report.weekly', { date, lines: lines.join('\n') }, locale);
  const queued = await deps.store.transaction(async (tx) => {
    const counties = deps.tree.all().filter((a) => a.level === 'county').map((a) => a.code);
    const chats = [];
    for (const code of counties) chats.push(...(await tx.chats.forQueue({ kind: 'area', code } as Queue)).filter((c) => c.role === 'staff'));
    const people = [...(await tx.people.staffIn('admin', counties)), ...(await tx.people.staffIn('supervisor', counties))];
    const targets = [...chats, ...(await tx.people.contactsOf(people.map((p) => p.personId))).map(privateChat)];
    return (await tx.messages.enqueueNew(targets.map((c) => ({ channel: c.channel, chatId: c.chatId, text, dedupeKey: `weekly:${date}@${c.channel}:${c.chatId}` })))).size;
  });
  if (queued) deps.onQueued?.();
  return queued;
}
