/**
 * Staff lists as exported from a spreadsheet: CSV with the header
 * `name,role,area,department,telegram,wecom` (UTF-8, an optional BOM, quoted fields allowed).
 * Each row is validated like the org file's `staff`, with its line number in any error.
 */
import { staffSchema, type OrgFile } from '../../core/org-file';

const COLUMNS = ['name', 'role', 'area', 'department', 'telegram', 'wecom'] as const;

/** Splits CSV text into rows of fields (RFC 4180 quoting). */
export function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let field = '';
  let quoted = false;
  const src = text.replace(/^\uFEFF/, '');
  for (let i = 0; i < src.length; i++) {
    const ch = src[i];
    if (quoted) {
      if (ch === '"' && src[i + 1] === '"') {
        field += '"';
        i++;
      } else if (ch === '"') quoted = false;
      else field += ch;
    } else if (ch === '"') quoted = true;
    else if (ch === ',' || ch === '，') {
      row.push(field);
      field = '';
    } else if (ch === '\n' || ch === '\r') {
      if (ch === '\r' && src[i + 1] === '\n') i++;
      row.push(field);
      rows.push(row);
      row = [];
      field = '';
    } else field += ch;
  }
  if (field !== '' || row.length) {
    row.push(field);
    rows.push(row);
  }
  return rows.filter((r) => r.some((f) => f.trim() !== ''));
}

/** Reads a staff CSV; references to areas and departments are checked against `known`. */
export function readStaffCsv(text: string, known: { areas: Set<string>; departments: Set<string> }): { ok: true; staff: OrgFile['staff'] } | { ok: false; errors: string[] } {
  const rows = parseCsv(text);
  const header = rows.shift()?.map((h) => h.trim().toLowerCase()) ?? [];
  const missing = COLUMNS.filter((c) => !header.includes(c));
  if (missing.length) return { ok: false, errors: [`line 1: the header must name the columns ${COLUMNS.join(',')} (missing: ${missing.join(',')})`] };
  const errors: string[] = [];
  const staff: OrgFile['staff'] = [];
  rows.forEach((cells, i) => {
    const line = i + 2;
    const raw = Object.fromEntries(header.map((h, j) => [h, (cells[j] ?? '').trim()]).filter(([, v]) => v !== ''));
    const parsed = staffSchema.safeParse(raw);
    if (!parsed.success) {
      errors.push(...parsed.error.issues.map((iss) => `line ${line}: ${iss.path.join('.') || 'row'}: ${iss.message}`));
      return;
    }
    const s = parsed.data;
    if (s.area && !known.areas.has(s.area)) errors.push(`line ${line}: area: no area with code ${s.area}`);
    if (s.department && !known.departments.has(s.department)) errors.push(`line ${line}: department: no department with code ${s.department}`);
    if (!s.area && !s.department) errors.push(`line ${line}: give an area or a department`);
    if (!s.telegram && !s.wecom) errors.push(`line ${line}: give a telegram or wecom id`);
    staff.push(s);
  });
  return errors.length ? { ok: false, errors } : { ok: true, staff };
}
