import { spawn } from 'node:child_process';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { systemActor } from '../../src/modules/auth/actor.ts';
import { CertificateIssueBody } from '../../src/modules/certificates/certificates.contract.ts';
import { issueCertificate } from '../../src/modules/certificates/certificates.service.ts';
import { publishedScheme } from '../../src/modules/schemes/schemes.service.ts';
import { createTenant, createTestApp, type TestApp, type Tenant } from '../helpers/test-app.ts';
import { issueBody } from '../helpers/certificates.ts';

/**
 * Certificate numbers come from a per-CB per-year counter updated in the issuing transaction: three
 * processes issuing at once get consecutive numbers, none twice and none skipped; an issue that fails
 * inside its transaction rolls the counter back.
 */
let t: TestApp;
let tenant: Tenant;

beforeAll(async () => {
  t = await createTestApp();
  tenant = await createTenant(t.ctx, 'Numbering CB');
  await publishedScheme(t.ctx, tenant.cbId, 'urn:starmark:scheme:gbt27922:2011', '1.0.0'); // installs the built-ins
});
afterAll(() => t.close());

function worker(count: number): Promise<string[]> {
  return new Promise((resolve, reject) => {
    const child = spawn(
      process.execPath,
      ['--import', 'tsx', 'test/db/fixtures/issue-worker.ts', tenant.cbId, tenant.clientId, String(count)],
      {
        env: { ...process.env, DATABASE_URL: t.testDb.url, DATA_DIR: t.config.dataDir },
        stdio: ['ignore', 'pipe', 'pipe'],
      },
    );
    let out = '';
    let err = '';
    child.stdout.on('data', (d: Buffer) => (out += d.toString()));
    child.stderr.on('data', (d: Buffer) => (err += d.toString()));
    child.on('exit', (code) =>
      code === 0 ? resolve(JSON.parse(out) as string[]) : reject(new Error(`worker exited ${code}: ${err}`)),
    );
  });
}

describe('certificate numbering', () => {
  it('has no gaps and no duplicates when three processes issue at once', async () => {
    const perProcess = 10;
    const numbers = (await Promise.all([worker(perProcess), worker(perProcess), worker(perProcess)])).flat();
    const seqs = numbers.map((n) => Number(n.slice(-5))).sort((a, b) => a - b);
    expect(seqs).toEqual(Array.from({ length: 3 * perProcess }, (_, i) => i + 1));
    expect(new Set(numbers).size).toBe(numbers.length);
  }, 120_000);

  it('a failure inside the issuing transaction consumes no number', async () => {
    const year = new Date().getUTCFullYear();
    const before = await t.ctx.db
      .selectFrom('certificateNumberSequences')
      .select('lastValue')
      .where('cbId', '=', tenant.cbId)
      .executeTakeFirstOrThrow();
    const body = CertificateIssueBody.parse(issueBody(tenant.clientId));
    const actor = systemActor(tenant.cbId, ['cbAdmin']);
    const ok = await issueCertificate(t.ctx, actor, body, null);
    expect(Number(ok.certificateNumber.slice(-5))).toBe(before.lastValue + 1);
    // A number pattern producing an over-long number fails after the counter moved: rolled back.
    await t.ctx.db
      .insertInto('certificateSettings')
      .values({
        cbId: tenant.cbId,
        numberPattern: `${'X'.repeat(50)}{yyyy}{seq:9}`,
        cbNameEn: null,
        cbAddress: null,
        cncaApprovalNo: null,
        accreditationBody: null,
        accreditationNo: null,
        accreditationMarkCode: null,
        auditPlanPrefix: null,
        verificationBaseUrl: null,
        logoSvg: null,
        suspensionMaxMonths: 6,
        surveillanceGraceDays: 0,
        reminderLeadDays: '[90,30,7]',
        cncaReport: null,
        createdAt: ok.createdAt,
        updatedAt: ok.createdAt,
        version: 1,
      })
      .execute();
    await expect(issueCertificate(t.ctx, actor, body, null)).rejects.toMatchObject({
      code: 'number_pattern_invalid',
    });
    const after = await t.ctx.db
      .selectFrom('certificateNumberSequences')
      .select(['lastValue', 'year'])
      .where('cbId', '=', tenant.cbId)
      .executeTakeFirstOrThrow();
    expect(after).toEqual({ lastValue: before.lastValue + 1, year });
  });
});
