import type { RouteModule } from '../../http/app.ts';
import { actorOf } from '../auth/authenticate.ts';
import { ErrorResponse, IdParams } from '../common/common.contract.ts';
import {
  ProgrammeEvaluationBody,
  ProgrammeEvaluationResponse,
  ProgrammeListQuery,
  ProgrammeListResponse,
  ProgrammeResponse,
} from './programmes.contract.ts';
import { createProgrammeEvaluation, getProgramme, listProgrammes } from './programmes.service.ts';

const errors = {
  400: ErrorResponse,
  401: ErrorResponse,
  403: ErrorResponse,
  404: ErrorResponse,
  409: ErrorResponse,
  422: ErrorResponse,
};
const tags = ['programmes'];

/** Programmes: the 3-year cycle of a client's certification, with due dates from the decision. */
export const programmesRoutes: RouteModule = (app, ctx) => {
  app.get(
    '/api/programmes',
    {
      config: { permission: 'programmes.read' },
      schema: {
        tags,
        summary: 'Programmes (a client user sees its own, with the plans sent to it)',
        querystring: ProgrammeListQuery,
        response: { 200: ProgrammeListResponse, ...errors },
      },
    },
    async (req) => listProgrammes(ctx, actorOf(req), req.query),
  );

  app.get(
    '/api/programmes/:id',
    {
      config: { permission: 'programmes.read' },
      schema: {
        tags,
        summary: 'One programme: the cycle’s events with due dates and their evaluations',
        params: IdParams,
        response: { 200: ProgrammeResponse, ...errors },
      },
    },
    async (req) => getProgramme(ctx, actorOf(req), req.params.id),
  );

  app.post(
    '/api/programmes/:id/evaluations',
    {
      config: { permission: 'evaluations.plan' },
      schema: {
        tags,
        summary: 'Plan the next evaluation of the cycle, or a special short-notice evaluation',
        params: IdParams,
        body: ProgrammeEvaluationBody,
        response: { 201: ProgrammeEvaluationResponse, ...errors },
      },
    },
    async (req, reply) =>
      reply
        .code(201)
        .send(await createProgrammeEvaluation(ctx, actorOf(req), req.params.id, req.body, req.id)),
  );
};
