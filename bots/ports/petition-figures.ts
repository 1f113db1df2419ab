/** Issue 18 — read-only aggregates for the 信访 figures (core/petitions/figures.ts), usable by the console too. */
import type { PetitionCounts } from '../../core/petitions/figures';

/** Counts of one grid (area) and one department (null: none) in a period. */
export interface PetitionCountRow extends PetitionCounts {
  areaCode: string;
  departmentCode: string | null;
}

export interface PetitionFiguresPort {
  /** Counts per grid and department of petitions and service requests within `root`, for [from, to). */
  countRows(root: string, from: number, to: number): Promise<PetitionCountRow[]>;
  /** The household registry within `root`: households, and those whose representative is in a group. */
  coverage(root: string): Promise<{ households: number; joined: number }>;
}
