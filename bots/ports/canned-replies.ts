/**
 * Issue 14 — 常用语: the canned replies of each unit (an area or a department), read by the desk
 * (`常用语`, `答复 N #2`, `办结 N #1`) and edited by the console. Numbers people type are positions
 * in `listFor`: the unit's own replies first, then those of the units above it.
 */
import type { CategoryCode } from '../../core/categories';

/** A unit that owns canned replies. */
export interface ReplyUnit {
  kind: 'area' | 'department';
  code: string;
}

/** One canned reply as stored. */
export interface CannedReply {
  id: number;
  unit: ReplyUnit;
  text: string;
  category: CategoryCode | null;
  /** A label for people: `reply` (答复), `resolve` (办结) or null (either). */
  use: 'reply' | 'resolve' | null;
  position: number;
}

/** What a new or changed reply says. */
export interface CannedReplyInput {
  text: string;
  category?: CategoryCode | null;
  use?: 'reply' | 'resolve' | null;
}

export interface CannedRepliesPort {
  /** One unit's replies, in order (not the deleted ones). */
  list(unit: ReplyUnit): Promise<CannedReply[]>;
  /** The replies of several units, in the order of `units`, each unit's in its order: what `#N` counts. */
  listFor(units: ReplyUnit[]): Promise<CannedReply[]>;
  /** Adds a reply at the end of the unit's list; returns it. */
  add(unit: ReplyUnit, input: CannedReplyInput): Promise<CannedReply>;
  /** Changes a reply's text, category or label; null when there is none with that id. */
  update(id: number, input: CannedReplyInput): Promise<CannedReply | null>;
  /** Deletes a reply (an org-file one stays deleted when the org file is imported again); false when there was none. */
  remove(id: number): Promise<boolean>;
  /** Moves a reply to `position` (0-based) in its unit's list; false when there is none with that id. */
  move(id: number, position: number): Promise<boolean>;
}
