import fs from 'node:fs';
import path from 'node:path';
import SQLite from 'better-sqlite3';
import pg from 'pg';
import { CamelCasePlugin, Kysely, PostgresDialect, sql, type Transaction } from 'kysely';
import { StarmarkSqliteDialect, withStatementCache } from './sqlite-dialect.ts';
import type { DatabaseConfig } from '../config/config.ts';
import type { DB } from './schema.ts';

export type Db = Kysely<DB>;
export type Tx = Transaction<DB>;
/** Anything a repository can run a query on: the database or an open transaction. */
export type Executor = Kysely<DB> | Transaction<DB>;
export type { Dialect } from './dialect.ts';
type Dialect = DatabaseConfig['dialect'];

export interface Database {
  db: Db;
  dialect: Dialect;
  close(): Promise<void>;
}

// PostgreSQL returns 64-bit integers (COUNT(*), bigint) as strings; every count Starmark takes fits a double.
pg.types.setTypeParser(pg.types.builtins.INT8, (v) => Number.parseInt(v, 10));

export function openDatabase(config: DatabaseConfig): Database {
  const plugins = [new CamelCasePlugin()];
  if (config.dialect === 'sqlite') {
    if (config.file !== ':memory:') fs.mkdirSync(path.dirname(config.file), { recursive: true });
    const sqlite = new SQLite(config.file);
    sqlite.pragma('journal_mode = WAL');
    sqlite.pragma('foreign_keys = ON');
    sqlite.pragma('busy_timeout = 5000');
    sqlite.pragma('synchronous = NORMAL');
    // SQLite's own default page cache is 2 MB; a bulk import writes to several indexes of one table
    // (outlets by code, name and region), which a larger cache keeps in memory (SQLITE_CACHE_MB).
    sqlite.pragma(`cache_size = -${(config.cacheMb ?? 16) * 1024}`);
    const db = new Kysely<DB>({
      dialect: new StarmarkSqliteDialect({ database: withStatementCache(sqlite) }),
      plugins,
    });
    return { db, dialect: 'sqlite', close: () => db.destroy() };
  }
  const pool = new pg.Pool({ connectionString: config.connectionString, max: 10 });
  // An idle connection that the server ends (a restart, a failover, an administrator) emits an error on
  // the pool; unhandled, it would crash the process. The pool replaces the connection on next use.
  pool.on('error', (err) => {
    process.stderr.write(`database connection lost: ${err.message}\n`);
  });
  const db = new Kysely<DB>({ dialect: new PostgresDialect({ pool }), plugins });
  return { db, dialect: 'postgres', close: () => db.destroy() };
}

export async function ping(db: Db): Promise<void> {
  await sql`select 1`.execute(db);
}

/** True when an error is a unique-constraint violation on either database. */
export function isUniqueViolation(error: unknown): boolean {
  const e = error as { code?: string } | null;
  return e?.code === 'SQLITE_CONSTRAINT_UNIQUE' || e?.code === '23505';
}
