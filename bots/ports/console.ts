/**
 * The console's read side (issue 17): what the workspace lists and searches — queue views with
 * their counts, search, the reporter panel, the audit of unmasked numbers, notices — so that the
 * web adapter knows no tables. Writes still go through the chat commands and `StoreTx.write`.
 */
import type { NoticeRecord } from './notices';

/** A notice as the console lists it. */
export interface NoticeSummary extends NoticeRecord {
  createdAt: number;
}

export interface ConsolePort {
  /** The newest notices (all issuers; the console keeps those within the person's area). */
  recentNotices(limit: number): Promise<NoticeSummary[]>;
}
