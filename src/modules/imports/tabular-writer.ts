import fs from 'node:fs';
import { once } from 'node:events';
import iconv from 'iconv-lite';
import { escapeCell, headerOf, type ColumnSpec } from './columns.ts';

export type OutCell = string | number | null;

export interface WriteOptions {
  format: 'xlsx' | 'csv';
  sheetName: string;
  /** CSV only: UTF-8 with BOM (default, what Excel opens correctly) or GBK. */
  encoding?: 'utf-8' | 'gbk';
  /** XLSX only: add an instruction sheet describing every column (the template). */
  instructions?: boolean;
}

/**
 * Writes a table to a file, streaming: bilingual headers, then the rows. Text that a spreadsheet
 * program could take for a formula is written with a leading apostrophe (escapeCell); the importer
 * removes it again, so an exported file imports unchanged.
 */
export async function writeSheet(
  file: string,
  columns: readonly ColumnSpec[],
  rows: AsyncIterable<OutCell[]>,
  opts: WriteOptions,
): Promise<number> {
  return opts.format === 'xlsx' ? writeXlsx(file, columns, rows, opts) : writeCsv(file, columns, rows, opts);
}

const safe = (v: OutCell): OutCell => (typeof v === 'string' ? escapeCell(v) : v);

async function writeXlsx(
  file: string,
  columns: readonly ColumnSpec[],
  rows: AsyncIterable<OutCell[]>,
  opts: WriteOptions,
) {
  // Loaded on first export, not with the module: an import never writes a workbook, and exceljs adds
  // some 30 MB to a process that loads it (bench:import measures the importing process's peak RSS).
  const { default: ExcelJS } = await import('exceljs');
  const wb = new ExcelJS.stream.xlsx.WorkbookWriter({
    filename: file,
    useSharedStrings: false,
    // Styles only for the (empty) template: styling every row of an export costs more than writing it.
    useStyles: Boolean(opts.instructions),
  });
  const ws = wb.addWorksheet(opts.sheetName, { views: [{ state: 'frozen', ySplit: 1 }] });
  ws.columns = columns.map((c) => ({ key: c.key, width: Math.max(14, headerOf(c).length * 1.6) }));
  const header = ws.addRow(columns.map((c) => `${headerOf(c)}${c.required ? ' *' : ''}`));
  if (opts.instructions) header.font = { bold: true };
  header.commit();
  let n = 0;
  for await (const r of rows) {
    ws.addRow(r.map(safe)).commit();
    n++;
  }
  ws.commit();
  if (opts.instructions) {
    const help = wb.addWorksheet('填写说明 Instructions');
    help.columns = [{ width: 36 }, { width: 10 }, { width: 70 }, { width: 30 }];
    const h = help.addRow(['列 Column', '必填 Required', '格式 Format', '示例 Example']);
    h.font = { bold: true };
    h.commit();
    for (const c of columns)
      help.addRow([headerOf(c), c.required ? '是 yes' : '', c.format, c.example]).commit();
    help
      .addRow([
        '',
        '',
        '只读取第一个工作表；表头可用中文、英文或中英文。Only the first sheet is read; headers may be Chinese, English or both.',
        '',
      ])
      .commit();
    help.commit();
  }
  await wb.commit();
  return n;
}

const csvField = (v: OutCell): string => {
  if (v === null) return '';
  const s = typeof v === 'number' ? String(v) : escapeCell(v);
  return /[",\r\n]|^\s|\s$/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
};

async function writeCsv(
  file: string,
  columns: readonly ColumnSpec[],
  rows: AsyncIterable<OutCell[]>,
  opts: WriteOptions,
) {
  const out = fs.createWriteStream(file);
  const gbk = opts.encoding === 'gbk';
  const write = async (text: string) => {
    if (!out.write(gbk ? iconv.encode(text, 'gb18030') : text)) await once(out, 'drain');
  };
  if (!gbk) await write('\uFEFF');
  await write(columns.map((c) => csvField(headerOf(c))).join(',') + '\r\n');
  let n = 0;
  let chunk = '';
  for await (const r of rows) {
    chunk += r.map(csvField).join(',') + '\r\n';
    n++;
    if (chunk.length > 64 * 1024) {
      await write(chunk);
      chunk = '';
    }
  }
  if (chunk) await write(chunk);
  out.end();
  await once(out, 'finish');
  return n;
}
