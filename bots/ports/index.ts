/**
 * The ports the use cases need. adapters/db implements them on PostgreSQL; nothing here
 * knows SQL or a channel SDK.
 */
import type { DialogState } from '../../core/intake-dialog';
import type { CountRow } from '../../core/metrics';
import type { ListView } from '../../core/permissions';
import type { DuplicateCandidate } from '../../core/classifier/similarity';
import type { HotIssue } from '../../core/report-text';
import type { Correction } from '../../core/corrections';
import type { Actor, Channel, CitizenRequest, OutboundButton, OutboundMessage, Queue, RequestEvent, RequestStatus, Role } from '../../core/model';

/** A chat's binding to an area (grid) or a department. */
export interface ChatBinding {
  channel: Channel;
  chatId: string;
  areaCode: string | null;
  departmentCode: string | null;
  title: string | null;
  /** Passive detection is on in this group. */
  passive?: boolean;
}

/** A timeline entry with the actor's name, for printing the dossier. */
export interface TimelineEntry extends RequestEvent {
  actorName: string | null;
}

/** Which requests a person's `待办` shows (see core/permissions `listView`). */
export type QueueView = ListView;

/** One channel identity of a person. */
export interface Contact {
  personId: number;
  channel: Channel;
  externalId: string;
}

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

/** Everything a use case may read or write inside one transaction. */
export interface StoreTx {
  /**
   * Marks the message processed and reads the chat binding, the sender and their dialog —
   * one statement, since every message needs all four.
   */
  openInbound(channel: Channel, messageId: string, chatId: string, senderId: string): Promise<InboundContext>;
  bindChat(binding: ChatBinding): Promise<void>;
  registerHousehold(channel: Channel, externalId: string, name: string, areaCode: string | null): Promise<Actor>;
  /** Saves the dialog; an idle dialog is deleted. */
  saveDialog(channel: Channel, chatId: string, userId: string, state: DialogState): Promise<void>;
  nextRequestId(): Promise<number>;
  /** Loads a request, locking its row for this transaction. */
  getRequest(id: number): Promise<CitizenRequest | null>;
  /**
   * Writes new and changed requests, their timeline events and the outgoing messages in one
   * statement. An outgoing message whose dedupeKey is already queued is skipped.
   */
  write(changes: Changes): Promise<void>;
  /** Open, non-sensitive requests of `category` raised in the areas since `since` (duplicate candidates). */
  openNearby(areaCodes: string[], category: string, since: number, limit: number): Promise<DuplicateCandidate[]>;
  /** Requests of a queue view in the given statuses: most households affected first, then oldest. */
  listQueue(view: QueueView, statuses: readonly RequestStatus[], limit: number): Promise<CitizenRequest[]>;
  /** Open 吹哨 requests where `department` is a co-unit that has not reported in. */
  listPendingReportIns(department: string, limit: number): Promise<CitizenRequest[]>;
  /** Group chats bound to a queue (an area's or a department's staff group). */
  chatsFor(queue: Queue): Promise<ChatBinding[]>;
  /** Staff with `role` whose area is one of `areaCodes`. */
  staffIn(role: Role, areaCodes: string[]): Promise<Actor[]>;
  /** A staff member by exact name. */
  findStaffByName(name: string): Promise<Actor | null>;
  /** How to reach people privately: their channel identities. */
  contactsOf(personIds: number[]): Promise<Contact[]>;
  /** Takes a transaction-level advisory lock if free; false when another process holds it. */
  tryLock(key: number): Promise<boolean>;
  /** Open requests whose SLA check time has come, oldest first, locked (skipping locked ones). */
  dueForSla(now: number, limit: number): Promise<CitizenRequest[]>;
  /** Queues messages and returns the dedupe keys that were new (not queued before). */
  enqueueNew(messages: OutboundMessage[]): Promise<Set<string>>;
  /** The report aggregates, read inside this transaction. */
  reports(): ReportStore;
  /** Notices and their deliveries, inside this transaction. */
  notices(): NoticeStore;
  /** Flood defence counters, inside this transaction. */
  guard(): IntakeGuardStore;
  /** True when a message with `ref` was queued to this chat since `since` (rate limits on prompts). */
  recentlyQueued(channel: Channel, chatId: string, ref: string, since: number): Promise<boolean>;
  /** Records a tick's outcome for many requests at once: breach counts and when to look next. */
  setSlaStates(states: { id: number; breachCount: number; checkAt: number | null }[]): Promise<void>;
  /** Names of people by id. */
  namesOf(personIds: number[]): Promise<Map<number, string>>;
  listByReporter(personId: number, limit: number): Promise<CitizenRequest[]>;
  timeline(requestId: number): Promise<TimelineEntry[]>;
  /** The timelines of many requests in one query. */
  timelines(requestIds: number[]): Promise<Map<number, TimelineEntry[]>>;
  /** The `ref` of a message minhu sent, found by its provider message id. */
  findSentRef(channel: Channel, chatId: string, providerMessageId: string): Promise<string | null>;
  personName(personId: number): Promise<string | null>;
  /** Stores a one-time console sign-in token (by its hash) for a person, valid until `expiresAt`. */
  issueConsoleLogin(personId: number, tokenHash: string, expiresAt: number): Promise<void>;
  /** Issue 15: stores a staff correction of the model's reading (改类, 加急). */
  recordCorrection(correction: Correction): Promise<void>;
}

/** A transactional store: `fn` commits as a whole or not at all. */
export interface Store {
  transaction<T>(fn: (tx: StoreTx) => Promise<T>): Promise<T>;
}

// --- Flood defence (issue 11 item 6) ---
/** Counters for the flood defence, shared by every process (kept in the database). */
export interface IntakeGuardStore {
  /** Adds one to each (key, fixed window starting at `windowStart`) and returns the new counts, in order. */
  bump(counters: { key: string; windowStart: number }[]): Promise<number[]>;
  /** True when `text` under `key` was not handled within `windowMs` before `at` (and records it). */
  firstInWindow(key: string, text: string, at: number, windowMs: number): Promise<boolean>;
  /** Urgent requests the person reported since `since`. */
  urgentSince(personId: number, since: number): Promise<number>;
  /** Forgets counters and repeats older than `before`. */
  prune(before: number): Promise<void>;
}

/** An outbox row taken for sending. */
export interface OutboxItem {
  id: number;
  attempts: number;
  message: OutboundMessage;
  /** The route an earlier attempt recorded (see SendAttempt), or null. */
  route?: string | null;
}

/** The outbox as the sender sees it. */
export interface Outbox {
  /**
   * Takes up to `limit` due rows under a lease of `leaseMs`, replies before bulk, oldest first —
   * at most the head of each lane (chat + the user a message is for), so one flooded recipient
   * never holds up another's replies and each lane keeps its order across processes.
   */
  take(limit: number, leaseMs: number): Promise<OutboxItem[]>;
  markSent(id: number, providerMessageId: string | null): Promise<void>;
  markRetry(id: number, at: Date, error: string): Promise<void>;
  markFailed(id: number, error: string): Promise<void>;
  /** Records the route an attempt is about to take, before it sends. */
  markRoute(id: number, route: string): Promise<void>;
  /** Gives taken rows back untouched (the attempt is not counted), due again at `at`: the chat is at its rate. */
  defer(ids: number[], at: Date): Promise<void>;
}

/**
 * One logical message is one outbox row (one dedupe key), whatever route it ends up on: a
 * channel with several routes (WeCom: response_url, group robot …) records the route before
 * sending on it, and a retry of the row — even after a crash — keeps that route instead of
 * trying another one that would deliver the message a second time.
 */
export interface SendAttempt {
  /** The route an earlier attempt of this row recorded, or null on the first attempt. */
  route: string | null;
  /** Records `route` for this row (committed before it resolves). */
  claimRoute(route: string): Promise<void>;
}

/** How a channel send ended. */
export type SendResult =
  | { ok: true; providerMessageId: string | null }
  | { ok: false; retry: boolean; retryAfterMs?: number; error: string };

/** One seam per channel for sending. */
export interface ChannelSender {
  channel: Channel;
  send(message: OutboundMessage, attempt?: SendAttempt): Promise<SendResult>;
}

/** The clock, injected so that tests can move time. */
export interface Clock {
  now(): number;
}

/** The open work of one queue, for the daily feedback and the weekly exposure. */
export interface QueueLoad {
  queue: Queue;
  open: number;
  dueToday: number;
  overdue: number;
  /** Oldest overdue request numbers (at most 10). */
  overdueIds: number[];
}

/** Read-only aggregates for reports. */
export interface ReportStore {
  /** Counts per grid and category of requests registered in [from, to) within `root`. */
  countRows(root: string, from: number, to: number): Promise<CountRow[]>;
  /** The most frequent category + place pairs in [from, to) within `root`. */
  hotIssues(root: string, from: number, to: number, limit: number): Promise<HotIssue[]>;
  /** Open work per queue at `now`: open, due before `dayEnd`, overdue. */
  queueLoads(now: number, dayEnd: number): Promise<QueueLoad[]>;
}

/** A notice as stored. */
export interface NoticeRecord {
  id: number;
  issuerId: number | null;
  issuerUnit: string;
  scope: string[];
  text: string;
  requiresAck: boolean;
  scheduledAt: number | null;
  status: 'draft' | 'scheduled' | 'sending' | 'cancelled';
  groups: number;
}

/** Where a notice stands: deliveries by outcome, failures with reasons, acknowledgements by township. */
export interface NoticeProgress {
  sent: number;
  pending: number;
  failed: number;
  cancelled: number;
  failures: { chatId: string; channel: Channel; reason: string }[];
  /** Per area: groups delivered, groups where someone acknowledged, households that acknowledged. */
  acksByArea: { areaCode: string; groups: number; ackedGroups: number; acks: number }[];
}

/** Notices: drafts, fan-out into the outbox, progress, acknowledgements. */
export interface NoticeStore {
  create(notice: Omit<NoticeRecord, 'id' | 'groups'>): Promise<number>;
  /** Loads a notice, locking it for this transaction. */
  get(id: number): Promise<NoticeRecord | null>;
  setStatus(id: number, status: NoticeRecord['status'], groups?: number): Promise<void>;
  /** Household groups (chats bound to grids and villages) within the areas, per channel. */
  countGroups(areaCodes: string[]): Promise<Partial<Record<Channel, number>>>;
  /** Queues one message per household group (idempotent: one dedupe key per notice and chat). */
  fanOut(notice: NoticeRecord, body: string, ackButton: OutboundButton | null): Promise<number>;
  /** Scheduled notices whose time has come, locked. */
  due(now: number): Promise<NoticeRecord[]>;
  progress(id: number): Promise<NoticeProgress>;
  /** Stops pending deliveries; returns how many, and the sent ones (to delete where possible). */
  stop(id: number): Promise<{ stopped: number; sent: { channel: Channel; chatId: string; providerMessageId: string | null }[] }>;
  /** Records a household's acknowledgement; false when they had already acknowledged. */
  ack(noticeId: number, personId: number, channel: Channel, chatId: string): Promise<boolean>;
  /** The newest notice needing acknowledgement delivered to this chat in the last `withinMs`. */
  latestAckable(channel: Channel, chatId: string, since: number): Promise<number | null>;
}
