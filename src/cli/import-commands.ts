import fs from 'node:fs';
import path from 'node:path';
import type { Command } from 'commander';
import type { AppContext } from '../http/context.ts';
import { AppError } from '../http/errors.ts';
import { systemActor } from '../modules/auth/actor.ts';
import type { ImportResultResponse } from '../modules/imports/imports.contract.ts';
import { importTable, type TableKind } from '../modules/imports/imports.service.ts';

export interface ImportCommandEnv {
  out: (text: string) => void;
  fail: (code: number, message: string) => never;
  withContext: <T>(fn: (ctx: AppContext) => Promise<T>) => Promise<T>;
}

function report(out: (t: string) => void, r: ImportResultResponse): void {
  out(
    `${r.fileName ?? ''}: ${r.format}${r.encoding ? ` (${r.encoding})` : ''}, ${r.rows} rows — ` +
      `${r.created} new, ${r.updated} changed, ${r.unchanged} unchanged, ${r.invalidRows} with errors\n`,
  );
  for (const e of r.errors)
    out(`  row ${e.row}${e.cell ? ` ${e.cell}` : ''}${e.header ? ` ${e.header}` : ''}: ${e.reason}\n`);
  if (r.errorsTruncated) out(`  … ${r.errorCount - r.errors.length} more\n`);
}

/**
 * `starmark import outlets|staff --client <id> FILE [--dry-run] [--valid-only]`: the API's import, run
 * as the system actor of the client's certification body. Exit 1 when rows have errors (nothing written
 * unless --valid-only), 2 for a file that cannot be read.
 */
export function registerImportCommands(program: Command, env: ImportCommandEnv): void {
  const imp = program.command('import').description('import outlets or staff of a client from XLSX or CSV');
  for (const kind of ['outlets', 'staff'] as TableKind[]) {
    imp
      .command(kind)
      .description(
        `import ${kind} (idempotent: by ${kind === 'outlets' ? 'outlet code' : 'staff number'}); all or nothing by default`,
      )
      .requiredOption('--client <id>', 'the client (its organisation id)')
      .argument('<file>', 'an XLSX or CSV file (UTF-8 or GBK)')
      .option('--dry-run', 'check only: list every bad row, write nothing')
      .option('--valid-only', 'write the valid rows and list the bad ones')
      .action(async (file: string, opts: { client: string; dryRun?: boolean; validOnly?: boolean }) => {
        if (opts.dryRun && opts.validOnly) env.fail(2, '--dry-run and --valid-only exclude each other');
        if (!fs.existsSync(file)) env.fail(2, `${file}: no such file`);
        const mode = opts.dryRun ? 'dryRun' : opts.validOnly ? 'validOnly' : 'allOrNothing';
        const result = await env.withContext(async (ctx) => {
          const client = await ctx.db
            .selectFrom('clients')
            .select(['id', 'cbId'])
            .where('id', '=', opts.client)
            .executeTakeFirst();
          if (!client) env.fail(2, `--client: no client ${opts.client}`);
          try {
            return await importTable(
              ctx,
              systemActor(client.cbId),
              kind,
              client.id,
              { file, fileName: path.basename(file) },
              mode,
              null,
            );
          } catch (e) {
            if (e instanceof AppError && e.code === 'import_rejected') {
              report(env.out, e.details as ImportResultResponse);
              env.fail(1, e.message);
            }
            throw e;
          }
        });
        report(env.out, result);
        if (result.outcome === 'dryRun' && result.errorCount > 0) env.fail(1, 'the file has errors');
      });
  }
}
