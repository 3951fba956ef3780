import { z } from 'zod';
import { drawOutletSample } from '../../domain/sampling/index.ts';
import { computeEffortPersonDays } from '../../domain/effort/index.ts';
import { parseEvaluationDocument, scoreEvaluation } from '../../domain/scoring/index.ts';
import type { RouteModule } from '../../http/app.ts';
import { actorOf } from '../auth/authenticate.ts';
import { ErrorResponse } from '../common/common.contract.ts';
import { publishedScheme } from '../schemes/schemes.service.ts';
import { CalculationResult, EffortBody, SampleDrawBody } from './calculations.contract.ts';

const errors = {
  400: ErrorResponse,
  401: ErrorResponse,
  403: ErrorResponse,
  413: ErrorResponse,
  422: ErrorResponse,
};
const tags = ['calculations'];

/**
 * The pure engines behind an HTTP door: score an evaluation document, draw an outlet sample, compute
 * effort — each against a published scheme version of the caller's body, with the full trace.
 */
export const calculationsRoutes: RouteModule = (app, ctx) => {
  app.post(
    '/api/calculations/score',
    {
      config: { permission: 'calculations.run' },
      // Evaluation documents with many outlets, visits and responses are large.
      bodyLimit: 50 * 1024 * 1024,
      schema: {
        tags,
        summary: 'Score an evaluation document (docs/scoring.md) and return the result with its trace',
        body: z
          .record(z.string(), z.unknown())
          .meta({ id: 'EvaluationDocument', description: 'starmark/evaluation@1, see docs/scoring.md' }),
        response: { 200: CalculationResult, ...errors },
      },
    },
    async (req) => {
      const doc = parseEvaluationDocument(req.body);
      const scheme = await publishedScheme(ctx, actorOf(req).cbId, doc.scheme.urn, doc.scheme.version);
      return scoreEvaluation(scheme, doc) as unknown as Record<string, unknown>;
    },
  );

  app.post(
    '/api/calculations/sample',
    {
      config: { permission: 'calculations.run' },
      bodyLimit: 20 * 1024 * 1024,
      schema: {
        tags,
        summary: 'Draw the outlet sample (reproducible from the seed), with why each outlet was chosen',
        body: SampleDrawBody,
        response: { 200: CalculationResult, ...errors },
      },
    },
    async (req) => {
      const scheme = await publishedScheme(
        ctx,
        actorOf(req).cbId,
        req.body.scheme.urn,
        req.body.scheme.version,
      );
      return drawOutletSample(scheme.package.policies.sampling, req.body) as unknown as Record<
        string,
        unknown
      >;
    },
  );

  app.post(
    '/api/calculations/effort',
    {
      config: { permission: 'calculations.run' },
      schema: {
        tags,
        summary: 'Compute evaluation effort in person-days, with every intermediate value',
        body: EffortBody,
        response: { 200: CalculationResult, ...errors },
      },
    },
    async (req) => {
      const scheme = await publishedScheme(
        ctx,
        actorOf(req).cbId,
        req.body.scheme.urn,
        req.body.scheme.version,
      );
      return computeEffortPersonDays(scheme.package.policies.effort, req.body) as unknown as Record<
        string,
        unknown
      >;
    },
  );
};
