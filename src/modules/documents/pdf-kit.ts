import fs from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import PDFDocument from 'pdfkit';
import QRCode from 'qrcode';

/**
 * What every Starmark PDF (certificate, survey poster, evaluation plan and report) shares: pdfkit with
 * Noto Sans SC from @embedpdf/fonts-sc, subset into each file (pdf-lib garbles Chinese), the house
 * colours and the layout helpers of the A4 documents.
 */
const require = createRequire(import.meta.url);
// The package's entry is dist/index.*; its fonts sit beside dist.
const FONT_DIR = path.join(path.dirname(require.resolve('@embedpdf/fonts-sc')), '..', 'fonts');
export const FONT_REGULAR = path.join(FONT_DIR, 'NotoSansHans-Regular.otf');
export const FONT_BOLD = path.join(FONT_DIR, 'NotoSansHans-Bold.otf');

// The files are about 8 MB each: read on the first PDF and kept for the life of the process, since
// pdfkit subsets from the same bytes for every document.
let fonts: { regular: Buffer; bold: Buffer } | undefined;
function fontBytes() {
  return (fonts ??= { regular: fs.readFileSync(FONT_REGULAR), bold: fs.readFileSync(FONT_BOLD) });
}

export const INK = '#1f1f1f';
export const MUTED = '#5f6368';
export const RULE = '#d0d0d0';
export const ACCENT = '#b3261e';

/** A pdfkit document with the fonts `regular` and `bold` registered; Creator is Starmark unless given. */
export function createPdf(options: PDFKit.PDFDocumentOptions): PDFKit.PDFDocument {
  const doc = new PDFDocument({ ...options, info: { Creator: 'Starmark', ...options.info } });
  const { regular, bold } = fontBytes();
  doc.registerFont('regular', regular);
  doc.registerFont('bold', bold);
  return doc;
}

/** The document's bytes, once `doc.end()` is called. */
export function toBuffer(doc: PDFKit.PDFDocument): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    doc.on('data', (c: Buffer) => chunks.push(c));
    doc.on('end', () => resolve(Buffer.concat(chunks)));
    doc.on('error', reject);
  });
}

/** The QR code of `text` in a `size` square at (x, y), on white with a one-module quiet zone. */
export function drawQr(doc: PDFKit.PDFDocument, text: string, x: number, y: number, size: number) {
  const qr = QRCode.create(text, { errorCorrectionLevel: 'M' });
  const n = qr.modules.size;
  const cell = size / (n + 2);
  doc.save().rect(x, y, size, size).fill('#ffffff');
  doc.fillColor('#000000');
  for (let r = 0; r < n; r++) {
    for (let c = 0; c < n; c++) {
      // The slight overlap keeps viewers from showing hairlines between adjacent modules.
      if (qr.modules.get(r, c)) doc.rect(x + (c + 1) * cell, y + (r + 1) * cell, cell + 0.05, cell + 0.05);
    }
  }
  doc.fill().restore();
}

/** A section heading; starts a new page rather than leave a heading alone at the bottom. */
export function heading(doc: PDFKit.PDFDocument, text: string) {
  if (doc.y > doc.page.height - doc.page.margins.bottom - 60) doc.addPage();
  doc.moveDown(0.5);
  doc.font('bold').fontSize(12).fillColor(ACCENT).text(text);
  doc.moveDown(0.3);
  doc.fillColor(INK);
}

/** A label with its value beside it; an empty value shows as a dash. */
export function field(doc: PDFKit.PDFDocument, label: string, value: string) {
  const left = doc.page.margins.left;
  const y = doc.y;
  doc.font('regular').fontSize(9).fillColor(MUTED).text(label, left, y, { width: 110 });
  doc
    .font('regular')
    .fontSize(9.5)
    .fillColor(INK)
    .text(value || '—', left + 115, y, { width: doc.page.width - left - doc.page.margins.right - 115 });
  doc.x = left;
  doc.moveDown(0.2);
}

export interface Column {
  title: string;
  width: number;
  align?: 'left' | 'right' | 'center';
}

/**
 * A table from the left margin that continues on the next page with its header repeated; `bold` picks
 * rows (by index) to set in bold, such as totals.
 */
export function table(
  doc: PDFKit.PDFDocument,
  columns: Column[],
  rows: string[][],
  opts: { bold?: (i: number) => boolean } = {},
) {
  const left = doc.page.margins.left;
  const bottom = doc.page.height - doc.page.margins.bottom;
  const width = columns.reduce((s, c) => s + c.width, 0);
  const pad = 3;
  const header = columns.map((c) => c.title);
  const drawRow = (cells: string[], font: string, fill?: string) => {
    doc.font(font).fontSize(8.5);
    const h =
      Math.max(...cells.map((c, i) => doc.heightOfString(c || ' ', { width: columns[i]!.width - 2 * pad }))) +
      2 * pad;
    if (doc.y + h > bottom) {
      doc.addPage();
      drawRow(header, 'bold', '#f1f1f1');
    }
    const y = doc.y;
    if (fill) doc.save().rect(left, y, width, h).fill(fill).restore();
    let x = left;
    cells.forEach((c, i) => {
      const col = columns[i]!;
      doc
        .font(font)
        .fontSize(8.5)
        .fillColor(INK)
        .text(c || ' ', x + pad, y + pad, { width: col.width - 2 * pad, align: col.align ?? 'left' });
      x += col.width;
    });
    doc
      .moveTo(left, y + h)
      .lineTo(left + width, y + h)
      .lineWidth(0.5)
      .strokeColor(RULE)
      .stroke();
    doc.x = left;
    doc.y = y + h;
  };
  drawRow(header, 'bold', '#f1f1f1');
  rows.forEach((r, i) => drawRow(r, opts.bold?.(i) ? 'bold' : 'regular'));
  doc.moveDown(0.6);
}
