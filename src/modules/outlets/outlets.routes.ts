import type { RouteModule } from '../../http/app.ts';
import { actorOf } from '../auth/authenticate.ts';
import { ErrorResponse, IdParams } from '../common/common.contract.ts';
import {
  OutletCreateBody,
  OutletHistoryResponse,
  OutletListQuery,
  OutletListResponse,
  OutletRegionsResponse,
  OutletResponse,
  OutletUpdateBody,
} from './outlets.contract.ts';
import {
  createOutlet,
  getOutlet,
  listOutlets,
  outletHistory,
  outletRegions,
  updateOutlet,
} from './outlets.service.ts';

const errors = {
  400: ErrorResponse,
  401: ErrorResponse,
  403: ErrorResponse,
  404: ErrorResponse,
  409: ErrorResponse,
};
const tags = ['outlets'];

export const outletsRoutes: RouteModule = (app, ctx) => {
  app.get(
    '/api/clients/:id/outlets',
    {
      config: { permission: 'clients.read' },
      schema: {
        tags,
        summary:
          'The client’s service outlets: search, filters (status, ownership, channel, region), keyset pages',
        params: IdParams,
        querystring: OutletListQuery,
        response: { 200: OutletListResponse, ...errors },
      },
    },
    async (req) => listOutlets(ctx, actorOf(req), req.params.id, req.query),
  );

  app.post(
    '/api/clients/:id/outlets',
    {
      config: { permission: 'outlets.manage' },
      schema: {
        tags,
        summary: 'Add an outlet',
        params: IdParams,
        body: OutletCreateBody,
        response: { 201: OutletResponse, ...errors },
      },
    },
    async (req, reply) =>
      reply.code(201).send(await createOutlet(ctx, actorOf(req), req.params.id, req.body, req.id)),
  );

  app.get(
    '/api/clients/:id/outlet-regions',
    {
      config: { permission: 'clients.read' },
      schema: {
        tags,
        summary: 'Outlets by province and prefecture (total, active, contracted, staff)',
        params: IdParams,
        response: { 200: OutletRegionsResponse, ...errors },
      },
    },
    async (req) => outletRegions(ctx, actorOf(req), req.params.id),
  );

  app.get(
    '/api/outlets/:id',
    {
      config: { permission: 'clients.read' },
      schema: { tags, summary: 'One outlet', params: IdParams, response: { 200: OutletResponse, ...errors } },
    },
    async (req) => getOutlet(ctx, actorOf(req), req.params.id),
  );

  app.patch(
    '/api/outlets/:id',
    {
      config: { permission: 'outlets.manage' },
      schema: {
        tags,
        summary: 'Change an outlet, e.g. close it (optimistic: send the version you read)',
        params: IdParams,
        body: OutletUpdateBody,
        response: { 200: OutletResponse, ...errors },
      },
    },
    async (req) => updateOutlet(ctx, actorOf(req), req.params.id, req.body, req.id),
  );

  app.get(
    '/api/outlets/:id/history',
    {
      config: { permission: 'clients.read' },
      schema: {
        tags,
        summary: 'Every change of an outlet, newest first',
        params: IdParams,
        response: { 200: OutletHistoryResponse, ...errors },
      },
    },
    async (req) => outletHistory(ctx, actorOf(req), req.params.id),
  );
};
