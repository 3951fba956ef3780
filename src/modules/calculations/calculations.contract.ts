import { z } from 'zod';
import { AUDIT_STAGES } from '../../domain/schemes/index.ts';

const SchemeRef = z.strictObject({ urn: z.string().min(1), version: z.string().min(1) });

export const SampleDrawBody = z
  .strictObject({
    scheme: SchemeRef,
    stage: z.enum(AUDIT_STAGES),
    /** Recorded with the sample: the same seed and outlets always give the same sample. */
    seed: z.union([z.string().min(1).max(100), z.number().int()]),
    outlets: z
      .array(
        z.strictObject({
          id: z.string().min(1).max(100),
          region: z.string().min(1).max(100),
          ownership: z.enum(['owned', 'contracted']),
          headquarters: z.boolean().optional(),
          risk: z
            .strictObject({
              earlierFindings: z.number().int().min(0).optional(),
              complaints: z.number().int().min(0).optional(),
              isNew: z.boolean().optional(),
            })
            .optional(),
        }),
      )
      .max(100_000),
  })
  .meta({ id: 'SampleDrawBody' });

export const EffortBody = z
  .strictObject({
    scheme: SchemeRef,
    stage: z.enum(AUDIT_STAGES),
    enterprise: z.strictObject({
      size: z.string().optional(),
      employees: z.number().int().min(0).optional(),
    }),
    visitedOutlets: z.union([
      z.number().int().min(0),
      z.array(z.strictObject({ id: z.string().min(1), staff: z.number().int().min(0).optional() })),
    ]),
    adjustments: z
      .array(z.strictObject({ personDays: z.number(), justification: z.string().trim().min(1).max(1000) }))
      .optional(),
  })
  .meta({ id: 'EffortBody' });

/** Engine results are documented in docs/scoring.md; they are passed through as the engine made them. */
export const CalculationResult = z.record(z.string(), z.unknown()).meta({ id: 'CalculationResult' });
