import fs from 'node:fs';
import type { RouteModule } from '../../http/app.ts';
import { actorOf } from '../auth/authenticate.ts';
import { ErrorResponse, IdParams } from '../common/common.contract.ts';
import {
  CaptureBody,
  EvidenceQuery,
  FileParams,
  PlanVisitsBody,
  ResultsResponse,
  ReviewBody,
  ReviewEditBody,
  ScenarioCreateBody,
  ScenarioListResponse,
  ScenarioResponse,
  ScenarioUpdateBody,
  ShopperListResponse,
  StartBody,
  SubmitBody,
  VisitEvaluationList,
  VisitListResponse,
  VisitResponse,
} from './mystery-visits.contract.ts';
import {
  captureVisit,
  createScenario,
  editAnswer,
  getMyVisit,
  getScenario,
  getVisit,
  listEvaluationVisits,
  listMyVisits,
  listScenarios,
  listShoppers,
  listVisitEvaluations,
  planVisits,
  publishScenario,
  reviewVisit,
  startVisit,
  submitVisit,
  updateScenario,
  uploadVisitEvidence,
  visitEvidenceFile,
  visitResults,
} from './mystery-visits.service.ts';

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
const tags = ['mystery-visits'];

/** Mystery visits (暗访): scenarios, assignments, the shopper's field capture, review and results. */
export const mysteryVisitsRoutes: RouteModule = (app, ctx) => {
  // ── scenarios ──
  app.get(
    '/api/mystery-scenarios',
    {
      config: { permission: 'mysteryVisits.plan' },
      schema: {
        tags,
        summary: 'Scenarios of the body (built-in ones installed on first use)',
        response: { 200: ScenarioListResponse, ...errors },
      },
    },
    async (req) => listScenarios(ctx, actorOf(req)),
  );
  app.post(
    '/api/mystery-scenarios',
    {
      config: { permission: 'mysteryVisits.plan' },
      schema: {
        tags,
        summary: 'Create a scenario (draft content)',
        body: ScenarioCreateBody,
        response: { 201: ScenarioResponse, ...errors },
      },
    },
    async (req, reply) => reply.code(201).send(await createScenario(ctx, actorOf(req), req.body, req.id)),
  );
  app.get(
    '/api/mystery-scenarios/:id',
    {
      config: { permission: 'mysteryVisits.plan' },
      schema: {
        tags,
        summary: 'One scenario with its draft and published versions',
        params: IdParams,
        response: { 200: ScenarioResponse, ...errors },
      },
    },
    async (req) => getScenario(ctx, actorOf(req), req.params.id),
  );
  app.patch(
    '/api/mystery-scenarios/:id',
    {
      config: { permission: 'mysteryVisits.plan' },
      schema: {
        tags,
        summary: 'Edit the draft content',
        params: IdParams,
        body: ScenarioUpdateBody,
        response: { 200: ScenarioResponse, ...errors },
      },
    },
    async (req) => updateScenario(ctx, actorOf(req), req.params.id, req.body, req.id),
  );
  app.post(
    '/api/mystery-scenarios/:id/publish',
    {
      config: { permission: 'mysteryVisits.plan' },
      schema: {
        tags,
        summary: 'Publish the draft as the next version, frozen under its content hash',
        params: IdParams,
        body: SubmitBody,
        response: { 200: ScenarioResponse, ...errors },
      },
    },
    async (req) => publishScenario(ctx, actorOf(req), req.params.id, req.body, req.id),
  );

  // ── planning and reading ──
  app.get(
    '/api/mystery-shoppers',
    {
      config: { permission: 'mysteryVisits.plan' },
      schema: {
        tags,
        summary: 'Active users with the mystery shopper role',
        response: { 200: ShopperListResponse, ...errors },
      },
    },
    async (req) => listShoppers(ctx, actorOf(req)),
  );
  app.post(
    '/api/evaluations/:id/mystery-visits',
    {
      config: { permission: 'mysteryVisits.plan' },
      schema: {
        tags,
        summary: 'Plan visits: count per sampled outlet, in a time window, for one shopper',
        params: IdParams,
        body: PlanVisitsBody,
        response: { 201: VisitListResponse, ...errors },
      },
    },
    async (req, reply) =>
      reply.code(201).send(await planVisits(ctx, actorOf(req), req.params.id, req.body, req.id)),
  );
  app.get(
    '/api/evaluations/:id/mystery-visits',
    {
      config: { permission: 'mysteryVisits.read' },
      schema: {
        tags,
        summary: 'Visits of an evaluation (the client: approved ones only, never the shopper)',
        params: IdParams,
        response: { 200: VisitListResponse, ...errors },
      },
    },
    async (req) => listEvaluationVisits(ctx, actorOf(req), req.params.id),
  );
  app.get(
    '/api/mystery-evaluations',
    {
      config: { permission: 'mysteryVisits.read' },
      schema: {
        tags,
        summary: 'Evaluations whose visits the caller reads (a client: its own with approved visits)',
        response: { 200: VisitEvaluationList, ...errors },
      },
    },
    async (req) => listVisitEvaluations(ctx, actorOf(req)),
  );
  app.get(
    '/api/evaluations/:id/mystery-results',
    {
      config: { permission: 'mysteryVisits.read' },
      schema: {
        tags,
        summary: 'Approved visits per outlet and channel, weakest questions, heat map outlets × groups',
        params: IdParams,
        response: { 200: ResultsResponse, ...errors },
      },
    },
    async (req) => visitResults(ctx, actorOf(req), req.params.id),
  );
  app.get(
    '/api/mystery-visits/:id',
    {
      config: { permission: 'mysteryVisits.read' },
      schema: {
        tags,
        summary: 'One visit with answers, evidence and audit log',
        params: IdParams,
        response: { 200: VisitResponse, ...errors },
      },
    },
    async (req) => getVisit(ctx, actorOf(req), req.params.id),
  );
  app.get(
    '/api/mystery-visits/:id/evidence/:fileId',
    {
      config: { permission: 'mysteryVisits.evidence' },
      schema: {
        tags,
        summary: 'Download a visit’s evidence file (CB staff)',
        params: FileParams,
        response: errors,
      },
    },
    async (req, reply) => {
      const { row, path } = await visitEvidenceFile(ctx, actorOf(req), req.params.id, req.params.fileId);
      const name = row.fileName.replace(/[^\x20-\x7e]/g, '_').replace(/"/g, '');
      return reply
        .type(row.contentType)
        .header('cache-control', 'private, no-cache')
        .header('x-content-type-options', 'nosniff')
        .header('content-disposition', `inline; filename="${name}"`)
        .send(fs.createReadStream(path) as never);
    },
  );

  // ── review ──
  app.post(
    '/api/mystery-visits/:id/review',
    {
      config: { permission: 'mysteryVisits.review' },
      schema: {
        tags,
        summary: 'Approve (locks the samples), send back for correction, or void (exposure)',
        params: IdParams,
        body: ReviewBody,
        response: { 200: VisitResponse, ...errors },
      },
    },
    async (req) => reviewVisit(ctx, actorOf(req), req.params.id, req.body, req.id),
  );
  app.patch(
    '/api/mystery-visits/:id/answers',
    {
      config: { permission: 'mysteryVisits.review' },
      schema: {
        tags,
        summary: 'Edit an answer of a submitted visit, with a reason',
        params: IdParams,
        body: ReviewEditBody,
        response: { 200: VisitResponse, ...errors },
      },
    },
    async (req) => editAnswer(ctx, actorOf(req), req.params.id, req.body, req.id),
  );

  // ── the shopper ──
  app.get(
    '/api/my/mystery-visits',
    {
      config: { permission: 'mysteryVisits.conduct' },
      schema: {
        tags,
        summary: 'The signed-in shopper’s own visits',
        response: { 200: VisitListResponse, ...errors },
      },
    },
    async (req) => listMyVisits(ctx, actorOf(req)),
  );
  app.get(
    '/api/my/mystery-visits/:id',
    {
      config: { permission: 'mysteryVisits.conduct' },
      schema: {
        tags,
        summary: 'One of my visits',
        params: IdParams,
        response: { 200: VisitResponse, ...errors },
      },
    },
    async (req) => getMyVisit(ctx, actorOf(req), req.params.id),
  );
  app.post(
    '/api/my/mystery-visits/:id/start',
    {
      config: { permission: 'mysteryVisits.conduct' },
      schema: {
        tags,
        summary: 'Start the visit (device time)',
        params: IdParams,
        body: StartBody,
        response: { 200: VisitResponse, ...errors },
      },
    },
    async (req) => startVisit(ctx, actorOf(req), req.params.id, req.body, req.id),
  );
  app.patch(
    '/api/my/mystery-visits/:id',
    {
      config: { permission: 'mysteryVisits.conduct' },
      schema: {
        tags,
        summary: 'Field capture: answers with timings, GPS check-in, end of the visit',
        params: IdParams,
        body: CaptureBody,
        response: { 200: VisitResponse, ...errors },
      },
    },
    async (req) => captureVisit(ctx, actorOf(req), req.params.id, req.body, req.id),
  );
  app.post(
    '/api/my/mystery-visits/:id/evidence',
    {
      config: { permission: 'mysteryVisits.conduct' },
      schema: {
        tags,
        summary:
          'Upload a photo (≤ 10 MB: jpg, png, webp, heic) or audio (≤ 30 MB: mp3, m4a, wav, ogg, webm, amr) for an evidence item',
        params: IdParams,
        querystring: EvidenceQuery,
        consumes: ['multipart/form-data'],
        response: { 200: VisitResponse, ...errors },
      },
    },
    async (req) => uploadVisitEvidence(ctx, actorOf(req), req.params.id, req.query.key, req),
  );
  app.post(
    '/api/my/mystery-visits/:id/submit',
    {
      config: { permission: 'mysteryVisits.conduct' },
      schema: {
        tags,
        summary: 'Submit for review (inside the window, all required answers and evidence)',
        params: IdParams,
        body: SubmitBody,
        response: { 200: VisitResponse, ...errors },
      },
    },
    async (req) => submitVisit(ctx, actorOf(req), req.params.id, req.body, req.id),
  );
};
