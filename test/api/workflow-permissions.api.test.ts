import type { LightMyRequestResponse } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { WorkflowPerson } from '../../src/modules/setup/demo-workflow.ts';
import { createTestApp, type Session, type TestApp } from '../helpers/test-app.ts';
import {
  answeredFinding,
  draftApplication,
  evaluation,
  openFinding,
  plannedEvaluation,
  reviewedEvaluation,
  startedEvaluation,
  submittedApplication,
  submittedEvaluation,
  workflowFixture,
  type WorkflowFixture,
} from '../helpers/workflow.ts';

/**
 * Every transition of the workflow against the people of a certification body and its client: who is
 * refused and how (403 without the permission, 422 with the person rule's reason, 404 from another
 * tenant), and that the one who may, can. The route-level matrix is permission-matrix.api.test.ts.
 */
let t: TestApp;
let f: WorkflowFixture;
let stranger: WorkflowFixture;

beforeAll(async () => {
  t = await createTestApp();
  f = await workflowFixture(t);
  stranger = await workflowFixture(t);
});
afterAll(() => t.close());

type Who = WorkflowPerson | 'client' | 'otherClient' | 'otherProgrammeManager';
const session = (who: Who): Promise<Session> =>
  who === 'otherClient'
    ? stranger.as('client')
    : who === 'otherProgrammeManager'
      ? stranger.as('programmeManager')
      : f.as(who);

/** Each refused person first (nothing changes), then the one who may. */
async function check(
  call: (s: Session) => Promise<LightMyRequestResponse>,
  refused: [Who, number, string?][],
  allowed: Who,
  status = 200,
) {
  for (const [who, code, reason] of refused) {
    const res = await call(await session(who));
    expect(res.statusCode, `${who}: ${res.body}`).toBe(code);
    if (reason) expect(res.json().error.code, who).toBe(reason);
  }
  const res = await call(await session(allowed));
  expect(res.statusCode, `${allowed}: ${res.body}`).toBe(status);
  return res.json();
}

const cbOnly: [Who, number][] = [
  ['client', 403],
  ['otherProgrammeManager', 404],
];

describe('who may take each step', () => {
  it('application: submit and withdraw — the client or a programme manager', async () => {
    for (const verb of ['submit', 'withdraw']) {
      const app = await draftApplication(f);
      await check(
        (s) => s.post(`/api/applications/${app.id}/${verb}`, { version: app.version }),
        [
          ['lead', 403],
          ['reviewer', 403],
          ['decisionMaker', 403],
          ['otherClient', 404],
          ['otherProgrammeManager', 404],
        ],
        verb === 'submit' ? 'client' : 'programmeManager',
      );
    }
  });

  it('contract review: edit, accept, decline — programme managers only', async () => {
    for (const verb of ['contract-review', 'accept', 'decline']) {
      const app = await submittedApplication(f);
      const review = (
        await (await f.as('programmeManager')).get(`/api/applications/${app.id}/contract-review`)
      ).json();
      await check(
        (s) =>
          verb === 'contract-review'
            ? s.patch(`/api/applications/${app.id}/contract-review`, {
                version: review.version,
                dayRate: 2800,
              })
            : s.post(`/api/applications/${app.id}/${verb}`, { version: review.version, reasons: '资料不全' }),
        [['lead', 403], ['reviewer', 403], ['decisionMaker', 403], ...cbOnly],
        'programmeManager',
      );
    }
  });

  it('planning: team, dates, plan — programme managers only', async () => {
    const id = await plannedEvaluation(f);
    const steps: [string, (v: number) => [string, string, unknown]][] = [
      ['team', (v) => ['PUT', 'team', { version: v, leadId: f.world.personnel.lead }]],
      ['plan', (v) => ['PATCH', 'plan', { version: v, plannedEnd: '2026-12-14' }]],
      ['send-plan', (v) => ['POST', 'send-plan', { version: v }]],
    ];
    for (const [, make] of steps) {
      const version = (await evaluation(f, id)).version;
      const [method, path, body] = make(version);
      await check(
        (s) => s.inject(method as 'PUT', `/api/evaluations/${id}/${path}`, body),
        [['lead', 403], ['reviewer', 403], ['decisionMaker', 403], ...cbOnly],
        'programmeManager',
      );
    }
  });

  it('start — the lead only', async () => {
    const id = await plannedEvaluation(f);
    const version = (await evaluation(f, id)).version;
    await check(
      (s) => s.post(`/api/evaluations/${id}/start`, { version }),
      [
        ['programmeManager', 403],
        ['evaluator', 422, 'not_the_lead'],
        ['consultant', 422, 'not_the_lead'],
        ['decisionMaker', 403],
        ['client', 403],
      ],
      'lead',
    );
  });

  it('checklist, exclusions, findings — team members only', async () => {
    const id = await startedEvaluation(f);
    const checklist = (await (await f.as('lead')).get(`/api/evaluations/${id}/checklist?siteId=HQ`)).json();
    const item = checklist.sites[0].items[0];
    await check(
      (s) =>
        s.patch(`/api/checklist-entries/${item.id}`, {
          version: item.version,
          result: { method: item.method, conforms: true },
        }),
      [
        ['programmeManager', 403],
        ['reviewer', 422, 'not_on_team'],
        ['consultant', 422, 'not_on_team'],
        ['client', 403],
      ],
      'evaluator',
    );
    const version = (await evaluation(f, id)).version;
    await check(
      (s) =>
        s.put(`/api/evaluations/${id}/specials`, {
          version,
          exclusions: [{ node: '5.2.6', justification: '纯销售企业，不从事废弃商品回收' }],
          bonuses: [],
        }),
      [
        ['programmeManager', 403],
        ['reviewer', 422, 'not_on_team'],
        ['client', 403],
      ],
      'lead',
    );
    await check(
      (s) =>
        s.post(`/api/evaluations/${id}/findings`, {
          node: '5.1.1.1',
          severity: 'observation',
          description: '岗位说明书未更新',
        }),
      [
        ['programmeManager', 403],
        ['reviewer', 422, 'not_on_team'],
        ['client', 403],
      ],
      'evaluator',
      201,
    );
  });

  it('answering a finding — the client (its own) only', async () => {
    const finding = await openFinding(f);
    await check(
      (s) =>
        s.post(`/api/findings/${finding.id}/answer`, {
          version: finding.version,
          rootCause: '原因',
          correction: '纠正',
          correctiveAction: '纠正措施',
        }),
      [
        ['programmeManager', 403],
        ['evaluator', 403],
        ['otherClient', 404],
      ],
      'client',
    );
  });

  it('accepting or reopening a correction — team members only', async () => {
    for (const verb of ['accept', 'reopen']) {
      const finding = await answeredFinding(f);
      await check(
        (s) => s.post(`/api/findings/${finding.id}/${verb}`, { version: finding.version, note: '证据不足' }),
        [
          ['client', 403],
          ['programmeManager', 403],
          ['reviewer', 422, 'not_on_team'],
        ],
        'evaluator',
      );
    }
  });

  it('submit — the lead only', async () => {
    const id = await startedEvaluation(f);
    const lead = await f.as('lead');
    const checklist = (await lead.get(`/api/evaluations/${id}/checklist`)).json();
    for (const s of checklist.sites) {
      for (const item of s.items) {
        const result =
          item.method === 'qualitative'
            ? { method: 'qualitative', conforms: true }
            : item.method === 'sampled'
              ? { method: 'sampled', checked: 4, conforming: 4 }
              : { method: 'staffing', serviceManagementStaff: 28, certifiedManagers: 3 };
        await lead.patch(`/api/checklist-entries/${item.id}`, { version: item.version, result });
      }
    }
    const version = (await evaluation(f, id)).version;
    await check(
      (s) => s.post(`/api/evaluations/${id}/submit`, { version }),
      [
        ['evaluator', 422, 'not_the_lead'],
        ['programmeManager', 403],
        ['reviewer', 422, 'not_the_lead'],
      ],
      'lead',
    );
  });

  it('technical review — a reviewer who was not on the team', async () => {
    const id = await submittedEvaluation(f);
    const version = (await evaluation(f, id)).version;
    await check(
      (s) => s.post(`/api/evaluations/${id}/review`, { version, outcome: 'approve' }),
      [
        ['lead', 403],
        ['programmeManager', 403],
        ['decisionMaker', 403],
        ['client', 403],
      ],
      'reviewer',
    );
  });

  it('decision — a decision maker who was on neither team nor review', async () => {
    const id = await reviewedEvaluation(f);
    const version = (await evaluation(f, id)).version;
    await check(
      (s) => s.post(`/api/evaluations/${id}/decision`, { version, decision: 'grant' }),
      [
        ['reviewer', 403],
        ['lead', 403],
        ['programmeManager', 403],
        ['client', 403],
      ],
      'decisionMaker',
      201,
    );
  });

  it('a return by the reviewer sends the evaluation back to the team; ask-for-more too', async () => {
    const id = await submittedEvaluation(f);
    let ev = await evaluation(f, id);
    const reviewer = await f.as('reviewer');
    const noComment = await reviewer.post(`/api/evaluations/${id}/review`, {
      version: ev.version,
      outcome: 'return',
    });
    expect(noComment.json().error.code).toBe('comments_required');
    ev = (
      await reviewer.post(`/api/evaluations/${id}/review`, {
        version: ev.version,
        outcome: 'return',
        comments: '5.3.2 抽样记录不足',
      })
    ).json();
    expect(ev.state).toBe('inProgress');
    ev = (await (await f.as('lead')).post(`/api/evaluations/${id}/submit`, { version: ev.version })).json();
    ev = (
      await reviewer.post(`/api/evaluations/${id}/review`, { version: ev.version, outcome: 'approve' })
    ).json();
    const more = (
      await (
        await f.as('decisionMaker')
      ).post(`/api/evaluations/${id}/decision`, {
        version: ev.version,
        decision: 'askMore',
        reasons: '补充网点顾客访谈记录',
      })
    ).json();
    expect(more.decision).toBe('askMore');
    expect((await evaluation(f, id)).state).toBe('inProgress');
  });
});
