import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import type { DatabaseConfig } from '../../src/config/config.ts';

export interface TestDatabase {
  config: DatabaseConfig;
  /** The URL form, for child processes (DATABASE_URL). */
  url: string;
  drop(): Promise<void>;
}

/**
 * A fresh, empty database for one test file: a new PostgreSQL database when DATABASE_URL names a
 * server, otherwise a new SQLite file. Dropped afterwards.
 */
export async function createTestDatabase(): Promise<TestDatabase> {
  const serverUrl = process.env.DATABASE_URL;
  const name = `starmark_test_${process.pid}_${randomBytes(4).toString('hex')}`;
  if (serverUrl?.startsWith('postgres')) {
    const admin = new pg.Client({ connectionString: serverUrl });
    await admin.connect();
    await admin.query(`CREATE DATABASE ${name}`);
    await admin.end();
    const url = new URL(serverUrl);
    url.pathname = `/${name}`;
    return {
      config: { dialect: 'postgres', connectionString: url.toString() },
      url: url.toString(),
      drop: async () => {
        const c = new pg.Client({ connectionString: serverUrl });
        await c.connect();
        await c.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
        await c.end();
      },
    };
  }
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'starmark-test-'));
  const file = path.join(dir, `${name}.db`);
  return {
    config: { dialect: 'sqlite', file },
    url: `sqlite:${file}`,
    drop: async () => fs.rmSync(dir, { recursive: true, force: true }),
  };
}
