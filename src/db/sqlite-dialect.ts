import type BetterSqlite3 from 'better-sqlite3';
import {
  CompiledQuery,
  SqliteAdapter,
  SqliteDialect,
  SqliteDriver,
  type DatabaseConnection,
  type DialectAdapter,
  type Driver,
  type SqliteDatabase,
  type SqliteDialectConfig,
} from 'kysely';

/** How many prepared statements a connection keeps (the least recently used go first). */
const STATEMENT_CACHE_SIZE = 256;

/**
 * better-sqlite3 behind Kysely, with its prepared statements kept by SQL text. Kysely's SQLite driver
 * prepares every query anew, and preparing costs more than running most of Starmark's queries (an
 * indexed look-up, a row insert): the queries a service runs are few distinct texts run many times.
 * A statement still being iterated (a streamed select) is not handed out again; a fresh one is
 * prepared instead. SQLite re-prepares a kept statement by itself when the schema changes.
 */
export function withStatementCache(
  sqlite: BetterSqlite3.Database,
  capacity = STATEMENT_CACHE_SIZE,
): SqliteDatabase {
  const cache = new Map<string, BetterSqlite3.Statement>();
  return {
    close: () => {
      cache.clear();
      sqlite.close();
    },
    prepare(sqlText) {
      const kept = cache.get(sqlText);
      if (kept && !kept.busy) {
        // Re-inserted: a Map iterates in insertion order, so its first key is the least recently used.
        cache.delete(sqlText);
        cache.set(sqlText, kept);
        return kept;
      }
      const statement = sqlite.prepare(sqlText);
      if (!kept) {
        cache.set(sqlText, statement);
        if (cache.size > capacity) cache.delete(cache.keys().next().value!);
      }
      return statement;
    },
  };
}

/** SQLite runs DDL inside transactions; Kysely's adapter says otherwise and so migrates without one. */
class TransactionalSqliteAdapter extends SqliteAdapter {
  override get supportsTransactionalDdl(): boolean {
    return true;
  }
}

/**
 * Transactions start with BEGIN IMMEDIATE: the write lock is taken up front, so two processes never
 * both read a state and then race to write (the classic SQLITE_BUSY upgrade deadlock), and two
 * migrators on one file run one after the other.
 */
class ImmediateSqliteDriver extends SqliteDriver {
  override async beginTransaction(connection: DatabaseConnection): Promise<void> {
    await connection.executeQuery(CompiledQuery.raw('begin immediate'));
  }
}

export class StarmarkSqliteDialect extends SqliteDialect {
  readonly #config: SqliteDialectConfig;
  constructor(config: SqliteDialectConfig) {
    super(config);
    this.#config = config;
  }
  override createDriver(): Driver {
    return new ImmediateSqliteDriver(this.#config);
  }
  override createAdapter(): DialectAdapter {
    return new TransactionalSqliteAdapter();
  }
}
