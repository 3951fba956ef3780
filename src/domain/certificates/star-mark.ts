/**
 * The star mark (星级标志) as SVG: a round seal with the level's stars, the level's name, the standard and
 * the certificate number, for products, packaging and bids. Pure string building; every text is
 * XML-escaped. The adapter renders PNG from it.
 */
export interface StarMarkInput {
  stars: number;
  levelTitle: { zh: string; en: string };
  certificateNumber: string;
  standard: string;
  /** e.g. 售后服务认证 */
  titleZh: string;
  titleEn: string;
}

export const escapeXml = (s: string) =>
  s.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);

/** Points of a five-pointed star centred at (cx, cy) with outer radius r. */
export function starPoints(cx: number, cy: number, r: number): string {
  const pts: string[] = [];
  for (let i = 0; i < 10; i++) {
    const radius = i % 2 === 0 ? r : r * 0.382;
    const a = -Math.PI / 2 + (i * Math.PI) / 5;
    pts.push(`${(cx + radius * Math.cos(a)).toFixed(2)},${(cy + radius * Math.sin(a)).toFixed(2)}`);
  }
  return pts.join(' ');
}

export const MARK_FONT_FAMILY =
  "'Noto Sans SC', 'Noto Sans S Chinese', 'Noto Sans CJK SC', 'Source Han Sans SC', 'PingFang SC', 'Microsoft YaHei', sans-serif";

export function renderStarMarkSvg(m: StarMarkInput): string {
  const red = '#b3261e';
  const gold = '#f2b705';
  const stars: string[] = [];
  const n = Math.max(0, Math.min(7, m.stars));
  // Stars on an arc above the centre.
  for (let i = 0; i < n; i++) {
    const spread = n === 1 ? 0 : (i / (n - 1) - 0.5) * (Math.PI / 2.2);
    const x = 200 + 118 * Math.sin(spread);
    const y = 200 - 118 * Math.cos(spread) + 20;
    stars.push(`<polygon points="${starPoints(x, y, 22)}" fill="${gold}" stroke="#fff" stroke-width="1.5"/>`);
  }
  const check =
    n === 0
      ? `<path d="M160 108 l28 28 l52 -56" fill="none" stroke="${gold}" stroke-width="14" stroke-linecap="round" stroke-linejoin="round"/>`
      : '';
  const t = (s: string) => escapeXml(s);
  return `<?xml version="1.0" encoding="UTF-8"?>
<svg xmlns="http://www.w3.org/2000/svg" width="400" height="400" viewBox="0 0 400 400" role="img" aria-label="${t(`${m.titleZh} ${m.levelTitle.zh} ${m.certificateNumber}`)}">
  <title>${t(`${m.titleZh} · ${m.levelTitle.zh} / ${m.titleEn} · ${m.levelTitle.en} · ${m.certificateNumber}`)}</title>
  <circle cx="200" cy="200" r="196" fill="${red}"/>
  <circle cx="200" cy="200" r="180" fill="none" stroke="#fff" stroke-width="4"/>
  <circle cx="200" cy="200" r="170" fill="none" stroke="#fff" stroke-width="1.5"/>
  ${stars.join('\n  ')}${check}
  <g font-family="${MARK_FONT_FAMILY}" fill="#fff" text-anchor="middle">
    <text x="200" y="210" font-size="42" font-weight="700">${t(m.titleZh)}</text>
    <text x="200" y="262" font-size="40" font-weight="700" fill="${gold}">${t(m.levelTitle.zh)}</text>
    <text x="200" y="292" font-size="13" letter-spacing="1">${t(`${m.titleEn.toUpperCase()} · ${m.levelTitle.en.toUpperCase()}`)}</text>
    <text x="200" y="322" font-size="16">${t(m.standard)}</text>
    <text x="200" y="350" font-size="15">${t(m.certificateNumber)}</text>
  </g>
</svg>
`;
}
