import { randomUUID } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import type { IncomingMessage, ServerResponse } from 'node:http';
import Fastify, {
  type FastifyBaseLogger,
  type FastifyError,
  type FastifyInstance,
  type FastifyReply,
  type FastifyRequest,
  type RawServerDefault,
} from 'fastify';
import cookie from '@fastify/cookie';
import multipart from '@fastify/multipart';
import helmet, { type FastifyHelmetOptions } from '@fastify/helmet';
import rateLimit from '@fastify/rate-limit';
import fastifyStatic from '@fastify/static';
import swagger from '@fastify/swagger';
import swaggerUi from '@fastify/swagger-ui';
import {
  hasZodFastifySchemaValidationErrors,
  jsonSchemaTransform,
  jsonSchemaTransformObject,
  serializerCompiler,
  validatorCompiler,
  type ZodTypeProvider,
} from 'fastify-type-provider-zod';
import type { Config } from '../config/config.ts';
import type { Database } from '../db/database.ts';
import { systemClock, type Clock } from '../db/time.ts';
import type { Actor } from '../modules/auth/actor.ts';
import type { Permission } from '../domain/access/roles.ts';
import { authenticate, isAnonymousPublicRead } from '../modules/auth/authenticate.ts';
import { authRoutes } from '../modules/auth/auth.routes.ts';
import { usersRoutes } from '../modules/users/users.routes.ts';
import { organisationsRoutes } from '../modules/organisations/organisations.routes.ts';
import { auditRoutes } from '../modules/audit/audit.routes.ts';
import { apiTokensRoutes } from '../modules/api-tokens/api-tokens.routes.ts';
import { healthRoutes } from '../modules/health/health.routes.ts';
import { clientsRoutes } from '../modules/clients/clients.routes.ts';
import { outletsRoutes } from '../modules/outlets/outlets.routes.ts';
import { clientStaffRoutes } from '../modules/client-staff/client-staff.routes.ts';
import { cbPersonnelRoutes } from '../modules/cb-personnel/cb-personnel.routes.ts';
import { importsRoutes } from '../modules/imports/imports.routes.ts';
import { MAX_UPLOAD_BYTES } from './files.ts';
import { referenceRoutes } from '../modules/reference/reference.routes.ts';
import { schemesRoutes } from '../modules/schemes/schemes.routes.ts';
import { calculationsRoutes } from '../modules/calculations/calculations.routes.ts';
import { certificatesRoutes } from '../modules/certificates/certificates.routes.ts';
import { certificatesPublicRoutes } from '../modules/certificates/public.routes.ts';
import { applicationsRoutes } from '../modules/applications/applications.routes.ts';
import { programmesRoutes } from '../modules/programmes/programmes.routes.ts';
import { evaluationsRoutes } from '../modules/evaluations/evaluations.routes.ts';
import { findingsRoutes } from '../modules/findings/findings.routes.ts';
import { evidenceRoutes } from '../modules/evidence/evidence.routes.ts';
import { mysteryVisitsRoutes } from '../modules/mystery-visits/mystery-visits.routes.ts';
import { surveysRoutes } from '../modules/surveys/surveys.routes.ts';
import { surveysPublicRoutes } from '../modules/surveys/surveys-public.routes.ts';
import { DomainError } from '../domain/errors.ts';
import type { AppContext } from './context.ts';
import { AppError } from './errors.ts';
import { loggerOptions } from './logging.ts';

declare module 'fastify' {
  interface FastifyRequest {
    actor?: Actor;
    /** The session's CSRF token, for cookie-authenticated requests. */
    csrfToken?: string;
  }
  interface FastifyContextConfig {
    /** Routes reachable without signing in (health, login, public verification). */
    public?: boolean;
    /** The permission a caller needs; checked before the request body is even validated. */
    permission?: Permission;
  }
}

export type App = FastifyInstance;
export type ZodApp = FastifyInstance<
  RawServerDefault,
  IncomingMessage,
  ServerResponse,
  FastifyBaseLogger,
  ZodTypeProvider
>;
/** A capability's routes: registered on the app with the services' context. */
export type RouteModule = (app: ZodApp, ctx: AppContext) => void;

export interface BuildOptions {
  config: Config;
  database: Database;
  clock?: Clock;
  /** Serve the built web app from config.webDistDir when it exists (default true). */
  serveWeb?: boolean;
}

/** Builds the HTTP application without listening: the server and the tests use the same app. */
export async function buildApp(opts: BuildOptions): Promise<FastifyInstance> {
  const { config, database } = opts;
  const ctx: AppContext = {
    db: database.db,
    dialect: database.dialect,
    config,
    clock: opts.clock ?? systemClock,
  };
  const app = Fastify({
    logger: loggerOptions(config.logLevel),
    genReqId: (req) => {
      const given = req.headers['x-request-id'];
      return typeof given === 'string' && /^[\w-]{8,64}$/.test(given) ? given : randomUUID();
    },
    bodyLimit: config.bodyLimitBytes,
    trustProxy: config.trustProxy,
    // In-flight requests finish on close; idle keep-alive connections are dropped at once.
    forceCloseConnections: 'idle',
    return503OnClosing: true,
  });
  // The API speaks JSON only: anything else is refused with 415 rather than parsed as a string.
  app.removeContentTypeParser('text/plain');
  app.setValidatorCompiler(validatorCompiler);
  app.setSerializerCompiler(serializerCompiler);
  // Security headers (helmet's) and the request id, set by one synchronous hook. The headers are the
  // same on every response, so helmet computes them once at start-up (securityHeaders) instead of
  // per request, as @fastify/helmet's hooks do (rebuilding the CSP string each time).
  const security = await securityHeaders(HELMET_OPTIONS(config));
  const apiSecurity = apiSecurityHeaders(security);
  app.addHook('onRequest', (req, reply, done) => {
    const api = req.url.startsWith('/api/') && !req.url.startsWith('/api/docs');
    reply.headers(api ? apiSecurity : security).header('x-request-id', req.id);
    done();
  });
  await app.register(cookie);
  // File uploads (imports) are streamed by the route to a temporary file, never buffered whole.
  await app.register(multipart, { limits: { fileSize: MAX_UPLOAD_BYTES, files: 1, fields: 10, parts: 20 } });
  await app.register(rateLimit, {
    global: false,
    errorResponseBuilder: (req, context) =>
      new AppError(
        429,
        'rate_limited',
        `Too many requests. Try again in ${Math.ceil(context.ttl / 1000)} s.`,
        {
          retryAfterSeconds: Math.ceil(context.ttl / 1000),
        },
      ),
  });
  await app.register(swagger, {
    openapi: {
      info: {
        title: 'Starmark API',
        description: 'Service certification (GB/T 27922, ISO management systems) for certification bodies.',
        version: '0.1.0',
      },
      components: {
        securitySchemes: {
          session: { type: 'apiKey', in: 'cookie', name: 'starmark_session' },
          apiToken: { type: 'http', scheme: 'bearer' },
        },
      },
      security: [{ session: [] }, { apiToken: [] }],
    },
    transform: jsonSchemaTransform,
    transformObject: jsonSchemaTransformObject,
  });
  await app.register(swaggerUi, { routePrefix: '/api/docs', staticCSP: true });
  app.get('/api/openapi.json', { config: { public: true }, schema: { hide: true } }, async () =>
    app.swagger(),
  );

  // A callback hook, not an async one: anonymous public reads (the verification page and API, the
  // health check) have nothing to resolve and skip the promise — they are the public hot path.
  app.addHook('onRequest', (req, _reply, done) => {
    if (req.url.startsWith('/api/docs') || isAnonymousPublicRead(req)) return done();
    authenticate(ctx, req).then(() => done(), done);
  });

  app.setErrorHandler((error: FastifyError, req, reply) => sendError(error, req, reply));
  app.setNotFoundHandler({ preHandler: app.rateLimit({ max: 120, timeWindow: 60_000 }) }, (req, reply) => {
    if (req.method === 'GET' && !req.url.startsWith('/api/') && opts.serveWeb !== false && hasWeb(config)) {
      return reply.type('text/html').sendFile('index.html');
    }
    return reply
      .code(404)
      .send(errorBody(req, 'not_found', `No route ${req.method} ${req.url.split('?')[0]}`));
  });

  const router = app.withTypeProvider<ZodTypeProvider>();
  for (const routes of [
    healthRoutes,
    authRoutes,
    usersRoutes,
    organisationsRoutes,
    auditRoutes,
    apiTokensRoutes,
    schemesRoutes,
    calculationsRoutes,
    clientsRoutes,
    outletsRoutes,
    clientStaffRoutes,
    cbPersonnelRoutes,
    importsRoutes,
    referenceRoutes,
    certificatesRoutes,
    certificatesPublicRoutes,
    applicationsRoutes,
    programmesRoutes,
    evaluationsRoutes,
    findingsRoutes,
    evidenceRoutes,
    mysteryVisitsRoutes,
    surveysRoutes,
    surveysPublicRoutes,
  ]) {
    routes(router, ctx);
  }

  if (opts.serveWeb !== false && hasWeb(config)) {
    await app.register(fastifyStatic, {
      root: config.webDistDir,
      wildcard: false,
      index: ['index.html'],
      // Hashed assets never change; index.html must always be revalidated.
      setHeaders: (reply, file) => {
        reply.header(
          'cache-control',
          file.includes(`${path.sep}assets${path.sep}`) ? 'public, max-age=31536000, immutable' : 'no-cache',
        );
      },
    });
  }
  return app;
}

/** The options Starmark gives helmet (security headers on every response). */
const HELMET_OPTIONS = (config: Config): FastifyHelmetOptions => ({
  // HSTS and upgrade-insecure-requests only make sense once the site is served over HTTPS.
  hsts: config.cookieSecure,
  contentSecurityPolicy: {
    directives: {
      upgradeInsecureRequests: config.cookieSecure ? [] : null,
      defaultSrc: ["'self'"],
      scriptSrc: ["'self'"],
      // antd writes its styles at run time (CSS-in-JS).
      styleSrc: ["'self'", "'unsafe-inline'"],
      imgSrc: ["'self'", 'data:', 'blob:'],
      connectSrc: ["'self'"],
      fontSrc: ["'self'", 'data:'],
      objectSrc: ["'none'"],
      frameAncestors: ["'none'"],
    },
  },
});

/**
 * Helmet's headers for these options, computed once: helmet runs on one request to a throwaway
 * instance and its response headers are kept (its output does not depend on the request when no CSP
 * nonces are used).
 */
async function securityHeaders(options: FastifyHelmetOptions): Promise<Record<string, string>> {
  const probe = Fastify({ logger: false });
  await probe.register(helmet, options);
  probe.get('/', async () => '');
  const res = await probe.inject({ url: '/' });
  await probe.close();
  const skip = new Set(['content-type', 'content-length', 'date', 'connection', 'keep-alive']);
  return Object.fromEntries(
    Object.entries(res.headers)
      .filter(([k, v]) => !skip.has(k) && typeof v === 'string')
      .map(([k, v]) => [k, v as string]),
  );
}

/**
 * The API's answers are data (JSON, files to download), not pages: they carry the headers that matter
 * for data — no sniffing, no framing, nothing loaded by the answer itself, no referrer, HSTS when
 * served over HTTPS — and not those that only steer how a browser runs an HTML page (OWASP REST
 * Security Cheat Sheet, "Security headers"). Fewer bytes on every API answer, the public look-up
 * included.
 */
function apiSecurityHeaders(page: Record<string, string>): Record<string, string> {
  const keep = [
    'strict-transport-security',
    'x-content-type-options',
    'referrer-policy',
    'cross-origin-resource-policy',
  ];
  return {
    ...Object.fromEntries(keep.filter((k) => page[k] !== undefined).map((k) => [k, page[k]!])),
    'content-security-policy': "default-src 'none'; frame-ancestors 'none'",
    'x-frame-options': 'DENY',
  };
}

function hasWeb(config: Config): boolean {
  return fs.existsSync(path.join(config.webDistDir, 'index.html'));
}

function errorBody(req: FastifyRequest, code: string, message: string, details?: unknown) {
  return { error: { code, message, ...(details === undefined ? {} : { details }), requestId: req.id } };
}

/** One place turns every failure into `{ error: { code, message, details, requestId } }`. */
function sendError(error: FastifyError, req: FastifyRequest, reply: FastifyReply) {
  if (error instanceof AppError) {
    if (error.status === 429 && error.details) {
      reply.header('retry-after', String((error.details as { retryAfterSeconds: number }).retryAfterSeconds));
    }
    return reply.code(error.status).send(errorBody(req, error.code, error.message, error.details));
  }
  if (error instanceof DomainError) {
    // A rule of the domain refused the input; the details name the place (path) and every issue.
    return reply.code(422).send(
      errorBody(req, error.code, error.message, {
        ...error.details,
        ...(error.ruleId ? { ruleId: error.ruleId } : {}),
      }),
    );
  }
  if (hasZodFastifySchemaValidationErrors(error)) {
    const where = error.validationContext ?? 'body';
    const issues = error.validation.map((v) => {
      const keys = (v.params as { keys?: string[] }).keys;
      const field = [where, ...v.instancePath.split('/').filter(Boolean)].join('.');
      return keys
        ? { field: `${where}.${keys.join(',')}`, message: `unknown field(s): ${keys.join(', ')}` }
        : { field, message: v.message };
    });
    const first = issues[0]!;
    return reply
      .code(400)
      .send(
        errorBody(req, 'validation_failed', `Invalid request: ${first.field}: ${first.message}`, { issues }),
      );
  }
  switch (error.code) {
    case 'FST_ERR_CTP_BODY_TOO_LARGE':
      return reply.code(413).send(errorBody(req, 'body_too_large', 'The request body is too large.'));
    case 'FST_ERR_CTP_INVALID_MEDIA_TYPE':
      return reply
        .code(415)
        .send(errorBody(req, 'unsupported_media_type', 'Send the body as application/json.'));
    case 'FST_ERR_CTP_EMPTY_JSON_BODY':
    case 'FST_ERR_CTP_INVALID_JSON_BODY':
      return reply.code(400).send(errorBody(req, 'malformed_json', 'The request body is not valid JSON.'));
  }
  if (error.statusCode && error.statusCode >= 400 && error.statusCode < 500) {
    return reply
      .code(error.statusCode)
      .send(errorBody(req, 'bad_request', error.message.replace(/^FST_\w+: /, '')));
  }
  req.log.error({ err: error }, 'unhandled error');
  return reply
    .code(500)
    .send(
      errorBody(
        req,
        'internal_error',
        'Something went wrong on our side. Quote the request id when you report it.',
      ),
    );
}
