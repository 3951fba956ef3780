import type { RouteModule } from '../../http/app.ts';
import { actorOf } from '../auth/authenticate.ts';
import { ErrorResponse, IdParams } from '../common/common.contract.ts';
import {
  DeclarationCreateBody,
  DeclarationUpdateBody,
  PersonnelCreateBody,
  PersonnelGetQuery,
  PersonnelListQuery,
  PersonnelListResponse,
  PersonnelResponse,
  PersonnelUpdateBody,
} from './cb-personnel.contract.ts';
import {
  addDeclaration,
  createPersonnel,
  getPersonnel,
  listPersonnel,
  updateDeclaration,
  updatePersonnel,
} from './cb-personnel.service.ts';

const errors = {
  400: ErrorResponse,
  401: ErrorResponse,
  403: ErrorResponse,
  404: ErrorResponse,
  409: ErrorResponse,
};
const tags = ['personnel'];

export const cbPersonnelRoutes: RouteModule = (app, ctx) => {
  app.get(
    '/api/cb-personnel',
    {
      config: { permission: 'personnel.read' },
      schema: {
        tags,
        summary:
          'Evaluators and technical experts: by scheme and role, competence, impartiality towards a client',
        querystring: PersonnelListQuery,
        response: { 200: PersonnelListResponse, ...errors },
      },
    },
    async (req) => listPersonnel(ctx, actorOf(req), req.query),
  );

  app.post(
    '/api/cb-personnel',
    {
      config: { permission: 'personnel.manage' },
      schema: {
        tags,
        summary: 'Add an evaluator or expert',
        body: PersonnelCreateBody,
        response: { 201: PersonnelResponse, ...errors },
      },
    },
    async (req, reply) => reply.code(201).send(await createPersonnel(ctx, actorOf(req), req.body, req.id)),
  );

  app.get(
    '/api/cb-personnel/:id',
    {
      config: { permission: 'personnel.read' },
      schema: {
        tags,
        summary:
          'One person, with qualifications and declarations (clientId: impartiality towards that client)',
        params: IdParams,
        querystring: PersonnelGetQuery,
        response: { 200: PersonnelResponse, ...errors },
      },
    },
    async (req) => getPersonnel(ctx, actorOf(req), req.params.id, req.query),
  );

  app.patch(
    '/api/cb-personnel/:id',
    {
      config: { permission: 'personnel.manage' },
      schema: {
        tags,
        summary: 'Change a person; qualifications replace the list (optimistic: send the version you read)',
        params: IdParams,
        body: PersonnelUpdateBody,
        response: { 200: PersonnelResponse, ...errors },
      },
    },
    async (req) => updatePersonnel(ctx, actorOf(req), req.params.id, req.body, req.id),
  );

  app.post(
    '/api/cb-personnel/:id/declarations',
    {
      config: { permission: 'personnel.manage' },
      schema: {
        tags,
        summary:
          'Record an impartiality declaration (consulting or employment relationship with a client, with dates)',
        params: IdParams,
        body: DeclarationCreateBody,
        response: { 201: PersonnelResponse, ...errors },
      },
    },
    async (req, reply) =>
      reply.code(201).send(await addDeclaration(ctx, actorOf(req), req.params.id, req.body, req.id)),
  );

  app.patch(
    '/api/impartiality-declarations/:id',
    {
      config: { permission: 'personnel.manage' },
      schema: {
        tags,
        summary: 'Change a declaration, e.g. record when the relationship ended (optimistic)',
        params: IdParams,
        body: DeclarationUpdateBody,
        response: { 200: PersonnelResponse, ...errors },
      },
    },
    async (req) => updateDeclaration(ctx, actorOf(req), req.params.id, req.body, req.id),
  );
};
