/**
 * The console's read side (issue 17): what the workspace lists and searches — queue views,
 * search, the reporter panel, the audit of unmasked numbers, notices, the org's staff for the
 * pickers — so that the web adapter knows no tables. Changes to requests still go through the
 * chat commands and `StoreTx.write`; the audit is the one thing the console writes itself.
 */
import type { Channel, CitizenRequest, Role } from '../../core/model';
import type { NoticeRecord } from './notices';
import type { QueueView } from './requests';

/** A notice as the console lists it. */
export interface NoticeSummary extends NoticeRecord {
  createdAt: number;
}

/** What a search looks for, within the person's queue view. */
export interface RequestSearch {
  view: QueueView;
  /** Words in the description or place, or the reporter's name (each word must match). */
  words: string[];
  /** Digits of a phone number (7 or more): matched in the stored phone and the description. */
  phoneDigits: string | null;
  /** A request number. */
  id: number | null;
  /** Registered in [from, to) (epoch ms), when given. */
  from: number | null;
  to: number | null;
  limit: number;
}

/** The reporter panel's person: who they are and how they can be reached. */
export interface ReporterInfo {
  personId: number;
  name: string;
  /** The phone the org or an earlier report recorded, as stored (the console masks it unless allowed). */
  phone: string | null;
  areaCode: string | null;
  identities: { channel: Channel; externalId: string }[];
}

/** One unmasking: who saw a request's numbers, when, where. */
export interface AuditEntry {
  id: number;
  personId: number;
  personName: string;
  requestId: number;
  action: 'unmask';
  via: string;
  at: number;
}

/** A staff member as the pickers list them. */
export interface StaffEntry {
  personId: number;
  name: string;
  role: Role;
  areaCode: string | null;
  departmentCode: string | null;
}

export interface ConsolePort {
  /** The newest notices (all issuers; the console keeps those within the person's area). */
  recentNotices(limit: number): Promise<NoticeSummary[]>;
  /** Requests of a queue view in these statuses, not locked (the queue page reads many). */
  inView(view: QueueView, statuses: readonly CitizenRequest['status'][], limit: number): Promise<CitizenRequest[]>;
  /** Open requests where `department` is a 吹哨 co-unit (reported in or not). */
  coUnitOf(department: string, limit: number): Promise<CitizenRequest[]>;
  /** Requests matching a search, newest first. */
  search(criteria: RequestSearch): Promise<CitizenRequest[]>;
  /** Requests raised in `root`'s subtree in [from, to), optionally of one category, newest first (a report's drill-down). */
  raisedIn(root: string, from: number, to: number, category: string | null, limit: number): Promise<CitizenRequest[]>;
  /** The newest timeline event's id: it moves whenever any request changes (the live queue's cursor). */
  latestChange(): Promise<number>;
  reporter(personId: number): Promise<ReporterInfo | null>;
  /** A chat's title, when it is bound. */
  chatTitle(channel: Channel, chatId: string): Promise<string | null>;
  /** Titles of many chats, by `channel:chatId`. */
  chatTitles(chats: { channel: Channel; chatId: string }[]): Promise<Map<string, string>>;
  recordUnmask(personId: number, requestId: number, via: string, at: number): Promise<void>;
  /** The unmaskings of one request, newest first. */
  auditOf(requestId: number, limit: number): Promise<AuditEntry[]>;
  /** The unmaskings of requests raised in `root`'s subtree, newest first. */
  auditWithin(root: string, limit: number): Promise<AuditEntry[]>;
  /** The month's most frequent category per area the place resolved to (the grid when it did not), sensitive ones left out. */
  hotAreas(root: string, from: number, to: number, limit: number): Promise<{ areaCode: string; resolved: boolean; category: string; count: number }[]>;
  /** Staff of the org (not households), in org order. */
  staff(): Promise<StaffEntry[]>;
}
