/**
 * The domain model: plain, JSON-serialisable data shared by every layer.
 * Glossary (English in code → Chinese for users):
 * request 诉求 · claim 认领 · reply/answer 答复 · resolve 办结 · rate 评价 · reopen 重办 ·
 * withdraw 撤回 · reject 不予受理 · escalate 上报 · dispatch 派单 · transfer 转办 ·
 * whistle 吹哨 · report-in 报到 · grid 网格 · household 户代表/群众 · grid worker 网格员.
 */
import type { CategoryCode } from './categories';
import type { SystemReport } from './open311';

/**
 * Channels minhu talks on. `web` is the playground. Issue 19: `open311` carries reports from other
 * systems (nothing is said back on it: they hear by webhooks), `webhook` the signed deliveries to them,
 * `api` the staff systems of /api/v1 (answered in the HTTP response).
 */
export type Channel = 'telegram' | 'wecom' | 'web' | 'open311' | 'webhook' | 'api';

/** Roles of people. Households are registered automatically; the rest come from the org file. */
export const ROLES = ['household', 'grid_worker', 'grid_leader', 'dispatcher', 'department_staff', 'supervisor', 'admin'] as const;
export type Role = (typeof ROLES)[number];

/**
 * Levels of the area tree (县 → 乡镇/街道 → 村/社区 → 组 → 网格 → 户代表). `group` (村民小组) and
 * `household` (户代表级网格) are optional (issue 18): a tree may go from village straight to grid.
 */
export const AREA_LEVELS = ['county', 'township', 'village', 'group', 'grid', 'household'] as const;
export type AreaLevel = (typeof AREA_LEVELS)[number];

export interface Area {
  code: string;
  name: string;
  level: AreaLevel;
  parent: string | null;
  /** Other names people use (`3组`, `城关`). */
  aliases?: string[];
  /** issue 13: the area's centre point (a grid's), to resolve a household's location to a grid. */
  lat?: number;
  lng?: number;
}

/** Request statuses (DESIGN.md "Request lifecycle"). */
export const REQUEST_STATUSES = ['submitted', 'claimed', 'answered', 'resolved', 'closed', 'rejected', 'withdrawn', 'merged'] as const;
export type RequestStatus = (typeof REQUEST_STATUSES)[number];

/** Statuses in which a request still needs work from staff. */
export const OPEN_STATUSES: readonly RequestStatus[] = ['submitted', 'claimed', 'answered'];

/** Ratings a household can give (满意 / 基本满意 / 不满意). */
export const RATINGS = ['satisfied', 'basic', 'unsatisfied'] as const;
export type Rating = (typeof RATINGS)[number];

/** A person as the core sees them when deciding. */
export interface Actor {
  personId: number;
  name: string;
  role: Role;
  /** Area the person belongs to (a household's grid; a staff member's area), if any. */
  areaCode: string | null;
  departmentCode: string | null;
  /** Named in the org file as a reader of sensitive requests raised in their area (default: false). */
  sensitiveReader?: boolean;
}

/**
 * A queue: a grid, a township dispatch centre or the county command centre (`area`),
 * a department, or the supervisor (纪委) of an area for sensitive reports.
 */
export interface Queue {
  kind: 'area' | 'department' | 'supervisor';
  code: string;
}

/** A co-unit of a 吹哨 joint case and whether it has reported in. */
export interface CoUnit {
  department: string;
  reportedAt: number | null;
  note: string | null;
}

/** A household that joined a request raised by a neighbour. */
export interface CoReporter {
  personId: number;
  origin: RequestOrigin;
}

/** The chat a request came from and the reporter's identity in it. */
export interface RequestOrigin {
  channel: Channel;
  chatId: string;
  userId: string;
  name: string;
}

/** A citizen request (诉求). Times are epoch milliseconds. */
export interface CitizenRequest {
  id: number;
  status: RequestStatus;
  category: CategoryCode;
  /** Grid the request came from. */
  areaCode: string;
  /** The one queue that currently owns it, and since when (the claim clock starts there). */
  queue: Queue;
  queueEnteredAt: number;
  /** Urgent (life and safety): shorter limits, alerts at once. */
  urgent: boolean;
  /** Issue 17: read as possibly urgent at intake (normal limits; the console pins it on top). (default: false) */
  possiblyUrgent?: boolean;
  /** Breach reminders sent so far; the supervisor is alerted at ALERT_AFTER_BREACHES. */
  breachCount: number;
  /** The dispatch centre (area code) that sent it to a department, for 退回. */
  dispatchedFrom: string | null;
  /** 吹哨报到: co-units that must report in; the queue's department leads. */
  coUnits: CoUnit[];
  /** Neighbours who raised the same problem (合并): they hear every step and rate too. */
  coReporters: CoReporter[];
  /** 包案: the leader who owns a hard case, with its deadline. */
  keyCase: { leaderId: number; leaderName: string; dueAt: number; since?: number } | null;
  /** The request this one was merged into. */
  mergedInto: number | null;
  place: string | null;
  /** The area the place mention resolves to in the org's gazetteer, if any. */
  placeArea: string | null;
  detail: string;
  phone: string | null;
  /** Attachments: `blob:<sha256>` (photo or voice, in the blob store), `geo:<lat>,<lng>` (a location). */
  photos: string[];
  sensitive: boolean;
  reporterId: number;
  /** Where the reporter raised it, and how to mention them there. */
  origin: RequestOrigin;
  assigneeId: number | null;
  reopenCount: number;
  rating: Rating | null;
  createdAt: number;
  claimDueAt: number;
  answerDueAt: number;
  resolveDueAt: number;
  claimedAt: number | null;
  answeredAt: number | null;
  resolvedAt: number | null;
  closedAt: number | null;
  // ---- issue 14: the rating window after 办结 (null while not resolved) ----
  /** When the household is reminded to rate, if it has not (default: 3 days after 办结). */
  ratingRemindAt?: number | null;
  /** When an unrated request is closed as unrated (default: 7 days after 办结). */
  ratingDueAt?: number | null;
  /** Issue 12: the staff member who registered it for the household (代报, 线下点单); absent or null when the household wrote. */
  registeredBy?: number | null;
  /**
   * Issue 18: `service` (民呼: 24 h / 72 h / 7 d) unless staff marked it `转信访` or it arrived as a
   * 信访事项 (`petition`): then the statutory clock of core/petitions runs instead. (default: service)
   */
  track?: 'service' | 'petition';
}

/** Types of timeline events; the dossier is the ordered list of these. */
export type RequestEventType =
  | 'submitted' | 'claimed' | 'answered' | 'resolved' | 'rated' | 'reopened' | 'closed' | 'withdrawn' | 'rejected'
  | 'escalated' | 'dispatched' | 'transferred' | 'returned' | 'whistled' | 'reported_in' | 'key_case' | 'merged' | 'joined'
  | 'unfollowed'
  | 'attached' | 'attach_failed' // issue 13: material added after registration; a photo that could not be kept
  // issue 15: staff corrections (改类, 加急)
  | 'recategorized' | 'raised'
  // issue 14: households chase, follow and say why they are unsatisfied; co-units answer their part
  | 'chased' | 'followed' | 'feedback' | 'co_answered'
  // issue 17: the console's internal notes (staff only) and private replies to the household
  | 'noted' | 'replied_privately'

  // issue 18: the 信访 track (core/petitions) on the same timeline
  | 'petition_registered' | 'petition_accepted' | 'petition_not_accepted' | 'petition_extended' | 'petition_answered'
  | 'petition_review_requested' | 'petition_reviewed' | 'petition_recheck_requested' | 'petition_rechecked'
  | 'petition_resolved' | 'petition_ceased' | 'petition_document' | 'backlog_listed' | 'backlog_updated' | 'backlog_supervised'
  | 'visit_recorded' | 'mediation_started' | 'mediation_outcome';

/** One entry of a request's append-only timeline. */
export interface RequestEvent {
  requestId: number;
  type: RequestEventType;
  at: number;
  actorId: number | null;
  fromStatus: RequestStatus | null;
  toStatus: RequestStatus;
  note: string | null;
  /** For moves: the queue it left and the queue it entered (`area:MS02`, `department:zhujian`). */
  fromQueue?: string | null;
  toQueue?: string | null;
}

/** What a channel adapter turns any incoming update into. */
export interface InboundMessage {
  channel: Channel;
  /** Unique per channel; used to process each delivery at most once. */
  messageId: string;
  chatId: string;
  chatType: 'private' | 'group';
  senderId: string;
  senderName: string;
  /** Plain text with any leading @bot mention removed; '' for non-text. */
  text: string;
  /** True when the bot was explicitly addressed (mention, reply to the bot, command to it). */
  addressed: boolean;
  /** Provider id of this message, to reply to it (Telegram message_id); null when there is none. */
  sourceMessageId: string | null;
  /** Provider id of the bot message this one replies to, if any. */
  replyToMessageId: string | null;
  /** Button data (`rate:12:satisfied`) when this is a button press. */
  buttonData: string | null;
  /**
   * Reference of an attachment: a stored photo or voice `blob:<sha256>`, a location `geo:<lat>,<lng>`,
   * or, before the channel's media intake stored it, a channel reference (`tg:<file_id>` …).
   */
  photo: string | null;
  /** What kind of content arrived; non-text kinds other than photos are politely declined. */
  kind: 'text' | 'photo' | 'button' | 'other';
  at: number;
  // ---- issue 13: voice and failed downloads ----
  /** A voice message's length in seconds (null when the channel does not say); its text is the channel's recognition, or ''. */
  voiceSeconds?: number | null;
  /** Why the attachment could not be kept; the message goes through without it and the sender is told. */
  mediaIssue?: 'tooLarge' | 'badType' | 'failed' | 'tooMany';
  /** issue 19: a report from another system in fields (channel `open311`): registered as it says. */
  report?: SystemReport;
}

/** A button on an outgoing message. */
export interface OutboundButton {
  label: string;
  data: string;
}

/** A message minhu wants to send; the sender renders it per channel. */
export interface OutboundMessage {
  channel: Channel;
  chatId: string;
  text: string;
  /** Person to mention at the start of the message (rendered per channel). */
  mention?: { userId: string; name: string };
  buttons?: OutboundButton[][];
  /** Provider message id to reply to. */
  replyTo?: string;
  /** What this message is about (`ask:place`, `rate:12`), so replies to it can be understood. */
  ref?: string;
  /** A stable key: the outbox refuses a second row with the same key. */
  dedupeKey?: string;
  /** A PNG to post (the text is its caption where the channel allows one). */
  image?: { pngBase64: string };
  /** Delete this earlier message of minhu's instead of sending (where the channel allows). */
  deleteMessageId?: string;
  /** issue 13: stored photos (`blob:<sha256>`) to send as an album; the text is its caption. */
  attachments?: string[];
  /**
   * Issue 18: a document (a formal 信访 notice as PDF, `blob:<sha256>`) for channels that take files
   * (Telegram sendDocument); the text is its caption and carries a link for the others.
   */
  document?: { ref: string; filename: string };
}
