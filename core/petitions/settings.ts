/**
 * The 信访 settings of an org file (`petitions`, `reception`): the statutory limits of the
 * 信访工作条例 in days (decide on acceptance within 15, handle within 60, extend by at most 30,
 * 复查 / 复核 requested within 30 days of the written answer and answered within 30), the rules
 * for 重复 / 集体 petitions, the weekly 挂牌督办 reminder, the document number prefix, and the
 * reception-day rota. Pure zod; core/org-file.ts embeds these schemas.
 */
import { z } from 'zod';

const days = z.number().positive().max(3650);

/** `petitions` in the org file, all optional (defaults from the 信访工作条例). */
export const petitionSettingsSchema = z.object({
  /** Decide on acceptance and tell the petitioner within … days of receipt. (default: 15) */
  acceptDays: days.default(15),
  /** Handle within … days of acceptance. (default: 60) */
  handleDays: days.default(60),
  /** One extension of at most … days, with a reason. (default: 30) */
  extendMaxDays: days.default(30),
  /** The petitioner may ask for 复查 within … days of the written answer. (default: 30) */
  reviewRequestDays: days.default(30),
  /** 复查意见 within … days of the request. (default: 30) */
  reviewDays: days.default(30),
  /** 复核 may be asked within … days of the 复查意见. (default: 30) */
  recheckRequestDays: days.default(30),
  /** 复核意见 within … days of the request. (default: 30) */
  recheckDays: days.default(30),
  /** The same household on a similar problem within … days is a 重复 petition. (default: 365) */
  repeatWindowDays: days.default(365),
  /** This many households or more on one problem make it 集体. (default: 5) */
  collectiveHouseholds: z.number().int().min(2).default(5),
  /** 挂牌督办: the supervising leader is reminded every … days. (default: 7) */
  superviseEveryDays: days.default(7),
  /** The short name in document numbers: `明信告〔2026〕127号`. (default: the county's first character + 信) */
  documentPrefix: z.string().min(1).max(8).optional(),
  /** The issuing office on documents. (default: `<county>信访局`) */
  office: z.string().min(1).max(40).optional(),
});
export type PetitionSettings = z.output<typeof petitionSettingsSchema>;

/** The defaults, as the 信访工作条例 sets them. */
export const DEFAULT_PETITION_SETTINGS: PetitionSettings = petitionSettingsSchema.parse({});

const hhmm = z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/, 'use HH:MM');

/**
 * One rota line: on `weekday` (1 Monday … 7 Sunday) the named leader (or lawyer on duty) receives
 * at the unit (an area: township or county centre) from `from` to `to`, for `capacity` households.
 */
export const receptionRotaSchema = z.object({
  unit: z.string().min(1),
  weekday: z.number().int().min(1).max(7),
  /** A staff member's name (a leader) or, for `kind: lawyer`, the lawyer's name. */
  host: z.string().min(1),
  /** `leader` 领导接访 (default) or `lawyer` 律师值班. */
  kind: z.enum(['leader', 'lawyer']).default('leader'),
  from: hhmm.default('09:00'),
  to: hhmm.default('12:00'),
  capacity: z.number().int().min(1).max(500).default(10),
  place: z.string().max(60).optional(),
});
export type ReceptionRota = z.output<typeof receptionRotaSchema>;

/** Limits in milliseconds, as the clock uses them. */
export interface PetitionLimits {
  acceptMs: number;
  handleMs: number;
  extendMaxMs: number;
  reviewRequestMs: number;
  reviewMs: number;
  recheckRequestMs: number;
  recheckMs: number;
  repeatWindowMs: number;
  superviseEveryMs: number;
}

const DAY = 86_400_000;

/** The clock's limits of a settings block. */
export function petitionLimitsOf(s: PetitionSettings): PetitionLimits {
  return {
    acceptMs: s.acceptDays * DAY, handleMs: s.handleDays * DAY, extendMaxMs: s.extendMaxDays * DAY,
    reviewRequestMs: s.reviewRequestDays * DAY, reviewMs: s.reviewDays * DAY,
    recheckRequestMs: s.recheckRequestDays * DAY, recheckMs: s.recheckDays * DAY,
    repeatWindowMs: s.repeatWindowDays * DAY, superviseEveryMs: s.superviseEveryDays * DAY,
  };
}
