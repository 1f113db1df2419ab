/**
 * 信访报表: the figures of core/petitions/figures.ts for an area and a period (a month, or a year),
 * with 同比 (the same period a year before) and 环比 (the period before), the mediation and visit
 * counts, the household coverage (进群率), and the 考核 scorecards of the townships and the
 * departments, ranked. The same data as text (chat), CSV (the admin API) and a structure the
 * console can show (`buildPetitionReport`).
 */
import type { Actor, InboundMessage, OutboundMessage } from '../../core/model';
import { addPetitionCounts, countChange, emptyPetitionCounts, petitionRates, rankUnits, rateChange, type PetitionCounts, type ScoreRow } from '../../core/petitions/figures';
import { percent } from '../../core/metrics';
import { ancestorAt } from '../../core/queue';
import { t } from '../../core/texts';
import { localMidnight, monthOf, monthRange } from '../../core/time-format';
import { replyTo, type BotDeps } from '../deps';
import type { StoreTx } from '../ports';
import type { PetitionCountRow } from '../ports/petition-figures';

/** A report's period: `2026-10` (a month) or `2026` (a year). */
export function periodRange(period: string, timeZone: string): { from: number; to: number; previous: [number, number]; lastYear: [number, number] } | null {
  if (/^\d{4}-(0[1-9]|1[0-2])$/.test(period)) {
    const [from, to] = monthRange(period, timeZone);
    const [y, m] = period.split('-').map(Number);
    const prev = monthRange(monthOf(from - 1, timeZone), timeZone);
    const ly = monthRange(`${y - 1}-${String(m).padStart(2, '0')}`, timeZone);
    return { from, to, previous: prev, lastYear: ly };
  }
  if (/^\d{4}$/.test(period)) {
    const y = Number(period);
    const year = (n: number): [number, number] => [localMidnight(n, 1, 1, timeZone), localMidnight(n + 1, 1, 1, timeZone)];
    const [from, to] = year(y);
    return { from, to, previous: year(y - 1), lastYear: year(y - 1) };
  }
  return null;
}

export interface PetitionReport {
  title: string;
  period: string;
  total: PetitionCounts;
  previous: PetitionCounts;
  lastYear: PetitionCounts;
  townships: ScoreRow[];
  departments: ScoreRow[];
  mediation: { started: number; onsite: number; joint: number; failed: number };
  visits: { visits: number; people: number };
  coverage: { households: number; joined: number };
  text: string;
  csv: string;
}

function sum(rows: PetitionCountRow[]): PetitionCounts {
  return rows.reduce((acc, r) => addPetitionCounts(acc, r), emptyPetitionCounts());
}

/** Builds the report of `root` for `period` (`2026-10`, `2026`); null for a malformed period. */
export async function buildPetitionReport(deps: BotDeps, tx: StoreTx, root: string, period: string): Promise<PetitionReport | null> {
  const { timeZone, locale } = deps.messages;
  const range = periodRange(period, timeZone);
  if (!range) return null;
  const rows = await tx.petitionFigures.countRows(root, range.from, range.to);
  const previous = sum(await tx.petitionFigures.countRows(root, ...range.previous));
  const lastYear = sum(await tx.petitionFigures.countRows(root, ...range.lastYear));
  const total = sum(rows);
  const byTownship = new Map<string, PetitionCounts>();
  const byDepartment = new Map<string, PetitionCounts>();
  for (const r of rows) {
    const township = ancestorAt(deps.tree, r.areaCode, 'township')?.code;
    if (township && deps.tree.isWithin(township, root)) addPetitionCounts(byTownship.get(township) ?? byTownship.set(township, emptyPetitionCounts()).get(township)!, r);
    if (r.departmentCode) addPetitionCounts(byDepartment.get(r.departmentCode) ?? byDepartment.set(r.departmentCode, emptyPetitionCounts()).get(r.departmentCode)!, r);
  }
  const townships = rankUnits(deps.tree.all().filter((a) => a.level === 'township' && deps.tree.isWithin(a.code, root)).map((a) => ({ code: a.code, name: a.name, counts: byTownship.get(a.code) ?? emptyPetitionCounts() })));
  const departments = rankUnits([...byDepartment].map(([code, counts]) => ({ code, name: deps.departments.find((d) => d.code === code)?.name ?? code, counts })));
  const mediation = await tx.mediation.counts(root, range.from, range.to);
  const units = [...new Set(deps.petitions.rota.map((r) => r.unit))].filter((u) => deps.tree.isWithin(u, root));
  const visits = await tx.reception.visitCounts(units.length ? units : [root], range.from, range.to);
  const coverage = await tx.petitionFigures.coverage(root);
  const title = deps.tree.get(root)?.name ?? root;
  const report = { title, period, total, previous, lastYear, townships, departments, mediation, visits, coverage };
  return { ...report, text: reportText(report, locale), csv: reportCsv(report) };
}

type Parts = Omit<PetitionReport, 'text' | 'csv'>;

function reportText(r: Parts, locale: BotDeps['messages']['locale']): string {
  const c = r.total;
  const x = petitionRates(c);
  const p = petitionRates(r.previous);
  const y = petitionRates(r.lastYear);
  const lines = [
    t('petitionReport.title', { title: r.title, period: r.period }, locale),
    t('petitionReport.totals', { received: c.received, online: c.online, onlineRate: percent(x.onlineShare), first: c.received - c.repeat, repeat: c.repeat, repeatRate: percent(x.repeatShare) }, locale),
    t('petitionReport.kinds', { batches: c.collectiveBatches, people: c.collectivePeople, bypass: c.bypass, bypassCollective: c.bypassCollective }, locale),
    t('petitionReport.rates', { acceptDue: c.acceptDue, timelyAccept: percent(x.timelyAccept), answerDue: c.answerDue, timelyAnswer: percent(x.timelyAnswer), handleDue: c.handleDue, timelyHandle: percent(x.timelyHandle) }, locale),
    t('petitionReport.satisfaction', { satisfaction: percent(x.satisfaction), rated: c.rated, backlog: c.backlog, resolved: c.backlogResolved, resolution: percent(x.resolution) }, locale),
    t('petitionReport.compare', {
      yoyReceived: countChange(c.received, r.lastYear.received), yoyHandle: rateChange(x.timelyHandle, y.timelyHandle), yoyRepeat: rateChange(x.repeatShare, y.repeatShare), yoyBypass: countChange(c.bypass, r.lastYear.bypass),
      momReceived: countChange(c.received, r.previous.received), momHandle: rateChange(x.timelyHandle, p.timelyHandle), momRepeat: rateChange(x.repeatShare, p.repeatShare), momBypass: countChange(c.bypass, r.previous.bypass),
    }, locale),
    t('petitionReport.service', { claimDue: c.claimDue, timelyClaim: percent(x.svcTimelyClaim), answerDue: c.svcAnswerDue, timelyAnswer: percent(x.svcTimelyAnswer), resolveDue: c.resolveDue, timelyResolve: percent(x.svcTimelyResolve) }, locale),
    t('petitionReport.mediation', { mediations: r.mediation.started, onsite: r.mediation.onsite, joint: r.mediation.joint, failed: r.mediation.failed, visits: r.visits.visits, visitPeople: r.visits.people }, locale),
  ];
  if (r.coverage.households) lines.push(t('petitionReport.coverage', { joined: r.coverage.joined, households: r.coverage.households, rate: percent(r.coverage.joined / r.coverage.households) }, locale));
  const ranking = (rows: ScoreRow[]) => rows.map((u) => t('petitionReport.rankLine', { rank: u.rank, unit: u.name, score: u.score === null ? '—' : u.score.toFixed(1), received: u.counts.received, timelyHandle: percent(petitionRates(u.counts).timelyHandle), satisfaction: percent(petitionRates(u.counts).satisfaction) }, locale));
  if (r.townships.length) lines.push(t('petitionReport.townships', {}, locale), ...ranking(r.townships));
  if (r.departments.length) lines.push(t('petitionReport.departments', {}, locale), ...ranking(r.departments));
  return lines.join('\n');
}

/** The figures as CSV: one row per township, per department, and the total (rates in percent, 2 decimals). */
function reportCsv(r: Parts): string {
  const header = ['kind', 'code', 'unit', 'rank', 'score', 'received', 'online', 'repeat', 'collective_batches', 'collective_people', 'bypass', 'accept_due', 'accept_on_time', 'answer_due', 'answer_on_time', 'handle_due', 'handle_on_time', 'rated',
    'timely_accept_rate', 'timely_answer_rate', 'timely_handle_rate', 'satisfaction_rate', 'online_rate', 'repeat_rate', 'backlog', 'backlog_resolved', 'resolution_rate'];
  const fmt = (v: number | null) => (v === null ? '' : (v * 100).toFixed(2));
  const quote = (v: string | number) => (/[",\n]/.test(String(v)) ? `"${String(v).replace(/"/g, '""')}"` : String(v));
  const row = (kind: string, code: string, name: string, rank: number | '', score: number | null, c: PetitionCounts) => {
    const x = petitionRates(c);
    return [kind, code, name, rank, score === null ? '' : score.toFixed(1), c.received, c.online, c.repeat, c.collectiveBatches, c.collectivePeople, c.bypass, c.acceptDue, c.acceptOnTime, c.answerDue, c.answerOnTime, c.handleDue, c.handleOnTime, c.rated,
      fmt(x.timelyAccept), fmt(x.timelyAnswer), fmt(x.timelyHandle), fmt(x.satisfaction), fmt(x.onlineShare), fmt(x.repeatShare), c.backlog, c.backlogResolved, fmt(x.resolution)].map(quote).join(',');
  };
  return [header.join(','), ...r.townships.map((u) => row('township', u.code, u.name, u.rank, u.score, u.counts)), ...r.departments.map((u) => row('department', u.code, u.name, u.rank, u.score, u.counts)),
    row('total', 'total', r.title, '', null, r.total)].join('\n') + '\n';
}

/** `信访报表 [2026-10|2026]`: the report of the actor's area, this month so far by default. */
export async function petitionReportMessages(deps: BotDeps, tx: StoreTx, msg: InboundMessage, actor: Actor, filter: string): Promise<OutboundMessage[]> {
  const period = filter.trim() || monthOf(deps.clock.now(), deps.messages.timeZone);
  const report = actor.areaCode ? await buildPetitionReport(deps, tx, actor.areaCode, period) : null;
  if (!report) return [replyTo(msg, t('petitionReport.badPeriod', {}, deps.messages.locale))];
  return [replyTo(msg, report.text)];
}
