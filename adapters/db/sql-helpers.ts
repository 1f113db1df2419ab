/** Small SQL helpers shared by the repositories. */
import { sql } from 'drizzle-orm';

/** SQL for the codes of an area and everything below it. */
export function subtree(areaCode: string) {
  return sql`with recursive sub(code) as (select ${areaCode}::text union all select a.code from areas a join sub on a.parent_code = sub.code) select code from sub`;
}

/** node-postgres returns `{ rows }`, PGlite returns `{ rows }` too; both are normalised here. */
export function rowsOf<T>(result: unknown): T[] {
  return (result as { rows: T[] }).rows;
}

