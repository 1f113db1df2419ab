/** The store ports over one database, as the use cases need them. */
import type { ReportStore, Store } from '../../bots/ports';
import type { Db } from './client';
import { createReportStore } from './report.repository';
import { createStore } from './store';

/** The transactional store and the report aggregates over `db`. */
export function storesFor(db: Db): { store: Store; reports: ReportStore } {
  return { store: createStore(db), reports: createReportStore(db) };
}
