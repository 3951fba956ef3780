import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { seedDemo } from '../../src/modules/setup/setup.service.ts';
import type { WorkflowPerson } from '../../src/modules/setup/demo-workflow.ts';
import { createTestApp, login, type Session, type TestApp } from '../helpers/test-app.ts';
import { evaluation, fillChecklist, ok, type WorkflowFixture } from '../helpers/workflow.ts';

/** The demo data lets a person walk the demo client from its submitted application to a granted level. */
const PASSWORD = 'demo-password-123';
let t: TestApp;
let dataDir: string;

beforeAll(async () => {
  dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'starmark-demo-'));
  t = await createTestApp({ STARMARK_ADMIN_PASSWORD: PASSWORD, DATA_DIR: dataDir });
});
afterAll(async () => {
  await t.close();
  fs.rmSync(dataDir, { recursive: true, force: true });
});

describe('demo data', () => {
  it('walks the demo client from its application to a granted level and a certificate', async () => {
    const seeded = await seedDemo(t.ctx);
    expect(seeded.created).toBe(true);
    const cbId = seeded.certificationBodyId;
    const emails: Record<WorkflowPerson | 'client', string> = {
      programmeManager: 'programme@starmark.local',
      lead: 'lead@starmark.local',
      evaluator: 'evaluator@starmark.local',
      reviewer: 'reviewer@starmark.local',
      decisionMaker: 'decision@starmark.local',
      consultant: 'consultant@starmark.local',
      client: 'client.admin@starmark.local',
    };
    const sessions = new Map<string, Session>();
    const as = async (who: WorkflowPerson | 'client') => {
      if (!sessions.has(who)) sessions.set(who, await login(t.app, emails[who], PASSWORD));
      return sessions.get(who)!;
    };
    const personnel = Object.fromEntries(
      (
        await t.ctx.db.selectFrom('cbPersonnel').select(['id', 'email']).where('cbId', '=', cbId).execute()
      ).map((p) => [Object.entries(emails).find(([, e]) => e === p.email)![0], p.id]),
    ) as WorkflowFixture['world']['personnel'];
    const f = { as, world: { personnel } } as unknown as WorkflowFixture;

    // The client sees its submitted application; the programme manager finds it waiting for contract review.
    const mine = ok(await (await as('client')).get('/api/applications'));
    expect(mine.items).toHaveLength(1);
    expect(mine.items[0]).toMatchObject({ state: 'submitted', eligibility: { eligible: true } });
    const pm = await as('programmeManager');
    const waiting = ok(await pm.get('/api/applications?state=submitted'));
    const app = waiting.items[0];
    const review = ok(await pm.get(`/api/applications/${app.id}/contract-review`));
    expect(review.sampledOutlets.length).toBeGreaterThan(0);
    const accepted = ok(await pm.post(`/api/applications/${app.id}/accept`, { version: review.version }));
    const id = accepted.evaluationId;

    // The consultant is blocked (impartiality), the prepared team is not.
    const candidates = ok(await pm.get(`/api/evaluations/${id}/candidates?role=evaluator`));
    expect(
      candidates.items.find((c: { personnelId: string }) => c.personnelId === personnel.consultant).blocks[0]
        .code,
    ).toBe('impartiality_conflict');
    let ev = await evaluation(f, id);
    ev = ok(
      await pm.put(`/api/evaluations/${id}/team`, {
        version: ev.version,
        leadId: personnel.lead,
        evaluatorIds: [personnel.evaluator],
      }),
    );
    ev = ok(
      await pm.patch(`/api/evaluations/${id}/plan`, {
        version: ev.version,
        plannedStart: '2026-12-08',
        plannedEnd: '2026-12-10',
      }),
    );
    ev = ok(await pm.post(`/api/evaluations/${id}/send-plan`, { version: ev.version }));
    ev = ok(await (await as('lead')).post(`/api/evaluations/${id}/start`, { version: ev.version }));
    await fillChecklist(f, id, (item, site) =>
      item.method === 'sampled' && site.kind === 'outlet'
        ? { method: 'sampled', checked: 10, conforming: 9 }
        : null,
    );
    ev = ok(
      await (
        await as('lead')
      ).post(`/api/evaluations/${id}/submit`, { version: (await evaluation(f, id)).version }),
    );
    ev = ok(
      await (
        await as('reviewer')
      ).post(`/api/evaluations/${id}/review`, { version: ev.version, outcome: 'approve' }),
    );
    const decision = ok(
      await (
        await as('decisionMaker')
      ).post(`/api/evaluations/${id}/decision`, { version: ev.version, decision: 'grant' }),
      201,
    );
    expect(decision.level.stars).toBeGreaterThanOrEqual(3);
    expect(decision.certificate).toMatchObject({ error: null });
    const certificate = ok(await (await as('client')).get(`/api/certificates/${decision.certificate.id}`));
    expect(certificate.status).toBe('active');
    const report = await (await as('reviewer')).get(`/api/evaluations/${id}/report`);
    expect(report.statusCode).toBe(200);
    expect(report.headers['content-type']).toBe('application/pdf');
  });

  it('has a second client whose initial evaluation is under way, its checklists ready for the team', async () => {
    await seedDemo(t.ctx); // idempotent: the first test seeded it
    const lead = await login(t.app, 'lead@starmark.local', PASSWORD);
    const started = ok(await lead.get('/api/evaluations?state=inProgress'));
    expect(started.items).toHaveLength(1);
    const ev = started.items[0];
    expect(ev).toMatchObject({ stage: 'initial', state: 'inProgress', phase: 'documentReview' });
    const checklist = ok(await lead.get(`/api/evaluations/${ev.id}/checklist`));
    const kinds = checklist.sites.map((s: { site: { kind: string } }) => s.site.kind);
    expect(kinds).toContain('headquarters');
    expect(kinds).toContain('outlet');
    // Its client sees its own evaluation, not the first client's application.
    const retail = await login(t.app, 'retail.admin@starmark.local', PASSWORD);
    const apps = ok(await retail.get('/api/applications'));
    expect(apps.items).toHaveLength(1);
    expect(apps.items[0].state).toBe('accepted');
    const programmes = ok(await retail.get('/api/programmes'));
    expect(programmes.items).toHaveLength(1);
    expect(programmes.items[0].clientId).toBe(ev.clientId);
  });
});
