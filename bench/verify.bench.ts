/**
 * Public verification benchmark (issue 6, item 7): 1,000,000 certificates in SQLite, looked up over
 * HTTP on loopback with autocannon — by certificate number and by company name — printed beside a
 * bare Fastify route returning a constant JSON, measured in the same run with the same settings.
 * Both servers run in their own child process (same process model); autocannon runs in this one.
 *
 *   npm run bench:verify            (node --import tsx bench/verify.bench.ts)
 *   BENCH_ROWS=100000 BENCH_SECONDS=5 npm run bench:verify
 *   BENCH_DB=/tmp/verify.db npm run bench:verify   (seeds that file once and keeps it; later runs reuse it)
 *   BENCH_PROF=/tmp/prof npm run bench:verify      (CPU profiles of both servers, for chrome devtools)
 *
 * Targets: number look-up ≥ 70 % of the bare route's requests/s, p99 < 20 ms.
 *
 * Seeding: one certificate is issued through the service (scored, numbered, signed); the other rows
 * are copies of it written straight through better-sqlite3 (one prepared statement, a transaction per
 * 100,000 rows) with their own id, number, identity number, entity name and credit code. The public
 * routes read only the certificates table, so the copies get no status-history or frozen-result rows,
 * and their QR tokens are the template's (the look-up only prints them as a link).
 *
 * Informative lines beside the target: a constant JSON through the whole Starmark stack, and a minimal
 * look-up (bare Fastify, one prepared statement, no validation, headers, rate limit or presentation) —
 * the floor under any look-up that reads the row from SQLite on the machine at hand.
 */
import { fork, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';
import autocannon from 'autocannon';
import BetterSqlite3 from 'better-sqlite3';
import Fastify from 'fastify';
import { loadConfig, type Config } from '../src/config/config.ts';
import { openDatabase } from '../src/db/database.ts';
import { migrateToLatest } from '../src/db/migrate.ts';
import { systemClock } from '../src/db/time.ts';
import { formatCertificateNumber } from '../src/domain/certificates/numbering.ts';
import { buildApp } from '../src/http/app.ts';
import { systemActor } from '../src/modules/auth/actor.ts';
import { CertificateIssueBody } from '../src/modules/certificates/certificates.contract.ts';
import { issueCertificate, normaliseName } from '../src/modules/certificates/certificates.service.ts';
import { PUBLIC_COLUMNS } from '../src/modules/certificates/public-verification.ts';
import { createOrganisationAsSystem } from '../src/modules/setup/setup.service.ts';

const ROWS = Number(process.env.BENCH_ROWS ?? 1_000_000);
const SECONDS = Number(process.env.BENCH_SECONDS ?? 10);
const CONNECTIONS = 10;
const TARGET_RATIO = 0.7;
const TARGET_P99_MS = 20;
const BATCH = 100_000;
const PER_YEAR = 100_000;
const FIRST_YEAR = 2016;

const self = fileURLToPath(import.meta.url);
const root = path.join(path.dirname(self), '..');
const mb = (bytes: number) => bytes / 1024 / 1024;

const BRANDS = ['海尔', '美的', '格力', '海信', '长虹', '创维', '老板', '方太', '华帝', '苏泊尔'];
const CITIES = ['北京', '上海', '广州', '深圳', '杭州', '成都', '武汉', '南京', '青岛', '重庆'];
const KINDS = ['电器服务', '家电维修', '售后服务', '安装服务', '物流服务'];
/** Distinct names: brand + city + kind + branch number (e.g. 海尔青岛电器服务第1234分公司). */
const entityName = (i: number) =>
  `${BRANDS[i % 10]}${CITIES[Math.floor(i / 10) % 10]}${KINDS[Math.floor(i / 100) % 5]}有限公司第${Math.floor(i / 500) + 1}分公司`;
const numberOf = (i: number) =>
  formatCertificateNumber('SM-{yyyy}-{cat}{seq:5}', {
    year: FIRST_YEAR + Math.floor(i / PER_YEAR),
    seq: (i % PER_YEAR) + 2, // seq 1 of each year stays free for the template
    category: 'service',
  });

function benchConfig(file: string): Config {
  return {
    ...loadConfig({
      LOG_LEVEL: 'silent',
      SEED_DEMO: 'false',
      JOBS_INTERVAL_SECONDS: '0',
      VERIFY_RATE_LIMIT_PER_MINUTE: '1000000000',
      PERSONAL_DATA_KEY: Buffer.alloc(32, 7).toString('base64'),
    }),
    database: { dialect: 'sqlite' as const, file },
  };
}

// ── seeding ─────────────────────────────────────────────────────────────────────────────────────────

async function seed(file: string): Promise<{ ms: number; issuedNumber: string }> {
  const config = benchConfig(file);
  const database = openDatabase(config.database);
  await migrateToLatest(database.db);
  const ctx = { db: database.db, dialect: database.dialect, config, clock: systemClock };
  const cb = await createOrganisationAsSystem(ctx, { kind: 'certificationBody', name: '星标基准认证中心' });
  const client = await createOrganisationAsSystem(ctx, {
    kind: 'client',
    name: '基准测试客户',
    cbId: cb.id,
  });
  const example = JSON.parse(
    fs.readFileSync(path.join(root, 'src/domain/scoring/examples/01-all-conforming.json'), 'utf8'),
  ) as { evaluation: unknown };
  const issued = await issueCertificate(
    ctx,
    systemActor(cb.id, ['cbAdmin']),
    CertificateIssueBody.parse({
      clientId: client.id,
      scheme: { urn: 'urn:starmark:scheme:gbt27922:2011', version: '1.0.0' },
      evaluation: example.evaluation,
      entity: {
        nameZh: '星标基准服务有限公司',
        nameEn: 'Starmark Bench Service Co., Ltd.',
        creditCode: '91370200163562681G',
        address: { country: 'CN', province: '山东省', city: '青岛市', street: '崂山区海尔路1号' },
      },
      scopeZh: '家用电器的安装、维修与售后服务',
      scopeEn: 'Installation, repair and after-sales service of household appliances',
      sites: [
        { name: '青岛服务中心', address: '青岛市崂山区海尔路1号', scopeZh: '安装与维修' },
        { name: '济南服务网点', address: '济南市历下区泉城路8号' },
      ],
    }),
    null,
  );
  await database.close();

  const t0 = performance.now();
  const sqlite = new BetterSqlite3(file);
  sqlite.pragma('journal_mode = WAL');
  sqlite.pragma('synchronous = OFF');
  const template = sqlite.prepare('SELECT * FROM certificates LIMIT 1').get() as Record<string, unknown>;
  const columns = Object.keys(template);
  const insert = sqlite.prepare(
    `INSERT INTO certificates (${columns.join(', ')}) VALUES (${columns.map((c) => `@${c}`).join(', ')})`,
  );
  const fill = sqlite.transaction((from: number, to: number) => {
    for (let i = from; i < to; i++) {
      const name = entityName(i);
      const status = i % 50 === 0 ? 'suspended' : i % 97 === 0 ? 'withdrawn' : 'active';
      insert.run({
        ...template,
        id: `00000000-0000-4000-8000-${String(i).padStart(12, '0')}`,
        identity_number: `BENCH-${i}`,
        certificate_number: numberOf(i),
        number_year: FIRST_YEAR + Math.floor(i / PER_YEAR),
        number_seq: (i % PER_YEAR) + 2,
        entity_name_zh: name,
        entity_name_en: null,
        entity_name_search: normaliseName(name),
        entity_credit_code: `9137020016${String(i).padStart(7, '0')}X`,
        status,
        status_reason:
          status === 'suspended' ? 'surveillanceOverdue' : status === 'withdrawn' ? 'other' : null,
        confidential: i % 200 === 0 ? 1 : 0,
      });
    }
  });
  for (let from = 0; from < ROWS; from += BATCH) fill(from, Math.min(ROWS, from + BATCH));
  sqlite.pragma('optimize');
  sqlite.pragma('wal_checkpoint(TRUNCATE)');
  sqlite.close();
  return { ms: performance.now() - t0, issuedNumber: issued.certificateNumber };
}

// ── servers (child processes) ───────────────────────────────────────────────────────────────────────

/** A child: starts one server on 127.0.0.1:0, reports its port, and on 'stop' reports its peak RSS. */
async function serve(kind: string, file: string): Promise<void> {
  let app;
  let close = async () => {};
  if (kind === 'bare') {
    app = Fastify({ logger: false });
    app.get('/bare', async () => ({ ok: true, service: 'starmark', version: 1 }));
  } else if (kind === 'minimal') {
    // Informative only: the least a look-up can cost here — bare Fastify, one prepared statement on
    // the same database, the same columns, the rows serialised as they come. No validation, no
    // security headers, no rate limit, no presentation: the floor under any real implementation.
    app = Fastify({ logger: false });
    const conn = new BetterSqlite3(file, { readonly: true, fileMustExist: true });
    const byNumber = conn.prepare(
      `select ${PUBLIC_COLUMNS.map((c) => `"${c.replace(/[A-Z]/g, (l) => `_${l.toLowerCase()}`)}" as "${c}"`).join(', ')}
         from certificates where certificate_number = ? limit 50`,
    );
    app.get('/minimal', async (req, reply) =>
      reply
        .type('application/json; charset=utf-8')
        .send(JSON.stringify({ items: byNumber.all((req.query as { no: string }).no), truncated: false })),
    );
    close = async () => {
      conn.close();
    };
  } else {
    const config = benchConfig(file);
    const database = openDatabase(config.database);
    app = await buildApp({ config, database, clock: systemClock, serveWeb: false });
    // Informative only (not the baseline): a constant JSON through Starmark's global hooks (request id,
    // security headers, cookies, authentication, rate limit), to tell the stack's cost from the look-up's.
    app.get(
      '/bench/constant',
      { config: { public: true, rateLimit: { max: 1_000_000_000, timeWindow: 60_000 } } },
      async () => ({ ok: true, service: 'starmark', version: 1 }),
    );
    close = () => database.close();
  }
  await app.listen({ host: '127.0.0.1', port: 0 });
  const address = app.server.address();
  const port = typeof address === 'object' && address ? address.port : 0;
  process.send!({ port, rssMb: mb(process.memoryUsage().rss) });
  process.on('message', (m) => {
    if (m !== 'stop') return;
    void (async () => {
      await app.close();
      await close();
      process.send!({ maxRssMb: mb(process.resourceUsage().maxRSS * 1024) }, () => process.exit(0));
    })();
  });
}

interface Server {
  child: ChildProcess;
  url: string;
  stop(): Promise<number>;
}

function start(kind: string, file = ''): Promise<Server> {
  // BENCH_PROF=dir: the servers write CPU profiles there (node --cpu-prof) when they stop.
  const prof = process.env.BENCH_PROF ? ['--cpu-prof', `--cpu-prof-dir=${process.env.BENCH_PROF}`] : [];
  const child = fork(self, ['--serve', kind, file], { execArgv: ['--import', 'tsx', ...prof] });
  return new Promise((resolve, reject) => {
    child.once('error', reject);
    child.once('exit', (code) => reject(new Error(`${kind} server exited (${code})`)));
    child.once('message', (m: { port: number }) =>
      resolve({
        child,
        url: `http://127.0.0.1:${m.port}`,
        stop: () =>
          new Promise((res) => {
            child.removeAllListeners('exit');
            child.once('message', (r: { maxRssMb: number }) => res(r.maxRssMb));
            child.send('stop');
          }),
      }),
    );
  });
}

// ── load ────────────────────────────────────────────────────────────────────────────────────────────

interface Run {
  label: string;
  rps: number;
  p50: number;
  p99: number;
  max: number;
  total: number;
  bad: number;
}

async function load(label: string, url: string, paths: () => string, seconds = SECONDS): Promise<Run> {
  const r = await autocannon({
    url,
    connections: CONNECTIONS,
    duration: seconds,
    requests: [{ setupRequest: (req) => ({ ...req, path: paths() }) }],
  });
  return {
    label,
    rps: r.requests.total / r.duration,
    p50: r.latency.p50,
    p99: r.latency.p99,
    max: r.latency.max,
    total: r.requests.total,
    bad: r.non2xx + r.errors + r.timeouts,
  };
}

async function main(): Promise<void> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'starmark-bench-verify-'));
  const kept = process.env.BENCH_DB;
  const file = kept ?? path.join(dir, 'verify.db');
  const servers: Server[] = [];
  try {
    console.log(
      `Public verification benchmark: ${ROWS.toLocaleString('en')} certificates, SQLite, ${os.cpus().length} cores, Node ${process.version}`,
    );
    const reuse = !!kept && fs.existsSync(file);
    const seeded = reuse
      ? { ms: 0, issuedNumber: '(reused BENCH_DB, seeded by an earlier run)' }
      : await seed(file);
    console.log(
      `seeding (not measured below): 1 certificate issued through the service (${seeded.issuedNumber}), ` +
        `${ROWS.toLocaleString('en')} rows bulk-inserted in ${(seeded.ms / 1000).toFixed(1)} s; ` +
        `database ${mb(fs.statSync(file).size).toFixed(0)} MB; seeding process max RSS ${mb(process.resourceUsage().maxRSS * 1024).toFixed(0)} MB`,
    );

    const bare = await start('bare');
    servers.push(bare);
    const app = await start('app', file);
    servers.push(app);
    const minimal = await start('minimal', file);
    servers.push(minimal);

    const random = (n: number) => Math.floor(Math.random() * n);
    const byNumber = () => `/api/public/certificates?no=${encodeURIComponent(numberOf(random(ROWS)))}`;
    // A brand + city prefix: ≥ 21 prefix hits, so the answer is 20 rows and no fuzzy pass.
    const byPrefix = () =>
      `/api/public/certificates?name=${encodeURIComponent(`${BRANDS[random(10)]}${CITIES[random(10)]}`)}`;
    // A full name: one prefix hit, then the fuzzy pass (LIKE '%a%b%…%', a scan of the name index).
    const byFullName = () => `/api/public/certificates?name=${encodeURIComponent(entityName(random(ROWS)))}`;

    // Sanity: the routes answer what was seeded.
    const probe = (await (
      await fetch(`${app.url}/api/public/certificates?no=${numberOf(12_345)}`)
    ).json()) as {
      items: { certificateNumber: string }[];
    };
    if (probe.items[0]?.certificateNumber !== numberOf(12_345))
      throw new Error('number look-up found nothing');

    // Warm-up (JIT, SQLite page cache), not reported.
    await load('warm-up', bare.url, () => '/bare', 2);
    await load('warm-up', app.url, byNumber, 3);

    const runs: Run[] = [];
    runs.push(await load('bare Fastify route (constant JSON)', bare.url, () => '/bare'));
    runs.push(await load('look-up by number', app.url, byNumber));
    runs.push(await load('(info) constant JSON, Starmark stack', app.url, () => '/bench/constant'));
    runs.push(
      await load('(info) minimal look-up, no stack', minimal.url, () =>
        byNumber().replace('/api/public/certificates', '/minimal'),
      ),
    );
    runs.push(await load('name search: prefix (brand+city)', app.url, byPrefix));
    runs.push(await load('name search: full name (+fuzzy)', app.url, byFullName));
    const bareRss = await bare.stop();
    const appRss = await app.stop();
    await minimal.stop();
    servers.length = 0;

    console.log(
      `\nautocannon: ${CONNECTIONS} connections, ${SECONDS} s per run, 127.0.0.1, random existing numbers/names\n`,
    );
    console.log(
      `${'run'.padEnd(36)} ${'req/s'.padStart(8)} ${'p50 ms'.padStart(7)} ${'p99 ms'.padStart(7)} ${'max ms'.padStart(7)} ${'requests'.padStart(9)} ${'non-2xx'.padStart(8)}  vs bare`,
    );
    const base = runs[0]!;
    for (const r of runs) {
      console.log(
        `${r.label.padEnd(36)} ${Math.round(r.rps).toLocaleString('en').padStart(8)} ${String(r.p50).padStart(7)} ${String(r.p99).padStart(7)} ${String(r.max).padStart(7)} ${String(r.total).padStart(9)} ${String(r.bad).padStart(8)}  ${((r.rps / base.rps) * 100).toFixed(0).padStart(4)} %`,
      );
    }
    console.log(
      `\npeak RSS (process max): bare server ${bareRss.toFixed(0)} MB, Starmark server ${appRss.toFixed(0)} MB`,
    );
    const lookup = runs[1]!;
    const ratio = lookup.rps / base.rps;
    const ok = ratio >= TARGET_RATIO && lookup.p99 < TARGET_P99_MS && runs.every((r) => r.bad === 0);
    console.log(
      `target (look-up by number): ≥ ${TARGET_RATIO * 100} % of the bare route (${(ratio * 100).toFixed(0)} %) and p99 < ${TARGET_P99_MS} ms (${lookup.p99} ms) — ${ok ? 'met' : 'NOT met'}`,
    );
    if (!ok) process.exitCode = 1;
  } finally {
    for (const s of servers) s.child.kill();
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

const serveAt = process.argv.indexOf('--serve');
if (serveAt >= 0) {
  const [kind, file] = process.argv.slice(serveAt + 1) as [string, string];
  await serve(kind, file);
} else {
  await main();
}
