import type { RouteModule } from '../../http/app.ts';
import { actorOf } from '../auth/authenticate.ts';
import { ErrorResponse, IdParams } from '../common/common.contract.ts';
import {
  ClientCreateBody,
  ClientListQuery,
  ClientListResponse,
  ClientResponse,
  ClientUpdateBody,
} from './clients.contract.ts';
import { createClient, getClient, listClients, updateClient } from './clients.service.ts';

const errors = {
  400: ErrorResponse,
  401: ErrorResponse,
  403: ErrorResponse,
  404: ErrorResponse,
  409: ErrorResponse,
};
const tags = ['clients'];

export const clientsRoutes: RouteModule = (app, ctx) => {
  app.get(
    '/api/clients',
    {
      config: { permission: 'clients.read' },
      schema: {
        tags,
        summary:
          'Clients of the certification body (a client user sees only its own): search, filters, keyset pages',
        querystring: ClientListQuery,
        response: { 200: ClientListResponse, ...errors },
      },
    },
    async (req) => listClients(ctx, actorOf(req), req.query),
  );

  app.post(
    '/api/clients',
    {
      config: { permission: 'clients.manage' },
      schema: {
        tags,
        summary:
          'Register a client: creates its organisation too, unless organisationId names an existing one',
        body: ClientCreateBody,
        response: { 201: ClientResponse, ...errors },
      },
    },
    async (req, reply) => reply.code(201).send(await createClient(ctx, actorOf(req), req.body, req.id)),
  );

  app.get(
    '/api/clients/:id',
    {
      config: { permission: 'clients.read' },
      schema: { tags, summary: 'One client', params: IdParams, response: { 200: ClientResponse, ...errors } },
    },
    async (req) => getClient(ctx, actorOf(req), req.params.id),
  );

  app.patch(
    '/api/clients/:id',
    {
      config: { permission: 'clients.manage' },
      schema: {
        tags,
        summary: 'Change a client (optimistic: send the version you read)',
        params: IdParams,
        body: ClientUpdateBody,
        response: { 200: ClientResponse, ...errors },
      },
    },
    async (req) => updateClient(ctx, actorOf(req), req.params.id, req.body, req.id),
  );
};
