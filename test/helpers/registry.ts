import type { FastifyInstance, LightMyRequestResponse } from 'fastify';
import ExcelJS from 'exceljs';
import { creditCodeCheckCharacter } from '../../src/domain/registry/credit-code.ts';
import { CSRF_HEADER, SESSION_COOKIE } from '../../src/modules/auth/auth.contract.ts';
import type { Session } from './test-app.ts';

/** Helpers for registry tests: valid credit codes, multipart uploads, spreadsheet fixtures built in code. */

let n = 0;
/** A fresh valid unified social credit code (91 = enterprise, Shenzhen). */
export function creditCode(): string {
  const body = `91440300${String(Date.now() % 1e6).padStart(6, '0')}${String(++n).padStart(3, '0')}`;
  return body + creditCodeCheckCharacter(body)!;
}

export function multipartBody(file: Buffer, filename: string, field = 'file') {
  const boundary = `----starmark${Math.random().toString(16).slice(2)}`;
  const head = Buffer.from(
    `--${boundary}\r\nContent-Disposition: form-data; name="${field}"; filename="${filename}"\r\nContent-Type: application/octet-stream\r\n\r\n`,
  );
  return {
    payload: Buffer.concat([head, file, Buffer.from(`\r\n--${boundary}--\r\n`)]),
    headers: { 'content-type': `multipart/form-data; boundary=${boundary}` },
  };
}

/** Uploads a file as the session's user. */
export function upload(
  app: FastifyInstance,
  s: Session,
  url: string,
  file: Buffer,
  filename: string,
): Promise<LightMyRequestResponse> {
  const { payload, headers } = multipartBody(file, filename);
  return app.inject({
    method: 'POST',
    url,
    payload,
    headers: { ...headers, cookie: `${SESSION_COOKIE}=${s.cookie}`, [CSRF_HEADER]: s.csrfToken },
  });
}

export async function xlsx(
  rows: unknown[][],
  opts: { sheets?: { name: string; rows: unknown[][] }[] } = {},
): Promise<Buffer> {
  const wb = new ExcelJS.Workbook();
  const ws = wb.addWorksheet('Sheet1');
  for (const r of rows) ws.addRow(r);
  for (const s of opts.sheets ?? []) {
    const extra = wb.addWorksheet(s.name);
    for (const r of s.rows) extra.addRow(r);
  }
  return Buffer.from(await wb.xlsx.writeBuffer());
}

export async function readXlsx(buf: Buffer): Promise<unknown[][]> {
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.load(buf as unknown as ArrayBuffer);
  const rows: unknown[][] = [];
  wb.worksheets[0]!.eachRow((row) => rows.push((row.values as unknown[]).slice(1)));
  return rows;
}

export const csv = (rows: (string | number | null)[][]) =>
  rows
    .map((r) =>
      r
        .map((c) =>
          c === null ? '' : /[",\n]/.test(String(c)) ? `"${String(c).replace(/"/g, '""')}"` : String(c),
        )
        .join(','),
    )
    .join('\r\n') + '\r\n';

export const OUTLET_HEADER = [
  '网点编码',
  '网点名称',
  '行政区划代码',
  '详细地址',
  '经营方式',
  '合作方名称',
  '服务渠道',
  '服务人员数',
  '状态',
];

/** n outlet rows for OUTLET_HEADER, codes P00001…; `variant` changes the names. */
export function outletRows(count: number, variant = ''): (string | number)[][] {
  const divisions = ['110101', '110105', '310115', '440305', '440106', '330106', '510107', '420111'];
  return Array.from({ length: count }, (_, i) => [
    `P${String(i + 1).padStart(5, '0')}`,
    `服务网点${i + 1}${variant}`,
    divisions[i % divisions.length]!,
    `某某路${i + 1}号`,
    i % 5 === 0 ? '合作' : '自有',
    i % 5 === 0 ? `合作方${i}` : '',
    i % 2 ? '到店,上门' : '热线',
    (i % 9) + 1,
    '营业',
  ]);
}
