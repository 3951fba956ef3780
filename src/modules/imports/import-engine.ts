import type { Executor } from '../../db/database.ts';
import { AppError } from '../../http/errors.ts';
import {
  cellText,
  columnLetter,
  headerOf,
  mapHeaders,
  type ColumnSpec,
  type Problem,
  type ProblemParams,
} from './columns.ts';
import { fileProblem, openSheet, type Cell, type SheetEncoding } from './tabular-reader.ts';

/**
 * The import engine shared by outlets and staff: one streaming pass over the file. Each row is parsed
 * and validated; valid rows go to the spec in batches, which classifies them against the database
 * (created / updated / unchanged) and, when writing, applies them. The caller runs the pass inside
 * one transaction, so an import is applied whole or not at all — a crash mid-file leaves nothing.
 *
 * Rows are keyed (outlet code, staff number): a key seen again later in the file is an error on the
 * later row, the first occurrence stands. Importing the same file twice changes nothing the second time.
 */

export const IMPORT_MODES = ['dryRun', 'allOrNothing', 'validOnly'] as const;
export type ImportMode = (typeof IMPORT_MODES)[number];

/** At most this many errors are listed in an answer; `errorCount` counts them all. */
export const MAX_LISTED_ERRORS = 10_000;
/** Rows per batch: small enough to keep the peak memory of a 100,000-row import low (bench:import). */
const BATCH = 250;

export interface RowError {
  /** Row number as a spreadsheet program shows it (header = row 1 in a plain file). */
  row: number;
  /** The column's key (e.g. divisionCode), or null for a problem with the whole row. */
  column: string | null;
  /** The header as written in the file. */
  header: string | null;
  /** Spreadsheet cell reference, e.g. D7. */
  cell: string | null;
  /** Stable machine code of the problem (e.g. required, invalid_division_code), translated by the web. */
  code: string;
  /** The values the message is built from (e.g. { max: 64 }); empty when there are none. */
  params: ProblemParams;
  /** The problem in English, for API users. */
  reason: string;
  /** The offending value; never given for personal numbers. */
  value: string | null;
}

export interface ParsedRow<V> {
  row: number;
  value: V;
}

export interface BatchOutcome {
  created: number;
  updated: number;
  unchanged: number;
  /** Rows refused while applying (e.g. a reference to an unknown outlet). */
  errors: BatchError[];
}

/** A row refused while applying a batch. */
export type BatchError = { row: number; column: string | null; value?: string | null } & Problem;

export interface ImportSpec<K extends string, V> {
  kind: 'outlets' | 'staff';
  columns: readonly ColumnSpec<K>[];
  /** Columns whose values never appear in error reports (identity and phone numbers). */
  personalColumns?: readonly K[];
  /** Parses one row. `present` holds the columns the file has (an absent column leaves a field alone). */
  parseRow(
    cells: Partial<Record<K, string | null>>,
    present: ReadonlySet<K>,
  ): { value?: V; errors: ({ column: K | null } & Problem)[] };
  keyOf(value: V): string;
  keyColumn: K;
  /** Classifies a batch against the database, and applies it when `write` is true. */
  applyBatch(
    db: Executor,
    batch: ParsedRow<V>[],
    present: ReadonlySet<K>,
    write: boolean,
  ): Promise<BatchOutcome>;
}

export interface ImportRun {
  format: 'xlsx' | 'csv';
  encoding: SheetEncoding | null;
  rows: number;
  validRows: number;
  invalidRows: number;
  created: number;
  updated: number;
  unchanged: number;
  errors: RowError[];
  errorCount: number;
  errorsTruncated: boolean;
  /** Whether anything was written (false for a dry run or once an all-or-nothing import met an error). */
  wrote: boolean;
}

export async function runImport<K extends string, V>(
  db: Executor,
  spec: ImportSpec<K, V>,
  file: string,
  opts: { mode: ImportMode; maxRows: number },
): Promise<ImportRun> {
  const sheet = await openSheet(file);
  const run: ImportRun = {
    format: sheet.format,
    encoding: sheet.encoding,
    rows: 0,
    validRows: 0,
    invalidRows: 0,
    created: 0,
    updated: 0,
    unchanged: 0,
    errors: [],
    errorCount: 0,
    errorsTruncated: false,
    wrote: false,
  };
  const personal = new Set<string>(spec.personalColumns ?? []);
  let mapping: ReturnType<typeof mapHeaders<K>> | undefined;
  let headers: (string | null)[] = [];
  const present = new Set<K>();
  const seen = new Map<string, number>();
  const badRows = new Set<number>();
  let batch: ParsedRow<V>[] = [];
  const indexOf = new Map<string, number>();

  const addError = (row: number, column: K | string | null, problem: Problem, value: string | null) => {
    badRows.add(row);
    run.errorCount++;
    if (run.errors.length >= MAX_LISTED_ERRORS) {
      run.errorsTruncated = true;
      return;
    }
    const index = column === null ? undefined : indexOf.get(column);
    run.errors.push({
      row,
      column,
      header: index === undefined ? null : (headers[index] ?? null),
      cell: index === undefined ? null : `${columnLetter(index)}${row}`,
      code: problem.code,
      params: problem.params ?? {},
      reason: problem.reason,
      value: column !== null && personal.has(column) ? null : value,
    });
  };
  const writing = () => opts.mode !== 'dryRun' && !(opts.mode === 'allOrNothing' && run.errorCount > 0);

  const flush = async () => {
    if (batch.length === 0) return;
    const write = writing();
    const outcome = await spec.applyBatch(db, batch, present, write);
    if (write) run.wrote = true;
    run.created += outcome.created;
    run.updated += outcome.updated;
    run.unchanged += outcome.unchanged;
    for (const e of outcome.errors) {
      run.validRows--;
      run.invalidRows++;
      addError(e.row, e.column, e, e.value ?? null);
    }
    batch = [];
  };

  let scanned = 0;
  let firstNonEmpty: Cell[] | undefined;
  reading: for await (const rowBatch of sheet.rows) {
    for (const { number, cells } of rowBatch) {
      const empty = cells.every((c) => c === null || (typeof c === 'string' && c.trim() === ''));
      if (!mapping) {
        if (empty) continue;
        firstNonEmpty ??= cells;
        scanned++;
        const m = mapHeaders(spec.columns, cells);
        // The header is the first row naming the key column (title rows above it are skipped).
        if (!m.byIndex.some((c) => c?.key === spec.keyColumn)) {
          if (scanned < 10) continue;
          break reading;
        }
        checkHeader(spec, m);
        mapping = m;
        headers = cells.map((c) => (typeof c === 'string' ? c.trim() : null));
        m.byIndex.forEach((c, i) => {
          if (c) {
            present.add(c.key);
            indexOf.set(c.key, i);
          }
        });
        continue;
      }
      if (empty) continue;
      run.rows++;
      if (run.rows > opts.maxRows) {
        throw new AppError(
          413,
          'import_too_many_rows',
          `The file has more than ${opts.maxRows} data rows, the most one import takes (IMPORT_MAX_ROWS). Split it into smaller files.`,
          { maxRows: opts.maxRows },
        );
      }
      const values: Partial<Record<K, string | null>> = {};
      let rowBad = false;
      for (let i = 0; i < cells.length; i++) {
        const col = mapping.byIndex[i];
        const t = cellText(cells[i]);
        if (!col) {
          if (t.ok && t.value === null) continue;
          addError(
            number,
            null,
            {
              code: 'no_header',
              reason: `a value in column ${columnLetter(i)}, which has no header`,
              params: { column: columnLetter(i) },
            },
            t.ok ? t.value : null,
          );
          rowBad = true;
          continue;
        }
        if (!t.ok) {
          addError(number, col.key, t, null);
          rowBad = true;
          continue;
        }
        values[col.key] = t.value;
      }
      const parsed = spec.parseRow(values, present);
      for (const e of parsed.errors) {
        addError(number, e.column, e, e.column === null ? null : (values[e.column] ?? null));
      }
      if (parsed.errors.length > 0) rowBad = true;
      if (!rowBad && parsed.value !== undefined) {
        const key = spec.keyOf(parsed.value);
        const first = seen.get(key);
        if (first !== undefined) {
          addError(
            number,
            spec.keyColumn,
            {
              code: 'duplicate_in_file',
              reason: `duplicate: ${key} already appears on row ${first}`,
              params: { key, firstRow: first },
            },
            key,
          );
          rowBad = true;
        } else {
          seen.set(key, number);
        }
      } else if (parsed.value === undefined) {
        rowBad = true;
      }
      if (rowBad) {
        run.invalidRows++;
        continue;
      }
      run.validRows++;
      batch.push({ row: number, value: parsed.value! });
      if (batch.length >= BATCH) await flush();
    }
  }
  if (!mapping) {
    if (!firstNonEmpty) throw fileProblem('import_empty_file', 'The file holds no rows.');
    checkHeader(spec, mapHeaders(spec.columns, firstNonEmpty));
    throw fileProblem(
      'import_no_header',
      `No header row naming the column ${headerOf(spec.columns.find((c) => c.key === spec.keyColumn)!)} was found.`,
    );
  }
  await flush();
  run.errors.sort((a, b) => a.row - b.row);
  return run;
}

function checkHeader<K extends string>(
  spec: ImportSpec<K, unknown>,
  m: ReturnType<typeof mapHeaders<K>>,
): void {
  const problems: string[] = [];
  if (m.missing.length) problems.push(`missing column(s): ${m.missing.map(headerOf).join(', ')}`);
  if (m.unknown.length) {
    problems.push(
      `unknown column(s): ${m.unknown.map((u) => `${columnLetter(u.index)} “${u.header}”`).join(', ')}`,
    );
  }
  if (m.duplicate.length) {
    problems.push(
      `column(s) given twice: ${m.duplicate.map((u) => `${columnLetter(u.index)} “${u.header}”`).join(', ')}`,
    );
  }
  if (problems.length === 0) return;
  const code = m.missing.length
    ? 'import_missing_columns'
    : m.unknown.length
      ? 'import_unknown_columns'
      : 'import_duplicate_columns';
  throw fileProblem(
    code,
    `The header row does not match the template: ${problems.join('; ')}. Nothing was imported.`,
    {
      missing: m.missing.map((c) => ({ column: c.key, header: headerOf(c) })),
      unknown: m.unknown.map((u) => ({ cell: `${columnLetter(u.index)}`, header: u.header })),
      duplicate: m.duplicate.map((u) => ({ cell: `${columnLetter(u.index)}`, header: u.header })),
      expected: spec.columns.map((c) => ({
        column: c.key,
        header: headerOf(c),
        required: Boolean(c.required),
      })),
    },
  );
}
