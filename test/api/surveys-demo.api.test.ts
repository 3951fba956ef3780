import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { seedDemo } from '../../src/modules/setup/setup.service.ts';
import { createTestApp, login, type TestApp } from '../helpers/test-app.ts';
import { ok } from '../helpers/workflow.ts';

/** The surveys demo: a live campaign with an open link on the evaluation in progress, feeding 5.3.1. */
const PASSWORD = 'demo-password-123';
let t: TestApp;
let dataDir: string;

beforeAll(async () => {
  dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'starmark-survey-demo-'));
  t = await createTestApp({ STARMARK_ADMIN_PASSWORD: PASSWORD, DATA_DIR: dataDir });
}, 120_000);
afterAll(async () => {
  await t.close();
  fs.rmSync(dataDir, { recursive: true, force: true });
});

describe('surveys demo', () => {
  it('has a live campaign whose metrics and open link work and whose CSI feeds the live score', async () => {
    const seeded = await seedDemo(t.ctx);
    const evaluationId = seeded.evaluationInProgress!.evaluationId;
    const pm = await login(t.app, 'programme@starmark.local', PASSWORD);
    const campaigns = ok(await pm.get(`/api/evaluations/${evaluationId}/survey-campaigns`));
    expect(campaigns.items).toHaveLength(1);
    const c = campaigns.items[0];
    expect(c).toMatchObject({ state: 'live', anonymity: 'anonymous' });
    const page = await t.app.inject({ method: 'GET', url: new URL(c.openUrl).pathname });
    expect(page.statusCode).toBe(200);
    const m = ok(await pm.get(`/api/survey-campaigns/${c.id}/metrics`));
    expect(m.overall.responses).toBeGreaterThan(0);
    expect(m.overall.csiMargin).toBeGreaterThan(0);
    expect(m.outlets.every((o: { lowSample: boolean }) => o.lowSample)).toBe(true);
    const score = ok(await pm.get(`/api/evaluations/${evaluationId}/score`));
    const node = score.trace.nodes.find((n: { code: string }) => n.code === '5.3.1');
    const survey = node.detail.sources.find((s: { source: string }) => s.source === 'customerSurvey');
    expect(survey.checked).toBe(m.overall.responses);
  }, 120_000);
});
