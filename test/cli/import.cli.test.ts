import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli } from '../../src/cli/cli.ts';
import { loadConfig } from '../../src/config/config.ts';
import { openDatabase, type Database } from '../../src/db/database.ts';
import { migrateToLatest } from '../../src/db/migrate.ts';
import { systemClock } from '../../src/db/time.ts';
import { systemActor } from '../../src/modules/auth/actor.ts';
import { createClient } from '../../src/modules/clients/clients.service.ts';
import { createOrganisationAsSystem } from '../../src/modules/setup/setup.service.ts';
import { creditCode, csv, OUTLET_HEADER, outletRows } from '../helpers/registry.ts';
import { createTestDatabase, type TestDatabase } from '../helpers/test-db.ts';

let testDb: TestDatabase;
let database: Database;
let clientId: string;
let dir: string;

beforeAll(async () => {
  testDb = await createTestDatabase();
  database = openDatabase(testDb.config);
  await migrateToLatest(database.db);
  const config = { ...loadConfig({ LOG_LEVEL: 'silent' }), database: testDb.config };
  const ctx = { db: database.db, dialect: database.dialect, config, clock: systemClock };
  const cb = await createOrganisationAsSystem(ctx, { kind: 'certificationBody', name: 'CLI CB' });
  clientId = (
    await createClient(
      ctx,
      systemActor(cb.id),
      { legalNameZh: '命令行客户', creditCode: creditCode(), enterpriseType: 'production' },
      'test',
    )
  ).id;
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'starmark-cli-import-'));
});
afterAll(async () => {
  await database.close();
  await testDb.drop();
  fs.rmSync(dir, { recursive: true, force: true });
});

async function cli(args: string[]) {
  let out = '';
  let err = '';
  const code = await runCli(args, {
    out: (s) => (out += s),
    err: (s) => (err += s),
    env: { DATABASE_URL: testDb.url, LOG_LEVEL: 'silent' },
    readStdin: async () => '',
  });
  return { code, out, err };
}

describe('starmark import outlets', () => {
  it('dry-runs, refuses bad files all-or-nothing, imports valid rows only, and is idempotent', async () => {
    const rows = outletRows(50);
    rows[4]![2] = '000000';
    const file = path.join(dir, 'outlets.csv');
    fs.writeFileSync(file, csv([OUTLET_HEADER, ...rows]));

    const dry = await cli(['import', 'outlets', '--client', clientId, file, '--dry-run']);
    expect(dry.code).toBe(1);
    expect(dry.out).toContain('50 rows — 49 new, 0 changed, 0 unchanged, 1 with errors');
    expect(dry.out).toContain(
      'row 6 C6 行政区划代码: 000000 is not a GB/T 2260 administrative division code',
    );

    const rejected = await cli(['import', 'outlets', '--client', clientId, file]);
    expect(rejected.code).toBe(1);
    expect(rejected.err).toContain('nothing was imported');

    const partial = await cli(['import', 'outlets', '--client', clientId, file, '--valid-only']);
    expect(partial.code, partial.err).toBe(0);
    expect(partial.out).toContain('49 new');

    rows[4]![2] = '110101';
    fs.writeFileSync(file, csv([OUTLET_HEADER, ...rows]));
    const full = await cli(['import', 'outlets', '--client', clientId, file]);
    expect(full.out).toContain('1 new, 0 changed, 49 unchanged');
    const again = await cli(['import', 'outlets', '--client', clientId, file]);
    expect(again.out).toContain('0 new, 0 changed, 50 unchanged');

    expect(
      (await cli(['import', 'outlets', '--client', '00000000-0000-4000-8000-000000000000', file])).code,
    ).toBe(2);
    expect((await cli(['import', 'outlets', '--client', clientId, path.join(dir, 'missing.csv')])).code).toBe(
      2,
    );
    const header = path.join(dir, 'bad-header.csv');
    fs.writeFileSync(header, 'foo,bar\r\n1,2\r\n');
    const badHeader = await cli(['import', 'outlets', '--client', clientId, header]);
    expect(badHeader.code).toBe(2);
    expect(badHeader.err).toContain('import_missing_columns');
  });
});
