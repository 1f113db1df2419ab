/** One-time console sign-in links (`工作台`), stored only as hashes. */
export interface ConsoleLoginsPort {
  /** Stores a one-time console sign-in token (by its hash) for a person, valid until `expiresAt`. */
  issue(personId: number, tokenHash: string, expiresAt: number): Promise<void>;
}
