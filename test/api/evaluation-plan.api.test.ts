import fs from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../helpers/test-app.ts';
import {
  acceptedApplication,
  evaluation,
  plannedEvaluation,
  workflowFixture,
  type WorkflowFixture,
} from '../helpers/workflow.ts';

/** The evaluation plan PDF (issue 5 item 4): the CB at any time, the client once the plan is sent. */
let t: TestApp;
let f: WorkflowFixture;
beforeAll(async () => {
  t = await createTestApp();
  f = await workflowFixture(t);
});
afterAll(() => t.close());

describe('GET /api/evaluations/:id/plan', () => {
  it('is refused to the client until the plan is sent; the CB sees the draft', async () => {
    const { evaluationId } = await acceptedApplication(f);
    const client = await f.as('client');
    const early = await client.get(`/api/evaluations/${evaluationId}/plan`);
    expect(early.statusCode, early.body).toBe(409);
    expect(early.json().error.code).toBe('plan_not_sent');
    const pm = await f.as('programmeManager');
    const draft = await pm.get(`/api/evaluations/${evaluationId}/plan`);
    expect(draft.statusCode).toBe(200);
    expect(draft.headers['content-type']).toContain('application/pdf');
  });

  it('answers the sent plan to the client in Chinese and in English, with the Chinese font embedded', async () => {
    const id = await plannedEvaluation(f);
    expect((await evaluation(f, id)).planSentAt).toBeTruthy();
    const client = await f.as('client');
    const zh = await client.get(`/api/evaluations/${id}/plan`);
    expect(zh.statusCode).toBe(200);
    expect(zh.headers['content-type']).toContain('application/pdf');
    expect(decodeURIComponent(String(zh.headers['content-disposition']))).toContain('评价计划');
    const body = zh.rawPayload;
    expect(body.subarray(0, 5).toString()).toBe('%PDF-');
    expect(body.toString('latin1')).toContain('NotoSansHans');
    const en = await client.get(`/api/evaluations/${id}/plan?lang=en`);
    expect(en.statusCode).toBe(200);
    expect(decodeURIComponent(String(en.headers['content-disposition']))).toContain('evaluation-plan');
    if (process.env.PLAN_PDF_OUT) {
      fs.writeFileSync(`${process.env.PLAN_PDF_OUT}-zh.pdf`, body);
      fs.writeFileSync(`${process.env.PLAN_PDF_OUT}-en.pdf`, en.rawPayload);
    }
  });
});
