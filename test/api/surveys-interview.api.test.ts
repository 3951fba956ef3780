import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AFTER_SALES_TEMPLATE } from '../../src/domain/surveys/template.ts';
import { createTestApp, createUser, login, type Session, type TestApp } from '../helpers/test-app.ts';
import {
  evaluation,
  ok,
  startedEvaluation,
  workflowFixture,
  type WorkflowFixture,
} from '../helpers/workflow.ts';

/**
 * The phone-survey screen's API (GET /api/survey-interviews): an interviewer with `surveys.interview` only
 * (a mystery shopper, no `surveys.read`) sees the live campaigns of the body with the PINNED questionnaire
 * and the responses per outlet, and enters answers that count.
 */
let t: TestApp;
let f: WorkflowFixture;
let pm: Session;
let shopper: Session;
let evaluationId: string;
let outlets: { id: string; code: string }[];

beforeAll(async () => {
  t = await createTestApp();
  f = await workflowFixture(t);
  pm = await f.as('programmeManager');
  const user = await createUser(t.ctx, f.tenant.cbId, ['mysteryShopper']);
  shopper = await login(t.app, user.email);
  evaluationId = await startedEvaluation(f);
  const ev = await evaluation(f, evaluationId);
  outlets = (ev.sites as { id: string; kind: string; code: string }[]).filter((s) => s.kind === 'outlet');
}, 60_000);
afterAll(() => t.close());

describe('phone survey', () => {
  it('lists live campaigns with the pinned questionnaire for an interviewer without surveys.read', async () => {
    const q = ok(await pm.post('/api/survey-questionnaires', { name: '售后', template: 'afterSales' }), 201);
    const body = (name: string) => ({
      name,
      questionnaireVersionId: q.latest.id,
      anonymity: 'anonymous',
      outlets: outlets.map((o) => ({ siteId: o.id, quota: 3 })),
    });
    const live = ok(await pm.post(`/api/evaluations/${evaluationId}/survey-campaigns`, body('live')), 201);
    ok(await pm.post(`/api/survey-campaigns/${live.id}/launch`, { version: live.version }));
    ok(await pm.post(`/api/evaluations/${evaluationId}/survey-campaigns`, body('draft')), 201);

    // A new version of the questionnaire does not change what the live campaign asks.
    ok(
      await pm.post(`/api/survey-questionnaires/${q.id}/versions`, {
        version: q.version,
        content: { ...AFTER_SALES_TEMPLATE, title: { zh: '第二版' } },
      }),
      201,
    );

    expect((await shopper.get(`/api/survey-campaigns/${live.id}`)).statusCode).toBe(403);
    const list = ok(await shopper.get('/api/survey-interviews'));
    expect(list.items.map((c: { name: string }) => c.name)).toEqual(['live']);
    const item = list.items[0];
    const client = await t.ctx.db
      .selectFrom('organisations')
      .select('name')
      .where('id', '=', f.tenant.clientId)
      .executeTakeFirstOrThrow();
    expect(item.clientName).toBe(client.name);
    expect(item.questionnaire).toMatchObject({ versionId: q.latest.id, number: 1 });
    expect(item.questionnaire.content.title).toEqual(AFTER_SALES_TEMPLATE.title);
    expect(item.outlets.map((o: { responses: number }) => o.responses)).toEqual(outlets.map(() => 0));

    const answers = {
      speed: 5,
      attitude: 4,
      competence: 5,
      quality: 4,
      complained: 'no',
      overall: 5,
      recommend: 9,
    };
    ok(
      await shopper.post(`/api/survey-campaigns/${live.id}/responses`, { siteId: outlets[0]!.id, answers }),
      201,
    );
    const after = ok(await shopper.get('/api/survey-interviews'));
    // Outlets are listed by code; find the one answered for.
    const answered = after.items[0].outlets.find((o: { siteId: string }) => o.siteId === outlets[0]!.id);
    expect(answered).toMatchObject({ quota: 3, responses: 1 });
    expect(after.items[0].outlets.reduce((n: number, o: { responses: number }) => n + o.responses, 0)).toBe(
      1,
    );
    const m = ok(await pm.get(`/api/survey-campaigns/${live.id}/metrics`));
    expect(m.overall.responses).toBe(1);

    // A client user has no survey permission at all.
    expect((await (await f.as('client')).get('/api/survey-interviews')).statusCode).toBe(403);
  });

  it('refuses a new version whose condition refers to a later question, naming the field', async () => {
    const q = ok(
      await pm.post('/api/survey-questionnaires', { name: '售后 2', template: 'afterSales' }),
      201,
    );
    const questions = [...AFTER_SALES_TEMPLATE.questions];
    const res = await pm.post(`/api/survey-questionnaires/${q.id}/versions`, {
      version: q.version,
      content: {
        ...AFTER_SALES_TEMPLATE,
        questions: [{ ...questions[0]!, showIf: { question: 'overall', anyOf: [5] } }, ...questions.slice(1)],
      },
    });
    expect(res.statusCode).toBe(422);
    expect(res.json().error.details.issues).toContainEqual(
      expect.objectContaining({ code: 'condition_not_earlier', path: 'questions[0].showIf.question' }),
    );
  });
});
