/**
 * The ports the use cases need, one per aggregate (requests, people, chats, dialogs, messages,
 * notices, reports …), gathered on the transaction. adapters/db implements them on PostgreSQL;
 * nothing here knows SQL or a channel SDK. A new capability adds its own port file here and
 * its own repository in adapters/db, exposed as a property of `StoreTx`.
 */
import type { DialogState } from '../../core/intake-dialog';
import type { Actor, CitizenRequest, OutboundMessage, RequestEvent } from '../../core/model';
import type { ChatBinding, ChatsPort } from './chats';
import type { ConsoleLoginsPort } from './console-logins';
import type { ConsolePort } from './console';
import type { ConsoleSessionsPort } from './console-sessions';
import type { CorrectionsPort } from './corrections';
import type { DialogsPort } from './dialogs';
import type { IntakeGuardStore } from './guard';
import type { KfPort } from './kf';
import type { OfflinePort } from './offline';
import type { MessagesPort } from './messages';
import type { NoticeStore } from './notices';
import type { PeoplePort } from './people';
import type { ReachPort } from './reach';
import type { ReportStore } from './reports';
import type { RequestsPort } from './requests';
import type { CannedRepliesPort } from './canned-replies';
import type { FollowsPort } from './follows';
import type { Open311Port } from './open311';
import type { WebhooksPort } from './webhooks';
import type { WebPort } from './web';
import type { PetitionsPort } from './petitions';
import type { ReceptionPort } from './reception';
import type { MediationPort } from './mediation';
import type { PetitionFiguresPort } from './petition-figures';

export type { ChatBinding, ChatsPort } from './chats';
export type { ConsoleLoginsPort } from './console-logins';
export type { AuditEntry, ConsolePort, NoticeSummary, ReporterInfo, RequestSearch, StaffEntry } from './console';
export type { ConsoleSessionRecord, ConsoleSessionsPort } from './console-sessions';
export type { CorrectionsPort } from './corrections';
export type { DialogsPort } from './dialogs';
export type { IntakeGuardStore } from './guard';
export type { KfHousehold, KfLease, KfPort, KfSentRow } from './kf';
export type { OfflinePort } from './offline';
export type { MessagesPort } from './messages';
export type { NoticeProgress, NoticeRecord, NoticeStore } from './notices';
export type { ChannelSender, Outbox, OutboxItem, SendAttempt, SendResult } from './outbox';
export type { Contact, PeoplePort } from './people';
export type { CoverageRow, CustomerGroup, IntakeMix, ReachPort } from './reach';
export type { QueueLoad, ReportStore } from './reports';
export type { QueueView, RequestsPort, TimelineEntry } from './requests';
export type { CannedRepliesPort, CannedReply, CannedReplyInput, ReplyUnit } from './canned-replies';
export type { FollowsPort } from './follows';
export type { IntegrationKey, Open311Port, Open311Store, PublicQuery } from './open311';
export type { WebhookDelivery, WebhookEmit, WebhooksPort } from './webhooks';
export type { NewWebMessage, WebChatMessage, WebGroup, WebPort, WebStaff } from './web';
export type { PetitionDocument, PetitionPlace, PetitionsPort } from './petitions';
export type { ReceptionBooking, ReceptionPort, ReceptionSession, VisitRecord } from './reception';
export type { Mediation, MediationPort } from './mediation';
export type { PetitionCountRow, PetitionFiguresPort } from './petition-figures';

/** What handling one message changes, gathered as data and written at once. */
export interface Changes {
  created: CitizenRequest[];
  updated: CitizenRequest[];
  events: RequestEvent[];
  messages: OutboundMessage[];
}

/** An empty set of changes. */
export const noChanges = (): Changes => ({ created: [], updated: [], events: [], messages: [] });

/** What handling a message starts from, read in one round trip. */
export interface InboundContext {
  /** False when (channel, messageId) was already processed: a retry. */
  fresh: boolean;
  chat: ChatBinding | null;
  person: Actor | null;
  /** The sender's dialog in this chat, locked for this transaction. */
  dialog: DialogState;
}

/**
 * One transaction: the unit of work (`openInbound` … `write`) and the aggregates' ports.
 * Everything written through it commits together or not at all.
 */
export interface StoreTx {
  /**
   * Marks the message processed and reads the chat binding, the sender and their dialog —
   * one statement, since every message needs all four.
   */
  openInbound(channel: CitizenRequest['origin']['channel'], messageId: string, chatId: string, senderId: string): Promise<InboundContext>;
  /**
   * Writes new and changed requests, their timeline events and the outgoing messages in one
   * statement. An outgoing message whose dedupeKey is already queued is skipped.
   */
  write(changes: Changes): Promise<void>;
  /** Takes a transaction-level advisory lock if free; false when another process holds it. */
  tryLock(key: number): Promise<boolean>;
  readonly requests: RequestsPort;
  readonly people: PeoplePort;
  readonly chats: ChatsPort;
  readonly dialogs: DialogsPort;
  readonly messages: MessagesPort;
  readonly reports: ReportStore;
  readonly notices: NoticeStore;
  /** Flood defence counters. */
  readonly guard: IntakeGuardStore;
  readonly consoleLogins: ConsoleLoginsPort;
  readonly corrections: CorrectionsPort;
  /** issue 14: 常用语, per unit (also the console's port for editing them). */
  readonly cannedReplies: CannedRepliesPort;
  /** issue 14: what a household reported or joined. */
  readonly follows: FollowsPort;
  /** Issue 12: 微信客服 cursors, service windows, links and households (used by the WeCom adapter only). */
  readonly kf: KfPort;
  /** Issue 12: customer groups, 进群率 and how requests came in (代报 or not). */
  readonly reach: ReachPort;
  /** Issue 12: households staff register for (代报), found by phone within the grid. */
  readonly offline: OfflinePort;
  /** Issue 19: reports of other systems linked to their requests. */
  readonly open311: Open311Port;
  /** Issue 19: events for webhook subscribers that are not request events (notice.sent). */
  readonly webhooks: WebhooksPort;
  /** issue 17: console sessions, the console's queries, the web channel's messages and directory. */
  readonly consoleSessions: ConsoleSessionsPort;
  readonly console: ConsolePort;
  readonly web: WebPort;
  /** issue 18: 信访 — petitions, their documents (and, in later ports, reception days, visits, households). */
  readonly petitions: PetitionsPort;
  readonly reception: ReceptionPort;
  readonly mediation: MediationPort;
  readonly petitionFigures: PetitionFiguresPort;
}

/** A transactional store: `fn` commits as a whole or not at all. */
export interface Store {
  transaction<T>(fn: (tx: StoreTx) => Promise<T>): Promise<T>;
}

/** The clock, injected so that tests can move time. */
export interface Clock {
  now(): number;
}
