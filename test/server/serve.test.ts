import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import fs from 'node:fs';
import http from 'node:http';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';

/** `starmark serve` as a real process, the way `npm start` runs it. */
function serve(env: Record<string, string>) {
  const child = spawn(process.execPath, ['--import', 'tsx', 'src/cli/main.ts', 'serve'], {
    env: { ...process.env, PORT: '0', LOG_LEVEL: 'info', DATABASE_URL: '', ...env },
  });
  let output = '';
  child.stdout.on('data', (d) => (output += d));
  child.stderr.on('data', (d) => (output += d));
  const url = new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`no start within 60 s:\n${output}`)), 60_000);
    child.stdout.on('data', () => {
      const m = output.match(/running at (http:\/\/\S+)/);
      if (m) {
        clearTimeout(timer);
        resolve(m[1]!);
      }
    });
    child.on('exit', (code) => reject(new Error(`exited ${code}:\n${output}`)));
  });
  url.catch(() => undefined); // awaited only by tests that expect a start
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
  return { child, url, exited, output: () => output };
}

let running: ChildProcessWithoutNullStreams | undefined;
afterEach(() => {
  running?.kill('SIGKILL');
});

describe('starmark serve', () => {
  it('starts on the embedded defaults, prints the login, finishes in-flight requests on SIGTERM and closes the database', async () => {
    const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'starmark-serve-'));
    const s = serve({ DATA_DIR: dataDir, STARMARK_ADMIN_PASSWORD: 'printed-admin-password' });
    running = s.child;
    const base = await s.url;
    expect(s.output()).toContain('Sign in as admin@starmark.local with password printed-admin-password');
    expect(fs.existsSync(path.join(dataDir, 'starmark.db'))).toBe(true);

    // Start a request and leave its body half-sent, then ask the server to stop.
    const body = JSON.stringify({ email: 'admin@starmark.local', password: 'a-secret-in-flight' });
    const answer = new Promise<{ status: number; text: string }>((resolve, reject) => {
      const req = http.request(`${base}/api/auth/login`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body) },
      });
      req.on('response', (res) => {
        let text = '';
        res.on('data', (d) => (text += d));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, text }));
      });
      req.on('error', reject);
      req.write(body.slice(0, 10));
      setTimeout(() => {
        s.child.kill('SIGTERM');
        setTimeout(() => req.end(body.slice(10)), 300);
      }, 200);
    });
    const res = await answer;
    expect(res.status).toBe(401); // the in-flight request was answered, not cut off
    expect(await s.exited).toBe(0);
    expect(s.output()).toContain('shutting down');
    // The database was closed cleanly: SQLite folds its write-ahead log back into the file.
    expect(fs.existsSync(path.join(dataDir, 'starmark.db-wal'))).toBe(false);
    // Logs are structured, carry request ids and no secrets.
    const logLines = s
      .output()
      .split('\n')
      .filter((l) => l.startsWith('{'));
    expect(logLines.some((l) => /"reqId":"[\w-]+"/.test(l))).toBe(true);
    expect(s.output()).not.toContain('a-secret-in-flight');
    fs.rmSync(dataDir, { recursive: true, force: true });
  });

  it('refuses a bad configuration value with a clear message and exit code 2', async () => {
    const s = serve({ PORT: 'eighty' });
    running = s.child;
    expect(await s.exited).toBe(2);
    expect(s.output()).toContain('PORT');
    expect(s.output()).not.toMatch(/\n\s+at /); // no stack trace
  });
});
