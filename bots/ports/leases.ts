/** Issue 16: leases in the shared database, so that one instance of the fleet does a thing at a time. */

/** The lease table as the lease runner sees it. */
export interface LeaseStore {
  /**
   * Takes or renews `name` for `holder` until `ttlMs` from the database's now: true when the
   * holder has it (it was free, lapsed, or already ours), false when another holder's lease runs.
   */
  acquire(name: string, holder: string, ttlMs: number): Promise<boolean>;
  /** Gives the lease up at once (only if `holder` has it), so another instance takes over now. */
  release(name: string, holder: string): Promise<void>;
  /** Who holds `name` now (a lapsed lease counts as nobody's). */
  holderOf(name: string): Promise<string | null>;
}
