import fs from 'node:fs';
import type { Executor } from '../../db/database.ts';
import { columnLetter, type Problem, type ProblemParams } from './columns.ts';
import { scanRows, scanRowsInWorker, type RowSpec, type ScanEvent } from './row-scan.ts';
import type { SheetEncoding } from './tabular-reader.ts';

/**
 * The import engine shared by outlets and staff: one streaming pass over the file. row-scan.ts reads,
 * checks and parses the rows (in a worker thread for a large file); valid rows go to the spec in batches, which classifies them against the database
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

/** An import kind: how to read its rows (RowSpec, row-scan.ts) and how to apply them to the database. */
export interface ImportSpec<K extends string, V> extends RowSpec<K, V> {
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

/** Files from this size on are read in a worker thread (row-scan.ts); smaller ones in this one. */
export const WORKER_MIN_BYTES = 1 << 20;

export async function runImport<K extends string, V>(
  db: Executor,
  spec: ImportSpec<K, V>,
  file: string,
  opts: { mode: ImportMode; maxRows: number; inWorker?: boolean },
): Promise<ImportRun> {
  const inWorker = opts.inWorker ?? (await fs.promises.stat(file)).size >= WORKER_MIN_BYTES;
  const events: AsyncIterable<ScanEvent<V>> = inWorker
    ? scanRowsInWorker<V>(file, spec.kind, opts.maxRows)
    : scanRows(file, spec, opts.maxRows);
  const run: ImportRun = {
    format: 'csv',
    encoding: null,
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
  let headers: (string | null)[] = [];
  const present = new Set<K>();
  let batch: ParsedRow<V>[] = [];
  const indexOf = new Map<string, number>();

  const addError = (row: number, column: K | string | null, problem: Problem, value: string | null) => {
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

  for await (const event of events) {
    if (event.type === 'sheet') {
      run.format = event.format;
      run.encoding = event.encoding;
    } else if (event.type === 'header') {
      headers = event.headers;
      for (const [key, index] of event.columns) {
        present.add(key as K);
        indexOf.set(key, index);
      }
    } else {
      for (const r of event.rows) {
        run.rows++;
        if (r.problems) {
          for (const p of r.problems) addError(r.row, p.column, p.problem, p.value);
          run.invalidRows++;
          continue;
        }
        run.validRows++;
        batch.push({ row: r.row, value: r.value });
        if (batch.length >= BATCH) await flush();
      }
    }
  }
  await flush();
  run.errors.sort((a, b) => a.row - b.row);
  return run;
}
