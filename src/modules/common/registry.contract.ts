import { z } from 'zod';
import { validateDivisionCode } from '../../domain/registry/divisions.ts';
import { findIndustry } from '../../domain/registry/industries-gbt4754.ts';

/** Shared pieces of the registry contracts (clients, outlets, staff, personnel). */

/** A calendar date, YYYY-MM-DD. */
export const IsoDate = z
  .string()
  .regex(/^\d{4}-\d{2}-\d{2}$/, 'must be a date YYYY-MM-DD')
  .refine((v) => {
    const t = Date.parse(`${v}T00:00:00Z`);
    return !Number.isNaN(t) && new Date(t).toISOString().slice(0, 10) === v;
  }, 'must be a real date');

/** A six-digit GB/T 2260 administrative division code that exists. */
export const DivisionCode = z
  .string()
  .trim()
  .refine((v) => validateDivisionCode(v).valid, 'must be a GB/T 2260 administrative division code');

/** A GB/T 4754-2017 section letter or two-digit division. */
export const IndustryCode = z
  .string()
  .trim()
  .transform((v) => v.toUpperCase())
  .refine((v) => findIndustry(v) !== undefined, 'must be a GB/T 4754-2017 section (A–T) or division (01–97)')
  .transform((v) => findIndustry(v)!.code);

export const DivisionRef = z
  .object({
    code: z.string(),
    name: z.string(),
    fullName: z.string(),
    level: z.enum(['province', 'city', 'county']),
    provinceCode: z.string(),
    provinceName: z.string(),
    cityCode: z.string().nullable(),
    cityName: z.string().nullable(),
  })
  .meta({ id: 'DivisionRef' });
export type DivisionRef = z.infer<typeof DivisionRef>;

export const IndustryRef = z
  .object({
    code: z.string(),
    sectionCode: z.string(),
    sectionZh: z.string(),
    divisionCode: z.string().nullable(),
    divisionZh: z.string().nullable(),
    label: z.string(),
  })
  .meta({ id: 'IndustryRef' });
export type IndustryRef = z.infer<typeof IndustryRef>;

/** Keyset pagination: pass `nextCursor` of a page as `after` to get the next; `total` counts every match. */
export const KeysetQuery = {
  after: z.string().max(500).optional(),
  limit: z.coerce.number().int().min(1).max(500).default(50),
};

export function keysetPageOf<T extends z.ZodType>(item: T) {
  return z.object({
    items: z.array(item),
    total: z.number().int(),
    nextCursor: z.string().nullable(),
  });
}

/** A short list of strings (categories, languages, codes): trimmed, non-empty, no duplicates. */
export const StringList = (max = 50, each = 100) =>
  z
    .array(z.string().trim().min(1).max(each))
    .max(max)
    .transform((xs) => [...new Set(xs)]);

export const ImportModeQuery = z.enum(['dryRun', 'allOrNothing', 'validOnly']);
export const FileFormat = z.enum(['xlsx', 'csv']);
