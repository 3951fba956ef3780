import { z } from 'zod';
import type { RouteModule } from '../../http/app.ts';
import { ErrorResponse } from '../common/common.contract.ts';
import { actorOf } from './authenticate.ts';
import {
  LoginBody,
  PasswordChangeBody,
  PreferencesBody,
  SESSION_COOKIE,
  SessionResponse,
} from './auth.contract.ts';
import { changePassword, login, logout, sessionResponse, setPreferences } from './auth.service.ts';

const errors = {
  400: ErrorResponse,
  401: ErrorResponse,
  403: ErrorResponse,
  423: ErrorResponse,
  429: ErrorResponse,
};

export const authRoutes: RouteModule = (app, ctx) => {
  const cookieOptions = {
    path: '/',
    httpOnly: true,
    sameSite: 'lax' as const,
    secure: ctx.config.cookieSecure,
  };

  app.post(
    '/api/auth/login',
    {
      config: {
        public: true,
        rateLimit: { max: ctx.config.login.ratePerMinute, timeWindow: 60_000 },
      },
      schema: {
        tags: ['auth'],
        summary: 'Sign in with email and password; sets the session cookie',
        security: [],
        body: LoginBody,
        response: { 200: SessionResponse, ...errors },
      },
    },
    async (req, reply) => {
      const result = await login(ctx, req.body, req.id);
      reply.setCookie(SESSION_COOKIE, result.sessionSecret, { ...cookieOptions, expires: result.expiresAt });
      return result.response;
    },
  );

  app.post(
    '/api/auth/logout',
    {
      schema: {
        tags: ['auth'],
        summary: 'Sign out: ends the session',
        response: { 204: z.undefined(), ...errors },
      },
    },
    async (req, reply) => {
      await logout(ctx, actorOf(req), req.id);
      reply.clearCookie(SESSION_COOKIE, cookieOptions);
      return reply.code(204).send();
    },
  );

  app.get(
    '/api/auth/me',
    {
      schema: {
        tags: ['auth'],
        summary: 'The signed-in user and the CSRF token for writes',
        response: { 200: SessionResponse, ...errors },
      },
    },
    async (req) => {
      return sessionResponse(ctx, actorOf(req), req.csrfToken ?? '');
    },
  );

  app.post(
    '/api/auth/password',
    {
      schema: {
        tags: ['auth'],
        summary: 'Change the own password (ends the user’s other sessions)',
        body: PasswordChangeBody,
        response: { 204: z.undefined(), ...errors },
      },
    },
    async (req, reply) => {
      await changePassword(ctx, actorOf(req), req.body, req.id);
      return reply.code(204).send();
    },
  );

  app.put(
    '/api/auth/preferences',
    {
      schema: {
        tags: ['auth'],
        summary: 'Set the user’s interface language',
        body: PreferencesBody,
        response: { 200: SessionResponse, ...errors },
      },
    },
    async (req) => {
      const actor = actorOf(req);
      await setPreferences(ctx, actor, req.body, req.id);
      return sessionResponse(ctx, actor, req.csrfToken ?? '');
    },
  );
};
