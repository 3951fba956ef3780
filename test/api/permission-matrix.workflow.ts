import { hasPermission, type Permission, type Role } from '../../src/domain/access/roles.ts';
import type { TestApp, Tenant } from '../helpers/test-app.ts';
import { upload } from '../helpers/registry.ts';
import {
  answeredFinding,
  draftApplication,
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
 * The certification workflow's routes for the permission matrix (permission-matrix.api.test.ts).
 * Targets live in the tenant's client organisation (a client user's own), driven through the API to the
 * state each route needs. A route that changes state gets a fresh target for each caller it lets through
 * in the own tenant; everyone else shares one. Routes that a role allows but a person rule refuses
 * (only the lead submits, only team members record) answer 422 for a matrix user, who is on no team.
 */
type Where = 'own' | 'other';
type Kind =
  | 'draft'
  | 'submitted'
  | 'planned'
  | 'started'
  | 'submittedEvaluation'
  | 'reviewed'
  | 'openFinding'
  | 'answeredFinding';

export interface WorkflowTargets {
  fixture(where: Where): Promise<WorkflowFixture>;
  /** A record in the state the route needs; `fresh` builds a new one instead of sharing. */
  target(where: Where, kind: Kind, fresh: boolean): Promise<string>;
  version(
    table:
      'applications' | 'contractReviews' | 'evaluations' | 'findings' | 'programmes' | 'checklistEntries',
    id: string,
  ): Promise<number>;
  reviewOf(applicationId: string): Promise<{ id: string; version: number }>;
  programmeOf(evaluationId: string): Promise<string>;
  entryOf(evaluationId: string): Promise<string>;
  /** An evidence file on the shared draft application, started evaluation or open finding. */
  file(
    where: Where,
    context: 'applications' | 'evaluations' | 'findings',
  ): Promise<{ id: string; fileId: string }>;
}

export const PDF = Buffer.from('%PDF-1.4\n% evidence\n%%EOF\n');
const SHARED: Record<'applications' | 'evaluations' | 'findings', Kind> = {
  applications: 'draft',
  evaluations: 'started',
  findings: 'openFinding',
};

export interface WorkflowRouteCase {
  method: 'GET' | 'POST' | 'PATCH' | 'PUT';
  path: string;
  permission: Permission | null;
  ok: number;
  request(
    t: {
      workflow: WorkflowTargets;
      registry: { client(where: Where): Promise<string> };
      own: Tenant;
      other: Tenant;
    },
    where: Where,
    role: Role,
  ): Promise<{ url: string; body?: unknown; upload?: { file: Buffer; filename: string } }>;
  other?: 'notFound' | 'emptyList' | 'none';
}

export function workflowTargets(
  t: TestApp,
  tenants: Record<Where, Tenant>,
  ensureClient: (where: Where) => Promise<string>,
): WorkflowTargets {
  const fixtures = new Map<Where, Promise<WorkflowFixture>>();
  const shared = new Map<string, Promise<string>>();
  const fixture = (where: Where) => {
    if (!fixtures.has(where)) {
      // The registry targets give the tenant's client its registry record; the world builds on it.
      fixtures.set(
        where,
        ensureClient(where).then(() => workflowFixture(t, tenants[where])),
      );
    }
    return fixtures.get(where)!;
  };
  const build = async (where: Where, kind: Kind): Promise<string> => {
    const f = await fixture(where);
    switch (kind) {
      case 'draft':
        return (await draftApplication(f)).id;
      case 'submitted':
        return (await submittedApplication(f)).id;
      case 'planned':
        return plannedEvaluation(f);
      case 'started':
        return startedEvaluation(f);
      case 'submittedEvaluation':
        return submittedEvaluation(f);
      case 'reviewed':
        return reviewedEvaluation(f);
      case 'openFinding':
        return (await openFinding(f, await targets.target(where, 'started', false))).id;
      case 'answeredFinding':
        return (await answeredFinding(f, await targets.target(where, 'started', false))).id;
    }
  };
  const db = t.ctx.db;
  const files = new Map<string, Promise<{ id: string; fileId: string }>>();
  const targets: WorkflowTargets = {
    file: (where, context) => {
      const key = `${where}:${context}`;
      if (!files.has(key)) {
        files.set(
          key,
          (async () => {
            const f = await fixture(where);
            const id = await targets.target(where, SHARED[context], false);
            const who = context === 'evaluations' ? 'lead' : 'client';
            const res = await upload(
              t.app,
              await f.as(who),
              `/api/${context}/${id}/evidence`,
              PDF,
              'evidence.pdf',
            );
            if (res.statusCode !== 201) throw new Error(res.body);
            return { id, fileId: res.json().id as string };
          })(),
        );
      }
      return files.get(key)!;
    },
    fixture,
    target: (where, kind, fresh) => {
      if (fresh) return build(where, kind);
      const key = `${where}:${kind}`;
      if (!shared.has(key)) shared.set(key, build(where, kind));
      return shared.get(key)!;
    },
    version: async (table, id) =>
      (await db.selectFrom(table).select('version').where('id', '=', id).executeTakeFirstOrThrow()).version,
    reviewOf: async (applicationId) =>
      db
        .selectFrom('contractReviews')
        .select(['id', 'version'])
        .where('applicationId', '=', applicationId)
        .executeTakeFirstOrThrow(),
    programmeOf: async (evaluationId) =>
      (
        await db
          .selectFrom('evaluations')
          .select('programmeId')
          .where('id', '=', evaluationId)
          .executeTakeFirstOrThrow()
      ).programmeId,
    entryOf: async (evaluationId) =>
      (
        await db
          .selectFrom('checklistEntries')
          .select('id')
          .where('evaluationId', '=', evaluationId)
          .where('siteId', '=', 'HQ')
          .where('method', '=', 'qualitative')
          .orderBy('position')
          .executeTakeFirstOrThrow()
      ).id,
  };
  return targets;
}

/** A fresh target for callers the route lets through in their own tenant. */
const fresh = (role: Role, permission: Permission, where: Where) =>
  where === 'own' && hasPermission([role], permission);
const isClient = (r: Role) => r === 'clientAdmin' || r === 'clientUser';

export const WORKFLOW_ROUTES: WorkflowRouteCase[] = [
  // ── applications ──
  {
    method: 'GET',
    path: '/api/applications',
    permission: 'applications.read',
    ok: 200,
    other: 'emptyList',
    request: async (t, where) => ({
      url: where === 'own' ? '/api/applications' : `/api/applications?clientId=${t.other.clientId}`,
    }),
  },
  {
    method: 'POST',
    path: '/api/applications',
    permission: 'applications.manage',
    ok: 201,
    other: 'notFound',
    request: async (t, where, role) => {
      await t.workflow.fixture(where);
      return {
        url: '/api/applications',
        body: {
          ...(isClient(role) && where === 'own' ? {} : { clientId: t[where].clientId }),
          scopeZh: '矩阵申请范围',
        },
      };
    },
  },
  {
    method: 'GET',
    path: '/api/applications/:id',
    permission: 'applications.read',
    ok: 200,
    request: async (t, w) => ({ url: `/api/applications/${await t.workflow.target(w, 'draft', false)}` }),
  },
  {
    method: 'PATCH',
    path: '/api/applications/:id',
    permission: 'applications.manage',
    ok: 200,
    request: async (t, w) => {
      const id = await t.workflow.target(w, 'draft', false);
      return {
        url: `/api/applications/${id}`,
        body: { version: await t.workflow.version('applications', id), scopeZh: '矩阵修改' },
      };
    },
  },
  ...(['submit', 'withdraw'] as const).map((verb): WorkflowRouteCase => ({
    method: 'POST',
    path: `/api/applications/:id/${verb}`,
    permission: 'applications.manage',
    ok: 200,
    request: async (t, w, r) => {
      const id = await t.workflow.target(w, 'draft', fresh(r, 'applications.manage', w));
      return {
        url: `/api/applications/${id}/${verb}`,
        body: { version: await t.workflow.version('applications', id) },
      };
    },
  })),
  {
    method: 'GET',
    path: '/api/applications/:id/contract-review',
    permission: 'contractReviews.perform',
    ok: 200,
    request: async (t, w) => ({
      url: `/api/applications/${await t.workflow.target(w, 'submitted', false)}/contract-review`,
    }),
  },
  {
    method: 'PATCH',
    path: '/api/applications/:id/contract-review',
    permission: 'contractReviews.perform',
    ok: 200,
    request: async (t, w) => {
      const id = await t.workflow.target(w, 'submitted', false);
      const review = await t.workflow.reviewOf(id);
      return {
        url: `/api/applications/${id}/contract-review`,
        body: { version: review.version, dayRate: 3100 },
      };
    },
  },
  ...(['accept', 'decline'] as const).map((verb): WorkflowRouteCase => ({
    method: 'POST',
    path: `/api/applications/:id/${verb}`,
    permission: 'contractReviews.perform',
    ok: 200,
    request: async (t, w, r) => {
      const id = await t.workflow.target(w, 'submitted', fresh(r, 'contractReviews.perform', w));
      const review = await t.workflow.reviewOf(id);
      return { url: `/api/applications/${id}/${verb}`, body: { version: review.version, reasons: '矩阵' } };
    },
  })),

  // ── programmes ──
  {
    method: 'GET',
    path: '/api/programmes',
    permission: 'programmes.read',
    ok: 200,
    other: 'emptyList',
    request: async (t, where) => ({
      url: where === 'own' ? '/api/programmes' : `/api/programmes?clientId=${t.other.clientId}`,
    }),
  },
  {
    method: 'GET',
    path: '/api/programmes/:id',
    permission: 'programmes.read',
    ok: 200,
    request: async (t, w) => ({
      url: `/api/programmes/${await t.workflow.programmeOf(await t.workflow.target(w, 'planned', false))}`,
    }),
  },
  {
    method: 'POST',
    path: '/api/programmes/:id/evaluations',
    permission: 'evaluations.plan',
    ok: 201,
    request: async (t, w) => {
      const id = await t.workflow.programmeOf(await t.workflow.target(w, 'planned', false));
      return {
        url: `/api/programmes/${id}/evaluations`,
        body: { version: await t.workflow.version('programmes', id), stage: 'special', reason: '投诉' },
      };
    },
  },

  // ── evaluations: planning ──
  {
    method: 'GET',
    path: '/api/evaluations',
    permission: 'evaluations.read',
    ok: 200,
    other: 'emptyList',
    request: async (t, where) => ({
      url: where === 'own' ? '/api/evaluations' : `/api/evaluations?clientId=${t.other.clientId}`,
    }),
  },
  {
    method: 'GET',
    path: '/api/evaluations/:id',
    permission: 'evaluations.read',
    ok: 200,
    request: async (t, w) => ({ url: `/api/evaluations/${await t.workflow.target(w, 'planned', false)}` }),
  },
  {
    method: 'GET',
    path: '/api/evaluations/:id/candidates',
    permission: 'evaluations.plan',
    ok: 200,
    request: async (t, w) => ({
      url: `/api/evaluations/${await t.workflow.target(w, 'planned', false)}/candidates?role=lead`,
    }),
  },
  {
    method: 'PUT',
    path: '/api/evaluations/:id/team',
    permission: 'evaluations.plan',
    ok: 200,
    request: async (t, w) => {
      const id = await t.workflow.target(w, 'planned', false);
      const f = await t.workflow.fixture(w);
      return {
        url: `/api/evaluations/${id}/team`,
        body: {
          version: await t.workflow.version('evaluations', id),
          leadId: f.world.personnel.lead,
          evaluatorIds: [f.world.personnel.evaluator],
        },
      };
    },
  },
  {
    method: 'PATCH',
    path: '/api/evaluations/:id/plan',
    permission: 'evaluations.plan',
    ok: 200,
    request: async (t, w) => {
      const id = await t.workflow.target(w, 'planned', false);
      return {
        url: `/api/evaluations/${id}/plan`,
        body: { version: await t.workflow.version('evaluations', id), plannedEnd: '2026-12-13' },
      };
    },
  },
  {
    method: 'POST',
    path: '/api/evaluations/:id/send-plan',
    permission: 'evaluations.plan',
    ok: 200,
    request: async (t, w) => {
      const id = await t.workflow.target(w, 'planned', false);
      return {
        url: `/api/evaluations/${id}/send-plan`,
        body: { version: await t.workflow.version('evaluations', id) },
      };
    },
  },
  {
    // Only the lead starts; a matrix evaluator leads nothing.
    method: 'POST',
    path: '/api/evaluations/:id/start',
    permission: 'evaluations.conduct',
    ok: 422,
    request: async (t, w) => {
      const id = await t.workflow.target(w, 'planned', false);
      return {
        url: `/api/evaluations/${id}/start`,
        body: { version: await t.workflow.version('evaluations', id) },
      };
    },
  },
  {
    // Only the lead completes the document review; a matrix evaluator leads nothing.
    method: 'POST',
    path: '/api/evaluations/:id/complete-document-review',
    permission: 'evaluations.conduct',
    ok: 422,
    request: async (t, w) => {
      const id = await t.workflow.target(w, 'started', false);
      return {
        url: `/api/evaluations/${id}/complete-document-review`,
        body: { version: await t.workflow.version('evaluations', id) },
      };
    },
  },

  // ── evaluations: execution ──
  {
    method: 'GET',
    path: '/api/evaluations/:id/checklist',
    permission: 'evaluations.read',
    ok: 200,
    request: async (t, w) => ({
      url: `/api/evaluations/${await t.workflow.target(w, 'started', false)}/checklist`,
    }),
  },
  {
    // Only team members record results.
    method: 'PATCH',
    path: '/api/checklist-entries/:id',
    permission: 'evaluations.conduct',
    ok: 422,
    request: async (t, w) => {
      const id = await t.workflow.entryOf(await t.workflow.target(w, 'started', false));
      return {
        url: `/api/checklist-entries/${id}`,
        body: {
          version: await t.workflow.version('checklistEntries', id),
          result: { method: 'qualitative', conforms: true },
        },
      };
    },
  },
  {
    method: 'PUT',
    path: '/api/evaluations/:id/specials',
    permission: 'evaluations.conduct',
    ok: 422,
    request: async (t, w) => {
      const id = await t.workflow.target(w, 'started', false);
      return {
        url: `/api/evaluations/${id}/specials`,
        body: { version: await t.workflow.version('evaluations', id), exclusions: [], bonuses: [] },
      };
    },
  },
  ...(['score', 'document'] as const).map((what): WorkflowRouteCase => ({
    method: 'GET',
    path: `/api/evaluations/:id/${what}`,
    permission: 'evaluations.read',
    ok: 200,
    request: async (t, w) => ({
      url: `/api/evaluations/${await t.workflow.target(w, 'started', false)}/${what}`,
    }),
  })),
  {
    method: 'POST',
    path: '/api/evaluations/:id/submit',
    permission: 'evaluations.conduct',
    ok: 422,
    request: async (t, w) => {
      const id = await t.workflow.target(w, 'started', false);
      return {
        url: `/api/evaluations/${id}/submit`,
        body: { version: await t.workflow.version('evaluations', id) },
      };
    },
  },

  // ── findings ──
  {
    method: 'GET',
    path: '/api/findings',
    permission: 'findings.read',
    ok: 200,
    other: 'emptyList',
    request: async (t, where) => ({
      url: where === 'own' ? '/api/findings' : `/api/findings?clientId=${t.other.clientId}`,
    }),
  },
  {
    method: 'POST',
    path: '/api/evaluations/:id/findings',
    permission: 'findings.manage',
    ok: 422,
    request: async (t, w) => ({
      url: `/api/evaluations/${await t.workflow.target(w, 'started', false)}/findings`,
      body: { node: '5.1.1.1', severity: 'observation', description: '矩阵' },
    }),
  },
  {
    method: 'GET',
    path: '/api/findings/:id',
    permission: 'findings.read',
    ok: 200,
    request: async (t, w) => ({ url: `/api/findings/${await t.workflow.target(w, 'openFinding', false)}` }),
  },
  {
    method: 'POST',
    path: '/api/findings/:id/answer',
    permission: 'findings.answer',
    ok: 200,
    request: async (t, w, r) => {
      const id = await t.workflow.target(w, 'openFinding', fresh(r, 'findings.answer', w));
      return {
        url: `/api/findings/${id}/answer`,
        body: {
          version: await t.workflow.version('findings', id),
          rootCause: '矩阵',
          correction: '矩阵',
          correctiveAction: '矩阵',
        },
      };
    },
  },
  ...(['accept', 'reopen'] as const).map((verb): WorkflowRouteCase => ({
    // Only team members accept or reopen.
    method: 'POST',
    path: `/api/findings/:id/${verb}`,
    permission: 'findings.manage',
    ok: 422,
    request: async (t, w) => {
      const id = await t.workflow.target(w, 'answeredFinding', false);
      return {
        url: `/api/findings/${id}/${verb}`,
        body: { version: await t.workflow.version('findings', id), note: '矩阵' },
      };
    },
  })),

  // ── review and decision ──
  {
    method: 'POST',
    path: '/api/evaluations/:id/review',
    permission: 'reviews.perform',
    ok: 200,
    request: async (t, w, r) => {
      const id = await t.workflow.target(w, 'submittedEvaluation', fresh(r, 'reviews.perform', w));
      return {
        url: `/api/evaluations/${id}/review`,
        body: { version: await t.workflow.version('evaluations', id), outcome: 'approve' },
      };
    },
  },
  {
    method: 'POST',
    path: '/api/evaluations/:id/decision',
    permission: 'decisions.make',
    ok: 201,
    request: async (t, w, r) => {
      const id = await t.workflow.target(w, 'reviewed', fresh(r, 'decisions.make', w));
      return {
        url: `/api/evaluations/${id}/decision`,
        body: { version: await t.workflow.version('evaluations', id), decision: 'grant' },
      };
    },
  },
  {
    method: 'GET',
    path: '/api/evaluations/:id/decisions',
    permission: 'evaluations.read',
    ok: 200,
    request: async (t, w) => ({
      url: `/api/evaluations/${await t.workflow.target(w, 'reviewed', false)}/decisions`,
    }),
  },
  {
    method: 'GET',
    path: '/api/evaluations/:id/report',
    permission: 'evaluations.read',
    ok: 200,
    request: async (t, w) => ({
      url: `/api/evaluations/${await t.workflow.target(w, 'started', false)}/report`,
    }),
  },
  {
    method: 'GET',
    path: '/api/evaluations/:id/plan',
    permission: 'programmes.read',
    ok: 200,
    request: async (t, w) => ({
      url: `/api/evaluations/${await t.workflow.target(w, 'started', false)}/plan`,
    }),
  },

  // ── evidence files ──
  ...(
    [
      ['applications', 'applications.manage', 'applications.read', 201],
      ['evaluations', 'evaluations.conduct', 'evaluations.read', 422],
      ['findings', 'findings.answer', 'findings.read', 201],
    ] as const
  ).flatMap(([context, write, read, status]): WorkflowRouteCase[] => [
    {
      method: 'POST',
      path: `/api/${context}/:id/evidence`,
      permission: write,
      ok: status,
      request: async (t, w) => ({
        url: `/api/${context}/${await t.workflow.target(w, SHARED[context], false)}/evidence`,
        upload: { file: PDF, filename: '证据.pdf' },
      }),
    },
    {
      method: 'GET',
      path: `/api/${context}/:id/evidence`,
      permission: read,
      ok: 200,
      request: async (t, w) => ({
        url: `/api/${context}/${(await t.workflow.file(w, context)).id}/evidence`,
      }),
    },
    {
      method: 'GET',
      path: `/api/${context}/:id/evidence/:fileId`,
      permission: read,
      ok: 200,
      request: async (t, w) => {
        const f = await t.workflow.file(w, context);
        return { url: `/api/${context}/${f.id}/evidence/${f.fileId}` };
      },
    },
  ]),
];
