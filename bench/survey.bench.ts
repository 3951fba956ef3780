/**
 * Survey benchmark (issue 8, item 8), on SQLite:
 *  1. submitting responses over HTTP to the public respondent page (POST /s/<open link>, a form with the
 *     after-sales questionnaire's answers, each request stores one response and its answers), with
 *     autocannon on loopback, printed beside a bare Fastify route measured in the same run;
 *  2. importing 1,000,000 responses from a CSV file through the same service the API uses (streaming read,
 *     row validation against the pinned questionnaire, batched inserts in one transaction), in a child
 *     process of its own so that its peak memory is its own.
 * The data is the demo (seedDemo): its evaluation in progress and its live campaign.
 *
 *   npm run bench:survey                                  (node --import tsx bench/survey.bench.ts)
 *   BENCH_ROWS=200000 BENCH_SECONDS=5 npm run bench:survey
 */
import { fork, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';
import autocannon from 'autocannon';
import Fastify from 'fastify';
import { loadConfig, type Config } from '../src/config/config.ts';
import { openDatabase } from '../src/db/database.ts';
import { migrateToLatest } from '../src/db/migrate.ts';
import { systemClock } from '../src/db/time.ts';
import { buildApp } from '../src/http/app.ts';
import { systemActor } from '../src/modules/auth/actor.ts';
import { seedDemo } from '../src/modules/setup/setup.service.ts';
import { importResponses } from '../src/modules/surveys/survey-imports.ts';

const ROWS = Number(process.env.BENCH_ROWS ?? 1_000_000);
const SECONDS = Number(process.env.BENCH_SECONDS ?? 10);
const CONNECTIONS = 10;
const self = fileURLToPath(import.meta.url);
const mb = (bytes: number) => bytes / 1024 / 1024;

function benchConfig(file: string, dataDir: string): Config {
  return {
    ...loadConfig({
      LOG_LEVEL: 'silent',
      SEED_DEMO: 'false',
      JOBS_INTERVAL_SECONDS: '0',
      DATA_DIR: dataDir,
      IMPORT_MAX_ROWS: String(Math.max(ROWS, 1)),
      STARMARK_ADMIN_PASSWORD: 'bench-password-123',
      PERSONAL_DATA_KEY: Buffer.alloc(32, 7).toString('base64'),
      SIGNING_KEY_SECRET: Buffer.alloc(32, 9).toString('base64'),
    }),
    database: { dialect: 'sqlite' as const, file },
  };
}

async function seed(file: string, dataDir: string) {
  const config = benchConfig(file, dataDir);
  const database = openDatabase(config.database);
  await migrateToLatest(database.db);
  const ctx = { db: database.db, dialect: database.dialect, config, clock: systemClock };
  const seeded = await seedDemo(ctx);
  const campaign = await database.db
    .selectFrom('surveyCampaigns')
    .selectAll()
    .where('evaluationId', '=', seeded.evaluationInProgress!.evaluationId)
    .executeTakeFirstOrThrow();
  const outlets = await database.db
    .selectFrom('surveyCampaignOutlets')
    .select(['siteId', 'code'])
    .where('campaignId', '=', campaign.id)
    .orderBy('code')
    .execute();
  await database.close();
  return {
    cbId: seeded.certificationBodyId,
    campaignId: campaign.id,
    openToken: campaign.openToken,
    outlets,
  };
}

// ── child processes ─────────────────────────────────────────────────────────────────────────────────

async function serve(kind: string, file: string, dataDir: string): Promise<void> {
  let app;
  let close = async () => {};
  if (kind === 'bare') {
    app = Fastify({ logger: false });
    app.post('/bare', async () => ({ ok: true }));
  } else {
    const config = benchConfig(file, dataDir);
    const database = openDatabase(config.database);
    app = await buildApp({ config, database, clock: systemClock, serveWeb: false });
    close = () => database.close();
  }
  await app.listen({ host: '127.0.0.1', port: 0 });
  const address = app.server.address();
  const port = typeof address === 'object' && address ? address.port : 0;
  process.send!({ port });
  process.on('message', (m) => {
    if (m !== 'stop') return;
    void (async () => {
      await app.close();
      await close();
      process.send!({ maxRssMb: mb(process.resourceUsage().maxRSS * 1024) }, () => process.exit(0));
    })();
  });
}

async function runImport(file: string, dataDir: string, csv: string, cbId: string, campaignId: string) {
  const config = benchConfig(file, dataDir);
  const database = openDatabase(config.database);
  const ctx = { db: database.db, dialect: database.dialect, config, clock: systemClock };
  const startRss = mb(process.memoryUsage().rss);
  let peak = startRss;
  const timer = setInterval(() => (peak = Math.max(peak, mb(process.memoryUsage().rss))), 10);
  const t0 = performance.now();
  const report = await importResponses(
    ctx,
    systemActor(cbId, ['cbAdmin']),
    campaignId,
    csv,
    'allOrNothing',
    null,
  );
  const ms = performance.now() - t0;
  clearInterval(timer);
  await database.close();
  process.send!({
    ms,
    report,
    peakRssMb: peak,
    startRssMb: startRss,
    maxRssMb: mb(process.resourceUsage().maxRSS * 1024),
  });
}

interface Server {
  child: ChildProcess;
  url: string;
  stop(): Promise<number>;
}

function start(kind: string, file: string, dataDir: string): Promise<Server> {
  const child = fork(self, ['--serve', kind, file, dataDir], { execArgv: ['--import', 'tsx'] });
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

// ── main ────────────────────────────────────────────────────────────────────────────────────────────

const answers = (i: number) => {
  const r = (k: number) => String(1 + ((i * 7 + k * 3) % 5));
  return {
    speed: r(1),
    attitude: r(2),
    competence: r(3),
    quality: r(4),
    complained: 'no',
    overall: r(5),
    recommend: String((i * 3) % 11),
  };
};

async function writeCsv(file: string, rows: number, codes: string[]) {
  const out = fs.createWriteStream(file);
  const write = (s: string) =>
    out.write(s) ? Promise.resolve() : new Promise<void>((r) => out.once('drain', () => r()));
  await write(
    'outlet,speed,attitude,competence,quality,complained,complaints,overall,recommend,channel,comment\r\n',
  );
  let chunk = '';
  for (let i = 0; i < rows; i++) {
    const a = answers(i);
    chunk += `${codes[i % codes.length]},${a.speed},${a.attitude},${a.competence},${a.quality},no,,${a.overall},${a.recommend},${i % 3 === 0 ? 'phone;store' : ''},${i % 10 === 0 ? '服务很好' : ''}\r\n`;
    if (chunk.length > 1 << 20) {
      await write(chunk);
      chunk = '';
    }
  }
  await write(chunk);
  await new Promise<void>((r) => out.end(r));
}

async function main(): Promise<void> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'starmark-bench-survey-'));
  const file = path.join(dir, 'survey.db');
  const servers: Server[] = [];
  // The public page's per-address limit is lifted for the load run (one client address sends everything).
  process.env.SURVEY_RATE_LIMIT_PER_MINUTE = '1000000000';
  try {
    console.log(
      `Survey benchmark: SQLite, ${os.cpus().length} cores, Node ${process.version}, load average ${os
        .loadavg()
        .map((l) => l.toFixed(1))
        .join(' ')}`,
    );
    const t0 = performance.now();
    const demo = await seed(file, dir);
    console.log(`seeding the demo (not measured below): ${((performance.now() - t0) / 1000).toFixed(1)} s`);

    const bare = await start('bare', file, dir);
    servers.push(bare);
    const app = await start('app', file, dir);
    servers.push(app);
    const page = await (await fetch(`${app.url}/s/${demo.openToken}`)).text();
    const token = /name="_t" value="([^"]+)"/.exec(page)![1]!.replace(/&#61;/g, '=').replace(/&#47;/g, '/');
    const body = (i: number) =>
      new URLSearchParams({
        _t: token,
        siteId: demo.outlets[i % demo.outlets.length]!.siteId,
        ...answers(i),
      }).toString();
    const probe = await fetch(`${app.url}/s/${demo.openToken}`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: body(0),
    });
    if (probe.status !== 200)
      throw new Error(`submission refused: ${probe.status} ${(await probe.text()).slice(0, 300)}`);

    let n = 0;
    const run = async (label: string, url: string, p: string, withBody: boolean, seconds = SECONDS) => {
      const r = await autocannon({
        url,
        connections: CONNECTIONS,
        duration: seconds,
        requests: [
          {
            setupRequest: (req) => ({
              ...req,
              method: 'POST',
              path: p,
              ...(withBody
                ? { headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: body(++n) }
                : {}),
            }),
          },
        ],
      });
      return {
        label,
        rps: r.requests.total / r.duration,
        p50: r.latency.p50,
        p99: r.latency.p99,
        total: r.requests.total,
        bad: r.non2xx + r.errors + r.timeouts,
      };
    };
    await run('warm-up', bare.url, '/bare', false, 2);
    await run('warm-up', app.url, `/s/${demo.openToken}`, true, 2);
    const runs = [
      await run('bare Fastify route (POST, constant JSON)', bare.url, '/bare', false),
      await run('submit a response (POST /s/<open link>)', app.url, `/s/${demo.openToken}`, true),
    ];
    const bareRss = await bare.stop();
    const appRss = await app.stop();
    servers.length = 0;
    console.log(`\nautocannon: ${CONNECTIONS} connections, ${SECONDS} s per run, 127.0.0.1\n`);
    console.log(
      `${'run'.padEnd(42)} ${'req/s'.padStart(8)} ${'p50 ms'.padStart(7)} ${'p99 ms'.padStart(7)} ${'requests'.padStart(9)} ${'non-2xx'.padStart(8)}  vs bare`,
    );
    for (const r of runs)
      console.log(
        `${r.label.padEnd(42)} ${Math.round(r.rps).toLocaleString('en').padStart(8)} ${String(r.p50).padStart(7)} ${String(r.p99).padStart(7)} ${String(r.total).padStart(9)} ${String(r.bad).padStart(8)}  ${((r.rps / runs[0]!.rps) * 100).toFixed(0).padStart(4)} %`,
      );
    console.log(`peak RSS: bare server ${bareRss.toFixed(0)} MB, Starmark server ${appRss.toFixed(0)} MB`);

    const csv = path.join(dir, 'responses.csv');
    const w0 = performance.now();
    await writeCsv(
      csv,
      ROWS,
      demo.outlets.map((o) => o.code),
    );
    console.log(
      `\nimport: ${ROWS.toLocaleString('en')} rows, CSV ${mb(fs.statSync(csv).size).toFixed(0)} MB written in ${((performance.now() - w0) / 1000).toFixed(1)} s (not measured)`,
    );
    const child = fork(self, ['--import-run', file, dir, csv, demo.cbId, demo.campaignId], {
      execArgv: ['--import', 'tsx'],
    });
    const result = await new Promise<{
      ms: number;
      report: { imported: number; committed: boolean; rejected: number };
      peakRssMb: number;
      startRssMb: number;
      maxRssMb: number;
    }>((resolve, reject) => {
      child.once('message', resolve as never);
      child.once('exit', (code) => (code ? reject(new Error(`import exited ${code}`)) : undefined));
    });
    if (!result.report.committed)
      throw new Error(`import refused: ${JSON.stringify(result.report).slice(0, 400)}`);
    console.log(
      `import through the service: ${result.report.imported.toLocaleString('en')} responses in ${(result.ms / 1000).toFixed(1)} s = ${Math.round(result.report.imported / (result.ms / 1000)).toLocaleString('en')} rows/s; ` +
        `RSS at start ${result.startRssMb.toFixed(0)} MB, peak while importing ${result.peakRssMb.toFixed(0)} MB (process max ${result.maxRssMb.toFixed(0)} MB)`,
    );
  } finally {
    for (const s of servers) s.child.kill();
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

const [flag, a, b, c, d, e] = process.argv.slice(2);
if (flag === '--serve') void serve(a!, b!, c!);
else if (flag === '--import-run') void runImport(a!, b!, c!, d!, e!).then(() => process.exit(0));
else
  main().catch((err: unknown) => {
    console.error(err);
    process.exitCode = 1;
  });
