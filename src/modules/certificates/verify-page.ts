import type { PublicCertificate, PublicTokenResponse } from './certificates.contract.ts';

/**
 * The public verification page: server-rendered HTML, no JavaScript, readable on a phone. Every value
 * shown passes through `esc`. Suspended, withdrawn, cancelled and expired certificates are shown in a
 * coloured banner with the date; only a valid certificate is green.
 */
export const esc = (v: unknown): string =>
  String(v ?? '').replace(
    /[&<>"'`=/]/g,
    (c) =>
      ({
        '&': '&amp;',
        '<': '&lt;',
        '>': '&gt;',
        '"': '&quot;',
        "'": '&#39;',
        '`': '&#96;',
        '=': '&#61;',
        '/': '&#47;',
      })[c]!,
  );

const STYLE = `
*{box-sizing:border-box}
body{margin:0;font-family:"Noto Sans SC","Noto Sans CJK SC","PingFang SC","Microsoft YaHei",system-ui,sans-serif;background:#f5f5f4;color:#1f1f1f;line-height:1.5}
header{background:#b3261e;color:#fff;padding:14px 16px}
header h1{margin:0;font-size:1.15rem}
header p{margin:2px 0 0;font-size:.8rem;opacity:.9}
main{max-width:760px;margin:0 auto;padding:12px}
form{background:#fff;border-radius:10px;padding:12px;display:grid;gap:10px;box-shadow:0 1px 2px rgba(0,0,0,.08)}
label{display:grid;gap:4px;font-size:.85rem;color:#444}
input{font:inherit;font-size:1rem;padding:10px;border:1px solid #bbb;border-radius:8px;width:100%}
button{font:inherit;font-size:1rem;padding:11px;border:0;border-radius:8px;background:#b3261e;color:#fff}
.note{font-size:.85rem;color:#555;margin:12px 2px}
.cert{background:#fff;border-radius:10px;margin:14px 0;overflow:hidden;box-shadow:0 1px 2px rgba(0,0,0,.1);border:2px solid #ddd}
.banner{padding:12px 14px;font-weight:700;font-size:1.05rem}
.banner small{display:block;font-weight:400;font-size:.85rem}
.s-active{border-color:#1e7e34}.s-active .banner{background:#1e7e34;color:#fff}
.s-suspended{border-color:#b26a00}.s-suspended .banner{background:#ffb300;color:#231a00}
.s-withdrawn,.s-cancelled{border-color:#b3261e}.s-withdrawn .banner,.s-cancelled .banner{background:#b3261e;color:#fff}
.s-expired,.s-superseded{border-color:#616161}.s-expired .banner,.s-superseded .banner{background:#616161;color:#fff}
.body{padding:12px 14px}
.body h2{margin:0 0 8px;font-size:1.15rem}
dl{margin:0;display:grid;grid-template-columns:minmax(7em,auto) 1fr;gap:6px 12px;font-size:.92rem}
dt{color:#666}dd{margin:0;word-break:break-word}
.stars{color:#c9a227;font-size:1.2rem;letter-spacing:2px}
.sig{border-radius:10px;padding:12px 14px;margin:14px 0;font-weight:700}
.sig small{display:block;font-weight:400}
.sig-ok{background:#e6f4ea;color:#0d5223;border:2px solid #1e7e34}
.sig-bad{background:#fce8e6;color:#8c1d18;border:2px solid #b3261e}
ul.sites{margin:0;padding-left:1.1em}
footer{font-size:.75rem;color:#777;text-align:center;padding:18px 10px}
@media (min-width:640px){form{grid-template-columns:1fr 1fr auto;align-items:end}}
`;

function banner(c: PublicCertificate): string {
  const l = c.statusLabel;
  const reason = c.statusReason ? ` · ${esc(c.statusReason.zh)} / ${esc(c.statusReason.en)}` : '';
  switch (c.status) {
    case 'active':
      return `✓ 有效 VALID<small>有效期至 valid until ${esc(c.expiryDate)}</small>`;
    case 'suspended':
      return `⚠ 已暂停 SUSPENDED — 证书暂时无效<small>自 since ${esc(c.statusDate)}${
        c.suspendedUntil ? `，暂停期至 until ${esc(c.suspendedUntil)}` : ''
      }${reason}</small>`;
    default:
      return `✗ ${esc(l.zh)} ${esc(l.en.toUpperCase())} — 证书无效 NOT VALID<small>自 since ${esc(c.statusDate)}${reason}</small>`;
  }
}

export function certificateCard(c: PublicCertificate): string {
  const stars =
    c.level.stars > 0
      ? `<span class="stars" aria-label="${esc(c.level.stars)} stars">${'★'.repeat(c.level.stars)}</span> `
      : '';
  const name = c.entityName ?? '（保密）Confidential';
  const sites = c.sites.length
    ? `<dt>覆盖网点<br>Sites</dt><dd><ul class="sites">${c.sites
        .slice(0, 50)
        .map((s) => `<li>${esc(s.name)} — ${esc(s.address)}${s.scopeZh ? `（${esc(s.scopeZh)}）` : ''}</li>`)
        .join('')}${c.sites.length > 50 ? `<li>… ${esc(c.sites.length)}</li>` : ''}</ul></dd>`
    : '';
  return `<article class="cert s-${esc(c.status)}">
<div class="banner">${banner(c)}</div>
<div class="body">
<h2>${esc(name)}</h2>
<dl>
${c.entityNameEn ? `<dt>英文名称<br>Name (en)</dt><dd>${esc(c.entityNameEn)}</dd>` : ''}
<dt>证书编号<br>Certificate No.</dt><dd>${esc(c.certificateNumber)}${c.revision > 1 ? `（第 ${esc(c.revision)} 版 rev. ${esc(c.revision)}）` : ''}</dd>
<dt>认证类别<br>Category</dt><dd>${c.category === 'service' ? '服务认证 Service certification' : c.category === 'managementSystem' ? '管理体系认证 Management system' : '产品认证 Product'}</dd>
<dt>认证依据<br>Criteria</dt><dd>${esc(c.scheme.standards.join('; '))} 《${esc(c.scheme.title.zh)}》</dd>
<dt>认证等级<br>Level</dt><dd>${stars}${esc(c.level.title.zh)} / ${esc(c.level.title.en)}</dd>
<dt>认证范围<br>Scope</dt><dd>${esc(c.scopeZh)}${c.scopeEn ? `<br>${esc(c.scopeEn)}` : ''}</dd>
${sites}
<dt>初次发证<br>Original issue</dt><dd>${esc(c.originalIssueDate)}</dd>
<dt>发证日期<br>Issued</dt><dd>${esc(c.issueDate)}</dd>
<dt>有效期至<br>Valid until</dt><dd>${esc(c.expiryDate)}</dd>
<dt>证书状态<br>Status</dt><dd>${esc(c.statusLabel.zh)} / ${esc(c.statusLabel.en)}（${esc(c.statusDate)}）</dd>
<dt>认证机构<br>Issued by</dt><dd>${esc(c.certificationBody.name)}${c.certificationBody.nameEn ? `<br>${esc(c.certificationBody.nameEn)}` : ''}${
    c.certificationBody.cncaApprovalNo ? `<br>批准号 ${esc(c.certificationBody.cncaApprovalNo)}` : ''
  }${c.certificationBody.accreditation ? `<br>认可 ${esc(c.certificationBody.accreditation)}` : ''}</dd>
</dl>
</div>
</article>`;
}

export interface VerifyPageInput {
  no?: string;
  name?: string;
  results?: PublicCertificate[];
  truncated?: boolean;
  token?: PublicTokenResponse;
}

export function renderVerifyPage(p: VerifyPageInput): string {
  let content = '';
  if (p.token) {
    const t = p.token;
    if (!t.signatureValid) {
      content += `<div class="sig sig-bad" role="alert">✗ 签名无效 — 此二维码不是由认证机构签发，或内容已被篡改。<small>Invalid signature: this QR code was not issued by a certification body, or it was altered (${esc(t.problem)}).</small></div>`;
    } else {
      content += `<div class="sig sig-ok">✓ 电子签名有效 Signature valid<small>二维码内容：${esc(t.signed!.certificateNumber)} · ${esc(t.signed!.entityName)} · ${esc(t.signed!.issueDate)} – ${esc(t.signed!.expiryDate)}（密钥 key ${esc(t.signed!.kid)}）</small></div>`;
      if (t.certificate && !t.current) {
        content += `<p class="note">此二维码对应第 ${esc(t.signed!.revision)} 版，已被第 ${esc(t.certificate.revision)} 版取代。This QR code is of revision ${esc(t.signed!.revision)}; the current revision is ${esc(t.certificate.revision)}.</p>`;
      }
      content += t.certificate
        ? certificateCard(t.certificate)
        : `<p class="note">未找到证书记录 No certificate record found.</p>`;
    }
  } else if (p.results) {
    content += p.results.length
      ? p.results.map(certificateCard).join('\n')
      : `<p class="note">未找到匹配的证书。No matching certificate.</p>`;
    if (p.truncated)
      content += `<p class="note">结果较多，仅显示前 ${esc(p.results.length)} 条，请输入更完整的名称。Showing the first ${esc(p.results.length)}; refine the name.</p>`;
  }
  return `<!doctype html>
<html lang="zh-CN">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>证书查询 Certificate verification · Starmark</title>
<style>${STYLE}</style>
</head>
<body>
<header><h1>证书查询 · Certificate verification</h1><p>服务认证证书与星级标志公开查询 — public check of certificates and star marks</p></header>
<main>
<form method="get" action="/verify">
<label>证书编号 Certificate No.<input name="no" value="${esc(p.no)}" autocomplete="off" inputmode="text" maxlength="60"></label>
<label>企业名称 Company name<input name="name" value="${esc(p.name)}" autocomplete="organization" maxlength="100"></label>
<button type="submit">查询 Search</button>
</form>
${content}
<p class="note">扫描证书上的二维码可直接验证其电子签名；公钥见 <a href="/api/public/signing-keys">/api/public/signing-keys</a>。Scan the certificate's QR code to check its signature; public keys at the link.</p>
</main>
<footer>Starmark 星标认证</footer>
</body>
</html>`;
}
