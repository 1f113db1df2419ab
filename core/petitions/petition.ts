/**
 * The 信访事项 (petition) on the statutory clock of the 信访工作条例, as a pure state machine:
 * registered 登记 → accepted 受理 (or not_accepted 不予受理) → answered 处理意见 → (review 复查 →
 * reviewed 复查意见 → (recheck 复核 → rechecked 复核意见)) ; closed at any open point by
 * resolved 化解 (with the household's agreement) or ceased 息访. One extension of the handling
 * limit, with a reason. `now` is an argument; nothing is executed.
 */
import type { PetitionLimits } from './settings';

export const PETITION_STATUSES = ['registered', 'accepted', 'not_accepted', 'answered', 'review', 'reviewed', 'recheck', 'rechecked', 'resolved', 'ceased'] as const;
export type PetitionStatus = (typeof PETITION_STATUSES)[number];

/** How a petition reached the office: online (a chat, the web) or in person, by letter, by phone. */
export const PETITION_CHANNELS = ['online', 'visit', 'letter', 'phone'] as const;
export type PetitionChannel = (typeof PETITION_CHANNELS)[number];

/** The level at which a petition entered (越级: the county, without its grid or township first). */
export type EntryLevel = 'grid' | 'township' | 'county';

/** 重点积案: the 五个一 (a leader, a work group, a plan, a supervising leader, a complete dossier) and 挂牌督办. */
export interface BacklogCase {
  listedAt: number;
  listedBy: number;
  /** 包案领导. */
  leader: { personId: number; name: string } | null;
  /** 工作专班 members (names). */
  taskForce: string[];
  /** 化解方案. */
  plan: string | null;
  /** 督办领导. */
  supervisor: { personId: number; name: string } | null;
  /** The dossier was checked complete, when, by whom. */
  dossierCheckedAt: number | null;
  /** 挂牌督办: since when, and its deadline; weekly reminders go to the supervisor. */
  supervisedAt: number | null;
  supervisedDueAt: number | null;
}

/** A petition as stored beside its request (same id). Times are epoch ms. */
export interface Petition {
  requestId: number;
  status: PetitionStatus;
  channel: PetitionChannel;
  entryLevel: EntryLevel;
  receivedAt: number;
  acceptDueAt: number;
  decidedAt: number | null;
  notAcceptedReason: string | null;
  handleDueAt: number | null;
  extendedDays: number;
  extensionReason: string | null;
  answeredAt: number | null;
  reviewRequestedAt: number | null;
  reviewDueAt: number | null;
  reviewedAt: number | null;
  recheckRequestedAt: number | null;
  recheckDueAt: number | null;
  recheckedAt: number | null;
  closedAt: number | null;
  /** 化解: the agreement (text, and a `blob:` of the signed page or the recording, if any). */
  agreement: string | null;
  agreementRef: string | null;
  /** 重复: earlier petitions of the same household(s) on a similar problem within the window. */
  repeatOf: number[];
  /** 集体: five or more households on one problem; `people` counts 人次. */
  collective: boolean;
  households: number;
  /** 越级: entered at the county without going through the grid or township. */
  bypassed: boolean;
  breachCount: number;
  backlog: BacklogCase | null;
}

/** The statuses still on a clock (the office owes a decision, an answer or an opinion). */
export const OPEN_PETITION: readonly PetitionStatus[] = ['registered', 'accepted', 'review', 'recheck'];
/** Statuses from which it may close by 化解 or 息访. */
const CLOSABLE: readonly PetitionStatus[] = ['registered', 'accepted', 'answered', 'review', 'reviewed', 'recheck', 'rechecked'];

/** What may happen to a petition. */
export type PetitionAction =
  | { type: 'accept' }
  | { type: 'notAccept'; reason: string }
  | { type: 'extend'; days: number; reason: string }
  | { type: 'answer'; text: string }
  | { type: 'requestReview' }
  | { type: 'review'; text: string }
  | { type: 'requestRecheck' }
  | { type: 'recheck'; text: string }
  | { type: 'resolve'; agreement: string; agreementRef: string | null }
  | { type: 'cease'; note: string };

/** Why an action is refused. */
export type PetitionError =
  | { code: 'PETITION.BAD_STATE'; status: PetitionStatus }
  | { code: 'PETITION.EXTENDED_ALREADY' }
  | { code: 'PETITION.EXTEND_TOO_LONG'; maxDays: number }
  | { code: 'PETITION.WINDOW_CLOSED'; dueAt: number }
  | { code: 'PETITION.NO_AGREEMENT' };

const FROM: Record<PetitionAction['type'], readonly PetitionStatus[]> = {
  accept: ['registered'], notAccept: ['registered'], extend: ['accepted'], answer: ['accepted'],
  requestReview: ['answered'], review: ['review'], requestRecheck: ['reviewed'], recheck: ['recheck'],
  resolve: CLOSABLE, cease: CLOSABLE,
};

const DAY = 86_400_000;

/** What is known when a request becomes a 信访事项. */
export interface NewPetition {
  requestId: number;
  channel: PetitionChannel;
  entryLevel: EntryLevel;
  receivedAt: number;
  repeatOf: number[];
  collective: boolean;
  households: number;
  bypassed: boolean;
}

/** Registers a petition: the acceptance decision is due `acceptMs` after receipt. */
export function registerPetition(input: NewPetition, limits: PetitionLimits): Petition {
  return {
    ...input, status: 'registered', acceptDueAt: input.receivedAt + limits.acceptMs, decidedAt: null, notAcceptedReason: null,
    handleDueAt: null, extendedDays: 0, extensionReason: null, answeredAt: null, reviewRequestedAt: null, reviewDueAt: null, reviewedAt: null,
    recheckRequestedAt: null, recheckDueAt: null, recheckedAt: null, closedAt: null, agreement: null, agreementRef: null, breachCount: 0, backlog: null,
  };
}

/** The deadline by which the petitioner may ask for 复查 (after the answer) or 复核 (after the 复查意见), or null. */
export function requestWindowEnd(p: Petition, limits: PetitionLimits): number | null {
  if (p.status === 'answered' && p.answeredAt !== null) return p.answeredAt + limits.reviewRequestMs;
  if (p.status === 'reviewed' && p.reviewedAt !== null) return p.reviewedAt + limits.recheckRequestMs;
  return null;
}

/** Applies `action` at `now`. */
export function petitionStep(p: Petition, action: PetitionAction, now: number, limits: PetitionLimits): { ok: true; petition: Petition } | { ok: false; error: PetitionError } {
  if (!FROM[action.type].includes(p.status)) return { ok: false, error: { code: 'PETITION.BAD_STATE', status: p.status } };
  const next = (patch: Partial<Petition>) => ({ ok: true as const, petition: { ...p, ...patch } });
  switch (action.type) {
    case 'accept':
      return next({ status: 'accepted', decidedAt: now, handleDueAt: now + limits.handleMs });
    case 'notAccept':
      return next({ status: 'not_accepted', decidedAt: now, notAcceptedReason: action.reason, closedAt: now });
    case 'extend': {
      if (p.extendedDays > 0) return { ok: false, error: { code: 'PETITION.EXTENDED_ALREADY' } };
      const maxDays = Math.round(limits.extendMaxMs / DAY);
      if (!(action.days > 0) || action.days * DAY > limits.extendMaxMs) return { ok: false, error: { code: 'PETITION.EXTEND_TOO_LONG', maxDays } };
      return next({ extendedDays: action.days, extensionReason: action.reason, handleDueAt: (p.handleDueAt ?? now) + action.days * DAY });
    }
    case 'answer':
      return next({ status: 'answered', answeredAt: now });
    case 'requestReview':
    case 'requestRecheck': {
      const end = requestWindowEnd(p, limits);
      if (end !== null && now > end) return { ok: false, error: { code: 'PETITION.WINDOW_CLOSED', dueAt: end } };
      return action.type === 'requestReview'
        ? next({ status: 'review', reviewRequestedAt: now, reviewDueAt: now + limits.reviewMs })
        : next({ status: 'recheck', recheckRequestedAt: now, recheckDueAt: now + limits.recheckMs });
    }
    case 'review':
      return next({ status: 'reviewed', reviewedAt: now });
    case 'recheck':
      return next({ status: 'rechecked', recheckedAt: now });
    case 'resolve':
      if (!action.agreement.trim() && !action.agreementRef) return { ok: false, error: { code: 'PETITION.NO_AGREEMENT' } };
      return next({ status: 'resolved', closedAt: now, agreement: action.agreement.trim() || null, agreementRef: action.agreementRef });
    case 'cease':
      return next({ status: 'ceased', closedAt: now, agreement: action.note.trim() || null });
  }
}
