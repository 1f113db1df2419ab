/**
 * Issue 12 — households staff register for (代报, 线下点单): found by their phone within the grid,
 * or registered then (a household without a phone is a new person each time: a name alone is no
 * identity, and merging two 王阿姨 would show one the other's requests).
 */
import type { Actor, Channel } from '../../core/model';

export interface OfflinePort {
  /** The household of `areaCode` with this mobile number, or a new one named `name` (with the phone, when given). */
  household(areaCode: string, name: string, phone: string | null): Promise<Actor>;
  /**
   * A household registered by staff opens the rating link posted (naming them) in their group:
   * links the channel identity `channel`/`externalId` to that household — trust on first use,
   * only while the household has no channel identity at all and the identity's own person has
   * no requests (a fresh contact). True when linked; from then on they are that household.
   */
  claim(householdId: number, channel: Channel, externalId: string, byPersonId: number): Promise<boolean>;
}
