import { createHash, randomUUID } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Executor } from '../../db/database.ts';
import { toInstant } from '../../db/time.ts';
import {
  clientStaffRepository,
  serviceManagersRepository,
} from '../../db/repositories/client-staff.repository.ts';
import type { ServiceManagerRow } from '../../db/schema.ts';
import { outletsRepository } from '../../db/repositories/outlets.repository.ts';
import type { Permission } from '../../domain/access/roles.ts';
import type { AppContext } from '../../http/context.ts';
import { AppError } from '../../http/errors.ts';
import { requirePermission, type Actor } from '../auth/actor.ts';
import { appendAudit } from '../audit/audit.service.ts';
import { visibleClient } from '../clients/clients.service.ts';
import { STAFF_COLUMNS } from '../client-staff/staff-fields.ts';
import { staffCells, staffImportSpec } from '../client-staff/client-staff.service.ts';
import { OUTLET_COLUMNS, outletCells, valuesOf } from '../outlets/outlet-fields.ts';
import { outletImportSpec } from '../outlets/outlets.service.ts';
import { mayReadPersonalData, personalDataCipher } from '../personal-data/personal-data.ts';
import type { ColumnSpec } from './columns.ts';
import { runImport, type ImportMode, type ImportRun, type ImportSpec } from './import-engine.ts';
import type { ExportQuery, ImportResultResponse } from './imports.contract.ts';
import { writeSheet, type OutCell } from './tabular-writer.ts';

export type TableKind = 'outlets' | 'staff';

const TABLES: Record<
  TableKind,
  { columns: readonly ColumnSpec[]; sheet: string; zh: string; manage: Permission }
> = {
  outlets: { columns: OUTLET_COLUMNS, sheet: '服务网点 Outlets', zh: '服务网点', manage: 'outlets.manage' },
  staff: { columns: STAFF_COLUMNS, sheet: '售后服务人员 Staff', zh: '售后服务人员', manage: 'staff.manage' },
};

async function sha256(file: string): Promise<string> {
  const h = createHash('sha256');
  for await (const chunk of fs.createReadStream(file)) h.update(chunk as Buffer);
  return h.digest('hex');
}

class Rejected extends Error {
  constructor(readonly run: ImportRun) {
    super('rejected');
  }
}

/**
 * Imports a file of outlets or staff into one client. A dry run writes nothing; an apply runs in one
 * transaction with one audit entry (per-outlet history goes to outlet_changes), so the import lands
 * whole or not at all.
 */
export async function importTable(
  ctx: AppContext,
  actor: Actor,
  kind: TableKind,
  clientId: string,
  upload: { file: string; fileName: string | null },
  mode: ImportMode,
  requestId: string | null,
): Promise<ImportResultResponse> {
  requirePermission(actor, TABLES[kind].manage);
  await visibleClient(ctx.db, actor, clientId);
  const importId = randomUUID();
  const now = ctx.clock();
  const at = toInstant(now);
  const specFor = (): ImportSpec<string, unknown> =>
    (kind === 'outlets'
      ? outletImportSpec(actor, clientId, importId, at)
      : staffImportSpec(ctx, actor, clientId, at)) as unknown as ImportSpec<string, unknown>;
  const opts = { mode, maxRows: ctx.config.importMaxRows };
  const result = (run: ImportRun, outcome: ImportResultResponse['outcome']): ImportResultResponse => ({
    importId,
    kind,
    mode,
    outcome,
    fileName: upload.fileName,
    format: run.format,
    encoding: run.encoding,
    rows: run.rows,
    validRows: run.validRows,
    invalidRows: run.invalidRows,
    created: run.created,
    updated: run.updated,
    unchanged: run.unchanged,
    errors: run.errors,
    errorCount: run.errorCount,
    errorsTruncated: run.errorsTruncated,
  });
  if (mode === 'dryRun') return result(await runImport(ctx.db, specFor(), upload.file, opts), 'dryRun');
  const digest = await sha256(upload.file);
  try {
    const run = await ctx.db.transaction().execute(async (trx: Executor) => {
      const r = await runImport(trx, specFor(), upload.file, opts);
      if (mode === 'allOrNothing' && r.errorCount > 0) throw new Rejected(r);
      await appendAudit(
        trx,
        { actor, occurredAt: now, requestId },
        {
          action: `${kind === 'outlets' ? 'outlet' : 'staff'}.import`,
          entityType: 'client',
          entityId: clientId,
          after: {
            importId,
            fileName: upload.fileName,
            sha256: digest,
            format: r.format,
            mode,
            rows: r.rows,
            created: r.created,
            updated: r.updated,
            unchanged: r.unchanged,
            invalidRows: r.invalidRows,
          },
        },
      );
      return r;
    });
    return result(run, 'applied');
  } catch (e) {
    if (e instanceof Rejected) {
      const r = result(e.run, 'rejected');
      throw new AppError(
        422,
        'import_rejected',
        `${e.run.invalidRows} of ${e.run.rows} rows have errors; nothing was imported. Fix them, or import the valid rows only.`,
        r,
      );
    }
    throw e;
  }
}

export interface FileAnswer {
  file: string;
  fileName: string;
  contentType: string;
}

const CONTENT_TYPES = {
  xlsx: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
  csv: 'text/csv; charset=utf-8',
} as const;

const tempFile = (ext: string) => path.join(os.tmpdir(), `starmark-${randomUUID()}.${ext}`);

/** Exports a client's outlets or staff in the import format, so that the file imports back unchanged. */
export async function exportTable(
  ctx: AppContext,
  actor: Actor,
  kind: TableKind,
  clientId: string,
  q: ExportQuery,
): Promise<FileAnswer> {
  requirePermission(actor, 'clients.read');
  const client = await visibleClient(ctx.db, actor, clientId);
  const cipher = personalDataCipher(ctx.config);
  const reveal = kind === 'staff' && mayReadPersonalData(actor);
  async function* rows(): AsyncIterable<OutCell[]> {
    if (kind === 'outlets' && (q.q || q.status || q.ownership || q.channel || q.divisionCode)) {
      // The list's filters: the same query as the list, a keyset page at a time in code order.
      let after: [string, string] | undefined;
      for (;;) {
        const page = await outletsRepository.list(ctx.db, {
          cbId: actor.cbId,
          clientId,
          q: q.q,
          status: q.status,
          ownership: q.ownership,
          channel: q.channel,
          divisionCode: q.divisionCode,
          sort: 'code',
          after,
          limit: 2000,
        });
        for (const o of page.items) yield outletCells(valuesOf(o));
        const last = page.items[page.items.length - 1];
        if (!page.next || !last) return;
        after = [last.code, last.id];
      }
    } else if (kind === 'outlets') {
      for await (const o of outletsRepository.stream(ctx.db, actor.cbId, clientId))
        yield outletCells(valuesOf(o));
    } else {
      // A person with several certificates is exported with the one valid longest.
      const managers = new Map<string, ServiceManagerRow>();
      for (const m of await serviceManagersRepository.list(ctx.db, actor.cbId, clientId)) {
        if (!m.staffId || m.status !== 'active') continue;
        const held = managers.get(m.staffId);
        if (!held || held.validUntil < m.validUntil) managers.set(m.staffId, m);
      }
      for await (const s of clientStaffRepository.stream(ctx.db, actor.cbId, clientId))
        yield staffCells(s, cipher, reveal, managers.get(s.id));
    }
  }
  const file = tempFile(q.format);
  try {
    const count = await writeSheet(file, TABLES[kind].columns, rows(), {
      format: q.format,
      sheetName: TABLES[kind].sheet,
      encoding: q.encoding,
    });
    await ctx.db.transaction().execute((trx) =>
      appendAudit(
        trx,
        { actor, occurredAt: ctx.clock(), requestId: null },
        {
          action: `${kind === 'outlets' ? 'outlet' : 'staff'}.export`,
          entityType: 'client',
          entityId: clientId,
          after: {
            format: q.format,
            rows: count,
            personalDataRevealed: reveal,
            ...(kind === 'outlets'
              ? {
                  filters: Object.fromEntries(
                    (['q', 'status', 'ownership', 'channel', 'divisionCode'] as const)
                      .filter((k) => q[k])
                      .map((k) => [k, q[k]]),
                  ),
                }
              : {}),
          },
        },
      ),
    );
  } catch (e) {
    await fs.promises.rm(file, { force: true });
    throw e;
  }
  const date = toInstant(ctx.clock()).slice(0, 10);
  return {
    file,
    fileName: `${client.legalNameZh}-${TABLES[kind].zh}-${date}.${q.format}`,
    contentType: CONTENT_TYPES[q.format],
  };
}

/** An empty file with the bilingual headers (and, for XLSX, an instruction sheet). */
export async function templateFile(kind: TableKind, format: 'xlsx' | 'csv'): Promise<FileAnswer> {
  const file = tempFile(format);
  await writeSheet(file, TABLES[kind].columns, (async function* () {})(), {
    format,
    sheetName: TABLES[kind].sheet,
    instructions: true,
  });
  return {
    file,
    fileName: `${TABLES[kind].zh}导入模板-${kind}-template.${format}`,
    contentType: CONTENT_TYPES[format],
  };
}
