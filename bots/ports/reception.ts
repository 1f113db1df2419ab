/** Issue 18 — reception days: sessions from the rota, households' bookings, and visit records (接访 / 下访 / 回访). */
import type { Channel } from '../../core/model';
import type { SessionPlan } from '../../core/petitions/reception';

/** A stored session with how many are booked. */
export interface ReceptionSession extends SessionPlan {
  id: number;
  booked: number;
  noticeId: number | null;
}

/** A booking with its session. */
export interface ReceptionBooking {
  id: number;
  session: ReceptionSession;
  personId: number;
  channel: Channel;
  chatId: string;
  userId: string;
  name: string;
  status: 'booked' | 'cancelled' | 'visited';
}

/** A visit record. */
export interface VisitRecord {
  kind: 'reception' | 'down' | 'return' | 'lawyer';
  unit: string;
  hostId: number | null;
  hostName: string;
  bookingId: number | null;
  personId: number | null;
  petitioner: string;
  matter: string;
  outcome: string;
  requestId: number | null;
  at: number;
}

export interface ReceptionPort {
  /** Stores the planned sessions (idempotent) and returns them with their ids and bookings. */
  ensureSessions(plans: SessionPlan[]): Promise<ReceptionSession[]>;
  /**
   * Books a place: the session row is locked, so concurrent bookings never exceed its capacity;
   * one booking per person and session.
   */
  book(sessionId: number, who: { personId: number; channel: Channel; chatId: string; userId: string; name: string }): Promise<{ ok: true; booking: ReceptionBooking } | { ok: false; error: 'full' | 'already' | 'gone' }>;
  /** A person's bookings of sessions not yet over at `now`, soonest first. */
  bookingsOf(personId: number, now: number): Promise<ReceptionBooking[]>;
  cancel(bookingId: number, now: number): Promise<void>;
  /** A booking by id (any status). */
  booking(id: number): Promise<ReceptionBooking | null>;
  /** Bookings (status booked) of sessions starting in [from, to). */
  bookingsStarting(from: number, to: number): Promise<ReceptionBooking[]>;
  /** Sessions starting in [from, to) not yet announced, locked. */
  unannounced(from: number, to: number): Promise<ReceptionSession[]>;
  setNotice(sessionId: number, noticeId: number): Promise<void>;
  /** Bookings of sessions of `units` on `day`. */
  bookingsOn(units: string[], day: string): Promise<ReceptionBooking[]>;
  /** Records a visit; a booking it names is marked visited. Returns the record's number. */
  recordVisit(visit: VisitRecord): Promise<number>;
  /** Visits (count and people) of units in [from, to). */
  visitCounts(units: string[], from: number, to: number): Promise<{ visits: number; people: number }>;
}
