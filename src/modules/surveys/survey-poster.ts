import { ACCENT, createPdf, drawQr, INK, MUTED, toBuffer } from '../documents/pdf-kit.ts';

/** The QR poster of one outlet: an A4 PDF with the survey's title, the outlet, a large QR code and the link. */
export function renderPosterPdf(input: {
  title: string;
  outlet: string;
  url: string;
  cbName: string;
}): Promise<Buffer> {
  const doc = createPdf({ size: 'A4', margin: 0, info: { Title: input.title } });
  const done = toBuffer(doc);
  const W = 595.28;
  doc.rect(0, 0, W, 110).fill(ACCENT);
  doc
    .fillColor('#ffffff')
    .font('bold')
    .fontSize(26)
    .text('扫码评价我们的服务', 0, 28, { width: W, align: 'center' });
  doc.font('regular').fontSize(13).text('Scan to rate our service', 0, 68, { width: W, align: 'center' });
  doc
    .fillColor(INK)
    .font('bold')
    .fontSize(18)
    .text(input.outlet, 40, 140, { width: W - 80, align: 'center' });
  doc
    .font('regular')
    .fontSize(12)
    .fillColor(MUTED)
    .text(input.title, 40, 172, { width: W - 80, align: 'center' });
  const size = 340;
  const y = 215;
  drawQr(doc, input.url, (W - size) / 2, y, size);
  doc
    .font('regular')
    .fontSize(10)
    .fillColor(INK)
    .text(input.url, 40, y + size + 20, { width: W - 80, align: 'center' });
  doc
    .fontSize(11)
    .fillColor(MUTED)
    .text('约两分钟 · 可匿名 · 支持中文和英文 — about two minutes, Chinese or English', 40, y + size + 50, {
      width: W - 80,
      align: 'center',
    });
  doc.fontSize(9).text(input.cbName, 40, 800, { width: W - 80, align: 'center' });
  doc.end();
  return done;
}
