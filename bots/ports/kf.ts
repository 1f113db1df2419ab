/**
 * Issue 12 — the 微信客服 (kf) aggregate: the sync cursor of each account, each household's
 * service window, the per-grid links, and the kf households themselves. Only the WeCom adapter
 * uses it (bots/ never learns about kf: a kf household is a person with a `wecom` identity and a
 * private chat); it lives here so that its SQL stays in adapters/db like every other aggregate's.
 */
import type { InboundMessage, OutboundMessage } from '../../core/model';

/** What a puller starts from after taking the cursor. */
export interface KfLease {
  cursor: string;
  /** The latest event token, while it is valid (10 minutes); null: pull without one. */
  token: string | null;
  /** Events seen so far; `finish` records that the pull reached the end for them. */
  wanted: number;
}

/** A kf household as the adapter needs it. */
export interface KfHousehold {
  personId: number;
  name: string;
  areaCode: string | null;
}

/** An outbox row sent through kf, found again by the msgid WeCom gave it (msg_send_fail). */
export interface KfSentRow {
  id: number;
  status: string;
  message: OutboundMessage;
}

export interface KfPort {
  // ---- the cursor: one per account, taken under the row lock as a lease ----
  /** Records a `kf_msg_or_event` (its token, and that a pull is wanted); one statement, before WeCom hears 200. */
  noteEvent(openKfid: string, token: string | null): Promise<void>;
  /**
   * Takes the account's cursor for `owner` for `leaseMs` (creating the row), unless another
   * process holds it; null then. Atomic: the UPDATE holds the row lock while it decides.
   */
  takeLease(openKfid: string, owner: string, leaseMs: number): Promise<KfLease | null>;
  /**
   * Moves the cursor from `from` to `next` and extends the lease — inside the transaction that
   * stored the page's messages. False when `owner` no longer holds it or the cursor moved (the
   * caller rolls back: nothing of the page is kept, the next holder pulls it again).
   */
  advance(openKfid: string, owner: string, from: string, next: string, leaseMs: number): Promise<boolean>;
  /** The pull reached the end: events up to `wanted` are done; the lease is given back. True when more events came meanwhile. */
  finish(openKfid: string, owner: string, wanted: number): Promise<boolean>;
  /** Gives the lease back after a failure, keeping the reason. */
  release(openKfid: string, owner: string, error: string): Promise<void>;
  /** Accounts with events not yet pulled whose cursor nobody holds. */
  due(): Promise<string[]>;
  /**
   * Stores a household's message in the inbox, inside the page's transaction (so the cursor moves
   * on only with the message kept); false when (channel, messageId) is stored already (a re-served page).
   */
  keep(message: InboundMessage): Promise<boolean>;
  /** True the first time `key` is seen (an event handled in the page's transaction; re-served pages see false). */
  firstTime(key: string): Promise<boolean>;

  // ---- service windows: 48 h after the household's last message, at most N replies ----
  /**
   * The household wrote at `at` (epoch ms) — call it once per message, the first time it is seen:
   * a message as new as the last one (send_time has whole seconds) reopens the window with a fresh count.
   */
  noteIncoming(openKfid: string, externalUserId: string, at: number): Promise<void>;
  /** Takes one reply of the window if it is open; false when it is closed or used up. Atomic across processes. */
  reserve(openKfid: string, externalUserId: string, windowMs: number, max: number): Promise<boolean>;
  /** WeCom said the window is closed (errcode, msg_send_fail): no more replies until the household writes again. */
  closeWindow(openKfid: string, externalUserId: string): Promise<void>;
  /** Whether a reply could go now (without taking it). */
  isOpen(openKfid: string, externalUserId: string, windowMs: number, max: number): Promise<boolean>;

  // ---- households ----
  /** The person behind a kf identity, or null. */
  household(identity: string): Promise<KfHousehold | null>;
  /**
   * Registers the household on first contact, or binds a known one to `areaCode` when it has no
   * grid yet (the first grid link they opened wins). Returns the household as it now is.
   */
  bindHousehold(identity: string, name: string, areaCode: string | null): Promise<KfHousehold>;
  /** The kf identity of a person, if they ever wrote through kf. */
  identityOf(personId: number): Promise<string | null>;

  // ---- the per-grid links (kf/add_contact_way, scene = the grid code) ----
  link(openKfid: string, areaCode: string): Promise<string | null>;
  /** Stores a link unless one exists for the grid; returns the stored one (the first wins a race). */
  saveLink(openKfid: string, areaCode: string, scene: string, url: string): Promise<string>;
  links(openKfid: string): Promise<Map<string, string>>;
  /** The grid a link's scene stands for. */
  areaOfScene(openKfid: string, scene: string): Promise<string | null>;

  // ---- msg_send_fail: the outbox row a failed kf message came from ----
  sentRow(chatId: string, providerMessageId: string): Promise<KfSentRow | null>;
  /** Records on the row what became of it (rerouted to a group, or why it could not be). */
  markRerouted(id: number, note: string, failed: boolean): Promise<void>;
}
