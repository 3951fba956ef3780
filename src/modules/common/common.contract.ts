import { z } from 'zod';

/** The body of every error answer. `code` is stable and the web renders `errors.<code>` from it. */
export const ErrorResponse = z
  .object({
    error: z.object({
      code: z.string(),
      message: z.string(),
      details: z.unknown().optional(),
      requestId: z.string().optional(),
    }),
  })
  .meta({ id: 'ErrorResponse' });
export type ErrorResponse = z.infer<typeof ErrorResponse>;

export const Id = z.uuid();
export const IdParams = z.strictObject({ id: Id });

/** ISO-8601 instant in UTC, e.g. 2026-11-30T01:29:19.123Z. */
export const Instant = z.string();

/** Optimistic concurrency: every edit names the version it was based on. */
export const VersionBody = z.strictObject({ version: z.number().int().min(1) }).meta({ id: 'VersionBody' });
export type VersionBody = z.infer<typeof VersionBody>;

export const PageQuery = {
  page: z.coerce.number().int().min(1).default(1),
  pageSize: z.coerce.number().int().min(1).max(200).default(20),
};

export function pageOf<T extends z.ZodType>(item: T) {
  return z.object({
    items: z.array(item),
    total: z.number().int(),
    page: z.number().int(),
    pageSize: z.number().int(),
  });
}

export const LOCALES = ['zh-CN', 'en'] as const;
export const Locale = z.enum(LOCALES);
export type Locale = z.infer<typeof Locale>;
