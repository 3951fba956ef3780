import { spawn } from 'node:child_process';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDatabase, type Database } from '../../src/db/database.ts';
import { MIGRATIONS, migrateDownAll, migrateToLatest, pendingMigrations } from '../../src/db/migrate.ts';
import { createTestDatabase, type TestDatabase } from '../helpers/test-db.ts';

let testDb: TestDatabase;
let database: Database;
beforeAll(async () => {
  testDb = await createTestDatabase();
  database = openDatabase(testDb.config);
});
afterAll(async () => {
  await database.close();
  await testDb.drop();
});

describe('migrations', () => {
  it('run up, down and up again, and report pending ones', async () => {
    const names = Object.keys(MIGRATIONS);
    expect(names).toEqual([...names].sort());
    expect(await pendingMigrations(database.db)).toEqual(names);
    expect(await migrateToLatest(database.db)).toEqual(names);
    expect(await pendingMigrations(database.db)).toEqual([]);
    expect(await migrateToLatest(database.db)).toEqual([]);
    expect(await migrateDownAll(database.db)).toEqual([...names].reverse());
    expect(await pendingMigrations(database.db)).toEqual(names);
    expect(await migrateToLatest(database.db)).toEqual(names);
  });

  it('run once when several processes start together', async () => {
    await migrateDownAll(database.db);
    const run = () =>
      new Promise<string>((resolve, reject) => {
        const child = spawn(process.execPath, ['--import', 'tsx', 'src/cli/main.ts', 'migrate'], {
          env: { ...process.env, DATABASE_URL: testDb.url, LOG_LEVEL: 'silent' },
        });
        let out = '';
        child.stdout.on('data', (d) => (out += d));
        child.stderr.on('data', (d) => (out += d));
        child.on('exit', (code) => (code === 0 ? resolve(out) : reject(new Error(`exit ${code}: ${out}`))));
      });
    const outputs = await Promise.all([run(), run(), run()]);
    const applied = outputs.join('').match(/applied \S+/g) ?? [];
    expect(applied).toEqual(Object.keys(MIGRATIONS).map((m) => `applied ${m}`));
    expect(await pendingMigrations(database.db)).toEqual([]);
  }, 90_000); // three processes each start Node and tsx

  it('leave nothing half-applied when a migration fails', async () => {
    if (database.dialect !== 'sqlite') return; // PostgreSQL DDL is transactional by nature
    const { Migrator, sql } = await import('kysely');
    const broken = new Migrator({
      db: database.db,
      provider: {
        getMigrations: async () => ({
          ...MIGRATIONS,
          '29990101000000-broken': {
            up: async (db) => {
              await db.schema.createTable('half_done').addColumn('id', 'text').execute();
              await sql`this is not sql`.execute(db);
            },
          },
        }),
      },
    });
    const r = await broken.migrateToLatest();
    expect(r.error).toBeDefined();
    const tables = await sql<{
      name: string;
    }>`select name from sqlite_master where name = 'half_done'`.execute(database.db);
    expect(tables.rows).toEqual([]);
  });

  it('turn on WAL and foreign keys on SQLite', async () => {
    if (database.dialect !== 'sqlite') return;
    const { sql } = await import('kysely');
    const mode = await sql<{ journalMode: string }>`pragma journal_mode`.execute(database.db);
    const fk = await sql<{ foreignKeys: number }>`pragma foreign_keys`.execute(database.db);
    expect(mode.rows[0]?.journalMode).toBe('wal');
    expect(fk.rows[0]?.foreignKeys).toBe(1);
  });
});
