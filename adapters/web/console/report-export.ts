/**
 * The month's figures as a table with Chinese headers (issue 17): one row per child area, then
 * the total, percentages in whole numbers — written as CSV (UTF-8 with BOM, so spreadsheet
 * programs read the Chinese) and as an Excel workbook (exceljs).
 */
import ExcelJS from 'exceljs';
import { ratesOf, type Counts, type ReportFigures } from '../../../core/metrics';
import { CATEGORY_NAMES, type CategoryCode } from '../../../core/categories';

export const REPORT_HEADERS = ['区域', '收到', '受理', '不予受理', '撤回', '办结', '受理率', '及时受理率', '按期答复率', '办结率', '按期办结率', '满意率', '参评率'] as const;
const pct = (x: number | null) => (x === null ? '—' : `${Math.round(x * 100)}%`);

/** A row of figures for one area (or the total). */
export function figureRow(name: string, c: Counts): (string | number)[] {
  const r = ratesOf(c);
  return [name, c.received, r.accepted, c.rejected, c.withdrawn, c.resolved, pct(r.acceptance), pct(r.timelyClaim), pct(r.timelyAnswer), pct(r.closure), pct(r.timelyClosure), pct(r.satisfaction), pct(r.ratedShare)];
}

export function reportRows(f: ReportFigures): (string | number)[][] {
  return [...f.byArea.map((a) => figureRow(a.name, a.counts)), figureRow('合计', f.total)];
}

export function categoryRows(f: ReportFigures): (string | number)[][] {
  return f.byCategory.map((c) => figureRow(CATEGORY_NAMES[c.category as CategoryCode].zh, c.counts));
}

const csvCell = (v: string | number) => (/[",\n]/.test(String(v)) ? `"${String(v).replace(/"/g, '""')}"` : String(v));

/** CSV with a BOM: areas, the total, then the categories under their own header. */
export function reportCsvZh(f: ReportFigures): string {
  const lines = [[...REPORT_HEADERS], ...reportRows(f), [], ['类别', ...REPORT_HEADERS.slice(1)], ...categoryRows(f)];
  return `\uFEFF${lines.map((l) => l.map(csvCell).join(',')).join('\r\n')}\r\n`;
}

/** An .xlsx workbook: sheet 分区域 and sheet 分类别, headers bold, the title in the first row. */
export async function reportXlsx(title: string, f: ReportFigures): Promise<Buffer> {
  const book = new ExcelJS.Workbook();
  book.creator = '民呼';
  for (const [name, first, rows] of [['分区域', '区域', reportRows(f)], ['分类别', '类别', categoryRows(f)]] as const) {
    const sheet = book.addWorksheet(name);
    sheet.addRow([title]).font = { bold: true, size: 13 };
    sheet.addRow([first, ...REPORT_HEADERS.slice(1)]).font = { bold: true };
    for (const row of rows) sheet.addRow(row);
    sheet.columns.forEach((col, i) => (col.width = i === 0 ? 18 : 11));
  }
  return Buffer.from(await book.xlsx.writeBuffer());
}
