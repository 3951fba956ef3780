import SVGtoPDF from 'svg-to-pdfkit';
import { Resvg } from '@resvg/resvg-js';
import {
  STATUS_LABELS,
  renderStarMarkSvg,
  starPoints,
  type CertificateStatus,
} from '../../domain/certificates/index.ts';
import type { CertificateRow, CertificateSettingsRow } from '../../db/schema.ts';
import {
  ACCENT,
  createPdf,
  drawQr,
  FONT_BOLD,
  FONT_REGULAR,
  INK,
  MUTED,
  toBuffer,
} from '../documents/pdf-kit.ts';

/**
 * Certificate documents: the A4 certificate PDF (pdf-kit.ts: pdfkit with Noto Sans SC subset into the
 * file) and the star-mark image (SVG from the pure domain, PNG rendered by resvg with the same font).
 */
export interface CertificateDocumentInput {
  row: CertificateRow;
  cbName: string;
  settings: CertificateSettingsRow;
  verificationUrl: string;
}

const TITLES: Record<CertificateRow['category'], { zh: string; en: string; mark: string }> = {
  service: { zh: '服务认证证书', en: 'Service Certification Certificate', mark: '售后服务认证' },
  managementSystem: { zh: '管理体系认证证书', en: 'Management System Certificate', mark: '体系认证' },
  product: { zh: '产品认证证书', en: 'Product Certification Certificate', mark: '产品认证' },
};

const GOLD = '#c9a227';

function drawStars(doc: PDFKit.PDFDocument, stars: number, cx: number, cy: number) {
  const r = 13;
  const gap = 32;
  const start = cx - ((stars - 1) * gap) / 2;
  for (let i = 0; i < stars; i++) {
    const pts = starPoints(start + i * gap, cy, r)
      .split(' ')
      .map((p) => p.split(',').map(Number) as [number, number]);
    doc.polygon(...pts).fillAndStroke(GOLD, '#8a6d0b');
  }
}

const fmtDate = (d: string) => {
  const [y, m, day] = d.split('-');
  return { zh: `${y}年${Number(m)}月${Number(day)}日`, en: d };
};

/** The certificate as an A4 PDF, Chinese and English; a status stamp when it is not valid. */
export async function renderCertificatePdf(input: CertificateDocumentInput): Promise<Buffer> {
  const { row, settings } = input;
  const doc = createPdf({
    size: 'A4',
    margin: 0,
    info: {
      Title: `${TITLES[row.category].zh} ${row.certificateNumber}`,
      Author: input.cbName,
      Subject: row.entityNameZh,
    },
  });
  const done = toBuffer(doc);
  const W = doc.page.width; // 595.28
  const H = doc.page.height; // 841.89
  const M = 56;
  const inner = W - 2 * M;

  // Frame.
  doc
    .lineWidth(6)
    .strokeColor(ACCENT)
    .rect(18, 18, W - 36, H - 36)
    .stroke();
  doc
    .lineWidth(1.2)
    .strokeColor(GOLD)
    .rect(28, 28, W - 56, H - 56)
    .stroke();

  // Header: logo and the certification body.
  if (settings.logoSvg) {
    try {
      SVGtoPDF(doc, settings.logoSvg, M, 44, { width: 56, height: 56, preserveAspectRatio: 'xMidYMid meet' });
    } catch {
      // A logo that does not parse is left out rather than failing the certificate.
    }
  } else {
    doc.circle(M + 28, 72, 26).fill(ACCENT);
    drawStars(doc, 1, M + 28, 73);
  }
  doc
    .fillColor(INK)
    .font('bold')
    .fontSize(15)
    .text(input.cbName, M + 70, 52, { width: inner - 70 });
  if (settings.cbNameEn)
    doc
      .font('regular')
      .fontSize(9)
      .fillColor(MUTED)
      .text(settings.cbNameEn, M + 70, 74, { width: inner - 70 });

  // Title.
  const title = TITLES[row.category];
  doc
    .fillColor(ACCENT)
    .font('bold')
    .fontSize(30)
    .text(title.zh, M, 124, { width: inner, align: 'center', characterSpacing: 4 });
  doc
    .fillColor(INK)
    .font('regular')
    .fontSize(12)
    .text(title.en.toUpperCase(), M, 166, { width: inner, align: 'center', characterSpacing: 1 });
  doc
    .fillColor(MUTED)
    .fontSize(10)
    .text(
      `证书编号 Certificate No.  ${row.certificateNumber}${row.revision > 1 ? `   第 ${row.revision} 版 Rev. ${row.revision}` : ''}`,
      M,
      190,
      { width: inner, align: 'center' },
    );

  // Body: label / value pairs.
  let y = 224;
  // Long values are cut with an ellipsis at maxHeight, so the body never runs into the footer.
  const field = (
    zh: string,
    en: string,
    value: string,
    valueEn?: string | null,
    big = false,
    maxHeight = 28,
  ) => {
    doc.fillColor(MUTED).font('regular').fontSize(8.5).text(`${zh}  ${en}`, M, y, { width: inner });
    y = doc.y + 2;
    doc
      .fillColor(INK)
      .font(big ? 'bold' : 'regular')
      .fontSize(big ? 15 : 10.5)
      .text(value, M, y, { width: inner, height: maxHeight, ellipsis: true });
    y = doc.y + 1;
    if (valueEn) {
      doc
        .fillColor(INK)
        .font('regular')
        .fontSize(9)
        .text(valueEn, M, y, { width: inner, height: maxHeight, ellipsis: true });
      y = doc.y;
    }
    y += 9;
  };
  const address = JSON.parse(row.entityAddress) as { street?: string; city?: string; province?: string };
  field('获证组织', 'Certified organisation', row.entityNameZh, row.entityNameEn, true);
  field('统一社会信用代码', 'Unified social credit code', row.entityCreditCode);
  field('地址', 'Address', [address.province, address.city, address.street].filter(Boolean).join(' '));
  const standards = (JSON.parse(row.standards) as string[]).join('；');
  field('认证依据', 'Certification criteria', `${standards}  《${row.schemeTitleZh}》`, row.schemeTitleEn);
  field('认证范围', 'Scope', row.scopeZh, row.scopeEn, false, 44);

  // Level with stars.
  doc.fillColor(MUTED).font('regular').fontSize(8.5).text('认证等级  Level', M, y, { width: inner });
  y = doc.y + 4;
  doc
    .fillColor(ACCENT)
    .font('bold')
    .fontSize(18)
    .text(`${row.levelTitleZh}  ${row.levelTitleEn}`, M, y, { width: inner / 2 });
  if (row.levelStars > 0) drawStars(doc, row.levelStars, M + inner * 0.72, y + 12);
  y = Math.max(doc.y, y + 26) + 10;

  const sites = JSON.parse(row.sites) as { name: string; address: string; scopeZh?: string }[];
  const shown = sites.slice(0, 3);
  if (sites.length) {
    const list = shown.map((s) => `${s.name}（${s.address}）`).join('；');
    const more =
      sites.length > shown.length
        ? `共 ${sites.length} 个，详见附页 / ${sites.length} sites, see annex：`
        : '';
    field('覆盖服务网点', 'Sites covered', more + list, null, false, 26);
  }

  const issued = fmtDate(row.issueDate);
  const original = fmtDate(row.originalIssueDate);
  const expiry = fmtDate(row.expiryDate);
  const col = inner / 3;
  const dates: [string, string, { zh: string; en: string }][] = [
    ['初次发证日期', 'Original issue', original],
    ['本次发证日期', 'Issue date', issued],
    ['有效期至', 'Valid until', expiry],
  ];
  dates.forEach(([zh, en, d], i) => {
    doc
      .fillColor(MUTED)
      .font('regular')
      .fontSize(8.5)
      .text(`${zh}  ${en}`, M + i * col, y, { width: col - 8 });
    doc
      .fillColor(INK)
      .font('bold')
      .fontSize(11)
      .text(d.zh, M + i * col, y + 13, { width: col - 8 });
    doc
      .fillColor(INK)
      .font('regular')
      .fontSize(8.5)
      .text(d.en, M + i * col, y + 29, { width: col - 8 });
  });
  y += 52;

  // Footer: QR code, verification URL, the body's details and signature line.
  const qrSize = 118;
  const fy = H - 56 - qrSize;
  drawQr(doc, input.verificationUrl, M, fy, qrSize);
  doc
    .fillColor(MUTED)
    .font('regular')
    .fontSize(8)
    .text(
      '本证书有效期内须接受年度监督评价，证书状态以认证机构公开查询结果为准。扫描二维码可查询并离线验证本证书（Ed25519 电子签名）。\n' +
        'The certificate is subject to annual surveillance; its current status is the one shown by the public verification. ' +
        'Scan the QR code to check it, also offline with the certification body’s public key (Ed25519).',
      M,
      fy - 54,
      { width: inner, height: 52, ellipsis: true },
    );

  const tx = M + qrSize + 18;
  const tw = inner - qrSize - 18;
  doc
    .fillColor(INK)
    .font('bold')
    .fontSize(11)
    .text(input.cbName, tx, fy + 4, { width: tw });
  const lines = [
    settings.cbAddress && `地址 Address: ${settings.cbAddress}`,
    settings.cncaApprovalNo && `批准号 CNCA approval No.: ${settings.cncaApprovalNo}`,
    (settings.accreditationBody || settings.accreditationNo) &&
      `认可 Accreditation: ${[settings.accreditationBody, settings.accreditationNo].filter(Boolean).join(' ')}`,
    `查询 Verify: ${input.verificationUrl.length > 70 ? `${input.verificationUrl.split('/verify/')[0]}/verify` : input.verificationUrl}`,
  ].filter(Boolean) as string[];
  doc
    .fillColor(MUTED)
    .font('regular')
    .fontSize(8)
    .text(lines.join('\n'), tx, doc.y + 4, { width: tw });
  doc
    .strokeColor(INK)
    .lineWidth(0.6)
    .moveTo(tx, fy + qrSize - 14)
    .lineTo(tx + 170, fy + qrSize - 14)
    .stroke();
  doc
    .fillColor(MUTED)
    .font('regular')
    .fontSize(8)
    .text('授权签字人 Authorised signatory', tx, fy + qrSize - 10, { width: tw });

  stamp(doc, row.status);

  if (sites.length > shown.length) {
    doc.addPage({ size: 'A4', margin: M });
    doc
      .fillColor(INK)
      .font('bold')
      .fontSize(14)
      .text(`附页：覆盖服务网点  Annex: sites covered — ${row.certificateNumber}`);
    doc.moveDown(0.5);
    sites.forEach((s, i) => {
      doc
        .font('regular')
        .fontSize(9)
        .fillColor(INK)
        .text(`${i + 1}. ${s.name} — ${s.address}${s.scopeZh ? `；范围：${s.scopeZh}` : ''}`);
    });
    stamp(doc, row.status);
  }
  doc.end();
  return done;
}

/** An invalid certificate's PDF carries its status across the page, so a printout cannot pass as valid. */
function stamp(doc: PDFKit.PDFDocument, status: CertificateStatus) {
  if (status === 'active') return;
  const label = STATUS_LABELS[status];
  doc.save();
  doc.rotate(-30, { origin: [doc.page.width / 2, doc.page.height / 2] });
  doc.fillColor(ACCENT).opacity(0.25).font('bold').fontSize(64);
  doc.text(`${label.zh} ${label.en.toUpperCase()}`, 0, doc.page.height / 2 - 40, {
    width: doc.page.width,
    align: 'center',
  });
  doc.restore();
}

export function starMarkSvg(row: CertificateRow): string {
  return renderStarMarkSvg({
    stars: row.levelStars,
    levelTitle: { zh: row.levelTitleZh, en: row.levelTitleEn },
    certificateNumber: row.certificateNumber,
    standard: (JSON.parse(row.standards) as string[])[0] ?? '',
    titleZh: TITLES[row.category].mark,
    titleEn: row.category === 'service' ? 'After-sales service' : 'Certified',
  });
}

/** The star mark as PNG (resvg, Noto Sans SC; 1200 px wide by default for print). */
export function starMarkPng(row: CertificateRow, width = 1200): Buffer {
  const r = new Resvg(starMarkSvg(row), {
    fitTo: { mode: 'width', value: width },
    font: {
      fontFiles: [FONT_BOLD, FONT_REGULAR],
      loadSystemFonts: false,
      defaultFontFamily: 'Noto Sans S Chinese',
    },
    logLevel: 'error',
  });
  return r.render().asPng();
}
