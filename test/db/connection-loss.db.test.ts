import pg from 'pg';
import { sql } from 'kysely';
import { describe, expect, it } from 'vitest';
import { openDatabase } from '../../src/db/database.ts';
import { createTestDatabase } from '../helpers/test-db.ts';

describe('a lost database connection', () => {
  it('does not crash the process, and the next query gets a new connection', async (ctx) => {
    const testDb = await createTestDatabase();
    const database = openDatabase(testDb.config);
    try {
      if (database.dialect !== 'postgres') return ctx.skip();
      await sql`select 1`.execute(database.db);
      // What a server restart does to an idle connection.
      const admin = new pg.Client({ connectionString: testDb.url });
      await admin.connect();
      await admin.query(
        `select pg_terminate_backend(pid) from pg_stat_activity where datname = current_database() and pid <> pg_backend_pid()`,
      );
      await admin.end();
      await new Promise((r) => setTimeout(r, 200));
      const r = await sql<{ one: number }>`select 1 as one`.execute(database.db);
      expect(r.rows[0]?.one).toBe(1);
    } finally {
      await database.close();
      await testDb.drop();
    }
  });
});
