import { hash } from 'node:crypto';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { z } from 'zod';
import type { RouteModule } from '../../http/app.ts';
import { notFound } from '../../http/errors.ts';
import { ErrorResponse } from '../common/common.contract.ts';
import {
  KidParams,
  PublicLookupQuery,
  PublicLookupResponse,
  PublicSigningKey,
  PublicSigningKeysResponse,
  PublicTokenQuery,
  PublicTokenResponse,
} from './certificates.contract.ts';
import {
  lookupByNumber,
  openPublicReader,
  publicSigningKeys,
  searchByName,
  verifyToken,
} from './public-verification.ts';
import { renderVerifyPage } from './verify-page.ts';

const tags = ['public verification'];
const errors = { 400: ErrorResponse, 429: ErrorResponse };

/**
 * Sends a body with an ETag and `Cache-Control: no-cache`: caches and browsers may keep it but must
 * revalidate, so a suspension shows at the next look (a 304 when nothing changed).
 */
function sendRevalidated(req: FastifyRequest, reply: FastifyReply, body: string, type: string) {
  const etag = `W/"${hash('sha1', body, 'base64url')}"`;
  reply.header('etag', etag).header('cache-control', 'public, no-cache').header('vary', 'accept-encoding');
  if (req.headers['if-none-match'] === etag) return reply.code(304).send();
  return reply.type(type).send(body);
}

/** Public verification: the HTML page and the JSON API, no sign-in, rate-limited per client address. */
export const certificatesPublicRoutes: RouteModule = (app, ctx) => {
  const config = {
    public: true,
    rateLimit: { max: ctx.config.verifyRatePerMinute, timeWindow: 60_000 },
  } as const;

  // Opened on first use (the database file exists by then), closed with the app.
  let reader: ReturnType<typeof openPublicReader> | undefined;
  app.addHook('onClose', async () => reader?.close());
  const lookup = (q: { no?: string; name?: string }) =>
    q.no
      ? lookupByNumber(ctx, q.no, (reader ??= openPublicReader(ctx)))
      : q.name
        ? searchByName(ctx, q.name)
        : Promise.resolve(null);

  app.get(
    '/verify',
    {
      config,
      schema: {
        hide: true,
        querystring: z.object({
          no: z.string().trim().max(60).optional(),
          name: z.string().trim().max(100).optional(),
        }),
      },
    },
    async (req, reply) => {
      const no = req.query.no || undefined;
      const name = req.query.name || undefined;
      const found = await lookup({ no, name });
      const html = renderVerifyPage({ no, name, results: found?.items, truncated: found?.truncated });
      return sendRevalidated(req, reply, html, 'text/html; charset=utf-8');
    },
  );

  // A wildcard, not a parameter: QR tokens are longer than Fastify's parameter limit.
  app.get('/verify/*', { config, schema: { hide: true } }, async (req, reply) => {
    const token = (req.params as { '*': string })['*'];
    const html = renderVerifyPage({ token: await verifyToken(ctx, token) });
    return sendRevalidated(req, reply, html, 'text/html; charset=utf-8');
  });

  app.get(
    '/api/public/certificates',
    {
      config,
      schema: {
        tags,
        summary: 'Look up certificates by number (no) or company name (name: prefix, then fuzzy); no sign-in',
        security: [],
        querystring: PublicLookupQuery,
        response: { 200: PublicLookupResponse, ...errors },
      },
    },
    async (req, reply) => {
      const found = (await lookup(req.query)) ?? { items: [], truncated: false };
      // presentPublic builds each item from PublicCertificate's allow-list, so the body is serialised
      // as built (test/api/certificates.api.test.ts checks it against the schema); parsing it again
      // with zod per request cost more than the look-up.
      return sendRevalidated(req, reply, JSON.stringify(found), 'application/json; charset=utf-8');
    },
  );

  app.get(
    '/api/public/certificates/verify',
    {
      config,
      schema: {
        tags,
        summary: 'Check a QR token (signature, then the certificate’s current status); no sign-in',
        security: [],
        querystring: PublicTokenQuery,
        response: { 200: PublicTokenResponse, ...errors },
      },
    },
    async (req, reply) => {
      const result = PublicTokenResponse.parse(await verifyToken(ctx, req.query.token));
      return sendRevalidated(req, reply, JSON.stringify(result), 'application/json; charset=utf-8');
    },
  );

  app.get(
    '/api/public/signing-keys',
    {
      config,
      schema: {
        tags,
        summary:
          'The certification bodies’ Ed25519 public keys for offline verification (docs/certificates.md)',
        security: [],
        response: { 200: PublicSigningKeysResponse, ...errors },
      },
    },
    async (_req, reply) => {
      reply.header('cache-control', 'public, max-age=3600');
      return { items: await publicSigningKeys(ctx) };
    },
  );

  app.get(
    '/api/public/signing-keys/:kid',
    {
      config,
      schema: {
        tags,
        summary: 'One public key by its kid (the second field of a QR payload)',
        security: [],
        params: KidParams,
        response: { 200: PublicSigningKey, 404: ErrorResponse, ...errors },
      },
    },
    async (req, reply) => {
      const [key] = await publicSigningKeys(ctx, req.params.kid);
      if (!key) throw notFound('Signing key');
      reply.header('cache-control', 'public, max-age=3600');
      return key;
    },
  );
};
