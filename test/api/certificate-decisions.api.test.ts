/**
 * Decisions after the initial certification act on the certificate, and the body's star policy is
 * applied at the decision and frozen with it (issue 5 item 7, issue 6 lifecycle):
 * - a surveillance grant records the surveillance; another level issues a new version (old superseded);
 * - a surveillance refusal suspends the certificate (surveillance_failed);
 * - a recertification grant renews it (new validity, same original issue date);
 * - with a body version that gives stars only after 12 months, the initial grant is capped at 达标 and
 *   the frozen record names the engine level, the granted level and why.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, createUser, login, type Session, type TestApp } from '../helpers/test-app.ts';
import {
  evaluation,
  fillChecklist,
  ok,
  reviewedEvaluation,
  workflowFixture,
  type WorkflowFixture,
} from '../helpers/workflow.ts';
import type { WorkflowPerson } from '../../src/modules/setup/demo-workflow.ts';

const DAY = 86_400_000;
let t: TestApp;

beforeAll(async () => {
  t = await createTestApp();
});
afterAll(() => t.close());

/** Fresh sessions (the clock moves by months, beyond any session's lifetime). */
function people(f: WorkflowFixture) {
  const domain = f.world.users.lead.email.split('@')[1];
  const cache = new Map<string, Promise<Session>>();
  return (who: WorkflowPerson | 'client') => {
    if (!cache.has(who))
      cache.set(who, login(t.app, who === 'client' ? `client@${domain}` : f.world.users[who].email));
    return cache.get(who)!;
  };
}

const today = () => t.clock().toISOString().slice(0, 10);

/** Plans, runs, submits and reviews a programme evaluation of the given stage; answers its id. */
async function reviewedStage(
  f: WorkflowFixture,
  as: ReturnType<typeof people>,
  programmeId: string,
  stage: string,
  shape?: Parameters<typeof fillChecklist>[2],
): Promise<string> {
  const pm = await as('programmeManager');
  const programme = ok(await pm.get(`/api/programmes/${programmeId}`));
  const created = ok(
    await pm.post(`/api/programmes/${programmeId}/evaluations`, { version: programme.version, stage }),
    201,
  );
  const id = created.evaluationId as string;
  let ev = ok(await pm.get(`/api/evaluations/${id}`));
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
      plannedStart: today(),
      plannedEnd: today(),
    }),
  );
  ev = ok(await pm.post(`/api/evaluations/${id}/send-plan`, { version: ev.version }));
  const lead = await as('lead');
  ev = ok(await lead.post(`/api/evaluations/${id}/start`, { version: ev.version }));
  // fillChecklist signs in through the fixture: give it sessions that are valid now.
  await fillChecklist({ ...f, as: as as WorkflowFixture['as'] }, id, shape);
  ev = ok(await lead.get(`/api/evaluations/${id}`));
  ok(await lead.post(`/api/evaluations/${id}/submit`, { version: ev.version }));
  ev = ok(await lead.get(`/api/evaluations/${id}`));
  ok(
    await (
      await as('reviewer')
    ).post(`/api/evaluations/${id}/review`, { version: ev.version, outcome: 'approve' }),
  );
  return id;
}

async function decide(as: ReturnType<typeof people>, id: string, body: Record<string, unknown>) {
  const dm = await as('decisionMaker');
  const ev = ok(await dm.get(`/api/evaluations/${id}`));
  return ok(await dm.post(`/api/evaluations/${id}/decision`, { version: ev.version, ...body }), 201);
}

/** Every sampled item with 4 of 5 samples conforming: 62 sampled points lose 20 % → 87.6, three stars. */
const threeStarShape: Parameters<typeof fillChecklist>[2] = (item) =>
  item.method === 'sampled' ? { method: 'sampled', checked: 5, conforming: 4 } : null;

describe('decisions on a certified client', () => {
  it('surveillance grant records the surveillance; a new level issues a new version, the old one superseded', async () => {
    const f = await workflowFixture(t);
    let as = people(f);
    const id = await reviewedEvaluation(f);
    const initial = await decide(as, id, { decision: 'grant' });
    expect(initial.certificate).toMatchObject({ error: null });
    expect(initial.starPolicy).toMatchObject({ rule: 'none', monthsAtCompliant: null });
    expect(initial.starPolicy.engineLevel).toEqual(initial.starPolicy.grantedLevel);
    const certId = initial.certificate.id as string;
    const dm = await as('decisionMaker');
    const issued = ok(await dm.get(`/api/certificates/${certId}`));
    expect(issued.level.id).toBe(initial.level.id);
    const programmeId = (await evaluation(f, id)).programmeId as string;

    t.clock.advance(300 * DAY);
    as = people(f);
    const sv = await reviewedStage(f, as, programmeId, 'surveillance1', threeStarShape);
    const decision = await decide(as, sv, { decision: 'grant' });
    expect(issued.level.id).toBe('fiveStar');
    expect(decision.level.id).toBe('threeStar');
    expect(decision.starPolicy.monthsAtCompliant).toBe(9);
    expect(decision.certificate.error).toBeNull();
    expect(decision.certificate.actions).toEqual(['surveillanceRecorded', 'levelChanged']);
    const dm2 = await as('decisionMaker');
    const old = ok(await dm2.get(`/api/certificates/${certId}`));
    expect(old.status).toBe('superseded');
    expect(old.lastSurveillanceOn).toBe(today());
    const next = ok(await dm2.get(`/api/certificates/${decision.certificate.id}`));
    expect(next).toMatchObject({
      certificateNumber: issued.certificateNumber,
      revision: 2,
      status: 'active',
      level: { id: decision.level.id },
      expiryDate: issued.expiryDate,
      originalIssueDate: issued.originalIssueDate,
      lastSurveillanceOn: today(),
    });
  });

  it('a refused surveillance suspends the certificate for the scheme period, reason surveillance_failed', async () => {
    const f = await workflowFixture(t);
    const as = people(f);
    const id = await reviewedEvaluation(f);
    const initial = await decide(as, id, { decision: 'grant' });
    const programmeId = (await evaluation(f, id)).programmeId as string;
    const sv = await reviewedStage(f, as, programmeId, 'surveillance1');
    const refused = await decide(as, sv, {
      decision: 'refuse',
      reasons: '监督评价发现售后服务体系未有效运行',
    });
    expect(refused.certificate).toMatchObject({
      id: initial.certificate.id,
      error: null,
      actions: ['suspended'],
    });
    const cert = ok(await (await as('decisionMaker')).get(`/api/certificates/${initial.certificate.id}`));
    expect(cert.status).toBe('suspended');
    expect(cert.statusReason).toBe('surveillance_failed');
    expect(cert.suspendedUntil).toBeTruthy();
    expect(cert.history.at(-1)).toMatchObject({ to: 'suspended', reasonCode: 'surveillance_failed' });
  });

  it('a recertification grant renews the certificate: new validity from the decision, same original issue date', async () => {
    const f = await workflowFixture(t);
    let as = people(f);
    const id = await reviewedEvaluation(f);
    const initial = await decide(as, id, { decision: 'grant' });
    const dm = await as('decisionMaker');
    const issued = ok(await dm.get(`/api/certificates/${initial.certificate.id}`));
    const programmeId = (await evaluation(f, id)).programmeId as string;

    t.clock.advance(1000 * DAY);
    as = people(f);
    const rc = await reviewedStage(f, as, programmeId, 'recertification');
    const decision = await decide(as, rc, { decision: 'grant' });
    expect(decision.certificate.error).toBeNull();
    expect(decision.certificate.actions).toEqual(['renewed']);
    const dm2 = await as('decisionMaker');
    const renewed = ok(await dm2.get(`/api/certificates/${decision.certificate.id}`));
    expect(renewed).toMatchObject({
      certificateNumber: issued.certificateNumber,
      revision: 2,
      status: 'active',
      originalIssueDate: issued.originalIssueDate,
      issueDate: decision.decisionDate,
      statusReason: 'recertification',
    });
    expect(renewed.expiryDate > issued.expiryDate).toBe(true);
    expect(ok(await dm2.get(`/api/certificates/${issued.id}`)).status).toBe('superseded');
  });
});

describe('the body star policy at the decision', () => {
  it('caps the initial grant at 达标 and grants stars at the surveillance a year later', async () => {
    const f = await workflowFixture(t);
    let as = people(f);
    // A scheme manager of the body publishes its own version with the star policy switched on.
    const sm = await login(t.app, (await createUser(t.ctx, f.tenant.cbId, ['schemeManager'])).email);
    const builtin = ok(await sm.get('/api/schemes')).items.find(
      (s: { urn: string; builtin: boolean }) => s.urn === 'urn:starmark:scheme:gbt27922:2011',
    );
    const draft = ok(
      await sm.post(`/api/schemes/${builtin.id}/derive`, {
        urn: 'urn:starmark:scheme:gbt27922:2011:cb:stars',
        schemeVersion: '2026.1',
      }),
      201,
    );
    ok(
      await sm.put(`/api/schemes/${draft.id}/overlay`, {
        version: 1,
        changes: [],
        policies: {
          grading: { starsAfterCompliance: { enabled: true, months: 12, outstandingOverride: true } },
        },
      }),
    );
    ok(await sm.post(`/api/schemes/${draft.id}/publish`, { version: 2 }));

    // The client applies under the body version; the journey runs as usual.
    const client = await as('client');
    const app = ok(
      await client.post('/api/applications', {
        scheme: { urn: 'urn:starmark:scheme:gbt27922:2011:cb:stars', version: '2026.1' },
        scopeZh: '家用空调、冰箱的安装、维修、保养等售后服务',
        systemOperatingSince: '2024-01-01',
        documents: [
          'businessLicence',
          'organisationChart',
          'serviceManual',
          'outletList',
          'managerRoster',
        ].map((kind) => ({ kind, refs: [`${kind}.pdf`] })),
      }),
      201,
    );
    ok(await client.post(`/api/applications/${app.id}/submit`, { version: app.version }));
    const pm = await as('programmeManager');
    const review = ok(await pm.get(`/api/applications/${app.id}/contract-review`));
    const accepted = ok(await pm.post(`/api/applications/${app.id}/accept`, { version: review.version }));
    const programmeId = accepted.programmeId as string;
    // The initial evaluation is already planned by the acceptance: run it like a stage.
    const id = accepted.evaluationId as string;
    let ev = ok(await pm.get(`/api/evaluations/${id}`));
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
        plannedStart: today(),
        plannedEnd: today(),
      }),
    );
    ev = ok(await pm.post(`/api/evaluations/${id}/send-plan`, { version: ev.version }));
    const lead = await as('lead');
    ev = ok(await lead.post(`/api/evaluations/${id}/start`, { version: ev.version }));
    await fillChecklist({ ...f, as: as as WorkflowFixture['as'] }, id);
    ev = ok(await lead.get(`/api/evaluations/${id}`));
    ok(await lead.post(`/api/evaluations/${id}/submit`, { version: ev.version }));
    ev = ok(await lead.get(`/api/evaluations/${id}`));
    ok(
      await (
        await as('reviewer')
      ).post(`/api/evaluations/${id}/review`, { version: ev.version, outcome: 'approve' }),
    );

    const initial = await decide(as, id, { decision: 'grant' });
    expect(initial.starPolicy).toMatchObject({
      engineLevel: { id: 'fiveStar', stars: 5 },
      grantedLevel: { id: 'compliant', stars: 0 },
      rule: 'starsCapped',
      monthsAtCompliant: null,
    });
    expect(initial.starPolicy.reason.zh).toContain('12 个月');
    expect(initial.level).toMatchObject({ id: 'compliant', stars: 0 });
    // Frozen: the engine's own level is in the result, and the document reproduces the granted level.
    expect(initial.result.outcome.cappedFrom.id).toBe('fiveStar');
    expect(initial.document.context).toEqual({ monthsAtCompliant: null });
    const dm = await as('decisionMaker');
    const cert = ok(await dm.get(`/api/certificates/${initial.certificate.id}`));
    expect(cert.level).toMatchObject({ id: 'compliant', stars: 0 });
    const listed = ok(await dm.get(`/api/evaluations/${id}/decisions`));
    expect(listed.at(-1).starPolicy).toEqual(initial.starPolicy);

    // Twelve months later the surveillance earns the stars: a level change, a new version.
    t.clock.advance(366 * DAY);
    as = people(f);
    const sv = await reviewedStage(f, as, programmeId, 'surveillance1');
    const later = await decide(as, sv, { decision: 'grant' });
    expect(later.starPolicy).toMatchObject({
      rule: 'none',
      grantedLevel: { id: 'fiveStar' },
      monthsAtCompliant: 12,
    });
    expect(later.certificate.actions).toEqual(['surveillanceRecorded', 'levelChanged']);
    const next = ok(await (await as('decisionMaker')).get(`/api/certificates/${later.certificate.id}`));
    expect(next).toMatchObject({ revision: 2, level: { id: 'fiveStar', stars: 5 }, status: 'active' });
  });

  it('under the built-in reference (rule off) an outstanding claim is recorded but changes nothing', async () => {
    const f = await workflowFixture(t);
    const as = people(f);
    const id = await reviewedEvaluation(f);
    const d = await decide(as, id, { decision: 'grant', outstanding: '行业标杆' });
    expect(d.starPolicy).toMatchObject({ rule: 'none', grantedLevel: { id: 'fiveStar' } });
    expect(d.document.context).toEqual({
      monthsAtCompliant: null,
      outstanding: { justification: '行业标杆' },
    });
  });
});
