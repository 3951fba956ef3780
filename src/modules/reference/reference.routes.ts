import { z } from 'zod';
import { childDivisions, DIVISION_SOURCE } from '../../domain/registry/divisions.ts';
import { GBT4754_VERSION, INDUSTRY_SECTIONS } from '../../domain/registry/industries-gbt4754.ts';
import type { RouteModule } from '../../http/app.ts';
import { ErrorResponse } from '../common/common.contract.ts';

const DivisionListResponse = z
  .object({
    source: z.string(),
    items: z.array(
      z.object({
        code: z.string(),
        name: z.string(),
        level: z.enum(['province', 'city', 'county']),
        hasChildren: z.boolean(),
      }),
    ),
  })
  .meta({ id: 'DivisionListResponse' });

const IndustryListResponse = z
  .object({
    version: z.string(),
    sections: z.array(
      z.object({
        code: z.string(),
        zh: z.string(),
        en: z.string(),
        divisions: z.array(z.object({ code: z.string(), zh: z.string(), en: z.string() })),
      }),
    ),
  })
  .meta({ id: 'IndustryListResponse' });

const errors = { 400: ErrorResponse, 401: ErrorResponse };
const tags = ['reference data'];

/** Reference data for forms (cascading division pickers, industry pickers): any signed-in user. */
export const referenceRoutes: RouteModule = (app) => {
  app.get(
    '/api/reference/divisions',
    {
      schema: {
        tags,
        summary: 'GB/T 2260 administrative divisions under a parent (provinces when no parent is given)',
        querystring: z.strictObject({
          parent: z
            .string()
            .regex(/^\d{6}$/)
            .optional(),
        }),
        response: { 200: DivisionListResponse, ...errors },
      },
    },
    async (req) => ({
      source: DIVISION_SOURCE,
      items: childDivisions(req.query.parent).map((d) => ({
        code: d.code,
        name: d.name,
        level: d.level,
        hasChildren: d.level !== 'county' && childDivisions(d.code).length > 0,
      })),
    }),
  );

  app.get(
    '/api/reference/industries',
    {
      schema: {
        tags,
        summary: 'GB/T 4754-2017 industry sections and divisions',
        response: { 200: IndustryListResponse, ...errors },
      },
    },
    async () => ({
      version: GBT4754_VERSION,
      sections: INDUSTRY_SECTIONS.map((s) => ({ ...s, divisions: [...s.divisions] })),
    }),
  );
};
