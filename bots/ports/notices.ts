/** Notices (上情下达): drafts, fan-out into the outbox, progress, acknowledgements. */
import type { Channel, OutboundButton } from '../../core/model';

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
