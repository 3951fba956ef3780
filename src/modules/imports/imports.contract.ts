import { z } from 'zod';
import { Id } from '../common/common.contract.ts';
import { OutletListQuery } from '../outlets/outlets.contract.ts';
import { IMPORT_MODES } from './import-engine.ts';

export const ImportQuery = z.strictObject({
  /**
   * dryRun: check only, list every bad row; allOrNothing (default): apply when no row is bad, else
   * nothing; validOnly: apply the good rows, list the bad ones.
   */
  mode: z.enum(IMPORT_MODES).default('allOrNothing'),
});
export type ImportQuery = z.infer<typeof ImportQuery>;

export const RowErrorResponse = z.object({
  row: z.number().int(),
  column: z.string().nullable(),
  header: z.string().nullable(),
  cell: z.string().nullable(),
  /** Stable machine code (required, too_long, invalid_division_code, duplicate_in_file, …). */
  code: z.string(),
  /** Values the message is built from, e.g. { max: 64 }. */
  params: z.record(z.string(), z.union([z.string(), z.number()])),
  /** The problem in English. */
  reason: z.string(),
  value: z.string().nullable(),
});

export const ImportResultResponse = z
  .object({
    importId: Id,
    kind: z.enum(['outlets', 'staff']),
    mode: z.enum(IMPORT_MODES),
    /** dryRun: nothing written; applied: written (the valid rows, in validOnly); rejected: nothing written. */
    outcome: z.enum(['dryRun', 'applied', 'rejected']),
    fileName: z.string().nullable(),
    format: z.enum(['xlsx', 'csv']),
    encoding: z.string().nullable(),
    /** Data rows in the file (empty rows are not counted). */
    rows: z.number().int(),
    validRows: z.number().int(),
    invalidRows: z.number().int(),
    /** For a dry run or a rejected import: what applying would do. */
    created: z.number().int(),
    updated: z.number().int(),
    unchanged: z.number().int(),
    errors: z.array(RowErrorResponse),
    errorCount: z.number().int(),
    errorsTruncated: z.boolean(),
  })
  .meta({ id: 'ImportResultResponse' });
export type ImportResultResponse = z.infer<typeof ImportResultResponse>;

export const ExportQuery = z.strictObject({
  format: z.enum(['xlsx', 'csv']).default('xlsx'),
  /** CSV only: UTF-8 with BOM (default) or GBK for older Excel versions. */
  encoding: z.enum(['utf-8', 'gbk']).default('utf-8'),
  // Outlets only: the list's filters (as GET …/outlets takes them), so the export is the list shown.
  ...OutletListQuery.pick({
    q: true,
    status: true,
    ownership: true,
    channel: true,
    divisionCode: true,
  }).shape,
});
export type ExportQuery = z.infer<typeof ExportQuery>;

export const TemplateQuery = z.strictObject({ format: z.enum(['xlsx', 'csv']).default('xlsx') });
export type TemplateQuery = z.infer<typeof TemplateQuery>;
