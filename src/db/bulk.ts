import { CompiledQuery } from 'kysely';
import type { Executor } from './database.ts';
import { dialectOf } from './dialect.ts';

/** Parameters per statement, below SQLite's 32,766 and PostgreSQL's 65,535. */
const MAX_PARAMS = 30_000;
/**
 * Rows per statement on SQLite: a fixed count, so that every full chunk has the same SQL text and
 * reuses the connection's prepared statement (src/db/sqlite-dialect.ts); preparing a statement of
 * thousands of parameters costs more than running it.
 */
const SQLITE_ROWS = 100;

const snake = (s: string) => s.replace(/[A-Z]/g, (c) => `_${c.toLowerCase()}`);

/**
 * Inserts many rows with as few statements as the parameter limits allow, skipping the query builder:
 * for bulk imports, where building a query object per value costs more than the database's work. Rows
 * are objects with camelCase keys (as elsewhere); every row must have the same keys as the first.
 */
export async function bulkInsert<T extends object>(
  db: Executor,
  table: string,
  rows: readonly T[],
): Promise<void> {
  if (rows.length === 0) return;
  const keys = Object.keys(rows[0]!) as (keyof T)[];
  const columns = keys.map((k) => `"${snake(String(k))}"`).join(', ');
  const pg = dialectOf(db) === 'postgres';
  const perStatement = Math.max(
    1,
    Math.min(pg ? Infinity : SQLITE_ROWS, Math.floor(MAX_PARAMS / keys.length)),
  );
  for (let start = 0; start < rows.length; start += perStatement) {
    const slice = rows.slice(start, start + perStatement);
    const params: unknown[] = [];
    const tuples: string[] = [];
    for (const row of slice) {
      const marks: string[] = [];
      for (const k of keys) {
        params.push(row[k] ?? null);
        marks.push(pg ? `$${params.length}` : '?');
      }
      tuples.push(`(${marks.join(', ')})`);
    }
    await db.executeQuery(
      CompiledQuery.raw(`insert into "${table}" (${columns}) values ${tuples.join(', ')}`, params),
    );
  }
}
