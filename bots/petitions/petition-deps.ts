/** Issue 18 — what the 信访 use cases are wired with, built from the org file. */
import type { OrgFile } from '../../core/org-file';
import type { DocumentContent } from '../../core/petitions/documents';
import { petitionLimitsOf, type PetitionLimits, type PetitionSettings, type ReceptionRota } from '../../core/petitions/settings';

/** A mediation committee (睦邻调解室, 人民调解委员会): a department of kind `mediation` in the org file. */
export interface Committee {
  code: string;
  name: string;
  area: string | null;
}

export interface PetitionDeps {
  settings: PetitionSettings;
  limits: PetitionLimits;
  /** The reception-day rota (leaders and lawyers on duty). */
  rota: ReceptionRota[];
  committees: Committee[];
  /** Renders a document to PDF (adapters/documents); absent: documents cannot be issued. */
  renderDocument?: (content: DocumentContent, createdAt: number) => Promise<Buffer>;
}

/** The 信访 deps of an org file. */
export function petitionDepsOf(org: OrgFile, renderDocument?: PetitionDeps['renderDocument']): PetitionDeps {
  return {
    settings: org.petitions,
    limits: petitionLimitsOf(org.petitions),
    rota: org.reception,
    committees: org.departments.filter((d) => d.kind === 'mediation').map((d) => ({ code: d.code, name: d.name, area: d.area ?? null })),
    renderDocument,
  };
}
