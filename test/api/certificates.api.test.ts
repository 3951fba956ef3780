import { randomUUID } from 'node:crypto';
import { createPublicKey, verify } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fromBase64Url } from '../../src/domain/certificates/index.ts';
import { PublicCertificate } from '../../src/modules/certificates/certificates.contract.ts';
import { runCertificateJobs } from '../../src/modules/certificates/certificate-jobs.ts';
import { runCli } from '../../src/cli/cli.ts';
import {
  createTenant,
  createTestApp,
  createUser,
  login,
  type Session,
  type TestApp,
  type Tenant,
} from '../helpers/test-app.ts';
import { evaluation, installManagementSystemScheme, issueBody, SCHEME } from '../helpers/certificates.ts';

const DAY = 86_400_000;
let t: TestApp;
let tenant: Tenant;
let admin: Session;
let decider: Session;
let client: Session;

beforeAll(async () => {
  t = await createTestApp();
  tenant = await createTenant(t.ctx, '星标认证中心');
  admin = await login(t.app, (await createUser(t.ctx, tenant.cbId, ['cbAdmin'])).email);
  decider = await login(t.app, (await createUser(t.ctx, tenant.cbId, ['decisionMaker'])).email);
  client = await login(t.app, (await createUser(t.ctx, tenant.clientId, ['clientUser'])).email);
  await admin.get('/api/schemes'); // installs the built-in reference package
});
afterAll(() => t.close());

async function issue(over: Record<string, unknown> = {}, as: Session = admin) {
  const res = await as.post('/api/certificates', issueBody(tenant.clientId, over));
  expect(res.statusCode, res.body).toBe(201);
  return res.json();
}
const pub = (url: string, headers: Record<string, string> = {}) =>
  t.app.inject({ method: 'GET', url, headers });
const tokenOf = (c: { verificationUrl: string }) => c.verificationUrl.split('/verify/')[1]!;

describe('issue', () => {
  it('scores the evaluation, freezes the result and numbers the certificate', async () => {
    const c = await issue();
    expect(c).toMatchObject({
      category: 'service',
      revision: 1,
      status: 'active',
      level: { id: 'fiveStar', stars: 5 },
      scoreText: '100.0',
      engineVersion: '1.0.0',
      issueDate: '2026-11-30',
      originalIssueDate: '2026-11-30',
      expiryDate: '2029-11-29',
      surveillanceDueOn: '2027-11-30',
      scheme: { urn: SCHEME.urn, version: '1.0.0' },
    });
    expect(c.certificateNumber).toMatch(/^SM-2026-S\d{5}$/);
    expect(c.scheme.contentHash).toMatch(/^[0-9a-f]{64}$/);
    expect(c.result.status).toBe('scored');
    expect(c.history).toEqual([
      expect.objectContaining({ to: 'active', event: 'issue', reasonCode: 'granted' }),
    ]);
    const audit = (await admin.get(`/api/audit?entityId=${c.id}`)).json();
    expect(audit.items[0].action).toBe('certificate.issue');
  });

  it('refuses a failed or incomplete evaluation, a draft scheme and a missing credit code', async () => {
    const failed = await admin.post(
      '/api/certificates',
      issueBody(tenant.clientId, { evaluation: evaluation('fail') }),
    );
    expect(failed.statusCode).toBe(422);
    expect(failed.json().error.code).toBe('evaluation_failed');
    const ev = evaluation('fiveStar') as { results: unknown[] };
    const incomplete = await admin.post(
      '/api/certificates',
      issueBody(tenant.clientId, { evaluation: { ...ev, results: ev.results.slice(1) } }),
    );
    expect(incomplete.json().error.code).toBe('evaluation_incomplete');
    const base = (await admin.get('/api/schemes')).json().items.find((s: { builtin: boolean }) => s.builtin);
    await admin.post(`/api/schemes/${base.id}/derive`, {
      urn: 'urn:starmark:scheme:draft',
      schemeVersion: 'd1',
    });
    const draft = await admin.post(
      '/api/certificates',
      issueBody(tenant.clientId, { scheme: { urn: 'urn:starmark:scheme:draft', version: 'd1' } }),
    );
    expect(draft.json().error.code).toBe('scheme_not_published');
    const noCode = await admin.post(
      '/api/certificates',
      issueBody(tenant.clientId, { entity: { nameZh: '甲' } }),
    );
    expect(noCode.statusCode).toBe(422);
    expect(noCode.json().error.code).toBe('entity_incomplete');
    const future = await admin.post(
      '/api/certificates',
      issueBody(tenant.clientId, { decisionDate: '2026-12-05' }),
    );
    expect(future.json().error.code).toBe('decision_in_future');
  });

  it('is refused to roles without certificates.issue and to another tenant’s client', async () => {
    const ev = await login(t.app, (await createUser(t.ctx, tenant.cbId, ['evaluator'])).email);
    expect((await ev.post('/api/certificates', issueBody(tenant.clientId))).statusCode).toBe(403);
    const other = await createTenant(t.ctx, 'Other');
    expect((await admin.post('/api/certificates', issueBody(other.clientId))).statusCode).toBe(404);
  });
});

describe('lifecycle', () => {
  it('suspends, restores, withdraws; refuses stale versions and forbidden transitions', async () => {
    const c = await issue();
    const tooLong = await decider.post(`/api/certificates/${c.id}/suspend`, {
      version: 1,
      reasonCode: 'misuse_of_certificate',
      until: '2027-12-31',
    });
    expect(tooLong.json().error.code).toBe('suspension_period_invalid');
    const s = await decider.post(`/api/certificates/${c.id}/suspend`, {
      version: 1,
      reasonCode: 'misuse_of_certificate',
      note: '宣传超范围',
    });
    expect(s.statusCode, s.body).toBe(200);
    expect(s.json()).toMatchObject({
      status: 'suspended',
      suspendedUntil: '2027-05-30',
      statusReason: 'misuse_of_certificate',
      version: 2,
    });
    expect((await decider.post(`/api/certificates/${c.id}/restore`, { version: 1 })).statusCode).toBe(409);
    expect(
      (await decider.post(`/api/certificates/${c.id}/restore`, { version: 1 })).json().error,
    ).toMatchObject({
      code: 'version_conflict',
      details: { currentVersion: 2 },
    });
    const r = await decider.post(`/api/certificates/${c.id}/restore`, { version: 2 });
    expect(r.json()).toMatchObject({ status: 'active', suspendedUntil: null, statusReason: 'resolved' });
    const w = await decider.post(`/api/certificates/${c.id}/withdraw`, { version: 3, reasonCode: 'fraud' });
    expect(w.json().status).toBe('withdrawn');
    const again = await decider.post(`/api/certificates/${c.id}/restore`, { version: 4 });
    expect(again.statusCode).toBe(422);
    expect(again.json().error.code).toBe('transition_not_allowed');
    const detail = (await admin.get(`/api/certificates/${c.id}`)).json();
    expect(detail.history.map((h: { to: string }) => h.to)).toEqual([
      'active',
      'suspended',
      'active',
      'withdrawn',
    ]);
    expect(detail.history[1]).toMatchObject({
      reasonCode: 'misuse_of_certificate',
      note: '宣传超范围',
      effectiveDate: '2026-11-30',
    });
  });

  it('cancels at the client’s request', async () => {
    const c = await issue();
    const res = await decider.post(`/api/certificates/${c.id}/cancel`, { version: 1 });
    expect(res.json()).toMatchObject({ status: 'cancelled', statusReason: 'client_request' });
  });

  it('a level change issues a new version under the same number; the old one is superseded', async () => {
    const c = await issue({ evaluation: evaluation('threeStar') });
    expect(c.level.id).toBe('threeStar');
    const missing = await admin.post(`/api/certificates/${c.id}/revisions`, {
      version: 1,
      reasonCode: 'level_change',
    });
    expect(missing.json().error.code).toBe('evaluation_required');
    const res = await admin.post(`/api/certificates/${c.id}/revisions`, {
      version: 1,
      reasonCode: 'level_change',
      evaluation: evaluation('fourStar'),
    });
    expect(res.statusCode, res.body).toBe(201);
    const v2 = res.json();
    expect(v2).toMatchObject({
      certificateNumber: c.certificateNumber,
      revision: 2,
      supersedesId: c.id,
      level: { id: 'fourStar' },
      status: 'active',
    });
    expect(v2.identityNumber).toBe(c.identityNumber);
    expect(v2.expiryDate).toBe(c.expiryDate);
    const old = (await admin.get(`/api/certificates/${c.id}`)).json();
    expect(old).toMatchObject({ status: 'superseded', supersededById: v2.id, statusReason: 'level_change' });
    const sites = await admin.post(`/api/certificates/${v2.id}/revisions`, {
      version: 1,
      reasonCode: 'site_change',
      sites: [{ name: '新网点', address: '上海市' }],
    });
    expect(sites.json()).toMatchObject({
      revision: 3,
      level: { id: 'fourStar' },
      sites: [{ name: '新网点' }],
    });
    // Each version keeps its frozen result (stored apart from the certificate row): the first its own,
    // the level change the new evaluation's, the site change the one it was revised from.
    const resultOf = async (id: string) =>
      (await admin.get(`/api/certificates/${id}`)).json().result.outcome.level.id;
    expect(await resultOf(c.id)).toBe('threeStar');
    expect(await resultOf(v2.id)).toBe('fourStar');
    expect(await resultOf(sites.json().id)).toBe('fourStar');
    expect(sites.json().result.outcome.level.id).toBe('fourStar');
    // The public lookup shows the newest version only; the old QR code says it was superseded.
    const found = (await pub(`/api/public/certificates?no=${c.certificateNumber}`)).json();
    expect(found.items.map((i: { revision: number }) => i.revision)).toEqual([3]);
    const old1 = (await pub(`/api/public/certificates/verify?token=${tokenOf(c)}`)).json();
    expect(old1).toMatchObject({ signatureValid: true, current: false, certificate: { revision: 3 } });
  });
});

describe('documents', () => {
  it('serves the PDF and the star mark; the mark only while valid', async () => {
    const c = await issue();
    const pdf = await client.get(`/api/certificates/${c.id}/pdf`);
    expect(pdf.statusCode).toBe(200);
    expect(pdf.headers['content-type']).toBe('application/pdf');
    expect(pdf.rawPayload.subarray(0, 5).toString()).toBe('%PDF-');
    const svg = await client.get(`/api/certificates/${c.id}/mark.svg`);
    expect(svg.headers['content-type']).toContain('image/svg+xml');
    expect(svg.body).toContain('五星级');
    const png = await client.get(`/api/certificates/${c.id}/mark.png?width=300`);
    expect(png.rawPayload.subarray(1, 4).toString()).toBe('PNG');
    await decider.post(`/api/certificates/${c.id}/suspend`, { version: 1, reasonCode: 'client_request' });
    const refused = await client.get(`/api/certificates/${c.id}/mark.png`);
    expect(refused.statusCode).toBe(409);
    expect(refused.json().error.code).toBe('certificate_not_valid');
    expect((await client.get(`/api/certificates/${c.id}/pdf`)).statusCode).toBe(200);
  });

  it('client users see their own certificates only', async () => {
    // A second client of the same certification body: a copy of the tenant's client under a new id.
    const otherId = randomUUID();
    const otherClient = await t.ctx.db
      .insertInto('organisations')
      .values({
        ...(await t.ctx.db
          .selectFrom('organisations')
          .selectAll()
          .where('id', '=', tenant.clientId)
          .executeTakeFirstOrThrow()),
        id: otherId,
        name: '另一客户',
      })
      .execute()
      .then(() => otherId);
    const theirs = await issue({ clientId: otherClient });
    expect((await client.get(`/api/certificates/${theirs.id}`)).statusCode).toBe(404);
    const list = (await client.get('/api/certificates?pageSize=200')).json();
    expect(list.items.every((i: { clientId: string }) => i.clientId === tenant.clientId)).toBe(true);
    expect(
      (await client.post(`/api/certificates/${list.items[0].id}/cancel`, { version: 1 })).statusCode,
    ).toBe(403);
  });
});

describe('public verification', () => {
  const ALLOWED = Object.keys(PublicCertificate.shape).sort();

  it('never answers a private field', async () => {
    const c = await issue();
    const res = await pub(
      `/api/public/certificates?no=${encodeURIComponent(c.certificateNumber.toLowerCase())}`,
    );
    expect(res.statusCode).toBe(200);
    expect(res.headers['cache-control']).toBe('public, no-cache');
    // The API's security headers (data, not a page: nothing loads, nothing frames, nothing sniffs)
    // and the request id are on every answer; the HTML page's own set is checked below.
    expect(res.headers['content-security-policy']).toBe("default-src 'none'; frame-ancestors 'none'");
    expect(res.headers['x-content-type-options']).toBe('nosniff');
    expect(res.headers['x-frame-options']).toBe('DENY');
    expect(res.headers['referrer-policy']).toBe('no-referrer');
    expect(res.headers['x-request-id']).toBeTruthy();
    const page = await pub(`/verify?no=${encodeURIComponent(c.certificateNumber)}`);
    expect(page.headers['content-security-policy']).toContain("default-src 'self'");
    expect(page.headers['content-security-policy']).toContain("frame-ancestors 'none'");
    expect(page.headers['x-frame-options']).toBe('SAMEORIGIN');
    expect(page.headers['x-content-type-options']).toBe('nosniff');
    expect(page.headers['cross-origin-opener-policy']).toBe('same-origin');
    const item = res.json().items[0];
    expect(Object.keys(item).sort()).toEqual(ALLOWED);
    expect(PublicCertificate.parse(item)).toEqual(item);
    for (const secret of [
      c.id,
      c.clientId,
      tenant.cbId,
      c.entity.creditCode,
      c.identityNumber,
      '100.0',
      'resultJson',
      '266101',
    ]) {
      expect(res.body, secret).not.toContain(secret);
    }
    const etag = res.headers.etag as string;
    expect(
      (await pub(`/api/public/certificates?no=${c.certificateNumber}`, { 'if-none-match': etag })).statusCode,
    ).toBe(304);
  });

  it('finds names by prefix and fuzzily, and respects the confidential flag', async () => {
    const c = await issue({
      entity: { ...issueBody('').entity, nameZh: '青岛保密家电服务有限公司' },
      confidential: true,
    });
    await issue({ entity: { ...issueBody('').entity, nameZh: '青岛公开家电服务有限公司' } });
    const prefix = (await pub(`/api/public/certificates?name=${encodeURIComponent('青岛')}`)).json();
    expect(prefix.items.map((i: { entityName: string }) => i.entityName)).toEqual([
      '青岛公开家电服务有限公司',
    ]);
    const fuzzy = (await pub(`/api/public/certificates?name=${encodeURIComponent('海尔服务')}`)).json();
    expect(fuzzy.items.length).toBeGreaterThan(0);
    expect(fuzzy.items[0].entityName).toBe('海尔电器服务有限公司');
    const byNo = (await pub(`/api/public/certificates?no=${c.certificateNumber}`)).json().items[0];
    expect(byNo).toMatchObject({ confidential: true, entityName: null, sites: [], valid: true });
  });

  it('verifies the QR token; a changed payload fails; offline with the published key', async () => {
    const c = await issue();
    const token = tokenOf(c);
    const ok = (await pub(`/api/public/certificates/verify?token=${token}`)).json();
    expect(ok).toMatchObject({
      signatureValid: true,
      current: true,
      signed: { certificateNumber: c.certificateNumber, stars: 5 },
    });
    // Change one byte of the payload (the level) and keep the signature.
    const [p, sig] = token.split('.');
    const bytes = Buffer.from(fromBase64Url(p!))
      .toString('utf8')
      .replace('\nfiveStar\n5\n', '\nfiveStar\n6\n');
    const forged = `${Buffer.from(bytes).toString('base64url')}.${sig}`;
    const bad = (await pub(`/api/public/certificates/verify?token=${forged}`)).json();
    expect(bad).toMatchObject({
      signatureValid: false,
      signed: null,
      certificate: null,
      problem: 'signature_invalid',
    });
    const page = await pub(`/verify/${forged}`);
    expect(page.body).toContain('签名无效');
    // Offline: the public key from the endpoint and Node's crypto.
    const kid = ok.signed.kid;
    const key = (await pub(`/api/public/signing-keys/${kid}`)).json();
    const payload = Buffer.from(p!, 'base64url');
    expect(verify(null, payload, createPublicKey(key.publicKeyPem), Buffer.from(sig!, 'base64url'))).toBe(
      true,
    );
    expect(
      verify(null, Buffer.from(bytes), createPublicKey(key.publicKeyPem), Buffer.from(sig!, 'base64url')),
    ).toBe(false);
    const settings = (await admin.get('/api/certificate-settings')).json();
    expect(settings.signingKey.kid).toBe(kid);
    expect(JSON.stringify(settings)).not.toContain('PRIVATE');
    const keys = await pub('/api/public/signing-keys');
    expect(keys.body).not.toMatch(/private/i);
  });

  it('shows a suspension on the page at once, and escapes everything', async () => {
    const c = await issue({
      entity: { ...issueBody('').entity, nameZh: '<script>alert("x")</script>&公司' },
    });
    const page1 = await pub(`/verify?no=${c.certificateNumber}`);
    expect(page1.headers['content-type']).toBe('text/html; charset=utf-8');
    expect(page1.body).toContain('✓ 有效 VALID');
    expect(page1.body).not.toContain('<script>');
    expect(page1.body).toContain('&lt;script&gt;alert(&quot;x&quot;)&lt;&#47;script&gt;&amp;公司');
    await decider.post(`/api/certificates/${c.id}/suspend`, {
      version: 1,
      reasonCode: 'surveillance_failed',
    });
    const page2 = await pub(`/verify?no=${c.certificateNumber}`, {
      'if-none-match': page1.headers.etag as string,
    });
    expect(page2.statusCode).toBe(200);
    expect(page2.body).toContain('已暂停 SUSPENDED');
    expect(page2.body).toContain('2026-11-30');
    const xss = await pub(`/verify?name=${encodeURIComponent('"><img src=x onerror=alert(1)>')}`);
    expect(xss.body).not.toContain('<img');
    const qr = await pub(`/verify/${tokenOf(c)}`);
    expect(qr.body).toContain('电子签名有效');
    expect(qr.body).toContain('已暂停 SUSPENDED');
  });

  it('is rate-limited per client address', async () => {
    const limited = await createTestApp({ VERIFY_RATE_LIMIT_PER_MINUTE: '3' });
    try {
      const codes: number[] = [];
      for (let i = 0; i < 4; i++)
        codes.push(
          (await limited.app.inject({ url: '/api/public/certificates?no=X', remoteAddress: '10.0.0.1' }))
            .statusCode,
        );
      expect(codes).toEqual([200, 200, 200, 429]);
      expect((await limited.app.inject({ url: '/verify?no=X', remoteAddress: '10.0.0.2' })).statusCode).toBe(
        200,
      );
    } finally {
      await limited.close();
    }
  });
});

describe('jobs', () => {
  it('expire, suspend overdue surveillance, propose withdrawal and remind — once, with a moving clock', async () => {
    const app = await createTestApp();
    try {
      const ten = await createTenant(app.ctx, 'Jobs CB');
      const adminEmail = (await createUser(app.ctx, ten.cbId, ['cbAdmin'])).email;
      const clientEmail = (await createUser(app.ctx, ten.clientId, ['clientAdmin'])).email;
      const a = await login(app.app, adminEmail);
      await a.get('/api/schemes');
      await a.put('/api/certificate-settings', {
        version: 1,
        surveillanceGraceDays: 14,
        reminderLeadDays: [30, 7],
        suspensionMaxMonths: 3,
      });
      const c = (await a.post('/api/certificates', issueBody(ten.clientId))).json();
      expect((await a.post('/api/certificate-jobs/run')).json()).toMatchObject({
        examined: 1,
        expired: 0,
        reminders: 0,
      });
      // Sessions expire as the clock moves: the jobs run as the scheduler runs them.
      const run = () => runCertificateJobs(app.ctx, { cbId: ten.cbId });
      const as = (email: string) => login(app.app, email);
      // 2027-11-05: 25 days before the surveillance due date → the 30-day reminder, once, to client and CB.
      app.clock.advance(340 * DAY);
      expect((await run()).reminders).toBe(2);
      expect((await run()).reminders).toBe(0);
      const notices = (await (await as(clientEmail)).get('/api/certificate-notices')).json().items;
      expect(notices).toHaveLength(1);
      expect(notices[0]).toMatchObject({
        audience: 'client',
        due: 'surveillance',
        dueDate: '2027-11-30',
        leadDays: 30,
      });
      // Within the 14-day allowance after the due date: nothing; after it: suspended.
      app.clock.advance(38 * DAY); // 2027-12-13
      expect((await run()).suspended).toBe(0);
      app.clock.advance(2 * DAY); // 2027-12-15
      expect((await run()).suspended).toBe(1);
      const s = (await (await as(adminEmail)).get(`/api/certificates/${c.id}`)).json();
      expect(s).toMatchObject({
        status: 'suspended',
        statusReason: 'surveillance_overdue',
        suspendedUntil: '2028-03-15',
      });
      expect(s.history.at(-1)).toMatchObject({ actor: 'system', reasonCode: 'surveillance_overdue' });
      // Suspension period over → one withdrawal proposal for the decision maker.
      app.clock.advance(92 * DAY); // 2028-03-16
      const r = await Promise.all([run(), runCertificateJobs(app.ctx), run()]);
      const a2 = await as(adminEmail);
      expect(r.reduce((n, x) => n + x.withdrawalProposals, 0)).toBe(1);
      const all = (await a2.get('/api/certificate-notices')).json().items;
      expect(all.filter((n: { kind: string }) => n.kind === 'withdrawalProposal')).toHaveLength(1);
      expect(
        (await (await as(clientEmail)).get('/api/certificate-notices'))
          .json()
          .items.some((n: { kind: string }) => n.kind === 'withdrawalProposal'),
      ).toBe(false);
      // Past the expiry date → expired (CLI run, all bodies).
      app.clock.advance(700 * DAY); // 2030-02
      const out: string[] = [];
      const code = await runCli(['jobs', 'run', '--json'], {
        out: (s) => out.push(s),
        err: (s) => out.push(s),
        env: { LOG_LEVEL: 'silent', DATABASE_URL: app.testDb.url },
        readStdin: async () => '',
      });
      expect(code, out.join('')).toBe(0);
      // The CLI uses the real clock (2026-…); the app clock decides here:
      expect((await run()).expired).toBe(1);
      expect((await (await as(adminEmail)).get(`/api/certificates/${c.id}`)).json()).toMatchObject({
        status: 'expired',
        statusReason: 'validity_ended',
      });
      expect((await run()).expired).toBe(0);
    } finally {
      await app.close();
    }
  });

  it('recording a surveillance moves the due date', async () => {
    const c = await issue();
    const res = await decider.post(`/api/certificates/${c.id}/surveillance`, {
      version: 1,
      completedOn: '2026-11-30',
    });
    expect(res.json()).toMatchObject({
      lastSurveillanceOn: '2026-11-30',
      surveillanceDueOn: '2027-11-30',
      version: 2,
    });
  });
});

describe('settings and exports', () => {
  it('validates the number pattern and uses it', async () => {
    const s = (await admin.get('/api/certificate-settings')).json();
    const bad = await admin.put('/api/certificate-settings', {
      version: s.version,
      numberPattern: 'X-{seq}',
    });
    expect(bad.statusCode).toBe(422);
    expect(bad.json().error.code).toBe('number_pattern_invalid');
    const ok = await admin.put('/api/certificate-settings', {
      version: s.version,
      numberPattern: 'XQ{yy}{cat}{seq:4}',
      cncaApprovalNo: 'CNCA-R-2026-999',
      accreditationBody: 'CNAS',
      accreditationNo: 'CNAS C999-S',
      accreditationMarkCode: '01',
    });
    expect(ok.statusCode, ok.body).toBe(200);
    expect((await issue()).certificateNumber).toMatch(/^XQ26S\d{4}$/);
    expect(
      (await admin.put('/api/certificate-settings', { version: s.version, cbNameEn: 'x' })).statusCode,
    ).toBe(409);
  });

  it('exports IAF CertSearch for management-system certificates only, and the CNCA month', async () => {
    const ms = await installManagementSystemScheme(t.ctx, tenant.cbId);
    const msCert = await issue({
      scheme: ms,
      evaluation: evaluation('fiveStar', ms.urn),
      scopeEn: 'Design and sale of appliances',
    });
    expect(msCert.category).toBe('managementSystem');
    const iaf = await admin.get('/api/certificate-exports/iaf-certsearch');
    expect(iaf.statusCode).toBe(200);
    expect(decodeURIComponent(iaf.headers['x-starmark-excluded'] as string)).toContain(
      'service certificate(s) left out',
    );
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(iaf.rawPayload as unknown as ArrayBuffer);
    const sheet = wb.getWorksheet('Certifications')!;
    expect(sheet.getRow(1).getCell(1).value).toBe('Certification Identity Number');
    expect(sheet.rowCount).toBe(2);
    expect(sheet.getRow(2).getCell(2).value).toBe(msCert.certificateNumber);
    expect(sheet.getRow(2).getCell(3).value).toBe('Active');
    expect(sheet.getRow(2).getCell(4).value).toBe('Accredited');
    expect(sheet.getRow(2).getCell(9).value).toBe('20261130');

    const layout = {
      sheets: [
        {
          name: '证书信息表',
          columns: [
            { header: '证书编号', field: 'certificateNumber' },
            { header: '证书状态', field: 'statusCode' },
            { header: '变更类型', field: 'changeType' },
          ],
        },
      ],
    };
    const s = (await admin.get('/api/certificate-settings')).json();
    expect(
      (
        await admin.put('/api/certificate-settings', {
          version: s.version,
          cncaReport: { sheets: [{ name: 'x', columns: [{ header: 'h', field: 'nope' }] }] },
        })
      ).statusCode,
    ).toBe(400);
    expect(
      (await admin.put('/api/certificate-settings', { version: s.version, cncaReport: layout })).statusCode,
    ).toBe(200);
    const cnca = await admin.get('/api/certificate-exports/cnca-monthly?month=2026-11');
    const book = new ExcelJS.Workbook();
    await book.xlsx.load(cnca.rawPayload as unknown as ArrayBuffer);
    const ws = book.getWorksheet('证书信息表')!;
    expect(ws.getRow(1).values).toEqual([undefined, '证书编号', '证书状态', '变更类型']);
    const rows = ws.getSheetValues().slice(2) as unknown[][];
    expect(rows.some((r) => r[3] === '暂停' && r[2] === '02')).toBe(true);
    expect(rows.some((r) => r[3] === '新发证' && r[2] === '01')).toBe(true);
    // The same files from the command line.
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'starmark-export-'));
    const out: string[] = [];
    const io = {
      out: (x: string) => out.push(x),
      err: (x: string) => out.push(x),
      env: { LOG_LEVEL: 'silent', DATABASE_URL: t.testDb.url, DATA_DIR: t.config.dataDir },
      readStdin: async () => '',
    };
    const iafFile = path.join(dir, 'iaf.xlsx');
    expect(
      await runCli(['certificates', 'export', 'iaf', '--out', iafFile, '--cb', tenant.cbId], io),
      out.join(''),
    ).toBe(0);
    expect(out.join('')).toMatch(
      /1 management-system certificate\(s\)[\s\S]*service certificate\(s\) left out/,
    );
    expect(fs.statSync(iafFile).size).toBeGreaterThan(1000);
    const cncaFile = path.join(dir, 'cnca.xlsx');
    expect(
      await runCli(
        ['certificates', 'export', 'cnca', '--month', '2026-11', '--out', cncaFile, '--cb', tenant.cbId],
        io,
      ),
    ).toBe(0);
    expect(
      await runCli(
        ['certificates', 'export', 'cnca', '--month', '2026-13', '--out', cncaFile, '--cb', tenant.cbId],
        io,
      ),
    ).toBe(2);
    fs.rmSync(dir, { recursive: true, force: true });
    const empty = await admin.get('/api/certificate-exports/cnca-monthly?month=2026-10');
    const eb = new ExcelJS.Workbook();
    await eb.xlsx.load(empty.rawPayload as unknown as ArrayBuffer);
    expect(eb.getWorksheet('证书信息表')!.rowCount).toBe(1);
  });
});
