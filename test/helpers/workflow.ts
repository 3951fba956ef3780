import { randomBytes } from 'node:crypto';
import type { LightMyRequestResponse } from 'fastify';
import {
  seedWorkflowWorld,
  type WorkflowPerson,
  type WorkflowWorld,
} from '../../src/modules/setup/demo-workflow.ts';
import {
  createTenant,
  createUser,
  login,
  PASSWORD,
  type Session,
  type Tenant,
  type TestApp,
} from './test-app.ts';

/**
 * A certification body with the people and registry records of a certification journey
 * (seedWorkflowWorld), signed-in sessions for each of them and for the client, and steps that drive an
 * application through the API to any state of the workflow.
 */
export interface WorkflowFixture {
  tenant: Tenant;
  world: WorkflowWorld;
  as(who: WorkflowPerson | 'client'): Promise<Session>;
}

export function ok(res: LightMyRequestResponse, status = 200) {
  if (res.statusCode !== status) throw new Error(`expected ${status}, got ${res.statusCode}: ${res.body}`);
  return res.json();
}

export async function workflowFixture(t: TestApp, tenant?: Tenant): Promise<WorkflowFixture> {
  const tn = tenant ?? (await createTenant(t.ctx, `CB ${randomBytes(3).toString('hex')}`));
  const domain = `wf-${randomBytes(4).toString('hex')}.example`;
  const world = await seedWorkflowWorld(t.ctx, {
    cbId: tn.cbId,
    clientId: tn.clientId,
    clientName: '示例家电服务有限公司',
    emailDomain: domain,
    password: PASSWORD,
  });
  const client = await createUser(t.ctx, tn.clientId, ['clientAdmin'], `client@${domain}`);
  const sessions = new Map<string, Promise<Session>>();
  return {
    tenant: tn,
    world,
    as: (who) => {
      if (!sessions.has(who)) {
        sessions.set(who, login(t.app, who === 'client' ? client.email : world.users[who].email));
      }
      return sessions.get(who)!;
    },
  };
}

const documents = [
  'businessLicence',
  'organisationChart',
  'serviceManual',
  'outletList',
  'managerRoster',
].map((kind) => ({ kind, refs: [`${kind}.pdf`] }));

/** A draft application by the client in its portal. */
export async function draftApplication(f: WorkflowFixture) {
  const client = await f.as('client');
  return ok(
    await client.post('/api/applications', {
      scopeZh: '家用空调、冰箱的安装、维修、保养等售后服务',
      systemOperatingSince: '2024-01-01',
      documents,
    }),
    201,
  ) as { id: string; version: number };
}

/** Submitted: the contract review is open. */
export async function submittedApplication(f: WorkflowFixture) {
  const app = await draftApplication(f);
  const client = await f.as('client');
  return ok(await client.post(`/api/applications/${app.id}/submit`, { version: app.version })) as {
    id: string;
    version: number;
  };
}

/** Accepted at contract review: programme and initial evaluation (planned). */
export async function acceptedApplication(f: WorkflowFixture) {
  const app = await submittedApplication(f);
  const pm = await f.as('programmeManager');
  const review = ok(await pm.get(`/api/applications/${app.id}/contract-review`));
  return ok(await pm.post(`/api/applications/${app.id}/accept`, { version: review.version })) as {
    application: { id: string };
    programmeId: string;
    evaluationId: string;
  };
}

export async function evaluation(f: WorkflowFixture, id: string) {
  return ok(await (await f.as('programmeManager')).get(`/api/evaluations/${id}`));
}

/** Team, dates, plan sent: ready for the lead to start. */
export async function plannedEvaluation(f: WorkflowFixture): Promise<string> {
  const { evaluationId } = await acceptedApplication(f);
  const pm = await f.as('programmeManager');
  let ev = await evaluation(f, evaluationId);
  ev = ok(
    await pm.put(`/api/evaluations/${evaluationId}/team`, {
      version: ev.version,
      leadId: f.world.personnel.lead,
      evaluatorIds: [f.world.personnel.evaluator],
    }),
  );
  ev = ok(
    await pm.patch(`/api/evaluations/${evaluationId}/plan`, {
      version: ev.version,
      plannedStart: '2026-12-10',
      plannedEnd: '2026-12-12',
    }),
  );
  ok(await pm.post(`/api/evaluations/${evaluationId}/send-plan`, { version: ev.version }));
  return evaluationId;
}

/**
 * Started by the lead: checklists generated. The lead then completes the document review, so every item
 * can be answered, unless `documentReview: 'open'` keeps the evaluation in its document-review phase.
 */
export async function startedEvaluation(
  f: WorkflowFixture,
  options: { documentReview?: 'open' | 'completed' } = {},
): Promise<string> {
  const id = await plannedEvaluation(f);
  const lead = await f.as('lead');
  const ev = await evaluation(f, id);
  const started = ok(await lead.post(`/api/evaluations/${id}/start`, { version: ev.version }));
  if (options.documentReview !== 'open') await completeDocumentReview(f, id, started.version);
  return id;
}

/** The lead completes the document review: the evaluation moves on site. */
export async function completeDocumentReview(f: WorkflowFixture, id: string, version?: number) {
  const lead = await f.as('lead');
  return ok(
    await lead.post(`/api/evaluations/${id}/complete-document-review`, {
      version: version ?? (await evaluation(f, id)).version,
    }),
  );
}

interface Item {
  id: string;
  node: string;
  method: string;
  version: number;
  siteId: string;
}

/** Answers every checklist item; `shape` may lower a result (e.g. one outlet's sample). */
export async function fillChecklist(
  f: WorkflowFixture,
  id: string,
  shape: (item: Item, site: { code: string; kind: string }) => Record<string, unknown> | null = () => null,
) {
  const lead = await f.as('lead');
  if ((await evaluation(f, id)).phase === 'documentReview') await completeDocumentReview(f, id);
  const checklist = ok(await lead.get(`/api/evaluations/${id}/checklist`));
  for (const s of checklist.sites) {
    for (const item of s.items as Item[]) {
      const result =
        shape(item, s.site) ??
        (item.method === 'qualitative'
          ? { method: 'qualitative', conforms: true }
          : item.method === 'sampled'
            ? { method: 'sampled', checked: 5, conforming: 5 }
            : item.method === 'staffing'
              ? { method: 'staffing', serviceManagementStaff: 28, certifiedManagers: 3 }
              : { method: 'metric', value: 90 });
      ok(await lead.patch(`/api/checklist-entries/${item.id}`, { version: item.version, result }));
    }
  }
}

/** Checklists answered, submitted by the lead. */
export async function submittedEvaluation(f: WorkflowFixture): Promise<string> {
  const id = await startedEvaluation(f);
  await fillChecklist(f, id);
  const ev = await evaluation(f, id);
  ok(await (await f.as('lead')).post(`/api/evaluations/${id}/submit`, { version: ev.version }));
  return id;
}

/** Approved at technical review. */
export async function reviewedEvaluation(f: WorkflowFixture): Promise<string> {
  const id = await submittedEvaluation(f);
  const ev = await evaluation(f, id);
  ok(
    await (
      await f.as('reviewer')
    ).post(`/api/evaluations/${id}/review`, {
      version: ev.version,
      outcome: 'approve',
    }),
  );
  return id;
}

/** A finding raised by the evaluator on a started evaluation. */
export async function openFinding(f: WorkflowFixture, evaluationId?: string) {
  const id = evaluationId ?? (await startedEvaluation(f));
  const finding = ok(
    await (
      await f.as('evaluator')
    ).post(`/api/evaluations/${id}/findings`, {
      node: '5.1.4.1',
      severity: 'nonconformity',
      description: '售后服务手册未覆盖上门安装的安全要求',
      dueDate: '2026-12-31',
    }),
    201,
  ) as { id: string; version: number; evaluationId: string };
  return finding;
}

export async function answeredFinding(f: WorkflowFixture, evaluationId?: string) {
  const finding = await openFinding(f, evaluationId);
  return ok(
    await (
      await f.as('client')
    ).post(`/api/findings/${finding.id}/answer`, {
      version: finding.version,
      rootCause: '手册修订时遗漏了上门安装环节',
      correction: '已补充上门安装安全要求章节',
      correctiveAction: '建立手册年度评审机制',
      evidence: ['售后服务手册 V3.3.pdf'],
    }),
  ) as { id: string; version: number; evaluationId: string };
}
