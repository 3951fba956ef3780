import { z } from 'zod';
import { LocalizedTextSchema, UrnSchema } from '../../domain/schemes/package-schema.ts';
import { Id, Instant } from '../common/common.contract.ts';

export const SchemeIssueResponse = z
  .object({
    severity: z.enum(['error', 'warning']),
    code: z.string(),
    path: z.string(),
    message: z.string(),
    /** 1-based line in the YAML the package was imported from, when known. */
    line: z.number().int().nullable(),
    column: z.number().int().nullable(),
  })
  .meta({ id: 'SchemeIssue' });
export type SchemeIssueResponse = z.infer<typeof SchemeIssueResponse>;

export const SchemeVersionSummary = z
  .object({
    id: Id,
    urn: z.string(),
    schemeVersion: z.string(),
    kind: z.enum(['reference', 'body']),
    status: z.enum(['draft', 'published']),
    builtin: z.boolean(),
    title: z.object({ zh: z.string(), en: z.string().nullable() }),
    category: z.string(),
    contentHash: z.string().nullable(),
    derivedFrom: z.object({ id: Id, urn: z.string(), schemeVersion: z.string() }).nullable(),
    /** Nodes whose values no source confirms: a body replaces them with its filed rule's values. */
    provisionalCount: z.number().int(),
    publishedAt: Instant.nullable(),
    createdAt: Instant,
    updatedAt: Instant,
    version: z.number().int(),
  })
  .meta({ id: 'SchemeVersionSummary' });
export type SchemeVersionSummary = z.infer<typeof SchemeVersionSummary>;

export const SchemeVersionListResponse = z
  .object({ items: z.array(SchemeVersionSummary) })
  .meta({ id: 'SchemeVersionListResponse' });

export const SchemeVersionDetail = z
  .object({
    summary: SchemeVersionSummary,
    /** The full package (starmark/scheme-package@1); see docs/schemes.md. */
    package: z.record(z.string(), z.unknown()),
    /** For a body version: its overlay (starmark/scheme-overlay@1). */
    overlay: z.record(z.string(), z.unknown()).nullable(),
    /** Validation of the package as it stands; a draft with errors cannot be published. */
    issues: z.array(SchemeIssueResponse),
  })
  .meta({ id: 'SchemeVersionDetail' });
export type SchemeVersionDetail = z.infer<typeof SchemeVersionDetail>;

export const SchemeImportBody = z
  .strictObject({
    /** The package as YAML (or JSON, which is YAML too). */
    yaml: z.string().min(1).max(2_000_000),
  })
  .meta({ id: 'SchemeImportBody' });

export const SchemeImportResponse = z
  .object({ ok: z.boolean(), issues: z.array(SchemeIssueResponse), scheme: SchemeVersionSummary.nullable() })
  .meta({ id: 'SchemeImportResponse' });
export type SchemeImportResponse = z.infer<typeof SchemeImportResponse>;

export const SchemeDeriveBody = z
  .strictObject({
    // The package format's own rules, so that what the API accepts the package accepts too.
    urn: UrnSchema,
    schemeVersion: z.string().trim().min(1).max(50),
    title: LocalizedTextSchema.optional(),
  })
  .meta({ id: 'SchemeDeriveBody' });
export type SchemeDeriveBody = z.infer<typeof SchemeDeriveBody>;

export const SchemeOverlayBody = z
  .strictObject({
    /** The overlay's changes and policy overrides (starmark/scheme-overlay@1 `changes` and `policies`). */
    changes: z.array(z.record(z.string(), z.unknown())),
    policies: z.record(z.string(), z.unknown()).optional(),
    version: z.number().int().min(1),
  })
  .meta({ id: 'SchemeOverlayBody' });
export type SchemeOverlayBody = z.infer<typeof SchemeOverlayBody>;

export const SchemeDiffQuery = z.strictObject({ against: Id });

export const SchemeDiffResponse = z
  .object({
    from: SchemeVersionSummary,
    to: SchemeVersionSummary,
    /** added, removed, changed nodes and points changes (see src/domain/schemes/diff.ts). */
    diff: z.record(z.string(), z.unknown()),
  })
  .meta({ id: 'SchemeDiffResponse' });
