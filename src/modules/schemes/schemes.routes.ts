import { z } from 'zod';
import type { RouteModule } from '../../http/app.ts';
import { actorOf } from '../auth/authenticate.ts';
import { ErrorResponse, IdParams, VersionBody } from '../common/common.contract.ts';
import {
  SchemeDeriveBody,
  SchemeDiffQuery,
  SchemeDiffResponse,
  SchemeImportBody,
  SchemeImportResponse,
  SchemeOverlayBody,
  SchemeVersionDetail,
  SchemeVersionListResponse,
  SchemeVersionSummary,
} from './schemes.contract.ts';
import {
  deriveSchemeVersion,
  diffSchemes,
  exportScheme,
  getSchemeVersion,
  importSchemeYaml,
  listSchemeVersions,
  publishScheme,
  updateSchemeOverlay,
} from './schemes.service.ts';

const errors = {
  400: ErrorResponse,
  401: ErrorResponse,
  403: ErrorResponse,
  404: ErrorResponse,
  409: ErrorResponse,
  422: ErrorResponse,
};
const tags = ['schemes'];
const read = { permission: 'schemes.read' as const };
const manage = { permission: 'schemes.manage' as const };

export const schemesRoutes: RouteModule = (app, ctx) => {
  app.get(
    '/api/schemes',
    {
      config: read,
      schema: {
        tags,
        summary: 'The scheme library: built-in references and the body’s versions',
        response: { 200: SchemeVersionListResponse, ...errors },
      },
    },
    async (req) => ({ items: await listSchemeVersions(ctx, actorOf(req)) }),
  );

  app.get(
    '/api/schemes/:id',
    {
      config: read,
      schema: {
        tags,
        summary: 'One scheme version: its tree, policies, overlay and validation',
        params: IdParams,
        response: { 200: SchemeVersionDetail, ...errors },
      },
    },
    async (req) => getSchemeVersion(ctx, actorOf(req), req.params.id),
  );

  app.post(
    '/api/schemes/import',
    {
      config: manage,
      bodyLimit: 4 * 1024 * 1024,
      schema: {
        tags,
        summary: 'Import a package from YAML as a draft; problems come back with their line numbers',
        body: SchemeImportBody,
        response: { ...errors, 201: SchemeImportResponse, 422: SchemeImportResponse },
      },
    },
    async (req, reply) => {
      const result = await importSchemeYaml(ctx, actorOf(req), req.body.yaml, req.id);
      return reply.code(result.ok ? 201 : 422).send(result);
    },
  );

  app.post(
    '/api/schemes/:id/derive',
    {
      config: manage,
      schema: {
        tags,
        summary: 'Derive a body version (draft) from a published reference version',
        params: IdParams,
        body: SchemeDeriveBody,
        response: { 201: SchemeVersionSummary, ...errors },
      },
    },
    async (req, reply) =>
      reply.code(201).send(await deriveSchemeVersion(ctx, actorOf(req), req.params.id, req.body, req.id)),
  );

  app.put(
    '/api/schemes/:id/overlay',
    {
      config: manage,
      schema: {
        tags,
        summary: 'Replace a body draft’s changes (points, items, guidance) and policy overrides',
        params: IdParams,
        body: SchemeOverlayBody,
        response: { 200: SchemeVersionDetail, ...errors },
      },
    },
    async (req) => updateSchemeOverlay(ctx, actorOf(req), req.params.id, req.body, req.id),
  );

  app.post(
    '/api/schemes/:id/publish',
    {
      config: manage,
      schema: {
        tags,
        summary: 'Publish a draft: freeze it under its content hash',
        params: IdParams,
        body: VersionBody,
        response: { 200: SchemeVersionSummary, ...errors },
      },
    },
    async (req) => publishScheme(ctx, actorOf(req), req.params.id, req.body.version, req.id),
  );

  app.get(
    '/api/schemes/:id/diff',
    {
      config: read,
      schema: {
        tags,
        summary: 'What changed from another version to this one: nodes added, removed, changed, points',
        params: IdParams,
        querystring: SchemeDiffQuery,
        response: { 200: SchemeDiffResponse, ...errors },
      },
    },
    async (req) => diffSchemes(ctx, actorOf(req), req.query.against, req.params.id),
  );

  app.get(
    '/api/schemes/:id/export',
    {
      config: read,
      schema: {
        tags,
        summary: 'Download the package as YAML',
        params: IdParams,
        response: { 200: z.string(), ...errors },
      },
    },
    async (req, reply) => {
      const { filename, yaml } = await exportScheme(ctx, actorOf(req), req.params.id);
      return reply
        .type('application/yaml; charset=utf-8')
        .header('content-disposition', `attachment; filename="${filename}"`)
        .send(yaml);
    },
  );
};
