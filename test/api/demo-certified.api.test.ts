import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { seedDemo } from '../../src/modules/setup/setup.service.ts';
import {
  DEMO_CERTIFIED_CLIENT_ADMIN,
  DEMO_CERTIFIED_CLIENT_NAME,
} from '../../src/modules/setup/demo-certified.ts';
import { createTestApp, login, type TestApp } from '../helpers/test-app.ts';
import { ok } from '../helpers/workflow.ts';

/** The demo holds a granted client whose certificate the portal, the PDF and the public page show. */
const PASSWORD = 'demo-password-123';
let t: TestApp;
let dataDir: string;

beforeAll(async () => {
  dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'starmark-demo-cert-'));
  t = await createTestApp({ STARMARK_ADMIN_PASSWORD: PASSWORD, DATA_DIR: dataDir });
});
afterAll(async () => {
  await t.close();
  fs.rmSync(dataDir, { recursive: true, force: true });
});

describe('demo: a certified client', () => {
  it('has a valid certificate issued by a grant, with PDF, star mark and public verification', async () => {
    await seedDemo(t.ctx);
    const client = await login(t.app, DEMO_CERTIFIED_CLIENT_ADMIN, PASSWORD);
    const list = ok(await client.get('/api/certificates'));
    expect(list.items).toHaveLength(1);
    const cert = list.items[0];
    expect(cert).toMatchObject({
      status: 'active',
      category: 'service',
      entity: { nameZh: DEMO_CERTIFIED_CLIENT_NAME },
      level: { id: 'fourStar', stars: 4 },
    });
    const pdf = await client.get(`/api/certificates/${cert.id}/pdf`);
    expect(pdf.statusCode).toBe(200);
    expect(pdf.headers['content-type']).toContain('application/pdf');
    const mark = await client.get(`/api/certificates/${cert.id}/mark.svg`);
    expect(mark.statusCode).toBe(200);
    expect(mark.body).toContain('<svg');
    const pub = ok(
      await t.app.inject({
        method: 'GET',
        url: `/api/public/certificates?no=${encodeURIComponent(cert.certificateNumber)}`,
      }),
    );
    expect(pub.items[0]).toMatchObject({ certificateNumber: cert.certificateNumber, status: 'active' });
  }, 60_000);
});
