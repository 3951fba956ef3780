import type { Permission, Role } from '../../src/domain/access/roles.ts';
import { csv } from '../helpers/registry.ts';
import { ok } from '../helpers/workflow.ts';
import type { WorkflowTargets } from './permission-matrix.workflow.ts';

/**
 * Survey routes for the permission matrix (permission-matrix.api.test.ts). Targets live on the tenant's
 * started evaluation (permission-matrix.workflow.ts): a questionnaire per tenant, a shared live campaign
 * for reads, imports and phone entries, and fresh campaigns for the routes that change state.
 */
type Where = 'own' | 'other';

export interface SurveyTargets {
  questionnaire(where: Where): Promise<{ id: string; versionId: string }>;
  evaluation(where: Where): Promise<string>;
  /** The shared live campaign (or a fresh one, draft or live). */
  campaign(
    where: Where,
    state: 'draft' | 'live',
    fresh: boolean,
  ): Promise<{ id: string; version: number; siteId: string; code: string }>;
  freshQuestionnaire(where: Where): Promise<{ id: string; version: number }>;
}

export interface SurveyRouteCase {
  method: 'GET' | 'POST' | 'PATCH' | 'PUT';
  path: string;
  permission: Permission | null;
  ok: number;
  request(
    t: { surveys: SurveyTargets },
    where: Where,
    role: Role,
  ): Promise<{ url: string; body?: unknown; upload?: { file: Buffer; filename: string } }>;
  other?: 'notFound' | 'emptyList' | 'none';
}

const ANSWERS = {
  speed: 5,
  attitude: 4,
  competence: 5,
  quality: 4,
  complained: 'no',
  overall: 5,
  recommend: 9,
};

export function surveyTargets(workflowOf: () => WorkflowTargets): SurveyTargets {
  const memo = new Map<string, Promise<unknown>>();
  const once = <T>(key: string, make: () => Promise<T>): Promise<T> => {
    if (!memo.has(key)) memo.set(key, make());
    return memo.get(key) as Promise<T>;
  };
  const pm = async (where: Where) => (await workflowOf().fixture(where)).as('programmeManager');
  const targets: SurveyTargets = {
    evaluation: (where) => workflowOf().target(where, 'started', false),
    questionnaire: (where) =>
      once(`q-${where}`, async () => {
        const q = ok(
          await (
            await pm(where)
          ).post('/api/survey-questionnaires', { name: 'matrix', template: 'afterSales' }),
          201,
        );
        return { id: q.id as string, versionId: q.latest.id as string };
      }),
    freshQuestionnaire: async (where) => {
      const q = ok(
        await (
          await pm(where)
        ).post('/api/survey-questionnaires', { name: 'matrix', template: 'afterSales' }),
        201,
      );
      return { id: q.id, version: q.version };
    },
    campaign: (where, state, fresh) => {
      const make = async () => {
        const session = await pm(where);
        const evaluationId = await targets.evaluation(where);
        const ev = ok(await session.get(`/api/evaluations/${evaluationId}`));
        const site = (ev.sites as { id: string; kind: string; code: string }[]).find(
          (s) => s.kind === 'outlet',
        )!;
        const { versionId } = await targets.questionnaire(where);
        let c = ok(
          await session.post(`/api/evaluations/${evaluationId}/survey-campaigns`, {
            name: 'matrix',
            questionnaireVersionId: versionId,
            anonymity: 'anonymous',
            outlets: [{ siteId: site.id, quota: 10 }],
          }),
          201,
        );
        if (state === 'live')
          c = ok(await session.post(`/api/survey-campaigns/${c.id}/launch`, { version: c.version }));
        return { id: c.id as string, version: c.version as number, siteId: site.id, code: site.code };
      };
      return fresh ? make() : once(`c-${where}-${state}`, make);
    },
  };
  return targets;
}

const live = (t: { surveys: SurveyTargets }, where: Where) => t.surveys.campaign(where, 'live', false);

export const SURVEY_ROUTES: SurveyRouteCase[] = [
  {
    method: 'GET',
    path: '/api/survey-questionnaires',
    permission: 'surveys.read',
    ok: 200,
    other: 'none',
    request: async () => ({ url: '/api/survey-questionnaires' }),
  },
  {
    method: 'POST',
    path: '/api/survey-questionnaires',
    permission: 'surveys.manage',
    ok: 201,
    other: 'none',
    request: async () => ({ url: '/api/survey-questionnaires', body: { name: 'q', template: 'afterSales' } }),
  },
  {
    method: 'GET',
    path: '/api/survey-questionnaires/:id',
    permission: 'surveys.read',
    ok: 200,
    request: async (t, where) => ({
      url: `/api/survey-questionnaires/${(await t.surveys.questionnaire(where)).id}`,
    }),
  },
  {
    method: 'POST',
    path: '/api/survey-questionnaires/:id/versions',
    permission: 'surveys.manage',
    ok: 201,
    request: async (t, where) => {
      const q = await t.surveys.freshQuestionnaire(where);
      const { AFTER_SALES_TEMPLATE } = await import('../../src/domain/surveys/template.ts');
      return {
        url: `/api/survey-questionnaires/${q.id}/versions`,
        body: { version: q.version, content: { ...AFTER_SALES_TEMPLATE, title: { zh: '第二版' } } },
      };
    },
  },
  {
    method: 'GET',
    path: '/api/evaluations/:id/survey-campaigns',
    permission: 'surveys.read',
    ok: 200,
    request: async (t, where) => ({
      url: `/api/evaluations/${await t.surveys.evaluation(where)}/survey-campaigns`,
    }),
  },
  {
    method: 'POST',
    path: '/api/evaluations/:id/survey-campaigns',
    permission: 'surveys.manage',
    ok: 201,
    request: async (t, where) => {
      // The other tenant's evaluation with the caller's own questionnaire: 404 on the evaluation first.
      const c = await live(t, where);
      const { versionId } = await t.surveys.questionnaire(where === 'own' ? 'own' : 'other');
      return {
        url: `/api/evaluations/${await t.surveys.evaluation(where)}/survey-campaigns`,
        body: {
          name: 'c',
          questionnaireVersionId: versionId,
          anonymity: 'identified',
          outlets: [{ siteId: c.siteId, quota: 3 }],
        },
      };
    },
  },
  {
    method: 'GET',
    path: '/api/survey-campaigns/:id',
    permission: 'surveys.read',
    ok: 200,
    request: async (t, where) => ({ url: `/api/survey-campaigns/${(await live(t, where)).id}` }),
  },
  {
    method: 'PATCH',
    path: '/api/survey-campaigns/:id',
    permission: 'surveys.manage',
    ok: 200,
    request: async (t, where) => {
      const c = await t.surveys.campaign(where, 'draft', true);
      return { url: `/api/survey-campaigns/${c.id}`, body: { version: c.version, name: 'renamed' } };
    },
  },
  {
    method: 'POST',
    path: '/api/survey-campaigns/:id/launch',
    permission: 'surveys.manage',
    ok: 200,
    request: async (t, where) => {
      const c = await t.surveys.campaign(where, 'draft', true);
      return { url: `/api/survey-campaigns/${c.id}/launch`, body: { version: c.version } };
    },
  },
  {
    method: 'POST',
    path: '/api/survey-campaigns/:id/close',
    permission: 'surveys.manage',
    ok: 200,
    request: async (t, where) => {
      const c = await t.surveys.campaign(where, 'live', true);
      return { url: `/api/survey-campaigns/${c.id}/close`, body: { version: c.version } };
    },
  },
  {
    method: 'GET',
    path: '/api/survey-campaigns/:id/metrics',
    permission: 'surveys.read',
    ok: 200,
    request: async (t, where) => ({ url: `/api/survey-campaigns/${(await live(t, where)).id}/metrics` }),
  },
  {
    method: 'GET',
    path: '/api/survey-campaigns/:id/outlets/:siteId/poster',
    permission: 'surveys.read',
    ok: 200,
    request: async (t, where) => {
      const c = await live(t, where);
      return { url: `/api/survey-campaigns/${c.id}/outlets/${c.siteId}/poster` };
    },
  },
  {
    method: 'POST',
    path: '/api/survey-campaigns/:id/invitations/import',
    permission: 'surveys.manage',
    ok: 200,
    request: async (t, where) => {
      const c = await live(t, where);
      return {
        url: `/api/survey-campaigns/${c.id}/invitations/import`,
        upload: {
          file: Buffer.from(
            csv([
              ['outlet', 'customer'],
              [c.code, `C-${Math.random()}`],
            ]),
          ),
          filename: 'c.csv',
        },
      };
    },
  },
  {
    method: 'POST',
    path: '/api/survey-campaigns/:id/reminders',
    permission: 'surveys.manage',
    ok: 200,
    request: async (t, where) => ({ url: `/api/survey-campaigns/${(await live(t, where)).id}/reminders` }),
  },
  {
    method: 'GET',
    path: '/api/survey-interviews',
    permission: 'surveys.interview',
    ok: 200,
    other: 'none',
    request: async (t, where) => {
      await live(t, where);
      return { url: '/api/survey-interviews' };
    },
  },
  {
    method: 'POST',
    path: '/api/survey-campaigns/:id/responses',
    permission: 'surveys.interview',
    ok: 201,
    request: async (t, where) => {
      const c = await live(t, where);
      return { url: `/api/survey-campaigns/${c.id}/responses`, body: { siteId: c.siteId, answers: ANSWERS } };
    },
  },
  {
    method: 'POST',
    path: '/api/survey-campaigns/:id/responses/import',
    permission: 'surveys.manage',
    ok: 200,
    request: async (t, where) => {
      const c = await live(t, where);
      const header = Object.keys(ANSWERS);
      return {
        url: `/api/survey-campaigns/${c.id}/responses/import`,
        upload: {
          file: Buffer.from(
            csv([
              ['outlet', ...header],
              [c.code, ...header.map((k) => ANSWERS[k as keyof typeof ANSWERS])],
            ]),
          ),
          filename: 'r.csv',
        },
      };
    },
  },
];
