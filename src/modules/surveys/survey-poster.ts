import fs from 'node:fs';
import PDFDocument from 'pdfkit';
import QRCode from 'qrcode';
import { FONT_BOLD, FONT_REGULAR } from '../certificates/certificate-documents.ts';

let fonts: { regular: Buffer; bold: Buffer } | undefined;
const fontBuffers = () =>
  (fonts ??= { regular: fs.readFileSync(FONT_REGULAR), bold: fs.readFileSync(FONT_BOLD) });

/** The QR poster of one outlet: an A4 PDF with the survey's title, the outlet, a large QR code and the link. */
export function renderPosterPdf(input: {
  title: string;
  outlet: string;
  url: string;
  cbName: string;
}): Promise<Buffer> {
  const doc = new PDFDocument({ size: 'A4', margin: 0, info: { Title: input.title, Creator: 'Starmark' } });
  const chunks: Buffer[] = [];
  const done = new Promise<Buffer>((resolve, reject) => {
    doc.on('data', (c: Buffer) => chunks.push(c));
    doc.on('end', () => resolve(Buffer.concat(chunks)));
    doc.on('error', reject);
  });
  doc.registerFont('regular', fontBuffers().regular);
  doc.registerFont('bold', fontBuffers().bold);
  const W = 595.28;
  doc.rect(0, 0, W, 110).fill('#b3261e');
  doc
    .fillColor('#ffffff')
    .font('bold')
    .fontSize(26)
    .text('扫码评价我们的服务', 0, 28, { width: W, align: 'center' });
  doc.font('regular').fontSize(13).text('Scan to rate our service', 0, 68, { width: W, align: 'center' });
  doc
    .fillColor('#1f1f1f')
    .font('bold')
    .fontSize(18)
    .text(input.outlet, 40, 140, { width: W - 80, align: 'center' });
  doc
    .font('regular')
    .fontSize(12)
    .fillColor('#5f6368')
    .text(input.title, 40, 172, { width: W - 80, align: 'center' });
  const qr = QRCode.create(input.url, { errorCorrectionLevel: 'M' });
  const n = qr.modules.size;
  const size = 340;
  const x = (W - size) / 2;
  const y = 215;
  const cell = size / (n + 2);
  doc.fillColor('#000000');
  for (let r = 0; r < n; r++)
    for (let c = 0; c < n; c++)
      if (qr.modules.get(r, c)) doc.rect(x + (c + 1) * cell, y + (r + 1) * cell, cell + 0.05, cell + 0.05);
  doc.fill();
  doc
    .font('regular')
    .fontSize(10)
    .fillColor('#1f1f1f')
    .text(input.url, 40, y + size + 20, { width: W - 80, align: 'center' });
  doc
    .fontSize(11)
    .fillColor('#5f6368')
    .text('约两分钟 · 可匿名 · 支持中文和英文 — about two minutes, Chinese or English', 40, y + size + 50, {
      width: W - 80,
      align: 'center',
    });
  doc.fontSize(9).text(input.cbName, 40, 800, { width: W - 80, align: 'center' });
  doc.end();
  return done;
}
