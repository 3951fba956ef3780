import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { AppError } from '../src/http/errors.ts';
import { scanRows, scanRowsInWorker, type ScanEvent } from '../src/modules/imports/row-scan.ts';
import { ROW_SPECS } from '../src/modules/imports/row-specs.ts';

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'starmark-row-scan-'));
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

const write = (name: string, text: string) => {
  const file = path.join(dir, name);
  fs.writeFileSync(file, text);
  return file;
};

async function collect<V>(events: AsyncIterable<ScanEvent<V>>): Promise<ScanEvent<V>[]> {
  const out: ScanEvent<V>[] = [];
  for await (const e of events) out.push(e);
  return out;
}

const HEADER = '网点编码,网点名称,行政区划代码,经营方式,合作方名称,服务人员数\n';

/** 1,203 rows (three 'rows' chunks): good rows, a bad division code, a duplicate, a contracted outlet without partner. */
function outletsCsv(): string {
  const lines = [HEADER];
  for (let i = 1; i <= 1203; i++) {
    const code = i === 700 ? 'OUT-0005' : `OUT-${String(i).padStart(4, '0')}`;
    const division = i === 10 ? '999999' : '110101';
    const contracted = i === 20;
    lines.push(`${code},网点${i},${division},${contracted ? '合作' : '自有'},,${i % 9}\n`);
  }
  return lines.join('');
}

describe('scanning an import file in a worker thread', () => {
  it('yields exactly what scanning in this thread yields: rows, values and problems in file order', async () => {
    const file = write('outlets.csv', outletsCsv());
    const here = await collect(scanRows(file, ROW_SPECS.outlets, 10_000));
    const there = await collect(scanRowsInWorker(file, 'outlets', 10_000));
    expect(there).toEqual(here);
    const rows = here.flatMap((e) => (e.type === 'rows' ? e.rows : []));
    expect(rows).toHaveLength(1203);
    const bad = rows.filter((r) => r.problems).map((r) => [r.row, r.problems![0]!.problem.code]);
    // Row 21's missing partner is not a scanning problem: the rule needs the stored outlet, so it is
    // checked when the batch is applied (import-engine).
    expect(bad).toEqual([
      [11, 'invalid_division_code'],
      [701, 'duplicate_in_file'],
    ]);
  });

  it('reports a file problem from the worker as the same error', async () => {
    const file = write('bad-header.csv', '网点编码,网点名称,未知列\nA,B,C\n');
    const here = await collect(scanRows(file, ROW_SPECS.outlets, 10)).catch((e: unknown) => e);
    const there = await collect(scanRowsInWorker(file, 'outlets', 10)).catch((e: unknown) => e);
    expect(here).toBeInstanceOf(AppError);
    expect(there).toBeInstanceOf(AppError);
    expect(there).toMatchObject({
      status: (here as AppError).status,
      code: 'import_unknown_columns',
      details: (here as AppError).details,
    });
  });

  it('stops at the row limit, and an import that stops early ends the worker', async () => {
    const file = write('many.csv', outletsCsv());
    await expect(collect(scanRowsInWorker(file, 'outlets', 1000))).rejects.toMatchObject({
      status: 413,
      code: 'import_too_many_rows',
    });
    // Taking only the first events and leaving: the generator's cleanup terminates the worker.
    let seen = 0;
    for await (const e of scanRowsInWorker(file, 'outlets', 10_000)) {
      if (e.type === 'rows' && ++seen === 1) break;
    }
    expect(seen).toBe(1);
  });
});
