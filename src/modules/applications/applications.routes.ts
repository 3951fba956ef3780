import type { RouteModule } from '../../http/app.ts';
import { actorOf } from '../auth/authenticate.ts';
import { ErrorResponse, IdParams } from '../common/common.contract.ts';
import {
  AcceptResponse,
  ApplicationCreateBody,
  ApplicationListQuery,
  ApplicationListResponse,
  ApplicationResponse,
  ApplicationUpdateBody,
  ContractReviewResponse,
  ContractReviewUpdateBody,
  TransitionBody,
} from './applications.contract.ts';
import {
  acceptApplication,
  createApplication,
  declineApplication,
  getApplication,
  getContractReview,
  listApplications,
  submitApplication,
  updateApplication,
  updateContractReview,
  withdrawApplication,
} from './applications.service.ts';

const errors = {
  400: ErrorResponse,
  401: ErrorResponse,
  403: ErrorResponse,
  404: ErrorResponse,
  409: ErrorResponse,
  422: ErrorResponse,
};
const tags = ['applications'];

/** Applications (by the client in its portal or by CB staff) and their contract review. */
export const applicationsRoutes: RouteModule = (app, ctx) => {
  app.get(
    '/api/applications',
    {
      config: { permission: 'applications.read' },
      schema: {
        tags,
        summary: 'Applications (a client user sees only its own)',
        querystring: ApplicationListQuery,
        response: { 200: ApplicationListResponse, ...errors },
      },
    },
    async (req) => listApplications(ctx, actorOf(req), req.query),
  );

  app.post(
    '/api/applications',
    {
      config: { permission: 'applications.manage' },
      schema: {
        tags,
        summary: 'Start an application (draft): scheme, enterprise type, scope, outlets, documents',
        body: ApplicationCreateBody,
        response: { 201: ApplicationResponse, ...errors },
      },
    },
    async (req, reply) => reply.code(201).send(await createApplication(ctx, actorOf(req), req.body, req.id)),
  );

  app.get(
    '/api/applications/:id',
    {
      config: { permission: 'applications.read' },
      schema: {
        tags,
        summary: 'One application with its document checklist and eligibility checks (with reasons)',
        params: IdParams,
        response: { 200: ApplicationResponse, ...errors },
      },
    },
    async (req) => getApplication(ctx, actorOf(req), req.params.id),
  );

  app.patch(
    '/api/applications/:id',
    {
      config: { permission: 'applications.manage' },
      schema: {
        tags,
        summary: 'Change a draft application (optimistic: send the version you read)',
        params: IdParams,
        body: ApplicationUpdateBody,
        response: { 200: ApplicationResponse, ...errors },
      },
    },
    async (req) => updateApplication(ctx, actorOf(req), req.params.id, req.body, req.id),
  );

  app.post(
    '/api/applications/:id/submit',
    {
      config: { permission: 'applications.manage' },
      schema: {
        tags,
        summary: 'Submit: required documents and eligibility are checked; the contract review starts',
        params: IdParams,
        body: TransitionBody,
        response: { 200: ApplicationResponse, ...errors },
      },
    },
    async (req) => submitApplication(ctx, actorOf(req), req.params.id, req.body, req.id),
  );

  app.post(
    '/api/applications/:id/withdraw',
    {
      config: { permission: 'applications.manage' },
      schema: {
        tags,
        summary: 'Withdraw a draft or submitted application',
        params: IdParams,
        body: TransitionBody,
        response: { 200: ApplicationResponse, ...errors },
      },
    },
    async (req) => withdrawApplication(ctx, actorOf(req), req.params.id, req.body, req.id),
  );

  app.get(
    '/api/applications/:id/contract-review',
    {
      config: { permission: 'contractReviews.perform' },
      schema: {
        tags,
        summary: 'The contract review: effort and outlet sample from the engines, techniques, quote',
        params: IdParams,
        response: { 200: ContractReviewResponse, ...errors },
      },
    },
    async (req) => getContractReview(ctx, actorOf(req), req.params.id),
  );

  app.patch(
    '/api/applications/:id/contract-review',
    {
      config: { permission: 'contractReviews.perform' },
      schema: {
        tags,
        summary: 'Edit the contract review (adjustments and sample changes need a justification)',
        params: IdParams,
        body: ContractReviewUpdateBody,
        response: { 200: ContractReviewResponse, ...errors },
      },
    },
    async (req) => updateContractReview(ctx, actorOf(req), req.params.id, req.body, req.id),
  );

  app.post(
    '/api/applications/:id/accept',
    {
      config: { permission: 'contractReviews.perform' },
      schema: {
        tags,
        summary:
          'Accept at contract review (send the review version): creates the programme and initial evaluation',
        params: IdParams,
        body: TransitionBody,
        response: { 200: AcceptResponse, ...errors },
      },
    },
    async (req) => acceptApplication(ctx, actorOf(req), req.params.id, req.body, req.id),
  );

  app.post(
    '/api/applications/:id/decline',
    {
      config: { permission: 'contractReviews.perform' },
      schema: {
        tags,
        summary: 'Decline at contract review, with reasons (send the review version)',
        params: IdParams,
        body: TransitionBody,
        response: { 200: ApplicationResponse, ...errors },
      },
    },
    async (req) => declineApplication(ctx, actorOf(req), req.params.id, req.body, req.id),
  );
};
