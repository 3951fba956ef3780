import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { publishedBuiltin } from '../../src/domain/schemes/builtin.test-support.ts';
import { parseEvaluationDocument } from '../../src/domain/scoring/evaluation-input.ts';
import { scoreEvaluation } from '../../src/domain/scoring/score-evaluation.ts';
import { visitsToExtraSamples, type VisitItemSamples } from '../../src/domain/mystery-visits/index.ts';
import { createTestApp, createUser, login, type Session, type TestApp } from '../helpers/test-app.ts';
import { multipartBody, upload } from '../helpers/registry.ts';
import { CSRF_HEADER, SESSION_COOKIE } from '../../src/modules/auth/auth.contract.ts';
import {
  evaluation,
  fillChecklist,
  ok,
  startedEvaluation,
  workflowFixture,
  type WorkflowFixture,
} from '../helpers/workflow.ts';

/**
 * Mystery visits through the API: planning, the shopper's capture, the window and evidence rules, review,
 * who sees what, the score lock and the effect on the evaluation's score and trace.
 */
const JPG = Buffer.concat([
  Buffer.from('ffd8ffe000104a46494600010100000100010000', 'hex'),
  Buffer.alloc(200),
]);
const WINDOW = { windowStart: '2026-11-30T00:00:00.000Z', windowEnd: '2026-12-02T00:00:00.000Z' };
const ALL_YES = {
  greet: 'yes',
  badge: 'yes',
  warranty: 'yes',
  repairProcess: 'yes',
  complaint: 'yes',
  attitude: 5,
} as const;

let t: TestApp;
let f: WorkflowFixture;
let evaluationId: string;
let outletSites: { id: string; code: string }[];
let shopper: Session;
let otherShopper: Session;
let shopperId: string;
let otherShopperId: string;
let pm: Session;
let reviewer: Session;
let client: Session;
let storeScenario: string;

const answersOf = (o: Record<string, string | number>) =>
  Object.entries(o).map(([questionId, value]) => ({
    questionId,
    value,
    shownAt: '2026-11-30T02:00:00.000Z',
    answeredAt: '2026-11-30T02:01:00.000Z',
  }));

async function plan(body: Record<string, unknown>) {
  return pm.post(`/api/evaluations/${evaluationId}/mystery-visits`, {
    scenarioId: storeScenario,
    siteIds: [outletSites[0]!.id],
    count: 1,
    shopperId,
    ...WINDOW,
    ...body,
  });
}

/** A visit carried through start, answers, GPS at the outlet, the storefront photo and end. */
async function capturedVisit(answers: Record<string, string | number> = ALL_YES, gps = true) {
  const [visit] = ok(await plan({}), 201).items;
  let v = ok(
    await shopper.post(`/api/my/mystery-visits/${visit.id}/start`, {
      version: visit.version,
      at: '2026-11-30T02:00:00.000Z',
    }),
  );
  v = ok(
    await shopper.patch(`/api/my/mystery-visits/${visit.id}`, {
      version: v.version,
      answers: answersOf(answers),
      ...(gps
        ? { gps: { latitude: 31.2304, longitude: 121.4737, accuracy: 15, at: '2026-11-30T02:00:30.000Z' } }
        : {}),
      endedAt: '2026-11-30T02:20:00.000Z',
    }),
  );
  v = ok(
    await upload(
      t.app,
      shopper,
      `/api/my/mystery-visits/${visit.id}/evidence?key=storefront`,
      JPG,
      'front.jpg',
    ),
  );
  return v as { id: string; version: number; ref: string; flags: { code: string }[] };
}

beforeAll(async () => {
  t = await createTestApp();
  f = await workflowFixture(t);
  evaluationId = await startedEvaluation(f);
  await fillChecklist(f, evaluationId);
  outletSites = (await evaluation(f, evaluationId)).sites.filter(
    (s: { kind: string }) => s.kind === 'outlet',
  );
  const s1 = await createUser(t.ctx, f.tenant.cbId, ['mysteryShopper']);
  const s2 = await createUser(t.ctx, f.tenant.cbId, ['mysteryShopper']);
  shopperId = s1.id;
  otherShopperId = s2.id;
  shopper = await login(t.app, s1.email);
  otherShopper = await login(t.app, s2.email);
  pm = await f.as('programmeManager');
  reviewer = await f.as('reviewer');
  client = await f.as('client');
  const scenarios = ok(await pm.get('/api/mystery-scenarios')).items;
  storeScenario = scenarios.find((s: { code: string }) => s.code === 'GBT27922-STORE').id;
});
afterAll(() => t.close());

describe('scenarios', () => {
  it('installs the built-in scenarios as published version 1 with a content hash', async () => {
    const list = ok(await pm.get('/api/mystery-scenarios')).items;
    expect(list.map((s: { code: string }) => s.code)).toEqual(['GBT27922-HOTLINE', 'GBT27922-STORE']);
    const store = list.find((s: { id: string }) => s.id === storeScenario);
    expect(store.latest.number).toBe(1);
    expect(store.latest.contentHash).toMatch(/^[0-9a-f]{64}$/);
  });

  it('refuses to publish questions on items that cannot take mystery-visit samples', async () => {
    const store = ok(await pm.get(`/api/mystery-scenarios/${storeScenario}`));
    const content = structuredClone(store.latest.content);
    const created = ok(
      await pm.post('/api/mystery-scenarios', {
        code: 'BAD-1',
        schemeUrn: 'urn:starmark:scheme:gbt27922:2011',
        content,
      }),
      201,
    );
    content.questions[0].node = '5.2.3';
    const edited = ok(
      await pm.patch(`/api/mystery-scenarios/${created.id}`, { version: created.version, content }),
    );
    const res = await pm.post(`/api/mystery-scenarios/${created.id}/publish`, { version: edited.version });
    expect(res.statusCode).toBe(422);
    expect(res.json().error.code).toBe('question_node_no_mystery_visits');
  });
});

describe('planning and what the shopper sees', () => {
  it('plans visits per outlet for a user with the mystery shopper role only', async () => {
    const res = ok(await plan({ siteIds: outletSites.slice(0, 2).map((s) => s.id), count: 2 }), 201);
    expect(res.items).toHaveLength(4);
    expect(res.items.map((v: { state: string }) => v.state)).toEqual([
      'assigned',
      'assigned',
      'assigned',
      'assigned',
    ]);
    const evaluatorUser = f.world.users.evaluator.userId;
    expect((await plan({ shopperId: evaluatorUser })).json().error.code).toBe('not_a_shopper');
    expect((await plan({ siteIds: ['HQ'] })).json().error.code).toBe('unknown_site');
    expect((await plan({ windowEnd: WINDOW.windowStart })).json().error.code).toBe('window_invalid');
  });

  it('the shopper sees only their own assignments', async () => {
    const [theirs] = ok(await plan({ shopperId: otherShopperId }), 201).items;
    const mine = ok(await shopper.get('/api/my/mystery-visits')).items;
    expect(mine.length).toBeGreaterThan(0);
    expect(mine.every((v: { shopper: { id: string } }) => v.shopper.id === shopperId)).toBe(true);
    expect(mine.some((v: { id: string }) => v.id === theirs.id)).toBe(false);
    expect((await shopper.get(`/api/my/mystery-visits/${theirs.id}`)).statusCode).toBe(404);
    expect((await otherShopper.get(`/api/my/mystery-visits/${theirs.id}`)).statusCode).toBe(200);
    // The shopper reaches no CB view of visits or evaluations.
    expect((await shopper.get(`/api/mystery-visits/${theirs.id}`)).statusCode).toBe(403);
    expect((await shopper.get(`/api/evaluations/${evaluationId}/mystery-visits`)).statusCode).toBe(403);
  });
});

describe('window and evidence rules', () => {
  it('refuses a submission with required evidence missing', async () => {
    const [visit] = ok(await plan({}), 201).items;
    let v = ok(await shopper.post(`/api/my/mystery-visits/${visit.id}/start`, { version: visit.version }));
    v = ok(
      await shopper.patch(`/api/my/mystery-visits/${visit.id}`, {
        version: v.version,
        answers: answersOf(ALL_YES),
        endedAt: '2026-11-30T02:20:00.000Z',
      }),
    );
    const res = await shopper.post(`/api/my/mystery-visits/${visit.id}/submit`, { version: v.version });
    expect(res.statusCode).toBe(422);
    expect(res.json().error.code).toBe('evidence_missing');
  });

  it('refuses wrong-type and oversized evidence before storing it', async () => {
    const [visit] = ok(await plan({}), 201).items;
    ok(await shopper.post(`/api/my/mystery-visits/${visit.id}/start`, { version: visit.version }));
    const url = `/api/my/mystery-visits/${visit.id}/evidence?key=storefront`;
    const wrongName = await upload(t.app, shopper, url, Buffer.from('hello'), 'notes.txt');
    expect(wrongName.statusCode).toBe(415);
    const fake = await upload(t.app, shopper, url, Buffer.from('not really a jpeg'), 'front.jpg');
    expect(fake.statusCode).toBe(415);
    // A declared length over the limit is refused before the body is read.
    const { payload, headers } = multipartBody(JPG, 'front.jpg');
    const big = await t.app.inject({
      method: 'POST',
      url,
      payload,
      headers: {
        ...headers,
        'content-length': String(11 * 1024 * 1024),
        cookie: `${SESSION_COOKIE}=${shopper.cookie}`,
        [CSRF_HEADER]: shopper.csrfToken,
      },
    });
    expect(big.statusCode).toBe(413);
    expect(big.json().error.code).toBe('evidence_too_large');
    const audio = await upload(
      t.app,
      shopper,
      `/api/my/mystery-visits/${visit.id}/evidence?key=recording`,
      JPG,
      'a.jpg',
    );
    expect(audio.json().error.code).toBe('unknown_evidence');
    expect(ok(await shopper.get(`/api/my/mystery-visits/${visit.id}`)).files).toEqual([]);
  });

  it('refuses a submission outside the window', async () => {
    const [visit] = ok(
      await plan({ windowStart: '2026-11-29T00:00:00.000Z', windowEnd: '2026-11-30T01:00:00.000Z' }),
      201,
    ).items;
    let v = ok(await shopper.post(`/api/my/mystery-visits/${visit.id}/start`, { version: visit.version }));
    v = ok(
      await shopper.patch(`/api/my/mystery-visits/${visit.id}`, {
        version: v.version,
        answers: answersOf(ALL_YES),
        endedAt: '2026-11-30T02:20:00.000Z',
      }),
    );
    ok(
      await upload(
        t.app,
        shopper,
        `/api/my/mystery-visits/${visit.id}/evidence?key=storefront`,
        JPG,
        'f.jpg',
      ),
    );
    const res = await shopper.post(`/api/my/mystery-visits/${visit.id}/submit`, { version: v.version });
    expect(res.statusCode).toBe(422);
    expect(res.json().error.code).toBe('outside_window');
  });

  it('flags GPS and times that contradict the window, and approval needs them acknowledged', async () => {
    const v = await capturedVisit(ALL_YES, false);
    const submitted = ok(await shopper.post(`/api/my/mystery-visits/${v.id}/submit`, { version: v.version }));
    expect(submitted.flags.map((x: { code: string }) => x.code)).toEqual(['gps_missing']);
    const refusedApproval = await reviewer.post(`/api/mystery-visits/${v.id}/review`, {
      version: submitted.version,
      action: 'approve',
    });
    expect(refusedApproval.json().error.code).toBe('flags_not_acknowledged');
    // Void it instead: the outlet recognised the shopper.
    expect(
      (
        await reviewer.post(`/api/mystery-visits/${v.id}/review`, {
          version: submitted.version,
          action: 'void',
        })
      ).json().error.code,
    ).toBe('note_required');
    const voided = ok(
      await reviewer.post(`/api/mystery-visits/${v.id}/review`, {
        version: submitted.version,
        action: 'void',
        note: '店员认出暗访员（上次评价见过）',
      }),
    );
    expect(voided.state).toBe('voided');
    expect(voided.voidReason).toBe('店员认出暗访员（上次评价见过）');
  });
});

describe('review, visibility, the score and the lock', () => {
  let approvedId: string;
  let returnedId: string;
  let scoreBefore: { totals: { score: number } };
  let documentBefore: ReturnType<typeof parseEvaluationDocument>;

  it('the client sees no visit before approval', async () => {
    scoreBefore = ok(await pm.get(`/api/evaluations/${evaluationId}/score`));
    documentBefore = parseEvaluationDocument(ok(await pm.get(`/api/evaluations/${evaluationId}/document`)));
    const a = await capturedVisit({
      ...ALL_YES,
      greet: 'no',
      repairProcess: 'no',
      complaint: 'na',
      attitude: 3,
    });
    const b = await capturedVisit({ ...ALL_YES, badge: 'no' });
    const sa = ok(await shopper.post(`/api/my/mystery-visits/${a.id}/submit`, { version: a.version }));
    const sb = ok(await shopper.post(`/api/my/mystery-visits/${b.id}/submit`, { version: b.version }));
    expect(sa.flags).toEqual([]);
    approvedId = sa.id;
    returnedId = sb.id;
    expect(ok(await client.get(`/api/evaluations/${evaluationId}/mystery-visits`)).items).toEqual([]);
    expect((await client.get(`/api/mystery-visits/${sa.id}`)).statusCode).toBe(404);
    // Submitted visits do not count yet.
    expect(ok(await pm.get(`/api/evaluations/${evaluationId}/score`)).totals).toEqual(scoreBefore.totals);
  });

  it('a reviewer sends one back; the shopper corrects it and the change is logged', async () => {
    let v = ok(await reviewer.get(`/api/mystery-visits/${returnedId}`));
    v = ok(
      await reviewer.post(`/api/mystery-visits/${returnedId}/review`, {
        version: v.version,
        action: 'return',
        note: '请补充工牌问题的说明',
      }),
    );
    expect(v.state).toBe('returned');
    const mine = ok(await shopper.get(`/api/my/mystery-visits/${returnedId}`));
    expect(mine.reviewNote).toBe('请补充工牌问题的说明');
    const fixed = ok(
      await shopper.patch(`/api/my/mystery-visits/${returnedId}`, {
        version: mine.version,
        answers: [
          { questionId: 'badge', value: 'no', note: '店员未佩戴工牌' },
          { questionId: 'attitude', value: 4 },
        ],
      }),
    );
    const log = ok(await reviewer.get(`/api/mystery-visits/${returnedId}`)).log;
    const change = log.find(
      (l: { event: string; questionId: string }) => l.event === 'change' && l.questionId === 'attitude',
    );
    expect(change).toMatchObject({ oldValue: 5, newValue: 4, by: 'shopper' });
    expect(log.filter((l: { event: string }) => l.event === 'answer')).toHaveLength(6);
    expect(log.find((l: { event: string }) => l.event === 'answer').shownAt).toBe('2026-11-30T02:00:00.000Z');
    ok(await shopper.post(`/api/my/mystery-visits/${returnedId}/submit`, { version: fixed.version }));
  });

  it('a reviewer edits an answer with a reason', async () => {
    const v = ok(await reviewer.get(`/api/mystery-visits/${returnedId}`));
    const noReason = await reviewer.patch(`/api/mystery-visits/${returnedId}/answers`, {
      version: v.version,
      questionId: 'attitude',
      value: 3,
    });
    expect(noReason.statusCode).toBe(400);
    const edited = ok(
      await reviewer.patch(`/api/mystery-visits/${returnedId}/answers`, {
        version: v.version,
        questionId: 'attitude',
        value: 3,
        reason: '录音显示语气生硬',
      }),
    );
    expect(edited.log.at(-1)).toMatchObject({
      event: 'reviewEdit',
      oldValue: 4,
      newValue: 3,
      reason: '录音显示语气生硬',
      by: 'reviewer',
    });
  });

  it('approval changes the score and trace exactly by the visit’s samples', async () => {
    const v = ok(await reviewer.get(`/api/mystery-visits/${approvedId}`));
    const approved = ok(
      await reviewer.post(`/api/mystery-visits/${approvedId}/review`, {
        version: v.version,
        action: 'approve',
      }),
    );
    expect(approved.locked).toBe(true);
    const samples = approved.samples as VisitItemSamples[];
    expect(samples).toEqual([
      { node: '5.3.1', checked: 3, conforming: 1, nonConforming: ['greet', 'attitude'] },
      { node: '5.2.5', checked: 1, conforming: 1, nonConforming: [] },
      { node: '5.2.4', checked: 1, conforming: 0, nonConforming: ['repairProcess'] },
    ]);
    const extra = visitsToExtraSamples([{ ref: approved.ref, outletCode: approved.outlet.code, samples }]);
    const expectedDoc = {
      ...documentBefore,
      results: documentBefore.results.map((r) => {
        const mine = extra.filter((e) => e.node === r.node);
        return r.method === 'sampled' && mine.length
          ? { ...r, samples: [...r.samples, ...mine.map((e) => e.record)] }
          : r;
      }),
    };
    const documentAfter = ok(await pm.get(`/api/evaluations/${evaluationId}/document`));
    expect(documentAfter).toEqual(expectedDoc);
    // Scored locally on the built-in package (the test hash differs from SHA-256: pin urn and version only).
    const scheme = publishedBuiltin();
    const local = (d: typeof documentBefore) =>
      scoreEvaluation(
        scheme,
        parseEvaluationDocument({ ...d, scheme: { urn: d.scheme.urn, version: d.scheme.version } }),
      ).totals;
    const scoreAfter = ok(await pm.get(`/api/evaluations/${evaluationId}/score`));
    expect(scoreAfter.totals).toEqual(local(expectedDoc));
    expect(scoreBefore.totals).toEqual(local(documentBefore));
    expect(scoreAfter.totals.score).toBeLessThan(scoreBefore.totals.score);
    const lost = scoreAfter.trace.lostPoints.filter((l: { evidence: string[] }) =>
      l.evidence.includes(approved.ref),
    );
    expect(lost.map((l: { node: string }) => l.node).sort()).toEqual(['5.2.4', '5.3.1']);
  });

  it('evaluators and reviewers see every visit with the shopper, flags and log; only staff get the files', async () => {
    for (const who of ['evaluator', 'lead', 'reviewer'] as const) {
      const list = ok(await (await f.as(who)).get(`/api/evaluations/${evaluationId}/mystery-visits`)).items;
      expect(list.map((v: { id: string }) => v.id)).toEqual(expect.arrayContaining([approvedId, returnedId]));
      expect(list.find((v: { id: string }) => v.id === approvedId).shopper.id).toBe(shopperId);
    }
    const visit = ok(await reviewer.get(`/api/mystery-visits/${approvedId}`));
    const file = await reviewer.get(`/api/mystery-visits/${approvedId}/evidence/${visit.files[0].id}`);
    expect(file.statusCode).toBe(200);
    expect(file.headers['content-type']).toBe('image/jpeg');
    expect(
      (await client.get(`/api/mystery-visits/${approvedId}/evidence/${visit.files[0].id}`)).statusCode,
    ).toBe(403);
  });

  it('staff outside the evaluation’s people see nothing of its visits (404); its team sees them', async () => {
    // The consultant is an evaluator of the body on no team of this evaluation.
    const visit = ok(await reviewer.get(`/api/mystery-visits/${approvedId}`));
    for (const who of ['consultant'] as const) {
      const s = await f.as(who);
      expect((await s.get(`/api/evaluations/${evaluationId}/mystery-visits`)).statusCode).toBe(404);
      expect((await s.get(`/api/evaluations/${evaluationId}/mystery-results`)).statusCode).toBe(404);
      expect((await s.get(`/api/mystery-visits/${approvedId}`)).statusCode).toBe(404);
      expect(
        (await s.get(`/api/mystery-visits/${approvedId}/evidence/${visit.files[0].id}`)).statusCode,
      ).toBe(404);
      expect(ok(await s.get('/api/mystery-evaluations')).items).toEqual([]);
    }
    // The decision maker decides on this evidence, so reads it like the reviewer.
    const decider = await f.as('decisionMaker');
    expect(ok(await decider.get(`/api/mystery-visits/${approvedId}`)).id).toBe(approvedId);
    expect(
      (await decider.get(`/api/mystery-visits/${approvedId}/evidence/${visit.files[0].id}`)).statusCode,
    ).toBe(200);
    // A team evaluator (not the lead) reads the visits, the results, the evidence and the picker entry.
    const evaluator = await f.as('evaluator');
    expect(ok(await evaluator.get(`/api/mystery-visits/${approvedId}`)).shopper.id).toBe(shopperId);
    expect(ok(await evaluator.get(`/api/evaluations/${evaluationId}/mystery-results`)).approvedVisits).toBe(
      1,
    );
    expect(
      (await evaluator.get(`/api/mystery-visits/${approvedId}/evidence/${visit.files[0].id}`)).statusCode,
    ).toBe(200);
    const picked = ok(await evaluator.get('/api/mystery-evaluations')).items;
    expect(picked.map((e: { id: string }) => e.id)).toEqual([evaluationId]);
  });

  it('the client picks among its own evaluations with approved visits', async () => {
    const list = ok(await client.get('/api/mystery-evaluations')).items;
    expect(list).toEqual([expect.objectContaining({ id: evaluationId, visits: 1, approvedVisits: 1 })]);
    expect(JSON.stringify(list)).not.toContain(shopperId);
    // Another body's client sees none of them.
    const other = await workflowFixture(t);
    expect(ok(await (await other.as('client')).get('/api/mystery-evaluations')).items).toEqual([]);
  });

  it('the client sees the approved visit without the shopper, GPS or evidence', async () => {
    const list = ok(await client.get(`/api/evaluations/${evaluationId}/mystery-visits`)).items;
    expect(list.map((v: { id: string }) => v.id)).toEqual([approvedId]);
    expect(list[0]).toMatchObject({ shopper: null, gps: null, files: [], log: null });
    expect(JSON.stringify(list)).not.toContain(shopperId);
    expect((await client.get(`/api/mystery-visits/${returnedId}`)).statusCode).toBe(404);
    const res = ok(await client.get(`/api/evaluations/${evaluationId}/mystery-results`));
    expect(res.approvedVisits).toBe(1);
  });

  it('approval locks the visit: no further review or capture, and a new scenario version never recomputes it', async () => {
    const v = ok(await reviewer.get(`/api/mystery-visits/${approvedId}`));
    const again = await reviewer.post(`/api/mystery-visits/${approvedId}/review`, {
      version: v.version,
      action: 'return',
      note: 'x',
    });
    expect(again.json().error.code).toBe('transition_not_allowed');
    const capture = await shopper.patch(`/api/my/mystery-visits/${approvedId}`, {
      version: v.version,
      answers: answersOf({ greet: 'yes' }),
    });
    expect(capture.json().error.code).toBe('visit_not_editable');
    const score = ok(await pm.get(`/api/evaluations/${evaluationId}/score`));
    // Version 2 of the scenario maps "greet" to complaint handling instead.
    const store = ok(await pm.get(`/api/mystery-scenarios/${storeScenario}`));
    const content = structuredClone(store.latest.content);
    content.questions[0].node = '5.3.2';
    const edited = ok(
      await pm.patch(`/api/mystery-scenarios/${storeScenario}`, { version: store.version, content }),
    );
    const published = ok(
      await pm.post(`/api/mystery-scenarios/${storeScenario}/publish`, { version: edited.version }),
    );
    expect(published.latest.number).toBe(2);
    expect(published.latest.contentHash).not.toBe(store.latest.contentHash);
    const after = ok(await reviewer.get(`/api/mystery-visits/${approvedId}`));
    expect(after.samples).toEqual(v.samples);
    expect(after.scenario.versionNumber).toBe(1);
    expect(ok(await pm.get(`/api/evaluations/${evaluationId}/score`)).totals).toEqual(score.totals);
  });

  it('results: per outlet and channel, weakest questions, heat map', async () => {
    const res = ok(await pm.get(`/api/evaluations/${evaluationId}/mystery-results`));
    expect(res.byOutlet).toEqual([
      expect.objectContaining({
        code: outletSites[0]!.code,
        visits: 1,
        checked: 5,
        conforming: 2,
        rate: 0.4,
      }),
    ]);
    expect(res.byChannel).toEqual([expect.objectContaining({ channel: 'inStore', visits: 1 })]);
    expect(res.weakestQuestions[0].rate).toBe(0);
    expect(res.heatMap.groups).toEqual(['reception', 'policy', 'repair', 'complaint']);
    expect(res.heatMap.rows[0].cells.map((c: { rate: number | null }) => c.rate)).toEqual([0.5, 1, 0, 0]);
  });
});

describe('tenancy', () => {
  it('another body’s staff get 404', async () => {
    const other = await workflowFixture(t);
    const otherPm = await other.as('programmeManager');
    const [visit] = ok(await plan({}), 201).items;
    expect((await otherPm.get(`/api/mystery-visits/${visit.id}`)).statusCode).toBe(404);
    expect((await otherPm.get(`/api/evaluations/${evaluationId}/mystery-visits`)).statusCode).toBe(404);
  });
});
