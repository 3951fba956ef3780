import type { RouteModule } from '../../http/app.ts';
import { actorOf } from '../auth/authenticate.ts';
import { ErrorResponse, IdParams } from '../common/common.contract.ts';
import {
  OrganisationCreateBody,
  OrganisationListResponse,
  OrganisationResponse,
  OrganisationUpdateBody,
} from './organisations.contract.ts';
import { createClientOrganisation, listOrganisations, updateOrganisation } from './organisations.service.ts';

const errors = {
  400: ErrorResponse,
  401: ErrorResponse,
  403: ErrorResponse,
  404: ErrorResponse,
  409: ErrorResponse,
};
const tags = ['organisations'];

export const organisationsRoutes: RouteModule = (app, ctx) => {
  app.get(
    '/api/organisations',
    {
      config: { permission: 'organisations.read' },
      schema: {
        tags,
        summary: 'The certification body and its client organisations',
        response: { 200: OrganisationListResponse, ...errors },
      },
    },
    async (req) => ({ items: await listOrganisations(ctx, actorOf(req)) }),
  );

  app.post(
    '/api/organisations',
    {
      config: { permission: 'organisations.manage' },
      schema: {
        tags,
        summary: 'Create a client organisation of the certification body',
        body: OrganisationCreateBody,
        response: { 201: OrganisationResponse, ...errors },
      },
    },
    async (req, reply) =>
      reply.code(201).send(await createClientOrganisation(ctx, actorOf(req), req.body, req.id)),
  );

  app.patch(
    '/api/organisations/:id',
    {
      config: { permission: 'organisations.manage' },
      schema: {
        tags,
        summary: 'Rename an organisation or set the time zone times are shown in',
        params: IdParams,
        body: OrganisationUpdateBody,
        response: { 200: OrganisationResponse, ...errors },
      },
    },
    async (req) => updateOrganisation(ctx, actorOf(req), req.params.id, req.body, req.id),
  );
};
