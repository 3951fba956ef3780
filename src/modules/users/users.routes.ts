import type { RouteModule } from '../../http/app.ts';
import { actorOf } from '../auth/authenticate.ts';
import { ErrorResponse, IdParams, VersionBody } from '../common/common.contract.ts';
import {
  PasswordResetResponse,
  UserCreateBody,
  UserCreateResponse,
  UserListQuery,
  UserListResponse,
  UserResponse,
  UserUpdateBody,
} from './users.contract.ts';
import {
  createUser,
  disableUser,
  enableUser,
  getUser,
  listUsers,
  resetPassword,
  updateUser,
} from './users.service.ts';

const errors = {
  400: ErrorResponse,
  401: ErrorResponse,
  403: ErrorResponse,
  404: ErrorResponse,
  409: ErrorResponse,
};
const tags = ['users'];

export const usersRoutes: RouteModule = (app, ctx) => {
  app.get(
    '/api/users',
    {
      config: { permission: 'users.read' },
      schema: {
        tags,
        summary: 'List users',
        querystring: UserListQuery,
        response: { 200: UserListResponse, ...errors },
      },
    },
    async (req) => listUsers(ctx, actorOf(req), req.query),
  );

  app.post(
    '/api/users',
    {
      config: { permission: 'users.manage' },
      schema: {
        tags,
        summary: 'Create (invite) a user; without a password a one-time password is returned',
        body: UserCreateBody,
        response: { 201: UserCreateResponse, ...errors },
      },
    },
    async (req, reply) => reply.code(201).send(await createUser(ctx, actorOf(req), req.body, req.id)),
  );

  app.get(
    '/api/users/:id',
    {
      config: { permission: 'users.read' },
      schema: { tags, summary: 'One user', params: IdParams, response: { 200: UserResponse, ...errors } },
    },
    async (req) => getUser(ctx, actorOf(req), req.params.id),
  );

  app.patch(
    '/api/users/:id',
    {
      config: { permission: 'users.manage' },
      schema: {
        tags,
        summary: 'Change a user’s name or roles (optimistic: send the version you read)',
        params: IdParams,
        body: UserUpdateBody,
        response: { 200: UserResponse, ...errors },
      },
    },
    async (req) => updateUser(ctx, actorOf(req), req.params.id, req.body, req.id),
  );

  app.post(
    '/api/users/:id/disable',
    {
      config: { permission: 'users.manage' },
      schema: {
        tags,
        summary: 'Disable a user and end their sessions',
        params: IdParams,
        body: VersionBody,
        response: { 200: UserResponse, ...errors },
      },
    },
    async (req) => disableUser(ctx, actorOf(req), req.params.id, req.body.version, req.id),
  );

  app.post(
    '/api/users/:id/enable',
    {
      config: { permission: 'users.manage' },
      schema: {
        tags,
        summary: 'Enable a user (also lifts a lockout)',
        params: IdParams,
        body: VersionBody,
        response: { 200: UserResponse, ...errors },
      },
    },
    async (req) => enableUser(ctx, actorOf(req), req.params.id, req.body.version, req.id),
  );

  app.post(
    '/api/users/:id/reset-password',
    {
      config: { permission: 'users.manage' },
      schema: {
        tags,
        summary: 'Issue a one-time password the user must change at next sign-in',
        params: IdParams,
        body: VersionBody,
        response: { 200: PasswordResetResponse, ...errors },
      },
    },
    async (req) => resetPassword(ctx, actorOf(req), req.params.id, req.body.version, req.id),
  );
};
