/** Issue 18 — mediation: a dispute at a committee (睦邻调解室, 人民调解委员会) and its outcome. */
export type MediationOutcome = 'onsite' | 'joint' | 'failed';

export interface Mediation {
  id: number;
  requestId: number;
  committee: string;
  startedAt: number;
  outcome: MediationOutcome | null;
  nextRoute: 'litigation' | 'arbitration' | null;
  agreement: string | null;
}

export interface MediationPort {
  start(requestId: number, committee: string, at: number, by: number): Promise<number>;
  /** The latest mediation of a request, locked. */
  latest(requestId: number): Promise<Mediation | null>;
  setOutcome(id: number, outcome: MediationOutcome, nextRoute: Mediation['nextRoute'], agreement: string | null, at: number, by: number): Promise<void>;
  /** Outcomes recorded in [from, to) for requests raised within `root`. */
  counts(root: string, from: number, to: number): Promise<Record<MediationOutcome | 'started', number>>;
}
