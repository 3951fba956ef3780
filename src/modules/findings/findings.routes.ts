import type { RouteModule } from '../../http/app.ts';
import { actorOf } from '../auth/authenticate.ts';
import { ErrorResponse, IdParams } from '../common/common.contract.ts';
import {
  FindingAnswerBody,
  FindingCreateBody,
  FindingListQuery,
  FindingListResponse,
  FindingResponse,
  FindingVerdictBody,
} from './findings.contract.ts';
import {
  acceptFinding,
  answerFinding,
  createFinding,
  getFinding,
  listFindings,
  reopenFinding,
} from './findings.service.ts';

const errors = {
  400: ErrorResponse,
  401: ErrorResponse,
  403: ErrorResponse,
  404: ErrorResponse,
  409: ErrorResponse,
  422: ErrorResponse,
};
const tags = ['findings'];

/** Findings and corrections: raised by the team, answered by the client in its portal, accepted or reopened. */
export const findingsRoutes: RouteModule = (app, ctx) => {
  app.get(
    '/api/findings',
    {
      config: { permission: 'findings.read' },
      schema: {
        tags,
        summary: 'Findings (a client user sees its own); overdue=true: past due and not accepted',
        querystring: FindingListQuery,
        response: { 200: FindingListResponse, ...errors },
      },
    },
    async (req) => listFindings(ctx, actorOf(req), req.query),
  );

  app.post(
    '/api/evaluations/:id/findings',
    {
      config: { permission: 'findings.manage' },
      schema: {
        tags,
        summary: 'Raise a finding on an indicator (special deduction, nonconformity or observation)',
        params: IdParams,
        body: FindingCreateBody,
        response: { 201: FindingResponse, ...errors },
      },
    },
    async (req, reply) =>
      reply.code(201).send(await createFinding(ctx, actorOf(req), req.params.id, req.body, req.id)),
  );

  app.get(
    '/api/findings/:id',
    {
      config: { permission: 'findings.read' },
      schema: {
        tags,
        summary: 'One finding with its answer and history',
        params: IdParams,
        response: { 200: FindingResponse, ...errors },
      },
    },
    async (req) => getFinding(ctx, actorOf(req), req.params.id),
  );

  app.post(
    '/api/findings/:id/answer',
    {
      config: { permission: 'findings.answer' },
      schema: {
        tags,
        summary: 'The client answers: root cause, correction, corrective action, evidence',
        params: IdParams,
        body: FindingAnswerBody,
        response: { 200: FindingResponse, ...errors },
      },
    },
    async (req) => answerFinding(ctx, actorOf(req), req.params.id, req.body, req.id),
  );

  app.post(
    '/api/findings/:id/accept',
    {
      config: { permission: 'findings.manage' },
      schema: {
        tags,
        summary: 'A team member accepts the correction',
        params: IdParams,
        body: FindingVerdictBody,
        response: { 200: FindingResponse, ...errors },
      },
    },
    async (req) => acceptFinding(ctx, actorOf(req), req.params.id, req.body, req.id),
  );

  app.post(
    '/api/findings/:id/reopen',
    {
      config: { permission: 'findings.manage' },
      schema: {
        tags,
        summary: 'A team member reopens the finding, saying why',
        params: IdParams,
        body: FindingVerdictBody,
        response: { 200: FindingResponse, ...errors },
      },
    },
    async (req) => reopenFinding(ctx, actorOf(req), req.params.id, req.body, req.id),
  );
};
