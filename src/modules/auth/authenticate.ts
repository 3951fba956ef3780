import type { FastifyRequest } from 'fastify';
import type { AppContext } from '../../http/context.ts';
import { AppError, unauthenticated } from '../../http/errors.ts';
import { resolveApiToken } from '../api-tokens/api-tokens.service.ts';
import { requirePermission, type Actor } from './actor.ts';
import { CSRF_HEADER, SESSION_COOKIE } from './auth.contract.ts';
import { resolveSession, safeEqual } from './auth.service.ts';

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

/**
 * A safe-method request to a public route carrying no credentials (no Authorization header, no
 * cookie): authentication would find no actor and refuse nothing, so it is skipped.
 */
export function isAnonymousPublicRead(req: FastifyRequest): boolean {
  return (
    SAFE_METHODS.has(req.method) &&
    req.headers.authorization === undefined &&
    req.headers.cookie === undefined &&
    req.routeOptions.config?.public === true
  );
}

/**
 * Runs on every request but anonymous public reads (above): finds the actor from an API token
 * (Authorization: Bearer) or the session cookie. Routes not marked `public` answer 401 without one.
 * Cookie-authenticated writes must carry the session's CSRF token in the x-csrf-token header;
 * token-authenticated calls need none, since a browser never adds an Authorization header on its own.
 */
export async function authenticate(ctx: AppContext, req: FastifyRequest): Promise<void> {
  // Unknown routes fall through to the 404 handler; pages and assets of the web app need no sign-in.
  if (!req.routeOptions.url) return;
  const isPublic = req.routeOptions.config?.public === true || !req.url.startsWith('/api/');
  if (isPublic && !SAFE_METHODS.has(req.method)) checkOrigin(req);
  const auth = req.headers.authorization;
  if (auth?.startsWith('Bearer ')) {
    const actor = await resolveApiToken(ctx, auth.slice(7).trim());
    if (!actor) throw new AppError(401, 'invalid_token', 'The API token is unknown, expired or revoked.');
    req.actor = actor;
    authorize(req);
    return;
  }
  const secret = req.cookies[SESSION_COOKIE];
  const session = secret ? await resolveSession(ctx, secret) : undefined;
  if (session) {
    if (!SAFE_METHODS.has(req.method) && !req.routeOptions.config?.public) {
      const sent = req.headers[CSRF_HEADER];
      if (typeof sent !== 'string' || !safeEqual(sent, session.csrfToken)) {
        throw new AppError(403, 'csrf_failed', 'The request is missing its CSRF token. Reload the page.');
      }
    }
    req.actor = session.actor;
    req.csrfToken = session.csrfToken;
    authorize(req);
    return;
  }
  if (!isPublic) throw unauthenticated();
}

function authorize(req: FastifyRequest): void {
  const permission = req.routeOptions.config?.permission;
  if (permission && req.actor) requirePermission(req.actor, permission);
}

export function actorOf(req: FastifyRequest): Actor {
  if (!req.actor) throw unauthenticated();
  return req.actor;
}

/** Public writes (login) have no CSRF token yet: refuse them when the browser says they come from elsewhere. */
function checkOrigin(req: FastifyRequest): void {
  const origin = req.headers.origin;
  if (!origin) return;
  let host: string;
  try {
    host = new URL(origin).host;
  } catch {
    host = '';
  }
  if (host !== req.headers.host) {
    throw new AppError(403, 'csrf_failed', 'Cross-site request refused.');
  }
}
