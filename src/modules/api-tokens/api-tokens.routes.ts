import type { RouteModule } from '../../http/app.ts';
import { actorOf } from '../auth/authenticate.ts';
import { requirePermission, type Actor } from '../auth/actor.ts';
import { forbidden } from '../../http/errors.ts';
import { ErrorResponse, IdParams } from '../common/common.contract.ts';
import {
  ApiTokenCreateBody,
  ApiTokenCreateResponse,
  ApiTokenListResponse,
  ApiTokenResponse,
} from './api-tokens.contract.ts';
import { createApiToken, listApiTokens, revokeApiToken } from './api-tokens.service.ts';

const errors = { 400: ErrorResponse, 401: ErrorResponse, 403: ErrorResponse, 404: ErrorResponse };
const tags = ['api-tokens'];

/** Tokens are managed from a signed-in session only: a token cannot mint more tokens. */
function manager(actor: Actor): Actor {
  requirePermission(actor, 'apiTokens.manage');
  if (actor.via !== 'session') throw forbidden('API tokens are managed from a signed-in session.');
  return actor;
}

export const apiTokensRoutes: RouteModule = (app, ctx) => {
  app.get(
    '/api/api-tokens',
    {
      config: { permission: 'apiTokens.manage' },
      schema: {
        tags,
        summary: 'API tokens of the organisation',
        response: { 200: ApiTokenListResponse, ...errors },
      },
    },
    async (req) => ({ items: await listApiTokens(ctx, manager(actorOf(req))) }),
  );

  app.post(
    '/api/api-tokens',
    {
      config: { permission: 'apiTokens.manage' },
      schema: {
        tags,
        summary: 'Create an API token; the secret is shown once',
        body: ApiTokenCreateBody,
        response: { 201: ApiTokenCreateResponse, ...errors },
      },
    },
    async (req, reply) =>
      reply.code(201).send(await createApiToken(ctx, manager(actorOf(req)), req.body, req.id)),
  );

  app.post(
    '/api/api-tokens/:id/revoke',
    {
      config: { permission: 'apiTokens.manage' },
      schema: {
        tags,
        summary: 'Revoke an API token',
        params: IdParams,
        response: { 200: ApiTokenResponse, ...errors },
      },
    },
    async (req) => revokeApiToken(ctx, manager(actorOf(req)), req.params.id, req.id),
  );
};
