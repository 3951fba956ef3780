import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type Session, type TestApp } from '../helpers/test-app.ts';
import { csv as csvText, upload } from '../helpers/registry.ts';
import {
  ok,
  startedEvaluation,
  workflowFixture,
  evaluation,
  type WorkflowFixture,
} from '../helpers/workflow.ts';

/**
 * Customer-experience surveys end to end: questionnaire → campaign on an evaluation in progress → the public
 * page, personal links, phone entries and imported files → metrics → the evaluation's live score.
 */
const csv = (rows: (string | number | null)[][]) => Buffer.from(csvText(rows));
let t: TestApp;
let f: WorkflowFixture;
let pm: Session;
let evaluationId: string;
let outlets: { id: string; code: string }[];
let versionId: string;

beforeAll(async () => {
  t = await createTestApp();
  f = await workflowFixture(t);
  pm = await f.as('programmeManager');
  evaluationId = await startedEvaluation(f);
  const ev = await evaluation(f, evaluationId);
  outlets = (ev.sites as { id: string; kind: string; code: string }[]).filter((s) => s.kind === 'outlet');
  const q = ok(
    await pm.post('/api/survey-questionnaires', { name: '售后满意度', template: 'afterSales' }),
    201,
  );
  versionId = q.latest.id;
}, 60_000);
afterAll(() => t.close());

const ALL_FIVE = {
  speed: 5,
  attitude: 5,
  competence: 5,
  quality: 5,
  complained: 'no',
  overall: 5,
  recommend: 10,
};

async function campaign(body: Record<string, unknown> = {}) {
  const c = ok(
    await pm.post(`/api/evaluations/${evaluationId}/survey-campaigns`, {
      name: 'CX 2026',
      questionnaireVersionId: versionId,
      anonymity: 'anonymous',
      outlets: outlets.map((o) => ({ siteId: o.id, quota: 5, population: 200 })),
      ...body,
    }),
    201,
  );
  return ok(await pm.post(`/api/survey-campaigns/${c.id}/launch`, { version: c.version }));
}

const pathOf = (url: string) => new URL(url).pathname;
const formTokenOf = (html: string) => /name="_t" value="([^"]+)"/.exec(html)![1]!.replace(/&#61;/g, '=');

async function answerPage(url: string, fields: Record<string, string | number | string[]>) {
  const page = await t.app.inject({ method: 'GET', url: pathOf(url) });
  const body = new URLSearchParams();
  body.append('_t', formTokenOf(page.body));
  for (const [k, v] of Object.entries(fields))
    for (const x of Array.isArray(v) ? v : [v]) body.append(k, String(x));
  return t.app.inject({
    method: 'POST',
    url: pathOf(url),
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    payload: body.toString(),
  });
}

describe('respondent page', () => {
  it('serves an accessible bilingual form and stores an anonymous response without identifying data', async () => {
    const c = await campaign();
    const page = await t.app.inject({ method: 'GET', url: pathOf(c.openUrl) });
    expect(page.statusCode).toBe(200);
    expect(page.headers['content-type']).toContain('text/html');
    expect(page.body).toContain('<html lang="zh-CN">');
    expect(page.body).toContain('<fieldset');
    expect(page.body).toContain('<legend>');
    expect(page.body).not.toContain('<script');
    // The form's POST must carry a real Origin: no-referrer would make browsers send `Origin: null`.
    expect(page.headers['referrer-policy']).toBe('same-origin');
    const crossSite = await t.app.inject({
      method: 'POST',
      url: pathOf(c.openUrl),
      headers: { 'content-type': 'application/x-www-form-urlencoded', origin: 'https://evil.example' },
      payload: 'speed=5',
    });
    expect(crossSite.statusCode).toBe(403);
    const en = await t.app.inject({ method: 'GET', url: `${pathOf(c.openUrl)}?lang=en` });
    expect(en.body).toContain('<html lang="en">');
    expect(en.body).toContain('Overall, how satisfied');

    const res = await answerPage(c.openUrl, {
      siteId: outlets[0]!.id,
      ...ALL_FIVE,
      channel: ['phone', 'store'],
    });
    expect(res.statusCode, res.body).toBe(200);
    expect(res.body).toContain('感谢');
    const rows = await t.ctx.db
      .selectFrom('surveyResponses')
      .selectAll()
      .where('campaignId', '=', c.id)
      .execute();
    expect(rows).toHaveLength(1);
    const r = rows[0]!;
    // What is NOT stored: no address or agent column at all, no invitation, no interviewer, no exact time.
    expect(Object.keys(r).some((k) => /ip|agent|addr|user/i.test(k))).toBe(false);
    expect(r.invitationId).toBeNull();
    expect(r.interviewerId).toBeNull();
    expect(r.submittedAt).toMatch(/T00:00:00\.000Z$/);
    expect(r.csi).toBe(100);
    expect(r.nps).toBe(10);
    const answers = await t.ctx.db
      .selectFrom('surveyAnswers')
      .selectAll()
      .where('responseId', '=', r.id)
      .execute();
    expect(answers.find((a) => a.questionId === 'channel')?.value).toBe('["phone","store"]');
  });

  it('refuses a stale form, re-renders errors escaped, and refuses answers while draft', async () => {
    const c = await campaign();
    const stale = await t.app.inject({
      method: 'POST',
      url: pathOf(c.openUrl),
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      payload: new URLSearchParams({ _t: 'x.y', siteId: outlets[0]!.id }).toString(),
    });
    expect(stale.statusCode).toBe(400);
    const invalid = await answerPage(c.openUrl, {
      siteId: outlets[0]!.id,
      ...ALL_FIVE,
      speed: 9,
      comment: '<script>alert(1)</script>',
    });
    expect(invalid.statusCode).toBe(422);
    expect(invalid.body).toContain('aria-invalid="true"');
    expect(invalid.body).not.toContain('<script>alert');
    const draft = ok(
      await pm.post(`/api/evaluations/${evaluationId}/survey-campaigns`, {
        name: 'draft',
        questionnaireVersionId: versionId,
        anonymity: 'anonymous',
        outlets: [{ siteId: outlets[0]!.id, quota: 3 }],
      }),
      201,
    );
    expect((await t.app.inject({ method: 'GET', url: pathOf(draft.openUrl) })).statusCode).toBe(403);
  });
});

describe('anonymity is fixed at launch', () => {
  it('may change before launch, not after', async () => {
    let c = ok(
      await pm.post(`/api/evaluations/${evaluationId}/survey-campaigns`, {
        name: 'mode',
        questionnaireVersionId: versionId,
        anonymity: 'anonymous',
        outlets: [{ siteId: outlets[0]!.id, quota: 3 }],
      }),
      201,
    );
    c = ok(await pm.patch(`/api/survey-campaigns/${c.id}`, { version: c.version, anonymity: 'identified' }));
    expect(c.anonymity).toBe('identified');
    c = ok(await pm.post(`/api/survey-campaigns/${c.id}/launch`, { version: c.version }));
    const res = await pm.patch(`/api/survey-campaigns/${c.id}`, {
      version: c.version,
      anonymity: 'anonymous',
    });
    expect(res.statusCode).toBe(422);
    expect(res.json().error.code).toBe('anonymity_fixed');
    // Quotas still change while it runs.
    const q = await pm.patch(`/api/survey-campaigns/${c.id}`, {
      version: c.version,
      outlets: [{ siteId: outlets[0]!.id, quota: 9 }],
    });
    expect(ok(q).outlets[0].quota).toBe(9);
  });
});

describe('personal links', () => {
  it('imports a customer list row by row, then each link answers once and expires', async () => {
    const c = await campaign({ linkTtlDays: 3 });
    const bad = csv([
      ['网点编码', '客户编号', '手机'],
      [outlets[0]!.code, 'C-1', '13812345678'],
      ['NOPE', 'C-2', '13812345679'],
      [outlets[0]!.code, 'C-1', '13812345678'],
      [outlets[1]!.code, 'C-3', 'abc'],
    ]);
    const report = ok(
      await upload(t.app, pm, `/api/survey-campaigns/${c.id}/invitations/import`, bad, 'c.csv'),
    );
    expect(report.committed).toBe(false);
    expect(report.problems.map((p: { row: number; code: string }) => [p.row, p.code])).toEqual([
      [3, 'unknown_outlet'],
      [4, 'duplicate'],
      [5, 'invalid_phone'],
    ]);
    const good = csv([
      ['outlet', 'customer', 'phone'],
      [outlets[0]!.code, 'C-1', '13812345678'],
      [outlets[1]!.code, 'C-2', '13912345678'],
      [outlets[1]!.code, 'C-3', ''],
    ]);
    const links = ok(
      await upload(t.app, pm, `/api/survey-campaigns/${c.id}/invitations/import`, good, 'c.csv'),
    );
    expect(links.committed).toBe(true);
    expect(links.links).toHaveLength(3);
    expect(links.links[0].contact).toBe('138****5678');

    const stored = await t.ctx.db
      .selectFrom('surveyInvitations')
      .selectAll()
      .where('campaignId', '=', c.id)
      .execute();
    const token = pathOf(links.links[0].url).slice(3);
    // Only a hash of the token and a masked phone are stored.
    expect(JSON.stringify(stored)).not.toContain(token);
    expect(JSON.stringify(stored)).not.toContain('13812345678');

    const first = await answerPage(links.links[0].url, ALL_FIVE);
    expect(first.statusCode, first.body).toBe(200);
    const again = await t.app.inject({ method: 'GET', url: pathOf(links.links[0].url) });
    expect(again.statusCode).toBe(410);
    expect(again.body).toContain('已使用');
    // Anonymous: the response does not point at the invitation; the invitation keeps the day only.
    const responses = await t.ctx.db
      .selectFrom('surveyResponses')
      .selectAll()
      .where('campaignId', '=', c.id)
      .execute();
    expect(responses).toHaveLength(1);
    expect(responses[0]!.invitationId).toBeNull();
    expect(responses[0]!.channel).toBe('personal');
    const used = await t.ctx.db
      .selectFrom('surveyInvitations')
      .selectAll()
      .where('campaignId', '=', c.id)
      .execute();
    expect(used.filter((u) => u.usedOn).map((u) => u.usedOn)).toEqual(['2026-11-30']);

    // Reminders: the two unanswered customers, with fresh links (the old ones stop working).
    const reminders = ok(await pm.post(`/api/survey-campaigns/${c.id}/reminders`));
    expect(reminders.items).toHaveLength(2);
    expect((await t.app.inject({ method: 'GET', url: pathOf(links.links[1].url) })).statusCode).toBe(404);
    expect((await t.app.inject({ method: 'GET', url: pathOf(reminders.items[0].url) })).statusCode).toBe(200);

    t.clock.advance(4 * 86_400_000);
    const expired = await t.app.inject({ method: 'GET', url: pathOf(reminders.items[0].url) });
    expect(expired.statusCode).toBe(410);
    expect(expired.body).toContain('过期');
    t.clock.advance(-4 * 86_400_000);
  });
});

describe('quota and phone interviews', () => {
  it('caps an outlet at its quota and links identified phone responses to the interviewer', async () => {
    const c = await campaign({
      anonymity: 'identified',
      capAtQuota: true,
      outlets: [{ siteId: outlets[0]!.id, quota: 2 }],
    });
    const lead = await f.as('evaluator');
    for (let i = 0; i < 2; i++)
      ok(
        await lead.post(`/api/survey-campaigns/${c.id}/responses`, {
          siteId: outlets[0]!.id,
          answers: ALL_FIVE,
        }),
        201,
      );
    const third = await lead.post(`/api/survey-campaigns/${c.id}/responses`, {
      siteId: outlets[0]!.id,
      answers: ALL_FIVE,
    });
    expect(third.statusCode).toBe(422);
    expect(third.json().error.code).toBe('quota_reached');
    const rows = await t.ctx.db
      .selectFrom('surveyResponses')
      .selectAll()
      .where('campaignId', '=', c.id)
      .execute();
    expect(rows.every((r) => r.interviewerId !== null && r.channel === 'phone')).toBe(true);
    expect(rows[0]!.submittedAt).toBe('2026-11-30T02:00:00.000Z');
    const m = ok(await pm.get(`/api/survey-campaigns/${c.id}/metrics`));
    expect(m.outlets[0]).toMatchObject({ responses: 2, quota: 2, remaining: 0, quotaShare: 1 });
  });
});

describe('response import, metrics and the live score', () => {
  it('reports every bad row, imports all or nothing, and the metrics feed 5.3.1', async () => {
    const c = await campaign({ outlets: outlets.slice(0, 2).map((o) => ({ siteId: o.id, quota: 4 })) });
    const header = [
      'outlet',
      'speed',
      'attitude',
      'competence',
      'quality',
      'complained',
      'complaints',
      'overall',
      'recommend',
      'channel',
    ];
    const bad = csv([
      header,
      [outlets[0]!.code, 5, 5, 5, 5, 'no', '', 5, 10, 'phone'],
      [outlets[0]!.code, 6, 5, 5, 5, 'no', '', 5, 10, ''],
      ['X9', 5, 5, 5, 5, 'no', '', 5, 10, ''],
      [outlets[0]!.code, 5, 5, 5, 5, 'yes', '', 5, 10, ''],
    ]);
    const refused = ok(
      await upload(t.app, pm, `/api/survey-campaigns/${c.id}/responses/import`, bad, 'r.csv'),
    );
    expect(refused.committed).toBe(false);
    expect(refused.imported).toBe(0);
    expect(
      refused.problems.map((p: { row: number; column: string; code: string }) => [p.row, p.column, p.code]),
    ).toEqual([
      [3, 'speed', 'answer_invalid'],
      [4, 'outlet', 'unknown_outlet'],
      [5, 'complaints', 'answer_required'],
    ]);
    expect(
      await t.ctx.db.selectFrom('surveyResponses').select('id').where('campaignId', '=', c.id).execute(),
    ).toEqual([]);
    const unknown = await upload(
      t.app,
      pm,
      `/api/survey-campaigns/${c.id}/responses/import`,
      csv([['outlet', 'nope']]),
      'r.csv',
    );
    expect(unknown.statusCode).toBe(422);
    expect(unknown.json().error.code).toBe('import_unknown_columns');

    // Outlet 1: CSI 100, 75, 50 (all dimensions 5, 4, 3); NPS 10, 8, 3. Outlet 2: one response, CSI 0, NPS 0.
    const good = csv([
      header,
      [outlets[0]!.code, 5, 5, 5, 5, 'no', '', 5, 10, 'phone;store'],
      [outlets[0]!.code, 4, 4, 4, 4, 'yes', 4, 4, 8, ''],
      [outlets[0]!.code, 3, 3, 3, 3, 'no', '', 3, 3, ''],
      [outlets[1]!.code, 1, 1, 1, 1, 'no', '', 1, 0, ''],
    ]);
    const imported = ok(
      await upload(t.app, pm, `/api/survey-campaigns/${c.id}/responses/import`, good, 'r.csv'),
    );
    expect(imported).toMatchObject({ rows: 4, imported: 4, rejected: 0, committed: true });

    const m = ok(await pm.get(`/api/survey-campaigns/${c.id}/metrics`));
    const o1 = m.outlets.find((o: { siteId: string }) => o.siteId === outlets[0]!.id);
    expect(o1.csi).toBeCloseTo(75, 9);
    expect(o1.csiSd).toBeCloseTo(25, 9);
    expect(o1.csiMargin).toBeCloseTo((1.959964 * 25) / Math.sqrt(3), 4); // no population given: no FPC
    expect(o1.nps).toBe(0);
    expect(o1.npsMargin).toBeGreaterThan(0);
    expect(o1.lowSample).toBe(true);
    expect(o1.remaining).toBe(1);
    // Overall: CSI (100 + 75 + 50 + 0) ÷ 4 = 56.25; NPS (1 − 2) ÷ 4 = −25.
    expect(m.overall.responses).toBe(4);
    expect(m.overall.csi).toBeCloseTo(56.25, 9);
    expect(m.overall.nps).toBe(-25);
    // The built-in 5.3.1 is sampled: the campaign adds one customerSurvey record, 2 of 4 satisfied (CSI ≥ 75).
    expect(m.score).toMatchObject({
      node: '5.3.1',
      method: 'sampled',
      value: 56.3,
      responses: 4,
      checked: 4,
      conforming: 2,
    });

    const score = ok(await pm.get(`/api/evaluations/${evaluationId}/document`));
    const item = score.results.find((r: { node: string }) => r.node === '5.3.1');
    const records = item.samples.filter((s: { source: string }) => s.source === 'customerSurvey');
    // Every launched campaign of the evaluation with responses feeds the item; this one is named with its margin.
    const mine = records.find((s: { ref: string }) => s.ref.includes(c.id.slice(0, 8)));
    expect(mine).toMatchObject({ checked: 4, conforming: 2 });
    expect(mine.ref).toMatch(/56\.3 ± \d+\.\d \(95 %\), n = 4, 2 satisfied/);
    const live = ok(await pm.get(`/api/evaluations/${evaluationId}/score`));
    const node = live.trace.nodes.find((n: { code: string }) => n.code === '5.3.1');
    const survey = node.detail.sources.find((s: { source: string }) => s.source === 'customerSurvey');
    expect(survey.checked).toBeGreaterThanOrEqual(4);
    const lost = live.trace.lostPoints.find((l: { node: string }) => l.node === '5.3.1');
    expect(lost.points).toBeGreaterThan(0);
  });
});
