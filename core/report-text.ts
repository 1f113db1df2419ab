/**
 * The monthly report as text people forward: the headline figures in the style of the
 * county reports ("受理 1867 件,办结 1856 件,办结率 99.41%,满意率 100%"), the comparison with the
 * previous month, the breakdown by area and category, and the hot issues.
 */
import { CATEGORY_NAMES, type CategoryCode } from './categories';
import { percent, ratesOf, type ReportFigures } from './metrics';
import { maskPersonalData } from './privacy/mask';

/** A hot issue: the same category at the same place, by count. */
export interface HotIssue {
  category: CategoryCode;
  place: string;
  count: number;
}

export interface ReportInput {
  title: string;
  month: string;
  current: ReportFigures;
  previous: ReportFigures;
  hot: HotIssue[];
  /** Issue 12: how the month's requests came in — the household wrote (线上点单) or staff registered it (代报, 线下点单). */
  intake?: { online: number; offline: number };
  /** Issue 12: 进群率 — households in the customer groups bound to each area (the root first, then its children). */
  coverage?: { name: string; groups: number; inGroups: number; households: number | null }[];
}

function delta(now: number | null, before: number | null): string {
  if (now === null || before === null) return '—';
  const d = (now - before) * 100;
  return `${d >= 0 ? '+' : ''}${d.toFixed(2)}个百分点`;
}

/** Renders the report text (Chinese). */
export function reportText(input: ReportInput): string {
  const { total } = input.current;
  const r = ratesOf(total);
  const p = ratesOf(input.previous.total);
  const lines = [
    `【${input.title} ${input.month} 诉求办理月报】`,
    `收到 ${total.received} 件，受理 ${r.accepted} 件，办结 ${total.resolved} 件，不予受理 ${total.rejected} 件`,
    `受理率 ${percent(r.acceptance)}，及时受理率 ${percent(r.timelyClaim)}，按期答复率 ${percent(r.timelyAnswer)}`,
    `办结率 ${percent(r.closure)}，按期办结率 ${percent(r.timelyClosure)}，满意率 ${percent(r.satisfaction)}（参评率 ${percent(r.ratedShare)}）`,
    // issue 14: nothing left hanging — rated, closed unrated, reopened, and 包案 breaches.
    `参评 ${total.rated} 件，未评价归档 ${total.closedUnrated} 件，重办 ${total.reopened} 件；包案 ${total.keyCases} 件，超期 ${total.keyCaseBreaches} 件`,
    `较上月：收到 ${total.received - input.previous.total.received >= 0 ? '+' : ''}${total.received - input.previous.total.received} 件，办结率 ${delta(r.closure, p.closure)}，满意率 ${delta(r.satisfaction, p.satisfaction)}`,
  ];
  const areas = input.current.byArea.filter((a) => a.counts.received > 0);
  if (areas.length) {
    lines.push('分区域：');
    for (const a of areas) {
      const ar = ratesOf(a.counts);
      lines.push(`  ${a.name}：收到 ${a.counts.received}，办结率 ${percent(ar.closure)}，满意率 ${percent(ar.satisfaction)}`);
    }
  }
  if (input.current.byCategory.length) {
    lines.push('分类别：');
    for (const c of input.current.byCategory.slice(0, 8)) lines.push(`  ${CATEGORY_NAMES[c.category].zh} ${c.counts.received} 件，办结率 ${percent(ratesOf(c.counts).closure)}`);
  }
  if (input.intake && input.intake.online + input.intake.offline > 0) {
    lines.push(`点单方式：线上点单 ${input.intake.online} 件，线下点单（代报）${input.intake.offline} 件`);
  }
  const covered = (input.coverage ?? []).filter((c) => c.groups > 0);
  if (covered.length) {
    lines.push('进群率（户代表在网格群）：');
    for (const c of covered) {
      const rate = c.households ? `，进群率 ${percent(Math.min(1, c.inGroups / c.households))}` : '（户数未登记）';
      lines.push(`  ${c.name}：在群 ${c.inGroups}${c.households ? `/${c.households}` : ''} 户${rate}`);
    }
  }
  if (input.hot.length) {
    lines.push('热点问题：');
    input.hot.slice(0, 10).forEach((h, i) => lines.push(`  ${i + 1}. ${CATEGORY_NAMES[h.category].zh}·${h.place ? maskPersonalData(h.place) : '未说明位置'} ${h.count} 件`));
  }
  return lines.join('\n');
}

/** The same figures as CSV: one row per area of the breakdown, then the total. */
export function reportCsv(figures: ReportFigures): string {
  const header = ['area_code', 'area', 'received', 'accepted', 'rejected', 'withdrawn', 'resolved', 'acceptance_rate', 'timely_claim_rate', 'timely_answer_rate', 'closure_rate', 'timely_closure_rate', 'satisfaction_rate', 'rated_share',
    'rated', 'closed_unrated', 'reopened', 'key_cases', 'key_case_breaches']; // issue 14
  const fmt = (x: number | null) => (x === null ? '' : (x * 100).toFixed(2));
  const row = (code: string, name: string, c: ReportFigures['total']) => {
    const r = ratesOf(c);
    return [code, name, c.received, r.accepted, c.rejected, c.withdrawn, c.resolved, fmt(r.acceptance), fmt(r.timelyClaim), fmt(r.timelyAnswer), fmt(r.closure), fmt(r.timelyClosure), fmt(r.satisfaction), fmt(r.ratedShare),
      c.rated, c.closedUnrated, c.reopened, c.keyCases, c.keyCaseBreaches]
      .map((v) => (/[",\n]/.test(String(v)) ? `"${String(v).replace(/"/g, '""')}"` : String(v))).join(',');
  };
  return [header.join(','), ...figures.byArea.map((a) => row(a.code, a.name, a.counts)), row('total', '合计', figures.total)].join('\n') + '\n';
}
