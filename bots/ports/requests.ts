/** The requests aggregate: requests and their append-only timelines, inside one transaction. */
import type { DuplicateCandidate } from '../../core/classifier/similarity';
import type { ListView } from '../../core/permissions';
import type { CitizenRequest, RequestEvent, RequestStatus } from '../../core/model';

/** Which requests a person's `待办` shows (see core/permissions `listView`). */
export type QueueView = ListView;

/** A timeline entry with the actor's name, for printing the dossier. */
export interface TimelineEntry extends RequestEvent {
  actorName: string | null;
}

/** Requests as the use cases read them (writes go through `StoreTx.write`, with events and messages). */
export interface RequestsPort {
  /** The next request number (a sequence: numbers are never reused). */
  nextId(): Promise<number>;
  /** Loads a request, locking its row for this transaction; null for any number no request has. */
  get(id: number): Promise<CitizenRequest | null>;
  /** Open, non-sensitive requests of `category` raised in the areas since `since` (duplicate candidates). */
  openNearby(areaCodes: string[], category: string, since: number, limit: number): Promise<DuplicateCandidate[]>;
  /** Requests of a queue view in the given statuses: most households affected first, then oldest. */
  listQueue(view: QueueView, statuses: readonly RequestStatus[], limit: number): Promise<CitizenRequest[]>;
  /** Open 吹哨 requests where `department` is a co-unit that has not reported in. */
  listPendingReportIns(department: string, limit: number): Promise<CitizenRequest[]>;
  /** A reporter's requests, newest first. */
  listByReporter(personId: number, limit: number): Promise<CitizenRequest[]>;
  /** Open requests whose SLA check time has come, oldest first, locked (skipping locked ones). */
  dueForSla(now: number, limit: number): Promise<CitizenRequest[]>;
  /** Records a tick's outcome for many requests at once: breach counts and when to look next. */
  setSlaStates(states: { id: number; breachCount: number; checkAt: number | null }[]): Promise<void>;
  timeline(requestId: number): Promise<TimelineEntry[]>;
  /** The timelines of many requests in one query. */
  timelines(requestIds: number[]): Promise<Map<number, TimelineEntry[]>>;
}
