import fs from 'node:fs';
import { parse as parseCsv } from 'csv-parse';
import iconv from 'iconv-lite';
import { AppError } from '../../http/errors.ts';
import { FORMULA_CELL, readXlsxRows } from './xlsx-reader.ts';

/**
 * Reads the first worksheet of an XLSX file, or a CSV file, as rows of cell strings — streaming from a
 * file on disk, never holding the whole file in memory.
 *
 * CSV encodings: UTF-8 with or without BOM, GBK/GB18030 (what Chinese Excel writes when it saves
 * "CSV"), UTF-16 with BOM (Excel's "Unicode text"). Without a BOM the file is UTF-8 when every byte
 * sequence in it is valid UTF-8, otherwise GB18030 (a superset of GBK); bytes that are neither refuse the
 * file. The delimiter (comma, tab or semicolon) is taken from the first line.
 */

/** A formula cell (=…): never evaluated; the importer refuses it. */
export const FORMULA = Symbol('formula');
export type Cell = string | null | typeof FORMULA;

export interface SheetRow {
  /** The row number a spreadsheet program shows (the header is usually row 1). */
  number: number;
  cells: Cell[];
}

export type SheetEncoding = 'utf-8' | 'utf-8-bom' | 'gbk' | 'utf-16le' | 'utf-16be';

export interface Sheet {
  format: 'xlsx' | 'csv';
  encoding: SheetEncoding | null;
  /** Rows in batches (one per chunk of the file read): fewer awaits per row. */
  rows: AsyncIterable<SheetRow[]>;
}

export const fileProblem = (code: string, message: string, details?: unknown) =>
  new AppError(422, code, message, details);

async function head(file: string, n: number): Promise<Buffer> {
  const fh = await fs.promises.open(file, 'r');
  try {
    const buf = Buffer.alloc(n);
    const { bytesRead } = await fh.read(buf, 0, n, 0);
    return buf.subarray(0, bytesRead);
  } finally {
    await fh.close();
  }
}

/** Scans the whole file (streaming) and answers whether it is valid UTF-8 and whether it holds NUL bytes. */
async function scanUtf8(file: string, skip: number): Promise<{ utf8: boolean; nul: boolean }> {
  const decoder = new TextDecoder('utf-8', { fatal: true });
  let utf8 = true;
  let nul = false;
  for await (const chunk of fs.createReadStream(file, { start: skip, highWaterMark: 1 << 20 })) {
    const buf = chunk as Buffer;
    if (!nul && buf.includes(0)) nul = true;
    if (utf8) {
      try {
        decoder.decode(buf, { stream: true });
      } catch {
        utf8 = false;
      }
    }
    if (!utf8 && nul) break;
  }
  if (utf8) {
    try {
      decoder.decode();
    } catch {
      utf8 = false;
    }
  }
  return { utf8, nul };
}

/** Opens a spreadsheet: XLSX by its ZIP signature, anything else as CSV. */
export async function openSheet(file: string): Promise<Sheet> {
  const start = await head(file, 4096);
  if (start.length === 0) throw fileProblem('import_empty_file', 'The file is empty.');
  if (start[0] === 0x50 && start[1] === 0x4b && start[2] === 0x03 && start[3] === 0x04) {
    return { format: 'xlsx', encoding: null, rows: xlsxRows(file) };
  }
  if (start.subarray(0, 4).equals(Buffer.from([0xd0, 0xcf, 0x11, 0xe0]))) {
    throw fileProblem(
      'import_unsupported_format',
      'This is an Excel 97–2003 (.xls) workbook. Save it as Excel Workbook (.xlsx) or CSV and upload that.',
    );
  }
  let encoding: SheetEncoding;
  let skip = 0;
  if (start[0] === 0xef && start[1] === 0xbb && start[2] === 0xbf) {
    encoding = 'utf-8-bom';
    skip = 3;
  } else if (start[0] === 0xff && start[1] === 0xfe) {
    encoding = 'utf-16le';
    skip = 2;
  } else if (start[0] === 0xfe && start[1] === 0xff) {
    encoding = 'utf-16be';
    skip = 2;
  } else {
    encoding = 'utf-8';
  }
  if (encoding === 'utf-8' || encoding === 'utf-8-bom') {
    const scan = await scanUtf8(file, skip);
    if (scan.nul) {
      throw fileProblem(
        'import_unsupported_format',
        'This is not a CSV or XLSX file (it holds binary data).',
      );
    }
    if (!scan.utf8) {
      if (encoding === 'utf-8-bom') {
        throw fileProblem(
          'import_bad_encoding',
          'The file says it is UTF-8 (it starts with a BOM) but holds bytes that are not UTF-8.',
        );
      }
      encoding = 'gbk';
    }
  }
  const firstText = decodeSample(start.subarray(skip), encoding);
  const firstLine = firstText.split(/\r?\n/)[0] ?? '';
  const counts = [',', '\t', ';'].map((d) => [d, firstLine.split(d).length - 1] as const);
  const delimiter = counts.reduce((a, b) => (b[1] > a[1] ? b : a))[0];
  return { format: 'csv', encoding, rows: csvRows(file, skip, encoding, delimiter) };
}

function decodeSample(buf: Buffer, encoding: SheetEncoding): string {
  switch (encoding) {
    case 'gbk':
      return iconv.decode(buf, 'gb18030');
    case 'utf-16le':
    case 'utf-16be':
      return iconv.decode(buf, encoding);
    default:
      return buf.toString('utf8');
  }
}

async function* csvRows(
  file: string,
  skip: number,
  encoding: SheetEncoding,
  delimiter: string,
): AsyncIterable<SheetRow[]> {
  // 256 KiB chunks: each becomes one batch of rows (about 2,000 outlets), so little is held at once.
  const source = fs.createReadStream(file, { start: skip, highWaterMark: 1 << 18 });
  const text =
    encoding === 'utf-8' || encoding === 'utf-8-bom'
      ? source.setEncoding('utf8')
      : source.pipe(iconv.decodeStream(encoding === 'gbk' ? 'gb18030' : encoding));
  const parser = parseCsv({
    delimiter,
    relax_column_count: true,
    relax_quotes: true,
    skip_empty_lines: false,
    bom: false,
  });
  let n = 0;
  // The parser is fed a chunk at a time and its records are taken out after each: one batch per chunk.
  const take = (): SheetRow[] => {
    const out: SheetRow[] = [];
    for (
      let record = parser.read() as string[] | null;
      record !== null;
      record = parser.read() as string[] | null
    ) {
      n++;
      if (encoding === 'gbk' && record.some((c) => c.includes('\uFFFD'))) {
        throw fileProblem(
          'import_bad_encoding',
          `Row ${n} holds bytes that are neither UTF-8 nor GBK. Save the file as "CSV UTF-8" and upload it again.`,
          { row: n },
        );
      }
      out.push({ number: n, cells: record.map((c) => (c === '' ? null : c)) });
    }
    return out;
  };
  let failure: Error | undefined;
  parser.on('error', (e) => (failure ??= e));
  try {
    for await (const chunk of text as AsyncIterable<string>) {
      parser.write(chunk);
      if (failure) throw failure;
      yield take();
    }
    // The last record (or an unterminated quote) shows only once the parser has flushed.
    await new Promise<void>((resolve) => {
      parser.once('error', () => resolve());
      parser.once('finish', () => resolve());
      parser.end();
    });
    if (failure) throw failure;
    yield take();
  } catch (e) {
    if (e instanceof AppError) throw e;
    const code = (e as { code?: string }).code;
    throw fileProblem(
      'import_malformed_csv',
      `The CSV file cannot be read near row ${n + 1}: ${(e as Error).message}`,
      {
        row: n + 1,
        reason: code ?? 'malformed',
      },
    );
  } finally {
    source.destroy();
  }
}

async function* xlsxRows(file: string): AsyncIterable<SheetRow[]> {
  try {
    for await (const rows of readXlsxRows(file)) {
      yield rows.map((row) => ({
        number: row.number,
        cells: row.cells.map((c) => (c === FORMULA_CELL ? FORMULA : c)),
      }));
    }
  } catch (e) {
    if (e instanceof AppError) throw e;
    throw fileProblem('import_malformed_xlsx', `The XLSX file cannot be read: ${(e as Error).message}`);
  }
}
