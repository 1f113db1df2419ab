/**
 * Issue 12 — how far minhu reaches the households: the corp's customer groups (客户群) with their
 * member counts (kept current by `npm run wecom:groups` and `change_external_chat` events), the
 * coverage figure 进群率 per grid and township, and how requests came in (线上点单: the household
 * wrote; 线下点单: staff registered it for them, 代报).
 */

/** A customer group as WeCom describes it (`externalcontact/groupchat/get`). */
export interface CustomerGroup {
  chatId: string;
  name: string;
  owner: string;
  /** Members of type 1 (corp members) and type 2 (WeChat users). */
  corpMembers: number;
  externalMembers: number;
}

/** Coverage of one area: households in its bound customer groups against the households it has. */
export interface CoverageRow {
  areaCode: string;
  /** Customer groups bound to the area or below it (org file `chats`). */
  groups: number;
  /** WeChat users in those groups (one representative per household). */
  inGroups: number;
  /** Households of the area (org file `areas[].households`, summed below it); null when not given. */
  households: number | null;
}

/** How a period's requests came in. */
export interface IntakeMix {
  /** The household wrote (线上点单). */
  online: number;
  /** Staff registered it for the household (代报, 线下点单). */
  offline: number;
}

export interface ReachPort {
  /** Stores what `groupchat/get` said about a group (counts current, not stale). */
  saveGroup(group: CustomerGroup): Promise<void>;
  /** A `change_external_chat` event: the group's counts are to be fetched again (one statement). */
  markStale(chatId: string): Promise<void>;
  /** A dismissed group counts nobody. */
  dismiss(chatId: string): Promise<void>;
  /** Groups whose counts are to be fetched again, oldest change first. */
  staleGroups(limit: number): Promise<string[]>;
  /** Coverage of `root` itself and each of its children (grids and townships alike), in tree order of the rows. */
  coverage(root: string): Promise<CoverageRow[]>;
  /** Requests registered in [from, to) within `root`, by how they came in. */
  intakeMix(root: string, from: number, to: number): Promise<IntakeMix>;
}
