import { Worker } from 'node:worker_threads';
import { AppError } from '../../http/errors.ts';
import { cellText, columnLetter, headerOf, mapHeaders, type ColumnSpec, type Problem } from './columns.ts';
import { fileProblem, openSheet, type Cell, type SheetEncoding } from './tabular-reader.ts';

/**
 * The first half of an import, with no database: reading the file, finding the header row, checking
 * each row's cells and parsing them, and spotting keys given twice. It yields, in file order, the
 * sheet's format, the header, then the data rows — each either parsed or with its problems. The
 * import engine (import-engine.ts) does the second half: counting, listing errors, and applying the
 * parsed rows in batches to the database.
 *
 * A large file is scanned in a worker thread (scanRowsInWorker), so that reading and checking the next
 * rows runs on the second core while the main thread writes the previous ones; both paths run this
 * same generator, so the result does not depend on where it ran.
 */

/** What scanning a file of one kind needs: the columns and how to parse and key a row (no database). */
export interface RowSpec<K extends string, V> {
  kind: 'outlets' | 'staff';
  columns: readonly ColumnSpec<K>[];
  /** Columns whose values never appear in error reports (identity and phone numbers). */
  personalColumns?: readonly K[];
  /** Parses one row's cells (an absent column leaves a field alone). */
  parseRow(cells: Partial<Record<K, string | null>>): {
    value?: V;
    errors: ({ column: K | null } & Problem)[];
  };
  keyOf(value: V): string;
  keyColumn: K;
}

/** One problem of a row: the column's key (or null for the whole row), the problem, the cell's text. */
export interface ScanProblem {
  column: string | null;
  problem: Problem;
  value: string | null;
}

/** A data row: its spreadsheet row number and either its parsed value or its problems. */
export type ScannedRow<V> =
  { row: number; value: V; problems?: undefined } | { row: number; problems: ScanProblem[] };

export type ScanEvent<V> =
  | { type: 'sheet'; format: 'xlsx' | 'csv'; encoding: SheetEncoding | null }
  /** The header row as written, and the index of each known column in it. */
  | { type: 'header'; headers: (string | null)[]; columns: [string, number][] }
  | { type: 'rows'; rows: ScannedRow<V>[] };

/** Rows per 'rows' event. */
const CHUNK = 500;

export async function* scanRows<K extends string, V>(
  file: string,
  spec: RowSpec<K, V>,
  maxRows: number,
): AsyncGenerator<ScanEvent<V>> {
  const sheet = await openSheet(file);
  yield { type: 'sheet', format: sheet.format, encoding: sheet.encoding };
  let mapping: ReturnType<typeof mapHeaders<K>> | undefined;
  const seen = new Map<string, number>();
  let rows = 0;
  let scanned = 0;
  let firstNonEmpty: Cell[] | undefined;
  let chunk: ScannedRow<V>[] = [];
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
        const columns: [string, number][] = [];
        m.byIndex.forEach((c, i) => {
          if (c) columns.push([c.key, i]);
        });
        yield {
          type: 'header',
          headers: cells.map((c) => (typeof c === 'string' ? c.trim() : null)),
          columns,
        };
        continue;
      }
      if (empty) continue;
      rows++;
      if (rows > maxRows) {
        throw new AppError(
          413,
          'import_too_many_rows',
          `The file has more than ${maxRows} data rows, the most one import takes (IMPORT_MAX_ROWS). Split it into smaller files.`,
          { maxRows },
        );
      }
      chunk.push(scanRow(spec, mapping, seen, number, cells));
      if (chunk.length >= CHUNK) {
        yield { type: 'rows', rows: chunk };
        chunk = [];
      }
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
  if (chunk.length > 0) yield { type: 'rows', rows: chunk };
}

function scanRow<K extends string, V>(
  spec: RowSpec<K, V>,
  mapping: ReturnType<typeof mapHeaders<K>>,
  seen: Map<string, number>,
  number: number,
  cells: Cell[],
): ScannedRow<V> {
  const problems: ScanProblem[] = [];
  const values: Partial<Record<K, string | null>> = {};
  for (let i = 0; i < cells.length; i++) {
    const col = mapping.byIndex[i];
    const t = cellText(cells[i]);
    if (!col) {
      if (t.ok && t.value === null) continue;
      problems.push({
        column: null,
        problem: {
          code: 'no_header',
          reason: `a value in column ${columnLetter(i)}, which has no header`,
          params: { column: columnLetter(i) },
        },
        value: t.ok ? t.value : null,
      });
      continue;
    }
    if (!t.ok) {
      problems.push({ column: col.key, problem: t, value: null });
      continue;
    }
    values[col.key] = t.value;
  }
  const parsed = spec.parseRow(values);
  for (const e of parsed.errors) {
    problems.push({
      column: e.column,
      problem: e,
      value: e.column === null ? null : (values[e.column] ?? null),
    });
  }
  if (problems.length > 0 || parsed.value === undefined) return { row: number, problems };
  const key = spec.keyOf(parsed.value);
  const first = seen.get(key);
  if (first !== undefined) {
    return {
      row: number,
      problems: [
        {
          column: spec.keyColumn,
          problem: {
            code: 'duplicate_in_file',
            reason: `duplicate: ${key} already appears on row ${first}`,
            params: { key, firstRow: first },
          },
          value: key,
        },
      ],
    };
  }
  seen.set(key, number);
  return { row: number, value: parsed.value };
}

function checkHeader<K extends string>(spec: RowSpec<K, unknown>, m: ReturnType<typeof mapHeaders<K>>): void {
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

// ── in a worker thread ──────────────────────────────────────────────────────────────────────────────

/** Messages from the worker (row-scan-worker.ts). */
export type WorkerMessage<V> =
  | { type: 'event'; event: ScanEvent<V> }
  | { type: 'done' }
  | { type: 'error'; error: { status?: number; code?: string; message: string; details?: unknown } };

/** 'rows' events the worker may send ahead of the import: bounds the memory they take. */
export const WORKER_AHEAD = 4;

/**
 * scanRows in a worker thread, by kind (the worker builds the kind's RowSpec itself: functions do not
 * cross threads). The worker sends at most WORKER_AHEAD row chunks ahead and waits for the import to
 * take them; stopping early (an error while applying) ends the worker.
 */
export async function* scanRowsInWorker<V>(
  file: string,
  kind: RowSpec<string, V>['kind'],
  maxRows: number,
): AsyncGenerator<ScanEvent<V>> {
  // A plain-JavaScript entry registers the TypeScript loader in the worker; execArgv is not inherited,
  // so the parent's loader flags (and profiler flags) are not applied twice.
  const worker = new Worker(new URL('./row-scan-worker.mjs', import.meta.url), {
    workerData: { file, kind, maxRows },
    execArgv: [],
    // The worker's garbage is short-lived (cell strings of rows already posted): a small young
    // generation keeps its memory low at little cost in speed (bench:import: peak RSS < 300 MB).
    resourceLimits: { maxYoungGenerationSizeMb: 4 },
  });
  const queue: WorkerMessage<V>[] = [];
  let wake: (() => void) | undefined;
  let failure: Error | undefined;
  worker.on('message', (m: WorkerMessage<V>) => {
    queue.push(m);
    wake?.();
  });
  worker.on('error', (e) => {
    failure = e;
    wake?.();
  });
  // Messages posted before the thread ended are taken first (the loop below drains the queue before
  // looking at a failure), so an exit only counts when 'done' never came.
  worker.on('exit', (code) => {
    failure ??= new Error(`The import's file reader stopped before the end of the file (exit code ${code}).`);
    wake?.();
  });
  try {
    for (;;) {
      const m = queue.shift();
      if (!m) {
        if (failure) throw failure;
        await new Promise<void>((resolve) => (wake = resolve));
        wake = undefined;
        continue;
      }
      if (m.type === 'done') return;
      if (m.type === 'error') {
        const e = m.error;
        throw e.status && e.code
          ? new AppError(e.status, e.code, e.message, e.details)
          : new Error(e.message);
      }
      yield m.event;
      if (m.event.type === 'rows') worker.postMessage('ack');
    }
  } finally {
    await worker.terminate();
  }
}
