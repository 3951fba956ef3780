/**
 * Browser tests: `npm run test:e2e` (which builds the web app first).
 *
 * Starts the real server (`node --import tsx src/cli/main.ts serve`) on a free port with a fresh SQLite
 * data directory, waits for /api/ready, drives Debian's chromium with playwright-core through every
 * `*.e2e.ts` test, then always stops the server (its whole process group) and exits non-zero on failure.
 *
 * Environment: CHROMIUM_PATH (default /usr/bin/chromium), E2E_KEEP_DATA=1 keeps the temp data dir,
 * E2E_ONLY=registry,schemes runs only the files whose names contain one of those words.
 */
import { spawn } from 'node:child_process';
import type { ChildProcess } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import type { E2eContext, E2eTest } from './harness.ts';
import { tests as shellTests } from './shell.e2e.ts';
import { tests as pagesTests } from './pages.e2e.ts';
import { tests as schemesTests } from './schemes.e2e.ts';
import { tests as registryTests } from './registry.e2e.ts';
import { tests as workflowTests } from './workflow.e2e.ts';
import { tests as mysteryVisitsTests } from './mystery-visits.e2e.ts';
import { tests as certificatesTests } from './certificates.e2e.ts';
import { tests as surveysTests } from './surveys.e2e.ts';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const SCREENSHOTS = fileURLToPath(new URL('./screenshots/', import.meta.url));
const ADMIN = { email: 'admin@starmark.local', password: 'E2e-Starmark-Admin-2026!' };
const READY_TIMEOUT_MS = 60_000;
const TEST_TIMEOUT_MS = 120_000;

const ALL_TESTS: { file: string; tests: E2eTest[] }[] = [
  { file: 'shell.e2e.ts', tests: shellTests },
  { file: 'pages.e2e.ts', tests: pagesTests },
  { file: 'schemes.e2e.ts', tests: schemesTests },
  { file: 'registry.e2e.ts', tests: registryTests },
  { file: 'workflow.e2e.ts', tests: workflowTests },
  { file: 'mystery-visits.e2e.ts', tests: mysteryVisitsTests },
  { file: 'certificates.e2e.ts', tests: certificatesTests },
  { file: 'surveys.e2e.ts', tests: surveysTests },
];

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.unref();
    server.on('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      server.close(() => resolve(port));
    });
  });
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

async function waitForReady(baseUrl: string, server: ChildProcess): Promise<void> {
  const deadline = Date.now() + READY_TIMEOUT_MS;
  let last = '';
  while (Date.now() < deadline) {
    if (server.exitCode !== null || server.signalCode !== null) {
      throw new Error(`the server exited early (code ${server.exitCode}, signal ${server.signalCode})`);
    }
    try {
      const res = await fetch(`${baseUrl}/api/ready`, { signal: AbortSignal.timeout(2000) });
      if (res.status === 200) return;
      last = `HTTP ${res.status}`;
    } catch (e) {
      last = e instanceof Error ? e.message : String(e);
    }
    await sleep(250);
  }
  throw new Error(`the server was not ready within ${READY_TIMEOUT_MS / 1000} s (last: ${last})`);
}

/** Stop the server's whole process group: SIGTERM, then SIGKILL after 10 s. */
async function stopServer(server: ChildProcess): Promise<void> {
  if (server.pid === undefined || server.exitCode !== null || server.signalCode !== null) return;
  const exited = new Promise<void>((resolve) => server.once('exit', () => resolve()));
  const signal = (sig: NodeJS.Signals) => {
    try {
      process.kill(-server.pid!, sig);
    } catch {
      // already gone
    }
  };
  signal('SIGTERM');
  const timedOut = await Promise.race([exited.then(() => false), sleep(10_000).then(() => true)]);
  if (timedOut) {
    signal('SIGKILL');
    await Promise.race([exited, sleep(2000)]);
  }
}

/** Let opening modals, messages and transitions finish (infinite spinners excepted) before a screenshot. */
async function settle(page: Page): Promise<void> {
  await page
    .waitForFunction(
      () =>
        document
          .getAnimations()
          .every((a) => a.playState !== 'running' || a.effect?.getTiming().iterations === Infinity),
      undefined,
      { timeout: 2000, polling: 100 },
    )
    .catch(() => undefined);
}

function withTimeout<T>(promise: Promise<T>, ms: number, what: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`${what} timed out after ${ms / 1000} s`)), ms);
  });
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}

async function main(): Promise<number> {
  if (!existsSync(join(ROOT, 'dist/web/index.html'))) {
    console.error('dist/web is missing: run `npm run build:web` first (npm run test:e2e does).');
    return 1;
  }
  const executablePath = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
  if (!existsSync(executablePath)) {
    console.error(
      `No browser at ${executablePath}: apt-get install -y chromium fonts-noto-cjk, or set CHROMIUM_PATH.`,
    );
    return 1;
  }
  rmSync(SCREENSHOTS, { recursive: true, force: true });
  mkdirSync(SCREENSHOTS, { recursive: true });

  const port = await freePort();
  const baseUrl = `http://127.0.0.1:${port}`;
  const dataDir = mkdtempSync(join(tmpdir(), 'starmark-e2e-'));
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    PORT: String(port),
    HOST: '127.0.0.1',
    DATA_DIR: dataDir,
    STARMARK_ADMIN_EMAIL: ADMIN.email,
    STARMARK_ADMIN_PASSWORD: ADMIN.password,
    LOG_LEVEL: 'warn',
  };
  // The browser test always runs on its own fresh embedded database.
  delete env.DATABASE_URL;

  const serverLog: string[] = [];
  const server = spawn(process.execPath, ['--import', 'tsx', 'src/cli/main.ts', 'serve'], {
    cwd: ROOT,
    env,
    detached: true, // own process group, so that stopping it stops every child too
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  server.stdout?.on('data', (chunk: Buffer) => serverLog.push(chunk.toString()));
  server.stderr?.on('data', (chunk: Buffer) => serverLog.push(chunk.toString()));

  // Whatever happens to this process, the server (and anything it started) does not outlive it.
  process.once('exit', () => {
    try {
      if (server.pid !== undefined && server.exitCode === null) process.kill(-server.pid, 'SIGKILL');
    } catch {
      // already gone
    }
  });
  const onSignal = () => {
    void stopServer(server).finally(() => process.exit(130));
  };
  process.once('SIGINT', onSignal);
  process.once('SIGTERM', onSignal);
  // A test that fails half-way can leave a promise (say, waitForResponse) to reject once its page is
  // closed. That must not kill the runner before it has stopped the server and reported.
  process.on('unhandledRejection', (reason) => {
    console.log(
      `    (ignored after a failure: ${reason instanceof Error ? reason.message.split('\n')[0] : String(reason)})`,
    );
  });

  let browser: Browser | undefined;

  let passed = 0;
  let failed = 0;
  try {
    await waitForReady(baseUrl, server);
    console.log(`server ready at ${baseUrl} (data in ${dataDir})`);
    browser = await chromium.launch({
      executablePath,
      args: [
        '--no-sandbox',
        '--disable-gpu',
        '--disable-quic',
        '--no-first-run',
        '--disable-background-networking',
        '--disable-component-update',
        '--disable-sync',
      ],
    });

    const only = (process.env.E2E_ONLY ?? '').split(',').filter(Boolean);
    const selected = only.length ? ALL_TESTS.filter((t) => only.some((w) => t.file.includes(w))) : ALL_TESTS;
    for (const { file, tests } of selected) {
      for (const test of tests) {
        const contexts: BrowserContext[] = [];
        const ctx: E2eContext = {
          baseUrl,
          browser,
          admin: ADMIN,
          newPage: async () => {
            // An English browser: Chinese must come from Starmark's own default, not the browser.
            const context = await browser!.newContext({
              baseURL: baseUrl,
              locale: 'en-US',
              timezoneId: 'Europe/London',
              viewport: { width: 1440, height: 900 },
            });
            contexts.push(context);
            context.setDefaultTimeout(15_000);
            return context.newPage();
          },
          screenshot: async (page, name) => {
            await settle(page);
            const path = join(SCREENSHOTS, `${name}.png`);
            await page.screenshot({ path, fullPage: true });
            return path;
          },
        };
        const started = Date.now();
        try {
          await withTimeout(test.run(ctx), TEST_TIMEOUT_MS, test.name);
          passed++;
          console.log(`  ✓ ${file} › ${test.name} (${Date.now() - started} ms)`);
        } catch (error) {
          failed++;
          console.log(`  ✗ ${file} › ${test.name} (${Date.now() - started} ms)`);
          console.log(
            `    ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`.replace(
              /\n/g,
              '\n    ',
            ),
          );
          for (const [i, context] of contexts.entries()) {
            for (const [j, page] of context.pages().entries()) {
              const path = join(SCREENSHOTS, `failure-${test.name.replace(/\W+/g, '-')}-${i}-${j}.png`);
              await page.screenshot({ path, fullPage: true }).catch(() => undefined);
              console.log(`    screenshot: ${path} (url ${page.url()})`);
            }
          }
        } finally {
          for (const context of contexts) await context.close().catch(() => undefined);
        }
      }
    }
  } catch (error) {
    failed++;
    console.error(`e2e setup failed: ${error instanceof Error ? error.message : String(error)}`);
  } finally {
    await browser?.close().catch(() => undefined);
    await stopServer(server);
    if (failed > 0) {
      console.log('--- server output ---');
      console.log(serverLog.join('').trimEnd() || '(none)');
      console.log('---------------------');
    }
    if (process.env.E2E_KEEP_DATA !== '1') rmSync(dataDir, { recursive: true, force: true });
  }
  console.log(`${passed} passed, ${failed} failed`);
  return failed > 0 ? 1 : 0;
}

process.exitCode = await main();
