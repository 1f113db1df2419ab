/**
 * Console sessions (issue 17): one-time links redeemed, sessions started, looked up and ended —
 * all by the SHA-256 of their token, never the token itself.
 */
import type { Actor } from '../../core/model';

/** A live console session: the person, their web identity (the console acts through the web chat) and the CSRF token. */
export interface ConsoleSessionRecord {
  actor: Actor;
  webId: string;
  csrf: string;
}

export interface ConsoleSessionsPort {
  /** Marks an unused, unexpired one-time link as used; the person it signs in, or null. */
  redeemLink(tokenHash: string, now: number): Promise<number | null>;
  /** The first admin of the org (root area first): whom ADMIN_TOKEN signs in. */
  firstAdmin(): Promise<number | null>;
  /**
   * Starts a session: gives the person a web identity (`p<id>`) if they have none, stores the
   * session's hash with its CSRF token, and forgets sessions expired for over a day.
   */
  start(personId: number, tokenHash: string, csrf: string, expiresAt: number, now: number): Promise<void>;
  /** The staff member of an unexpired session; null for none (or a household). */
  find(tokenHash: string, now: number): Promise<ConsoleSessionRecord | null>;
  end(tokenHash: string): Promise<void>;
}
