import type { RouteModule } from '../../http/app.ts';
import { actorOf } from '../auth/authenticate.ts';
import { ErrorResponse, IdParams, VersionBody } from '../common/common.contract.ts';
import { receiveUpload } from '../../http/files.ts';
import { importInvitations, importResponses, remindInvitations } from './survey-imports.ts';
import {
  CampaignCreateBody,
  CampaignListResponse,
  CampaignResponse,
  CampaignSiteParams,
  CampaignUpdateBody,
  CreatedResponse,
  ImportQuery,
  ImportReport,
  InterviewListResponse,
  InvitationImportReport,
  MetricsResponse,
  PhoneResponseBody,
  QuestionnaireCreateBody,
  QuestionnaireListResponse,
  QuestionnaireResponse,
  QuestionnaireVersionBody,
  RemindersResponse,
} from './surveys.contract.ts';
import {
  addQuestionnaireVersion,
  createCampaign,
  createQuestionnaire,
  enterPhoneResponse,
  getCampaign,
  getMetrics,
  getQuestionnaire,
  listCampaigns,
  listInterviews,
  listQuestionnaires,
  posterOf,
  transitionCampaign,
  updateCampaign,
} from './surveys.service.ts';

const errors = {
  400: ErrorResponse,
  401: ErrorResponse,
  403: ErrorResponse,
  404: ErrorResponse,
  409: ErrorResponse,
  413: ErrorResponse,
  415: ErrorResponse,
  422: ErrorResponse,
};
const tags = ['surveys'];

/** Customer-experience surveys: questionnaires, campaigns per evaluation, links, imports, metrics. */
export const surveysRoutes: RouteModule = (app, ctx) => {
  app.get(
    '/api/survey-questionnaires',
    {
      config: { permission: 'surveys.read' },
      schema: {
        tags,
        summary: 'Questionnaires of the body',
        response: { 200: QuestionnaireListResponse, ...errors },
      },
    },
    async (req) => listQuestionnaires(ctx, actorOf(req)),
  );

  app.post(
    '/api/survey-questionnaires',
    {
      config: { permission: 'surveys.manage' },
      schema: {
        tags,
        summary: 'Create a questionnaire (from the after-sales template or given content); version 1',
        body: QuestionnaireCreateBody,
        response: { 201: QuestionnaireResponse, ...errors },
      },
    },
    async (req, reply) =>
      reply.code(201).send(await createQuestionnaire(ctx, actorOf(req), req.body, req.id)),
  );

  app.get(
    '/api/survey-questionnaires/:id',
    {
      config: { permission: 'surveys.read' },
      schema: {
        tags,
        summary: 'A questionnaire: its latest content and every version',
        params: IdParams,
        response: { 200: QuestionnaireResponse, ...errors },
      },
    },
    async (req) => getQuestionnaire(ctx, actorOf(req), req.params.id),
  );

  app.post(
    '/api/survey-questionnaires/:id/versions',
    {
      config: { permission: 'surveys.manage' },
      schema: {
        tags,
        summary: 'A new version of the questionnaire (campaigns keep the version they pinned)',
        params: IdParams,
        body: QuestionnaireVersionBody,
        response: { 201: QuestionnaireResponse, ...errors },
      },
    },
    async (req, reply) =>
      reply.code(201).send(await addQuestionnaireVersion(ctx, actorOf(req), req.params.id, req.body, req.id)),
  );

  app.get(
    '/api/evaluations/:id/survey-campaigns',
    {
      config: { permission: 'surveys.read' },
      schema: {
        tags,
        summary: 'Survey campaigns of an evaluation',
        params: IdParams,
        response: { 200: CampaignListResponse, ...errors },
      },
    },
    async (req) => listCampaigns(ctx, actorOf(req), req.params.id),
  );

  app.post(
    '/api/evaluations/:id/survey-campaigns',
    {
      config: { permission: 'surveys.manage' },
      schema: {
        tags,
        summary:
          'Create a campaign: pinned questionnaire version, anonymity, the outlets in scope with quotas',
        params: IdParams,
        body: CampaignCreateBody,
        response: { 201: CampaignResponse, ...errors },
      },
    },
    async (req, reply) =>
      reply.code(201).send(await createCampaign(ctx, actorOf(req), req.params.id, req.body, req.id)),
  );

  app.get(
    '/api/survey-campaigns/:id',
    {
      config: { permission: 'surveys.read' },
      schema: {
        tags,
        summary: 'A campaign with its links and outlets',
        params: IdParams,
        response: { 200: CampaignResponse, ...errors },
      },
    },
    async (req) => getCampaign(ctx, actorOf(req), req.params.id),
  );

  app.patch(
    '/api/survey-campaigns/:id',
    {
      config: { permission: 'surveys.manage' },
      schema: {
        tags,
        summary: 'Edit a campaign (anonymity and outlets only before launch; quotas any time)',
        params: IdParams,
        body: CampaignUpdateBody,
        response: { 200: CampaignResponse, ...errors },
      },
    },
    async (req) => updateCampaign(ctx, actorOf(req), req.params.id, req.body, req.id),
  );

  for (const [action, to] of [
    ['launch', 'live'],
    ['close', 'closed'],
  ] as const) {
    app.post(
      `/api/survey-campaigns/:id/${action}`,
      {
        config: { permission: 'surveys.manage' },
        schema: {
          tags,
          summary: action === 'launch' ? 'Launch: links open, anonymity fixed' : 'Close: no more responses',
          params: IdParams,
          body: VersionBody,
          response: { 200: CampaignResponse, ...errors },
        },
      },
      async (req) => transitionCampaign(ctx, actorOf(req), req.params.id, req.body.version, to, req.id),
    );
  }

  app.get(
    '/api/survey-campaigns/:id/metrics',
    {
      config: { permission: 'surveys.read' },
      schema: {
        tags,
        summary:
          'CSI and NPS per outlet and overall, with margins of error (95 %, FPC) and what feeds the score',
        params: IdParams,
        response: { 200: MetricsResponse, ...errors },
      },
    },
    async (req) => getMetrics(ctx, actorOf(req), req.params.id),
  );

  app.get(
    '/api/survey-campaigns/:id/outlets/:siteId/poster',
    {
      config: { permission: 'surveys.read' },
      schema: { tags, summary: 'The QR poster of an outlet (PDF)', params: CampaignSiteParams },
    },
    async (req, reply) => {
      const { pdf, fileName } = await posterOf(ctx, actorOf(req), req.params.id, req.params.siteId);
      return reply
        .header('content-type', 'application/pdf')
        .header('content-disposition', `attachment; filename="${fileName.replace(/[^\x20-\x7e]/g, '_')}"`)
        .header('cache-control', 'no-store')
        .send(pdf);
    },
  );

  app.post(
    '/api/survey-campaigns/:id/invitations/import',
    {
      config: { permission: 'surveys.manage' },
      schema: {
        tags,
        summary: 'Import a customer list (CSV/XLSX: outlet, customer, phone) → single-use personal links',
        params: IdParams,
        response: { 200: InvitationImportReport, ...errors },
      },
    },
    async (req) =>
      importInvitations(ctx, actorOf(req), req.params.id, (await receiveUpload(req)).file, req.id),
  );

  app.post(
    '/api/survey-campaigns/:id/reminders',
    {
      config: { permission: 'surveys.manage' },
      schema: {
        tags,
        summary: 'The reminder list: unanswered, unexpired invitations with fresh links',
        params: IdParams,
        response: { 200: RemindersResponse, ...errors },
      },
    },
    async (req) => remindInvitations(ctx, actorOf(req), req.params.id, req.id),
  );

  app.get(
    '/api/survey-interviews',
    {
      config: { permission: 'surveys.interview' },
      schema: {
        tags,
        summary: 'Phone survey: the live campaigns, their questionnaires and responses per outlet',
        response: { 200: InterviewListResponse, ...errors },
      },
    },
    async (req) => listInterviews(ctx, actorOf(req)),
  );

  app.post(
    '/api/survey-campaigns/:id/responses',
    {
      config: { permission: 'surveys.interview' },
      schema: {
        tags,
        summary: 'Phone survey: an interviewer enters the answers',
        params: IdParams,
        body: PhoneResponseBody,
        response: { 201: CreatedResponse, ...errors },
      },
    },
    async (req, reply) =>
      reply.code(201).send(await enterPhoneResponse(ctx, actorOf(req), req.params.id, req.body, req.id)),
  );

  app.post(
    '/api/survey-campaigns/:id/responses/import',
    {
      config: { permission: 'surveys.manage' },
      schema: {
        tags,
        summary: 'Import responses collected elsewhere (CSV/XLSX), all-or-nothing unless mode=validOnly',
        params: IdParams,
        querystring: ImportQuery,
        response: { 200: ImportReport, ...errors },
      },
    },
    async (req) =>
      importResponses(
        ctx,
        actorOf(req),
        req.params.id,
        (await receiveUpload(req)).file,
        req.query.mode,
        req.id,
      ),
  );
};
