/**
 * Import benchmark (issue 4, item 8): 100,000 outlets from XLSX and from CSV into SQLite, through the
 * same service the API and the CLI use (streaming read, row validation, one transaction, history rows,
 * audit entry). Each phase runs in its own child process, so its peak RSS is its own. Printed beside a
 * baseline measured in the same run: reading and parsing the same file without validating or writing.
 *
 *   npm run bench:import            (node --import tsx bench/import.bench.ts)
 *   BENCH_ROWS=20000 npm run bench:import
 *   BENCH_PROF=/tmp/prof npm run bench:import   (a CPU profile per phase, for chrome devtools)
 *
 * Target: ≥ 20,000 rows/s and peak memory under 300 MB.
 */
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { loadConfig } from '../src/config/config.ts';
import { openDatabase } from '../src/db/database.ts';
import { systemClock } from '../src/db/time.ts';
import { systemActor } from '../src/modules/auth/actor.ts';
import { cellText } from '../src/modules/imports/columns.ts';
import { openSheet } from '../src/modules/imports/tabular-reader.ts';
import type { OutCell } from '../src/modules/imports/tabular-writer.ts';
import { importTable } from '../src/modules/imports/imports.service.ts';
import { OUTLET_COLUMNS } from '../src/modules/outlets/outlet-fields.ts';

const ROWS = Number(process.env.BENCH_ROWS ?? 100_000);
const TARGET_ROWS_PER_S = 20_000;
const TARGET_RSS_MB = 300;
const self = fileURLToPath(import.meta.url);
const mb = (bytes: number) => bytes / 1024 / 1024;

interface PhaseResult {
  rows: number;
  ms: number;
  /** Peak RSS sampled while the phase ran (every 10 ms). */
  peakRssMb: number;
  /** RSS when the phase started: Node, the TypeScript loader and the loaded modules. */
  startRssMb: number;
  /** The process's lifetime maximum (getrusage), which includes compiling the TypeScript sources. */
  maxRssMb: number;
  /** CPU time the phase used (user + system): steadier than wall time on a shared machine. */
  cpuMs: number;
  /** Peak V8 heap in use, sampled with the RSS. */
  peakHeapMb: number;
  detail?: string;
}

const DIVISIONS = [
  '110101',
  '110105',
  '310115',
  '440305',
  '440106',
  '330106',
  '510107',
  '420111',
  '320506',
  '500103',
];

async function* outletData(n: number): AsyncIterable<OutCell[]> {
  for (let i = 1; i <= n; i++) {
    const contracted = i % 7 === 0;
    yield [
      `OUT-${String(i).padStart(6, '0')}`,
      `星标家电服务网点第${i}号`,
      DIVISIONS[i % DIVISIONS.length]!,
      `幸福路${i}号${i % 3 === 0 ? '二楼' : ''}`,
      i % 11 === 0 ? 30 + (i % 1000) / 100 : null,
      i % 11 === 0 ? 110 + (i % 1000) / 100 : null,
      contracted ? '合作' : '自有',
      contracted ? `合作维修公司${i % 500}` : null,
      null,
      contracted ? '2027-12-31' : null,
      i % 2 ? '到店,上门' : '热线,线上',
      (i % 12) + 1,
      `2018-0${(i % 9) + 1}-15`,
      `400-800-${String(i % 10000).padStart(4, '0')}`,
      i % 50 === 0 ? '关闭' : '营业',
    ];
  }
}

/**
 * The parent's work (files, database, client) loads its modules on demand, so the phase processes load
 * only what an import loads and their peak RSS is the import's.
 */
async function setupDb(file: string): Promise<{ clientId: string }> {
  const { migrateToLatest } = await import('../src/db/migrate.ts');
  const { createOrganisationAsSystem } = await import('../src/modules/setup/setup.service.ts');
  const { createClient } = await import('../src/modules/clients/clients.service.ts');
  const config = { ...loadConfig({ LOG_LEVEL: 'silent' }), database: { dialect: 'sqlite' as const, file } };
  const database = openDatabase(config.database);
  await migrateToLatest(database.db);
  const ctx = { db: database.db, dialect: database.dialect, config, clock: systemClock };
  const cb = await createOrganisationAsSystem(ctx, { kind: 'certificationBody', name: 'Bench CB' });
  const client = await createClient(
    ctx,
    systemActor(cb.id),
    { legalNameZh: '基准测试客户', creditCode: '914403001922038216', enterpriseType: 'production' },
    'bench',
  );
  await database.close();
  return { clientId: client.id };
}

/** One phase, run in a child process: prints its result as JSON. */
async function child(phase: string, file: string, db: string, clientId: string): Promise<void> {
  const startRss = process.memoryUsage().rss;
  let peak = startRss;
  let peakHeap = 0;
  const timer = setInterval(() => {
    const m = process.memoryUsage();
    peak = Math.max(peak, m.rss);
    peakHeap = Math.max(peakHeap, m.heapUsed);
  }, 10);
  const t0 = performance.now();
  const cpu0 = process.cpuUsage();
  let rows = 0;
  let detail: string | undefined;
  if (phase === 'parse') {
    const sheet = await openSheet(file);
    for await (const batch of sheet.rows) {
      for (const row of batch) {
        for (const c of row.cells) cellText(c);
        rows++;
      }
    }
    rows--; // the header
  } else {
    const config = {
      ...loadConfig({ LOG_LEVEL: 'silent', PERSONAL_DATA_KEY: Buffer.alloc(32, 7).toString('base64') }),
      database: { dialect: 'sqlite' as const, file: db },
      importMaxRows: 1_000_000,
    };
    const database = openDatabase(config.database);
    const ctx = { db: database.db, dialect: database.dialect, config, clock: systemClock };
    const cb = (
      await database.db
        .selectFrom('clients')
        .select('cbId')
        .where('id', '=', clientId)
        .executeTakeFirstOrThrow()
    ).cbId;
    const r = await importTable(
      ctx,
      systemActor(cb),
      'outlets',
      clientId,
      { file, fileName: path.basename(file) },
      'allOrNothing',
      null,
    );
    rows = r.rows;
    detail = `${r.created} created, ${r.updated} updated, ${r.unchanged} unchanged, ${r.errorCount} errors`;
    await database.close();
  }
  const ms = performance.now() - t0;
  const cpu = process.cpuUsage(cpu0);
  clearInterval(timer);
  peak = Math.max(peak, process.memoryUsage().rss);
  process.stdout.write(
    JSON.stringify({
      rows,
      ms,
      peakRssMb: mb(peak),
      startRssMb: mb(startRss),
      maxRssMb: mb(process.resourceUsage().maxRSS * 1024),
      cpuMs: (cpu.user + cpu.system) / 1000,
      peakHeapMb: mb(peakHeap),
      detail,
    } satisfies PhaseResult),
  );
}

function run(phase: string, file: string, db = '', clientId = ''): PhaseResult {
  const out = execFileSync(
    process.execPath,
    // BENCH_PROF=dir: each phase writes a CPU profile there (node --cpu-prof).
    [
      '--import',
      'tsx',
      ...(process.env.BENCH_PROF ? ['--cpu-prof', `--cpu-prof-dir=${process.env.BENCH_PROF}`] : []),
      self,
      '--phase',
      phase,
      file,
      db,
      clientId,
    ],
    {
      encoding: 'utf8',
      maxBuffer: 1 << 20,
    },
  );
  return JSON.parse(out) as PhaseResult;
}

async function main(): Promise<void> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'starmark-bench-import-'));
  try {
    console.log(
      `Import benchmark: ${ROWS.toLocaleString('en')} outlets, SQLite, ${os.cpus().length} cores, Node ${process.version}`,
    );
    const files = { xlsx: path.join(dir, 'outlets.xlsx'), csv: path.join(dir, 'outlets.csv') };
    for (const format of ['xlsx', 'csv'] as const) {
      const { writeSheet } = await import('../src/modules/imports/tabular-writer.ts');
      await writeSheet(files[format], OUTLET_COLUMNS, outletData(ROWS), { format, sheetName: 'outlets' });
    }
    console.log(
      `files: XLSX ${mb(fs.statSync(files.xlsx).size).toFixed(1)} MB, CSV ${mb(fs.statSync(files.csv).size).toFixed(1)} MB\n`,
    );
    const line = (label: string, r: PhaseResult, baseline?: PhaseResult) => {
      const rate = (r.rows / r.ms) * 1000;
      const vs = baseline ? `  (${(r.ms / baseline.ms).toFixed(2)}× the parse-only time)` : '';
      console.log(
        `${label.padEnd(34)} ${String(r.rows).padStart(7)} rows  ${(r.ms / 1000).toFixed(2).padStart(6)} s  ${Math.round(rate).toLocaleString('en').padStart(8)} rows/s  peak RSS ${r.peakRssMb.toFixed(0).padStart(4)} MB (from ${r.startRssMb.toFixed(0)}; process max ${r.maxRssMb.toFixed(0)}; heap ${r.peakHeapMb.toFixed(0)})${vs}`,
      );
      console.log(
        `${''.padEnd(34)} CPU ${(r.cpuMs / 1000).toFixed(2)} s = ${Math.round((r.rows / r.cpuMs) * 1000).toLocaleString('en')} rows per CPU-second (wall/CPU ${(r.ms / r.cpuMs).toFixed(2)}: above 1 = waiting, e.g. on a busy machine)`,
      );
      if (r.detail) console.log(`${''.padEnd(34)} ${r.detail}`);
      return rate;
    };
    let ok = true;
    for (const format of ['xlsx', 'csv'] as const) {
      const db = path.join(dir, `${format}.db`);
      const { clientId } = await setupDb(db);
      const baseline = run('parse', files[format]);
      line(`${format.toUpperCase()} baseline: parse only`, baseline);
      const first = run('import', files[format], db, clientId);
      const rate = line(`${format.toUpperCase()} import (new outlets)`, first, baseline);
      const again = run('import', files[format], db, clientId);
      const rate2 = line(`${format.toUpperCase()} re-import (unchanged)`, again, baseline);
      for (const [r, res] of [
        [rate, first],
        [rate2, again],
      ] as const) {
        if (r < TARGET_ROWS_PER_S || res.peakRssMb >= TARGET_RSS_MB) ok = false;
      }
      console.log('');
    }
    console.log(
      `target: ≥ ${TARGET_ROWS_PER_S.toLocaleString('en')} rows/s and peak RSS < ${TARGET_RSS_MB} MB — ${ok ? 'met' : 'NOT met'}`,
    );
    if (!ok) process.exitCode = 1;
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

const phaseAt = process.argv.indexOf('--phase');
if (phaseAt >= 0) {
  const [phase, file, db, clientId] = process.argv.slice(phaseAt + 1) as [string, string, string, string];
  await child(phase, file, db, clientId);
} else {
  await main();
}
