import { z } from 'zod';
import type { RouteModule } from '../../http/app.ts';
import { attachment } from '../../http/files.ts';
import { actorOf } from '../auth/authenticate.ts';
import { ErrorResponse, IdParams } from '../common/common.contract.ts';
import {
  CandidatesQuery,
  CandidatesResponse,
  ChecklistEntryBody,
  ChecklistEntryResponse,
  ChecklistQuery,
  ChecklistResponse,
  DecisionBody,
  DecisionResponse,
  EngineJson,
  EvaluationListQuery,
  EvaluationListResponse,
  EvaluationResponse,
  EvaluationVersionBody,
  PlanBody,
  ReportQuery,
  ReviewBody,
  SpecialsBody,
  TeamBody,
} from './evaluations.contract.ts';
import {
  completeDocumentReview,
  getEvaluation,
  listCandidates,
  listEvaluations,
  sendPlan,
  setTeam,
  startEvaluation,
  updatePlan,
} from './evaluations.service.ts';
import {
  exportDocument,
  getChecklist,
  getLiveScore,
  setSpecials,
  updateChecklistEntry,
} from './evaluation-execution.service.ts';
import {
  decideEvaluation,
  listDecisions,
  reviewEvaluation,
  submitEvaluation,
} from './evaluation-decisions.service.ts';
import { evaluationReportPdf } from './evaluation-report.ts';
import { evaluationPlanPdf } from './evaluation-plan.ts';

const errors = {
  400: ErrorResponse,
  401: ErrorResponse,
  403: ErrorResponse,
  404: ErrorResponse,
  409: ErrorResponse,
  422: ErrorResponse,
};
const tags = ['evaluations'];

/** Evaluations: planning (team, dates, sites, plan), execution (checklists, score), review and decision. */
export const evaluationsRoutes: RouteModule = (app, ctx) => {
  app.get(
    '/api/evaluations',
    {
      config: { permission: 'evaluations.read' },
      schema: {
        tags,
        summary: 'Evaluations of the body (mine=true: those the caller is on the team of)',
        querystring: EvaluationListQuery,
        response: { 200: EvaluationListResponse, ...errors },
      },
    },
    async (req) => listEvaluations(ctx, actorOf(req), req.query),
  );

  app.get(
    '/api/evaluations/:id',
    {
      config: { permission: 'evaluations.read' },
      schema: {
        tags,
        summary:
          'One evaluation: team, dates, sites (with why each was sampled), progress, reviews, decisions',
        params: IdParams,
        response: { 200: EvaluationResponse, ...errors },
      },
    },
    async (req) => getEvaluation(ctx, actorOf(req), req.params.id),
  );

  app.get(
    '/api/evaluations/:id/candidates',
    {
      config: { permission: 'evaluations.plan' },
      schema: {
        tags,
        summary: 'The body’s personnel assessed for a team role: allowed, or exactly why not',
        params: IdParams,
        querystring: CandidatesQuery,
        response: { 200: CandidatesResponse, ...errors },
      },
    },
    async (req) => listCandidates(ctx, actorOf(req), req.params.id, req.query),
  );

  app.put(
    '/api/evaluations/:id/team',
    {
      config: { permission: 'evaluations.plan' },
      schema: {
        tags,
        summary:
          'Assign the team (qualification, industry competence, impartiality and rotation are checked)',
        params: IdParams,
        body: TeamBody,
        response: { 200: EvaluationResponse, ...errors },
      },
    },
    async (req) => setTeam(ctx, actorOf(req), req.params.id, req.body, req.id),
  );

  app.patch(
    '/api/evaluations/:id/plan',
    {
      config: { permission: 'evaluations.plan' },
      schema: {
        tags,
        summary: 'Dates and the outlets to visit (an added outlet says why)',
        params: IdParams,
        body: PlanBody,
        response: { 200: EvaluationResponse, ...errors },
      },
    },
    async (req) => updatePlan(ctx, actorOf(req), req.params.id, req.body, req.id),
  );

  app.post(
    '/api/evaluations/:id/send-plan',
    {
      config: { permission: 'evaluations.plan' },
      schema: {
        tags,
        summary: 'Send the plan to the client (its portal shows it)',
        params: IdParams,
        body: EvaluationVersionBody,
        response: { 200: EvaluationResponse, ...errors },
      },
    },
    async (req) => sendPlan(ctx, actorOf(req), req.params.id, req.body, req.id),
  );

  app.post(
    '/api/evaluations/:id/start',
    {
      config: { permission: 'evaluations.conduct' },
      schema: {
        tags,
        summary: 'The lead starts the evaluation: checklists are generated for headquarters and each outlet',
        params: IdParams,
        body: EvaluationVersionBody,
        response: { 200: EvaluationResponse, ...errors },
      },
    },
    async (req) => startEvaluation(ctx, actorOf(req), req.params.id, req.body, req.id),
  );

  app.post(
    '/api/evaluations/:id/complete-document-review',
    {
      config: { permission: 'evaluations.conduct' },
      schema: {
        tags,
        summary: 'The lead completes the document review: the evaluation moves on site',
        params: IdParams,
        body: EvaluationVersionBody,
        response: { 200: EvaluationResponse, ...errors },
      },
    },
    async (req) => completeDocumentReview(ctx, actorOf(req), req.params.id, req.body, req.id),
  );

  app.get(
    '/api/evaluations/:id/checklist',
    {
      config: { permission: 'evaluations.read' },
      schema: {
        tags,
        summary:
          'The checklists by site (siteId: one site), each item with its result, evidence and findings',
        params: IdParams,
        querystring: ChecklistQuery,
        response: { 200: ChecklistResponse, ...errors },
      },
    },
    async (req) => getChecklist(ctx, actorOf(req), req.params.id, req.query.siteId),
  );

  app.patch(
    '/api/checklist-entries/:id',
    {
      config: { permission: 'evaluations.conduct' },
      schema: {
        tags,
        summary: 'Record one checklist item (its own version: a stale edit answers 409 version_conflict)',
        params: IdParams,
        body: ChecklistEntryBody,
        response: { 200: ChecklistEntryResponse, ...errors },
      },
    },
    async (req) => updateChecklistEntry(ctx, actorOf(req), req.params.id, req.body, req.id),
  );

  app.put(
    '/api/evaluations/:id/specials',
    {
      config: { permission: 'evaluations.conduct' },
      schema: {
        tags,
        summary: 'Exclusions (删减, with justification) and the special bonus',
        params: IdParams,
        body: SpecialsBody,
        response: { 200: EvaluationResponse, ...errors },
      },
    },
    async (req) => setSpecials(ctx, actorOf(req), req.params.id, req.body, req.id),
  );

  app.get(
    '/api/evaluations/:id/score',
    {
      config: { permission: 'evaluations.read' },
      schema: {
        tags,
        summary: 'Live score from the engine, with its trace (outlets named as the source of their samples)',
        params: IdParams,
        response: { 200: EngineJson, ...errors },
      },
    },
    async (req) =>
      (await getLiveScore(ctx, actorOf(req), req.params.id)) as unknown as Record<string, unknown>,
  );

  app.get(
    '/api/evaluations/:id/document',
    {
      config: { permission: 'evaluations.read' },
      schema: {
        tags,
        summary: 'The evaluation as the engine’s evaluation document (`starmark score` reproduces the score)',
        params: IdParams,
        response: { 200: EngineJson, ...errors },
      },
    },
    async (req, reply) => {
      const doc = await exportDocument(ctx, actorOf(req), req.params.id);
      return reply
        .header('content-disposition', attachment(`evaluation-${req.params.id}.json`))
        .send(doc as unknown as Record<string, unknown>);
    },
  );

  app.post(
    '/api/evaluations/:id/submit',
    {
      config: { permission: 'evaluations.conduct' },
      schema: {
        tags,
        summary: 'The lead submits (nonconformities corrected, every applicable item scored)',
        params: IdParams,
        body: EvaluationVersionBody,
        response: { 200: EvaluationResponse, ...errors },
      },
    },
    async (req) => submitEvaluation(ctx, actorOf(req), req.params.id, req.body, req.id),
  );

  app.post(
    '/api/evaluations/:id/review',
    {
      config: { permission: 'reviews.perform' },
      schema: {
        tags,
        summary: 'Technical review by someone not on the team: approve or return',
        params: IdParams,
        body: ReviewBody,
        response: { 200: EvaluationResponse, ...errors },
      },
    },
    async (req) => reviewEvaluation(ctx, actorOf(req), req.params.id, req.body, req.id),
  );

  app.post(
    '/api/evaluations/:id/decision',
    {
      config: { permission: 'decisions.make' },
      schema: {
        tags,
        summary:
          'Certification decision by someone on neither team nor review: grant, refuse or ask for more',
        params: IdParams,
        body: DecisionBody,
        response: { 201: DecisionResponse, ...errors },
      },
    },
    async (req, reply) =>
      reply.code(201).send(await decideEvaluation(ctx, actorOf(req), req.params.id, req.body, req.id)),
  );

  app.get(
    '/api/evaluations/:id/decisions',
    {
      config: { permission: 'evaluations.read' },
      schema: {
        tags,
        summary: 'The decisions taken on the evaluation, each with its frozen document and result',
        params: IdParams,
        response: { 200: z.array(DecisionResponse), ...errors },
      },
    },
    async (req) => listDecisions(ctx, actorOf(req), req.params.id),
  );

  app.get(
    '/api/evaluations/:id/report',
    {
      config: { permission: 'evaluations.read' },
      schema: {
        tags,
        summary: 'The evaluation report as a PDF (Chinese by default; lang=en for English)',
        params: IdParams,
        querystring: ReportQuery,
        response: errors,
      },
    },
    async (req, reply) => {
      const { file, name } = await evaluationReportPdf(ctx, actorOf(req), req.params.id, req.query.lang);
      return reply
        .type('application/pdf')
        .header('cache-control', 'private, no-cache')
        .header('content-disposition', attachment(name))
        .send(file as never);
    },
  );

  app.get(
    '/api/evaluations/:id/plan',
    {
      config: { permission: 'programmes.read' },
      schema: {
        tags,
        summary:
          'The evaluation plan as a PDF: team, dates, sites and why each was sampled, techniques (the client once it is sent)',
        params: IdParams,
        querystring: ReportQuery,
        response: errors,
      },
    },
    async (req, reply) => {
      const { file, name } = await evaluationPlanPdf(ctx, actorOf(req), req.params.id, req.query.lang);
      return reply
        .type('application/pdf')
        .header('cache-control', 'private, no-cache')
        .header('content-disposition', attachment(name))
        .send(file as never);
    },
  );
};
