/**
 * The 信访 figures in the seeds' own definitions (README "信访 figures"), from counts — pure, so
 * every definition is tested on hand-computed fixtures. "Due" figures count the cases whose
 * limit falls in the period, whenever they were received (seed 003: 按期办结率 98.6 % of the
 * 221 应办结): a case due in the period that is still open, or was answered late, is not on time.
 */

/** Counts of one unit (a grid or a department) over one period. */
export interface PetitionCounts {
  /** 信访事项 received in the period, and of them: online (网上), repeat (重复). */
  received: number;
  online: number;
  repeat: number;
  /** 集体访: batches (批次) and people (人次) received in the period. */
  collectiveBatches: number;
  collectivePeople: number;
  /** 越级访 received in the period, and those also collective (越级集体访). */
  bypass: number;
  bypassCollective: number;
  /** Acceptance decisions due in the period (15 days), and those decided by their limit. */
  acceptDue: number;
  acceptOnTime: number;
  /** Written answers due in the period — handling opinions, 复查 and 复核 opinions — and those on time. */
  answerDue: number;
  answerOnTime: number;
  /** Handling (办结, 60 days + extension) due in the period, and those closed or answered by the limit. */
  handleDue: number;
  handleOnTime: number;
  /** Petitions closed in the period that the household rated, and how. */
  rated: number;
  satisfied: number;
  basic: number;
  /** 重点积案 listed by the end of the period, and those of them 化解 by then. */
  backlog: number;
  backlogResolved: number;
  /** Service requests (民呼) by due date: claim, answer and resolve limits in the period, and those met. */
  claimDue: number;
  claimOnTime: number;
  svcAnswerDue: number;
  svcAnswerOnTime: number;
  resolveDue: number;
  resolveOnTime: number;
}

export const PETITION_COUNT_FIELDS: (keyof PetitionCounts)[] = [
  'received', 'online', 'repeat', 'collectiveBatches', 'collectivePeople', 'bypass', 'bypassCollective', 'acceptDue', 'acceptOnTime', 'answerDue', 'answerOnTime',
  'handleDue', 'handleOnTime', 'rated', 'satisfied', 'basic', 'backlog', 'backlogResolved', 'claimDue', 'claimOnTime', 'svcAnswerDue', 'svcAnswerOnTime', 'resolveDue', 'resolveOnTime',
];

export const emptyPetitionCounts = (): PetitionCounts => Object.fromEntries(PETITION_COUNT_FIELDS.map((f) => [f, 0])) as unknown as PetitionCounts;

/** Adds `b` into `a` (mutates and returns `a`). */
export function addPetitionCounts(a: PetitionCounts, b: Partial<PetitionCounts>): PetitionCounts {
  for (const f of PETITION_COUNT_FIELDS) a[f] += b[f] ?? 0;
  return a;
}

/** The rates, fractions in [0, 1]; null where nothing was due or counted. */
export interface PetitionRates {
  /** 及时受理率 = acceptOnTime / acceptDue. */
  timelyAccept: number | null;
  /** 按期答复率 = answerOnTime / answerDue. */
  timelyAnswer: number | null;
  /** 按期办结率 = handleOnTime / handleDue. */
  timelyHandle: number | null;
  /** 群众满意率 = (satisfied + basic) / rated. */
  satisfaction: number | null;
  /** 网上受理率 = online / received. */
  onlineShare: number | null;
  /** 重复信访率 = repeat / received. */
  repeatShare: number | null;
  /** 化解率 = backlogResolved / backlog. */
  resolution: number | null;
  /** Service requests by due date: 及时受理率, 按期答复率, 按期办结率. */
  svcTimelyClaim: number | null;
  svcTimelyAnswer: number | null;
  svcTimelyResolve: number | null;
}

const ratio = (n: number, d: number): number | null => (d > 0 ? n / d : null);

/** The rates of a set of counts. */
export function petitionRates(c: PetitionCounts): PetitionRates {
  return {
    timelyAccept: ratio(c.acceptOnTime, c.acceptDue), timelyAnswer: ratio(c.answerOnTime, c.answerDue), timelyHandle: ratio(c.handleOnTime, c.handleDue),
    satisfaction: ratio(c.satisfied + c.basic, c.rated), onlineShare: ratio(c.online, c.received), repeatShare: ratio(c.repeat, c.received),
    resolution: ratio(c.backlogResolved, c.backlog),
    svcTimelyClaim: ratio(c.claimOnTime, c.claimDue), svcTimelyAnswer: ratio(c.svcAnswerOnTime, c.svcAnswerDue), svcTimelyResolve: ratio(c.resolveOnTime, c.resolveDue),
  };
}

/** Weights of the 考核 score: 按期办结率 40, 及时受理率 30, 群众满意率 30 (out of 100). */
export const SCORE_WEIGHTS = { timelyHandle: 40, timelyAccept: 30, satisfaction: 30 } as const;

/**
 * The 考核 score of a unit, 0–100: the weighted mean of 按期办结率, 及时受理率 and 群众满意率 over
 * those it has (a rate with nothing due drops out and the others are re-weighted); null when
 * none applies.
 */
export function scoreOf(r: PetitionRates): number | null {
  let sum = 0;
  let weight = 0;
  for (const [k, w] of Object.entries(SCORE_WEIGHTS) as [keyof typeof SCORE_WEIGHTS, number][]) {
    const v = r[k];
    if (v === null) continue;
    sum += v * w;
    weight += w;
  }
  return weight === 0 ? null : Math.round((sum / weight) * 1000) / 10;
}

/** A unit of a scorecard with its rank (1 = best). */
export interface ScoreRow {
  code: string;
  name: string;
  counts: PetitionCounts;
  score: number | null;
  rank: number;
}

/** Ranks units by score (best first; no score last), ties by more received, then by name; equal scores share a rank. */
export function rankUnits(units: { code: string; name: string; counts: PetitionCounts }[]): ScoreRow[] {
  const scored = units.map((u) => ({ ...u, score: scoreOf(petitionRates(u.counts)) }));
  scored.sort((a, b) => (b.score ?? -1) - (a.score ?? -1) || b.counts.received - a.counts.received || a.name.localeCompare(b.name));
  let rank = 0;
  return scored.map((u, i) => {
    if (i === 0 || u.score !== scored[i - 1].score) rank = i + 1;
    return { ...u, rank };
  });
}

/** The change of a count: `+12.5%`, `-49.2%`, `—` when there was nothing before. */
export function countChange(now: number, before: number): string {
  if (before === 0) return now === 0 ? '0.0%' : '—';
  const d = ((now - before) / before) * 100;
  return `${d >= 0 ? '+' : ''}${d.toFixed(1)}%`;
}

/** The change of a rate in percentage points: `+1.20个百分点`, `—` when either is missing. */
export function rateChange(now: number | null, before: number | null): string {
  if (now === null || before === null) return '—';
  const d = (now - before) * 100;
  return `${d >= 0 ? '+' : ''}${d.toFixed(2)}个百分点`;
}
