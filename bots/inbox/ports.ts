/**
 * The inbox's ports: where inbound channel messages wait until they are processed, and where
 * what cannot be handled is parked for admins. Implemented in adapters/db.
 */
import type { Channel, InboundMessage } from '../../core/model';

/** One stored inbound message taken for processing. */
export interface InboxItem {
  id: number;
  /** Attempts including this one. */
  attempts: number;
  message: InboundMessage;
}

/** The durable inbox (one aggregate: rows unique on channel + message id). */
export interface Inbox {
  /**
   * Stores the message, leased to this process for `leaseMs` so that it is processed inline;
   * one statement. Returns the row, or null when (channel, messageId) is already stored
   * (a redelivery: it is, or will be, processed from the stored row).
   */
  put(message: InboundMessage, leaseMs: number): Promise<InboxItem | null>;
  /** Takes up to `limit` due rows (pending, lease expired) under a lease, oldest first; safe across processes. */
  take(limit: number, leaseMs: number): Promise<InboxItem[]>;
  markDone(id: number): Promise<void>;
  markRetry(id: number, at: Date, error: string): Promise<void>;
  /** Gives up on a row: it moves to the dead letters with `reason`, in one transaction. */
  markDead(id: number, reason: string): Promise<void>;
  /** Deletes processed rows older than `before`; returns how many. */
  purgeDone(before: Date): Promise<number>;
}

/** An inbound payload minhu could not handle. */
export interface DeadLetter {
  id: number;
  channel: Channel | string;
  reason: string;
  messageId: string | null;
  /** The raw payload, JSON-escaped text. */
  payload: string;
  at: number;
}

/** Parked inbound payloads, visible to admins. */
export interface DeadLetters {
  /** Parks a payload; `payload` is stored JSON-escaped and cut to a bounded size. */
  park(channel: string, reason: string, payload: unknown, messageId?: string | null): Promise<void>;
  /** Newest first. */
  list(limit: number, beforeId?: number): Promise<DeadLetter[]>;
}
