/**
 * Renders a formal 信访 document (core/petitions/documents.ts) to PDF with pdfkit, in Noto Sans SC
 * from `@expo-google-fonts/noto-sans-sc` (embedded and subset by pdfkit, so a reader needs no
 * Chinese font): A4, the office as the heading, the title, the number, the addressee, the body,
 * the office and the date at the foot. Deterministic for the same content and creation time.
 */
import PDFDocument from 'pdfkit';
import type { DocumentContent } from '../../core/petitions/documents';

/** The Noto Sans SC file shipped in node_modules (the same font the charts use). */
export const NOTO_SANS_SC = require.resolve('@expo-google-fonts/noto-sans-sc/400Regular/NotoSansSC_400Regular.ttf');

/** Renders `content` to a PDF; `createdAt` fixes the document's metadata time. */
export function renderPetitionPdf(content: DocumentContent, createdAt: number): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const doc = new PDFDocument({ size: 'A4', margins: { top: 72, bottom: 72, left: 80, right: 80 }, info: { Title: `${content.title} ${content.number}`, Author: content.office, CreationDate: new Date(createdAt) } });
    const chunks: Buffer[] = [];
    doc.on('data', (c: Buffer) => chunks.push(c));
    doc.on('end', () => resolve(Buffer.concat(chunks)));
    doc.on('error', reject);
    doc.registerFont('noto', NOTO_SANS_SC);
    doc.font('noto');
    doc.fillColor('#b00000').fontSize(22).text(content.office, { align: 'center' });
    doc.moveDown(0.3).strokeColor('#b00000').lineWidth(1.5).moveTo(80, doc.y).lineTo(doc.page.width - 80, doc.y).stroke();
    doc.moveDown(0.8).fillColor('#000000').fontSize(18).text(content.title, { align: 'center' });
    doc.moveDown(0.4).fontSize(12).text(content.number, { align: 'center' });
    doc.moveDown(1.2).fontSize(14).text(content.to);
    for (const p of content.paragraphs) doc.moveDown(0.6).fontSize(14).text(p, { indent: 28, lineGap: 6, align: 'justify' });
    doc.moveDown(3).fontSize(14).text(content.office, { align: 'right' });
    doc.moveDown(0.3).text(content.date, { align: 'right' });
    doc.end();
  });
}
