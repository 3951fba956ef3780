import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli } from '../../src/cli/cli.ts';
import { createTestApp, type TestApp } from '../helpers/test-app.ts';
import { upload } from '../helpers/registry.ts';
import {
  answeredFinding,
  evaluation,
  fillChecklist,
  openFinding,
  ok,
  plannedEvaluation,
  reviewedEvaluation,
  startedEvaluation,
  submittedApplication,
  workflowFixture,
  type WorkflowFixture,
} from '../helpers/workflow.ts';

let t: TestApp;
let f: WorkflowFixture;

let dataDir: string;
beforeAll(async () => {
  // Evidence files go to a DATA_DIR of this test's own.
  dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'starmark-data-'));
  t = await createTestApp({ DATA_DIR: dataDir });
  f = await workflowFixture(t);
});
afterAll(async () => {
  await t.close();
  fs.rmSync(dataDir, { recursive: true, force: true });
});

async function cli(args: string[]) {
  let out = '';
  let err = '';
  const code = await runCli(args, {
    out: (s) => (out += s),
    err: (s) => (err += s),
    env: { ...process.env, LOG_LEVEL: 'silent' },
    readStdin: async () => '',
  });
  return { code, out, err };
}

describe('the certification journey', () => {
  it('takes one client from application to a granted level, every step through the API', async () => {
    const client = await f.as('client');
    const pm = await f.as('programmeManager');
    const lead = await f.as('lead');
    const evaluator = await f.as('evaluator');
    const reviewer = await f.as('reviewer');
    const dm = await f.as('decisionMaker');

    // 1. Application in the client's portal: eligibility is explained, documents are listed.
    let app = ok(
      await client.post('/api/applications', {
        scopeZh: '家用空调、冰箱、洗衣机的安装、维修、保养及投诉处理',
        systemOperatingSince: '2026-10-01',
        documents: [{ kind: 'businessLicence', refs: ['营业执照.pdf'] }],
      }),
      201,
    );
    expect(app.state).toBe('draft');
    expect(app.outlets).toHaveLength(6);
    expect(app.eligibility.eligible).toBe(false);
    expect(
      app.eligibility.checks.find((c: { code: string }) => c.code === 'system_operating_period').reason.zh,
    ).toContain('仅运行 1 个月');
    let res = await client.post(`/api/applications/${app.id}/submit`, { version: app.version });
    expect(res.statusCode).toBe(422);
    expect(res.json().error.code).toBe('documents_missing');
    app = ok(
      await client.patch(`/api/applications/${app.id}`, {
        version: app.version,
        systemOperatingSince: '2024-06-01',
        documents: [
          'businessLicence',
          'organisationChart',
          'serviceManual',
          'outletList',
          'managerRoster',
        ].map((kind) => ({ kind, refs: [`${kind}.pdf`] })),
      }),
    );
    expect(app.eligibility.eligible).toBe(true);
    app = ok(await client.post(`/api/applications/${app.id}/submit`, { version: app.version }));
    expect(app.state).toBe('submitted');
    expect(app.eligibility.snapshot).toBe(true);
    // The client never reaches the contract review (CB staff only).
    expect((await client.get(`/api/applications/${app.id}/contract-review`)).statusCode).toBe(403);

    // 2. Contract review: engine effort and sample, an adjustment with its justification, a quote.
    let review = ok(await pm.get(`/api/applications/${app.id}/contract-review`));
    expect(review.sample.size.sampleSize).toBe(3); // ⌈√6⌉
    expect(review.sampledOutlets).toHaveLength(3);
    expect(review.quote.amount).toBe(review.effort.personDays * review.quote.dayRate);
    const outside = app.outlets.find(
      (o: { id: string }) => !review.sampledOutlets.some((s: { outletId: string }) => s.outletId === o.id),
    );
    review = ok(
      await pm.patch(`/api/applications/${app.id}/contract-review`, {
        version: review.version,
        effortAdjustments: [{ personDays: 0.5, justification: '新增产品类别洗衣机' }],
        sampleChanges: [{ outletId: outside.id, action: 'add', justification: '近期投诉较多' }],
        techniques: { '5.1.1.1': ['documentReview'] },
        dayRate: 3200,
      }),
    );
    expect(review.sampledOutlets).toHaveLength(4);
    expect(review.effort.adjustmentTotal).toBe(0.5);
    expect(review.quote.dayRate).toBe(3200);
    const accepted = ok(await pm.post(`/api/applications/${app.id}/accept`, { version: review.version }));
    expect(accepted.application.state).toBe('accepted');

    // 3. Programme: the cycle starts with the initial evaluation.
    let programme = ok(await pm.get(`/api/programmes/${accepted.programmeId}`));
    expect(programme.events.map((e: { stage: string }) => e.stage)).toEqual(['initial']);

    // 4. Planning: the team (checked), dates, sites with why each was sampled; the plan goes to the client.
    const id = accepted.evaluationId;
    let ev = await evaluation(f, id);
    expect(ev.sites[0]).toMatchObject({ kind: 'headquarters', code: 'HQ' });
    expect(ev.sites).toHaveLength(5);
    expect(ev.sites.find((s: { outletId: string }) => s.outletId === outside.id).why.zh).toContain(
      '近期投诉较多',
    );
    ev = ok(
      await pm.put(`/api/evaluations/${id}/team`, {
        version: ev.version,
        leadId: f.world.personnel.lead,
        evaluatorIds: [f.world.personnel.evaluator],
      }),
    );
    ev = ok(
      await pm.patch(`/api/evaluations/${id}/plan`, {
        version: ev.version,
        plannedStart: '2026-12-10',
        plannedEnd: '2026-12-12',
      }),
    );
    expect(
      (await client.get(`/api/programmes/${accepted.programmeId}`)).json().events[0].evaluation,
    ).toBeNull();
    ev = ok(await pm.post(`/api/evaluations/${id}/send-plan`, { version: ev.version }));
    programme = ok(await client.get(`/api/programmes/${accepted.programmeId}`));
    expect(programme.events[0].evaluation.team.map((m: { name: string }) => m.name)).toEqual([
      '李组长',
      '王评价',
    ]);

    // 5. Execution: the lead starts; checklists for HQ and each outlet; live score with the outlets named.
    ev = ok(await lead.post(`/api/evaluations/${id}/start`, { version: ev.version }));
    expect(ev.state).toBe('inProgress');
    expect(ev.phase).toBe('documentReview');
    expect(ev.progress.total).toBeGreaterThan(20);
    // Document review first; the lead then moves the evaluation on site.
    ev = ok(await lead.post(`/api/evaluations/${id}/complete-document-review`, { version: ev.version }));
    expect(ev.phase).toBe('onSite');
    const lowOutlet = ev.sites[1].code;
    await fillChecklist(f, id, (item, site) =>
      item.method === 'sampled' && site.code === lowOutlet
        ? { method: 'sampled', checked: 5, conforming: 3 }
        : null,
    );
    const score = ok(await evaluator.get(`/api/evaluations/${id}/score`));
    expect(score.status).toBe('scored');
    expect(score.totals.score).toBeLessThan(100);
    const lost = score.trace.lostPoints.filter((l: { points: number }) => l.points > 0);
    expect(lost.length).toBeGreaterThan(0);
    const doc = ok(await evaluator.get(`/api/evaluations/${id}/document`));
    const sampled = doc.results.find((r: { method: string }) => r.method === 'sampled');
    expect(sampled.samples.map((s: { ref: string }) => s.ref)).toContain(lowOutlet);

    // 6. A finding: the client answers in its portal, the evaluator reopens, then accepts.
    const finding = ok(
      await evaluator.post(`/api/evaluations/${id}/findings`, {
        node: '5.1.4.1',
        siteId: 'HQ',
        severity: 'nonconformity',
        description: '售后服务手册未覆盖上门安装的安全要求',
        dueDate: '2026-12-31',
      }),
      201,
    );
    expect(finding.ref).toBe('F-1');
    res = await lead.post(`/api/evaluations/${id}/submit`, { version: (await evaluation(f, id)).version });
    expect(res.json().error.code).toBe('findings_unresolved');
    const mine = ok(await client.get('/api/findings'));
    expect(mine.items.map((x: { id: string }) => x.id)).toEqual([finding.id]);
    let answered = ok(
      await client.post(`/api/findings/${finding.id}/answer`, {
        version: finding.version,
        rootCause: '手册修订遗漏',
        correction: '已补充章节',
        correctiveAction: '建立手册年度评审',
        evidence: ['手册 V3.3.pdf'],
      }),
    );
    answered = ok(
      await evaluator.post(`/api/findings/${finding.id}/reopen`, {
        version: answered.version,
        note: '缺少培训记录',
      }),
    );
    expect(answered.state).toBe('reopened');
    answered = ok(
      await client.post(`/api/findings/${finding.id}/answer`, {
        version: answered.version,
        rootCause: '手册修订遗漏',
        correction: '已补充章节并完成培训',
        correctiveAction: '建立手册年度评审',
        evidence: ['手册 V3.3.pdf', '培训签到表.pdf'],
      }),
    );
    const closed = ok(
      await evaluator.post(`/api/findings/${finding.id}/accept`, { version: answered.version }),
    );
    expect(closed.state).toBe('accepted');
    expect(closed.events.map((e: { action: string }) => e.action)).toEqual([
      'raise',
      'answer',
      'reopen',
      'answer',
      'accept',
    ]);

    // 7. Submission by the lead, technical review, decision: the level the engine gives, frozen.
    ev = ok(await lead.post(`/api/evaluations/${id}/submit`, { version: (await evaluation(f, id)).version }));
    expect(ev.state).toBe('submitted');
    ev = ok(
      await reviewer.post(`/api/evaluations/${id}/review`, { version: ev.version, outcome: 'approve' }),
    );
    expect(ev.state).toBe('reviewed');
    expect(ev.actions).toEqual([]);
    const decision = ok(
      await dm.post(`/api/evaluations/${id}/decision`, { version: ev.version, decision: 'grant' }),
      201,
    );
    expect(decision.level.id).toBe(score.outcome.level.id);
    expect(decision.scoreText).toBe(score.totals.scoreText);
    expect(decision.scheme.contentHash).toBe(ev.scheme.contentHash);
    expect(decision.engineVersion).toBe(score.engineVersion);
    expect(decision.certificate.error).toBeNull();
    expect(decision.certificate.id).toBeTruthy();

    programme = ok(await pm.get(`/api/programmes/${accepted.programmeId}`));
    expect(programme.decisionDate).toBe('2026-11-30');
    expect(programme.certificateId).toBe(decision.certificate.id);
    expect(programme.events.map((e: { stage: string; dueBy: string | null }) => [e.stage, e.dueBy])).toEqual([
      ['initial', null],
      ['surveillance1', '2027-11-30'],
      ['surveillance2', '2028-11-30'],
      ['recertification', '2029-08-29'],
    ]);
    ev = await evaluation(f, id);
    expect(ev.state).toBe('decided');

    // The audit trail holds every step.
    const admin = await f.as('programmeManager');
    void admin;
    const actions = (
      await t.ctx.db.selectFrom('auditEntries').select('action').where('cbId', '=', f.tenant.cbId).execute()
    ).map((r) => r.action);
    for (const a of [
      'application.create',
      'application.submit',
      'contractReview.update',
      'application.accept',
      'evaluation.team',
      'evaluation.sendPlan',
      'evaluation.start',
      'evaluation.completeDocumentReview',
      'checklist.record',
      'finding.create',
      'finding.answer',
      'finding.reopen',
      'finding.accept',
      'evaluation.submit',
      'evaluation.review.approve',
      'evaluation.decision.grant',
      'programme.schedule',
      'certificate.issue',
    ]) {
      expect(actions, a).toContain(a);
    }

    // `starmark score` on the exported document reproduces the frozen score.
    const exported = ok(await reviewer.get(`/api/evaluations/${id}/document`));
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'starmark-export-'));
    const file = path.join(dir, 'evaluation.json');
    fs.writeFileSync(file, JSON.stringify(exported));
    const run = await cli(['score', file]);
    fs.rmSync(dir, { recursive: true, force: true });
    expect(run.code, run.err).toBe(0);
    const rescored = JSON.parse(run.out);
    expect(rescored.totals).toEqual(decision.result.totals);
    expect(rescored.outcome).toEqual(decision.result.outcome);
    expect(rescored.trace).toEqual(decision.result.trace);
  });
});

describe('refusals with reasons', () => {
  it('checks submission rules: lead only, complete checklists', async () => {
    const id = await startedEvaluation(f);
    const ev = await evaluation(f, id);
    const res = await (
      await f.as('evaluator')
    ).post(`/api/evaluations/${id}/submit`, { version: ev.version });
    expect(res.statusCode).toBe(422);
    expect(res.json().error.code).toBe('not_the_lead');
    const incomplete = await (
      await f.as('lead')
    ).post(`/api/evaluations/${id}/submit`, { version: ev.version });
    expect(incomplete.json().error.code).toBe('evaluation_incomplete');
  });

  it('refuses transitions the state machine does not allow', async () => {
    const app = await submittedApplication(f);
    const res = await (
      await f.as('client')
    ).post(`/api/applications/${app.id}/submit`, { version: app.version });
    expect(res.statusCode).toBe(422);
    expect(res.json().error.code).toBe('transition_not_allowed');
  });

  it('keeps independence: neither reviewer nor decision maker was on the team', async () => {
    // The reviewer (who also holds the evaluator role) is put on the team: the review is refused.
    const id = await plannedEvaluation(f);
    const pm = await f.as('programmeManager');
    let ev = await evaluation(f, id);
    ev = ok(
      await pm.put(`/api/evaluations/${id}/team`, {
        version: ev.version,
        leadId: f.world.personnel.lead,
        evaluatorIds: [f.world.personnel.evaluator, f.world.personnel.reviewer],
      }),
    );
    ev = ok(await pm.post(`/api/evaluations/${id}/send-plan`, { version: ev.version }));
    ok(await (await f.as('lead')).post(`/api/evaluations/${id}/start`, { version: ev.version }));
    await fillChecklist(f, id);
    ev = ok(
      await (
        await f.as('lead')
      ).post(`/api/evaluations/${id}/submit`, { version: (await evaluation(f, id)).version }),
    );
    const res = await (
      await f.as('reviewer')
    ).post(`/api/evaluations/${id}/review`, { version: ev.version, outcome: 'approve' });
    expect(res.statusCode).toBe(422);
    expect(res.json().error.code).toBe('reviewer_on_team');
  });

  it('a decision maker who reviewed may not decide', async () => {
    const id = await reviewedEvaluation(f);
    // Give the reviewer the decision-maker role too: still refused, being the reviewer.
    await t.ctx.db
      .updateTable('users')
      .set({ roles: JSON.stringify(['reviewer', 'evaluator', 'decisionMaker']) })
      .where('id', '=', f.world.users.reviewer.userId)
      .execute();
    const ev = await evaluation(f, id);
    const res = await (
      await f.as('reviewer')
    ).post(`/api/evaluations/${id}/decision`, { version: ev.version, decision: 'grant' });
    expect(res.statusCode).toBe(422);
    expect(res.json().error.code).toBe('decision_maker_was_reviewer');
    await t.ctx.db
      .updateTable('users')
      .set({ roles: JSON.stringify(['reviewer', 'evaluator']) })
      .where('id', '=', f.world.users.reviewer.userId)
      .execute();
  });

  it('two people editing one checklist item never overwrite each other', async () => {
    const id = await startedEvaluation(f);
    const checklist = ok(await (await f.as('lead')).get(`/api/evaluations/${id}/checklist?siteId=HQ`));
    const item = checklist.sites[0].items.find((i: { method: string }) => i.method === 'qualitative');
    const [a, b] = await Promise.all([
      (await f.as('lead')).patch(`/api/checklist-entries/${item.id}`, {
        version: item.version,
        result: { method: 'qualitative', conforms: true },
      }),
      (await f.as('evaluator')).patch(`/api/checklist-entries/${item.id}`, {
        version: item.version,
        result: { method: 'qualitative', conforms: false },
        note: '未见制度文件',
      }),
    ]);
    expect([a.statusCode, b.statusCode].sort()).toEqual([200, 409]);
    const loser = a.statusCode === 409 ? a : b;
    expect(loser.json().error).toMatchObject({
      code: 'version_conflict',
      details: { currentVersion: item.version + 1 },
    });
    // A different item of the same evaluation is unaffected.
    const other = checklist.sites[0].items.find(
      (i: { id: string; method: string }) => i.id !== item.id && i.method === 'qualitative',
    );
    ok(
      await (
        await f.as('evaluator')
      ).patch(`/api/checklist-entries/${other.id}`, {
        version: other.version,
        result: { method: 'qualitative', conforms: true },
      }),
    );
    // The wrong form of result is refused with the method it needs.
    const wrong = await (
      await f.as('lead')
    ).patch(`/api/checklist-entries/${other.id}`, {
      version: other.version + 1,
      result: { method: 'sampled', checked: 1, conforming: 1 },
    });
    expect(wrong.json().error).toMatchObject({ code: 'method_mismatch', details: { path: 'result.method' } });
  });

  it('client users see only their own applications and findings', async () => {
    const other = await workflowFixture(t);
    const finding = await answeredFinding(f);
    const stranger = await other.as('client');
    expect((await stranger.get(`/api/findings/${finding.id}`)).statusCode).toBe(404);
    expect((await stranger.get('/api/findings')).json().items).toEqual([]);
    const app = await submittedApplication(f);
    expect((await stranger.get(`/api/applications/${app.id}`)).statusCode).toBe(404);
    const res = await stranger.post(`/api/findings/${finding.id}/answer`, {
      version: finding.version,
      rootCause: 'x',
      correction: 'x',
      correctiveAction: 'x',
    });
    expect(res.statusCode).toBe(404);
    // CB staff of another body see nothing either.
    expect(
      (await (await other.as('programmeManager')).get(`/api/evaluations/${finding.evaluationId}`)).statusCode,
    ).toBe(404);
  });
});

describe('execution: document review, then on site', () => {
  interface Entry {
    id: string;
    technique: string;
    method: string;
    version: number;
  }
  const answer = (item: Entry) =>
    item.method === 'qualitative'
      ? { method: 'qualitative', conforms: true }
      : item.method === 'sampled'
        ? { method: 'sampled', checked: 5, conforming: 5 }
        : item.method === 'staffing'
          ? { method: 'staffing', serviceManagementStaff: 28, certifiedManagers: 3 }
          : { method: 'metric', value: 90 };

  it('refuses on-site items until the lead completes the document review, audited', async () => {
    const id = await startedEvaluation(f, { documentReview: 'open' });
    const lead = await f.as('lead');
    let ev = await evaluation(f, id);
    expect(ev).toMatchObject({
      state: 'inProgress',
      phase: 'documentReview',
      documentReviewCompletedAt: null,
    });
    expect(ok(await lead.get(`/api/evaluations/${id}`)).actions).toContain('completeDocumentReview');
    expect(ok(await (await f.as('evaluator')).get(`/api/evaluations/${id}`)).actions).not.toContain(
      'completeDocumentReview',
    );

    const checklist = ok(await lead.get(`/api/evaluations/${id}/checklist`));
    const hq = checklist.sites.find((s: { site: { kind: string } }) => s.site.kind === 'headquarters');
    const outlet = checklist.sites.find((s: { site: { kind: string } }) => s.site.kind === 'outlet');
    const review = (hq.items as Entry[]).find((i) => i.technique === 'documentReview')!;
    const hqOnSite = (hq.items as Entry[]).find((i) => i.technique === 'onSiteHQ')!;
    const atOutlet = (outlet.items as Entry[])[0]!;
    // Document-review items are answered during the document review …
    ok(
      await lead.patch(`/api/checklist-entries/${review.id}`, {
        version: review.version,
        result: answer(review),
      }),
    );
    // … on-site items (headquarters fed on site, every outlet item) are refused with the reason.
    for (const item of [hqOnSite, atOutlet]) {
      const res = await (
        await f.as('evaluator')
      ).patch(`/api/checklist-entries/${item.id}`, { version: item.version, result: answer(item) });
      expect(res.statusCode).toBe(422);
      expect(res.json().error.code).toBe('document_review_open');
    }

    // Only the lead completes it.
    const notLead = await (
      await f.as('evaluator')
    ).post(`/api/evaluations/${id}/complete-document-review`, { version: ev.version });
    expect(notLead.statusCode).toBe(422);
    expect(notLead.json().error.code).toBe('not_the_lead');
    const stale = await lead.post(`/api/evaluations/${id}/complete-document-review`, {
      version: ev.version - 1,
    });
    expect(stale.statusCode).toBe(409);

    ev = ok(await lead.post(`/api/evaluations/${id}/complete-document-review`, { version: ev.version }));
    expect(ev.phase).toBe('onSite');
    expect(ev.documentReviewCompletedAt).toEqual(expect.any(String));
    expect(ev.documentReviewCompletedBy).toBe('李组长');
    expect(ev.actions).not.toContain('completeDocumentReview');
    // Once only.
    const again = await lead.post(`/api/evaluations/${id}/complete-document-review`, { version: ev.version });
    expect(again.statusCode).toBe(422);
    expect(again.json().error.code).toBe('document_review_completed');

    // On site now: the items refused before are answered; document-review items still are.
    for (const item of [hqOnSite, atOutlet]) {
      ok(
        await (
          await f.as('evaluator')
        ).patch(`/api/checklist-entries/${item.id}`, { version: item.version, result: answer(item) }),
      );
    }
    ok(
      await lead.patch(`/api/checklist-entries/${review.id}`, {
        version: review.version + 1,
        note: '制度文件齐全',
      }),
    );

    const audit = await t.ctx.db
      .selectFrom('auditEntries')
      .selectAll()
      .where('cbId', '=', f.tenant.cbId)
      .where('entityId', '=', id)
      .where('action', '=', 'evaluation.completeDocumentReview')
      .execute();
    expect(audit).toHaveLength(1);
    expect(JSON.parse(audit[0]!.summary)).toMatchObject({
      before: { phase: 'documentReview' },
      after: { phase: 'onSite' },
    });
  });

  it('refuses completing the document review before the start', async () => {
    const id = await plannedEvaluation(f);
    const res = await (
      await f.as('lead')
    ).post(`/api/evaluations/${id}/complete-document-review`, { version: (await evaluation(f, id)).version });
    expect(res.statusCode).toBe(422);
    expect(res.json().error.code).toBe('transition_not_allowed');
  });
});

describe('team assignment', () => {
  it('blocks an impartiality conflict and says exactly why', async () => {
    const { evaluationId } = await (async () => {
      const id = await plannedEvaluation(f);
      return { evaluationId: id };
    })();
    const pm = await f.as('programmeManager');
    const ev = await evaluation(f, evaluationId);
    // The plan is sent; reopening the team is still allowed while planned.
    const res = await pm.put(`/api/evaluations/${evaluationId}/team`, {
      version: ev.version,
      leadId: f.world.personnel.lead,
      evaluatorIds: [f.world.personnel.consultant],
    });
    expect(res.statusCode).toBe(422);
    const error = res.json().error;
    expect(error.code).toBe('assignment_blocked');
    expect(error.details.path).toBe('evaluatorIds[0]');
    expect(error.details.blocks).toEqual([
      expect.objectContaining({ personnelId: f.world.personnel.consultant, code: 'impartiality_conflict' }),
    ]);
    expect(error.details.blocks[0].reason.zh).toContain('2 年内不得参与评价');
    const candidates = ok(await pm.get(`/api/evaluations/${evaluationId}/candidates?role=evaluator`));
    const consultant = candidates.items.find(
      (c: { personnelId: string }) => c.personnelId === f.world.personnel.consultant,
    );
    expect(consultant.allowed).toBe(false);
    // The decision maker holds no evaluator qualification.
    const dm = candidates.items.find(
      (c: { personnelId: string }) => c.personnelId === f.world.personnel.decisionMaker,
    );
    expect(dm.blocks.map((b: { code: string }) => b.code)).toEqual(['no_qualification']);
  });

  it('blocks a lead who led the last cycles (rotation)', async () => {
    // A client of its own: the earlier cycles below would block this lead for the other tests.
    const f = await workflowFixture(t);
    const id = await plannedEvaluation(f);
    const row = await t.ctx.db
      .selectFrom('evaluations')
      .selectAll()
      .where('id', '=', id)
      .executeTakeFirstOrThrow();
    // Three earlier cycles of this client, each led by the same lead.
    for (const [i, at] of ['2017-01-01', '2020-01-01', '2023-01-01'].entries()) {
      await t.ctx.db
        .insertInto('evaluations')
        .values({
          ...row,
          id: `00000000-0000-4000-8000-00000000000${i}`,
          stage: i === 0 ? 'initial' : 'recertification',
          engineStage: i === 0 ? 'initial' : 'recertification',
          state: 'decided',
          leadId: f.world.personnel.lead,
          createdAt: `${at}T00:00:00.000Z`,
          updatedAt: `${at}T00:00:00.000Z`,
        })
        .execute();
    }
    const ev = await evaluation(f, id);
    const res = await (
      await f.as('programmeManager')
    ).put(`/api/evaluations/${id}/team`, {
      version: ev.version,
      leadId: f.world.personnel.lead,
    });
    expect(res.statusCode).toBe(422);
    expect(res.json().error.details.blocks.map((b: { code: string }) => b.code)).toEqual(['rotation_limit']);
    expect(res.json().error.details.blocks[0].reason.zh).toContain('已连续 3 个周期担任组长');
    // Another lead is fine.
    ok(
      await (
        await f.as('programmeManager')
      ).put(`/api/evaluations/${id}/team`, {
        version: ev.version,
        leadId: f.world.personnel.reviewer,
        evaluatorIds: [f.world.personnel.evaluator],
      }),
    );
  });
});

describe('the frozen decision', () => {
  it('never changes, even after the scheme gets a new version', async () => {
    const id = await reviewedEvaluation(f);
    const ev = await evaluation(f, id);
    const decision = ok(
      await (
        await f.as('decisionMaker')
      ).post(`/api/evaluations/${id}/decision`, { version: ev.version, decision: 'grant' }),
      201,
    );
    // A body version of the same scheme, with different points, is published afterwards.
    const admin = await (async () => {
      const { createUser, login } = await import('../helpers/test-app.ts');
      const u = await createUser(t.ctx, f.tenant.cbId, ['cbAdmin', 'schemeManager']);
      return login(t.app, u.email);
    })();
    const list = ok(await admin.get('/api/schemes'));
    const builtin = list.items.find((s: { builtin: boolean }) => s.builtin);
    const draft = ok(
      await admin.post(`/api/schemes/${builtin.id}/derive`, { urn: builtin.urn, schemeVersion: '1.1.0' }),
      201,
    );
    ok(
      await admin.put(`/api/schemes/${draft.id}/overlay`, {
        version: 1,
        changes: [{ op: 'setExcludable', node: '5.1.1.1', excludable: true }],
      }),
    );
    const published = ok(await admin.post(`/api/schemes/${draft.id}/publish`, { version: 2 }));
    expect(published.contentHash).not.toBe(decision.scheme.contentHash);
    const after = ok(await (await f.as('reviewer')).get(`/api/evaluations/${id}/decisions`));
    expect(after).toHaveLength(1);
    expect(after[0].result).toEqual(decision.result);
    expect(after[0].scheme.contentHash).toBe(decision.scheme.contentHash);
    expect(after[0].document).toEqual(decision.document);
    expect(ok(await (await f.as('reviewer')).get(`/api/evaluations/${id}/score`)).totals).toEqual(
      decision.result.totals,
    );
    // The database refuses any change to a decision.
    await expect(
      t.ctx.db
        .updateTable('certificationDecisions')
        .set({ scoreText: '99.9' })
        .where('id', '=', decision.id)
        .execute(),
    ).rejects.toThrow(/append-only/);
    // A decided evaluation takes no more results.
    const checklist = ok(await (await f.as('lead')).get(`/api/evaluations/${id}/checklist?siteId=HQ`));
    const item = checklist.sites[0].items[0];
    const res = await (
      await f.as('lead')
    ).patch(`/api/checklist-entries/${item.id}`, {
      version: item.version,
      result: { method: item.method, conforms: false },
    });
    expect(res.json().error.code).toBe('evaluation_state');
  });
});

describe('evidence files', () => {
  it('takes photos and documents within the size and type limits, stored under DATA_DIR', async () => {
    const finding = await openFinding(f);
    const client = await f.as('client');
    const pdf = Buffer.from('%PDF-1.4\n1 0 obj << >> endobj\n%%EOF\n');
    const res = await upload(t.app, client, `/api/findings/${finding.id}/evidence`, pdf, '整改记录.pdf');
    expect(res.statusCode, res.body).toBe(201);
    const file = res.json();
    expect(file).toMatchObject({
      fileName: '整改记录.pdf',
      contentType: 'application/pdf',
      size: pdf.length,
      ref: `file:${file.id}`,
    });
    expect(fs.existsSync(path.join(t.config.dataDir, 'evidence', f.tenant.cbId, file.id))).toBe(true);
    // A renamed text file is not a PDF; an executable is not evidence.
    const fake = await upload(
      t.app,
      client,
      `/api/findings/${finding.id}/evidence`,
      Buffer.from('hello'),
      'x.pdf',
    );
    expect(fake.statusCode).toBe(415);
    expect(fake.json().error.code).toBe('evidence_type_not_allowed');
    const big = Buffer.concat([Buffer.from('%PDF-1.4\n'), Buffer.alloc(20 * 1024 * 1024 + 1)]);
    const tooBig = await upload(t.app, client, `/api/findings/${finding.id}/evidence`, big, 'big.pdf');
    expect(tooBig.statusCode).toBe(413);
    // The team reads it; another client never sees it.
    const download = await (await f.as('evaluator')).get(`/api/findings/${finding.id}/evidence/${file.id}`);
    expect(download.statusCode).toBe(200);
    expect(download.rawPayload.equals(pdf)).toBe(true);
    const listed = ok(await (await f.as('lead')).get(`/api/findings/${finding.id}/evidence`));
    expect(listed.map((x: { id: string }) => x.id)).toEqual([file.id]);
    const other = await workflowFixture(t);
    expect(
      (await (await other.as('client')).get(`/api/findings/${finding.id}/evidence/${file.id}`)).statusCode,
    ).toBe(404);
  });
});
