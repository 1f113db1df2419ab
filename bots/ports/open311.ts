/**
 * Issue 19: the Open311 aggregate — integrating systems' keys, the caller ids of their reports,
 * and the public reads. `Open311Port` is the part a transaction writes (the link of a report to
 * its request, committed with the request); `Open311Store` is what the HTTP layer reads.
 */
import type { CategoryCode } from '../../core/categories';
import type { CitizenRequest, Role } from '../../core/model';

/** Written inside the transaction that registers a system's report. */
export interface Open311Port {
  /** Records that the report `(system, externalId)` with `token` became request `requestId` (idempotent). */
  link(system: string, externalId: string, token: string, requestId: number): Promise<void>;
}

/** A key of an integrating system, as verified (never the key itself). */
export interface IntegrationKey {
  id: number;
  kind: 'open311' | 'api';
  system: string;
  name: string;
  keyPrefix: string;
  role: Role | null;
  areaCode: string | null;
  departmentCode: string | null;
  personId: number | null;
  createdAt: number;
  revokedAt: number | null;
}

/** Filters of GET requests (already validated). */
export interface PublicQuery {
  ids?: number[];
  categories?: CategoryCode[];
  /** [from, to) in epoch ms, on the time a request was made. */
  from: number;
  to: number;
  statuses?: ('open' | 'closed')[];
  limit: number;
  offset: number;
}

/** A report's reservation: its token, and the request once registered. */
export interface Open311Reservation {
  token: string;
  requestId: number | null;
}

/** What the Open311 routes read and write outside a request's transaction. */
export interface Open311Store {
  /** The active key whose SHA-256 is `keyHash`, or null. */
  keyByHash(kind: IntegrationKey['kind'], keyHash: string): Promise<IntegrationKey | null>;
  /**
   * Reserves the caller id `externalId` of `system` (a fresh token for a new one); the same id again
   * gets the same token and, once registered, its request.
   */
  reserve(system: string, externalId: string, token: string): Promise<Open311Reservation>;
  /** The reservation behind a token, or null. */
  byToken(token: string): Promise<(Open311Reservation & { system: string; externalId: string }) | null>;
  /** A request by number (any: callers check what may be shown). */
  request(id: number): Promise<CitizenRequest | null>;
  /** Public requests (never a sensitive one), newest first. */
  listPublic(query: PublicQuery): Promise<CitizenRequest[]>;
}
