/**
 * Issue 18 — the petitions aggregate: the 信访事项 beside its request (same number), its clock
 * check time, the numbered documents on its dossier, and what the classification needs
 * (earlier petitions of the same households). Inside one transaction, like every port.
 */
import type { EarlierPetition } from '../../core/petitions/kinds';
import type { Petition } from '../../core/petitions/petition';
import type { DocumentKind } from '../../core/petitions/documents';

/** Where a petition sits, for figures and the tick (stored beside the petition). */
export interface PetitionPlace {
  countyCode: string;
  areaCode: string;
  category: string;
  /** The department handling it, if any (for department scorecards). */
  departmentCode: string | null;
  /** The households (person ids) on it: the reporter and the co-reporters. */
  householdIds: number[];
}

/** A stored document of a petition. */
export interface PetitionDocument {
  id: number;
  requestId: number;
  kind: DocumentKind;
  number: string;
  blobSha: string;
  token: string;
  createdAt: number;
}

export interface PetitionsPort {
  /** Loads a petition, locking its row; null when the request is not a petition. */
  get(requestId: number): Promise<Petition | null>;
  /** Inserts or updates the petition and when the tick should next look at it. */
  save(petition: Petition, place: PetitionPlace, checkAt: number | null): Promise<void>;
  /** Petitions whose check time has come, locked, skipping locked rows. */
  dueForCheck(now: number, limit: number): Promise<{ petition: Petition; place: PetitionPlace }[]>;
  /** Records a tick's outcome: breach counts and next check times. */
  setChecks(states: { requestId: number; breachCount: number; checkAt: number | null }[]): Promise<void>;
  /** Earlier petitions with any of these households received since `since`. */
  earlierOf(householdIds: number[], since: number, exceptRequestId: number): Promise<(EarlierPetition & { entryLevel: string })[]>;
  /** The next number of a county's documents of one word in one year: never the same twice, across processes. */
  nextDocumentSeq(countyCode: string, year: number, word: string): Promise<number>;
  /**
   * Keeps a document on the dossier: its PDF goes into the blob store's table (by SHA-256) in the
   * same transaction as the document row, so a number is never issued without its file.
   */
  addDocument(doc: { requestId: number; kind: DocumentKind; number: string; countyCode: string; year: number; seq: number; pdf: Buffer; token: string; createdBy: number | null }): Promise<PetitionDocument>;
  /** The documents of a petition, oldest first. */
  documents(requestId: number): Promise<PetitionDocument[]>;
  /** The area a person belongs to (a household's grid), or null. */
  homeArea(personId: number): Promise<string | null>;
  /** Staff of a department (a mediation committee's mediators). */
  staffOfDepartment(code: string): Promise<{ personId: number; name: string }[]>;
  /** A document by its link token (for the household's link); null for any other token. */
  documentByToken(token: string): Promise<PetitionDocument | null>;
}
