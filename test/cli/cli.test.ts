import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli } from '../../src/cli/cli.ts';
import { openDatabase } from '../../src/db/database.ts';
import { createTestDatabase, type TestDatabase } from '../helpers/test-db.ts';

let testDb: TestDatabase;
beforeAll(async () => {
  testDb = await createTestDatabase();
});
afterAll(() => testDb.drop());

async function cli(args: string[], stdin = '', env: Record<string, string> = {}) {
  let out = '';
  let err = '';
  const code = await runCli(args, {
    out: (s) => (out += s),
    err: (s) => (err += s),
    env: { DATABASE_URL: testDb.url, LOG_LEVEL: 'silent', ...env },
    readStdin: async () => stdin,
  });
  return { code, out, err };
}

describe('starmark CLI', () => {
  it('--help lists the commands', async () => {
    const r = await cli(['--help']);
    expect(r.code).toBe(0);
    for (const c of ['serve', 'migrate', 'seed', 'user', 'audit']) expect(r.out).toContain(c);
  });

  it('migrate applies the migrations once', async () => {
    expect((await cli(['migrate'])).out).toMatch(/applied \d{14}-create-foundation/);
    expect((await cli(['migrate'])).out).toBe('database is up to date\n');
  });

  it('seed --demo creates the demo body once, with the configured admin password', async () => {
    const first = await cli(['seed', '--demo'], '', { STARMARK_ADMIN_PASSWORD: 'demo-admin-password' });
    expect(first.code).toBe(0);
    expect(first.out).toContain('admin@starmark.local');
    expect(first.out).toContain('demo-admin-password');
    const second = await cli(['seed', '--demo']);
    expect(second.out).toContain('already exists');
  });

  it('user create makes a user (one-time password or from stdin) and validates its options', async () => {
    const a = await cli([
      'user',
      'create',
      '--email',
      'ops@example.com',
      '--name',
      '运维',
      '--roles',
      'cbAdmin,evaluator',
    ]);
    expect(a.code).toBe(0);
    expect(a.out).toMatch(/one-time password: \S{19}/);
    const b = await cli(
      [
        'user',
        'create',
        '--email',
        'ops2@example.com',
        '--name',
        'B',
        '--roles',
        'reviewer',
        '--password-stdin',
      ],
      'a-long-enough-password\n',
    );
    expect(b.code).toBe(0);
    expect(b.out).not.toContain('one-time');
    const bad = await cli(['user', 'create', '--email', 'not-an-email', '--name', 'X', '--roles', 'wizard']);
    expect(bad.code).toBe(2);
    expect(bad.err).toContain('--email');
    expect(bad.err).toContain('--roles');
    const dup = await cli([
      'user',
      'create',
      '--email',
      'ops@example.com',
      '--name',
      'X',
      '--roles',
      'evaluator',
    ]);
    expect(dup.code).toBe(2);
    expect(dup.err).toContain('email_taken');
  });

  it('audit verify passes, then fails after one row is edited by hand', async () => {
    const ok = await cli(['audit', 'verify']);
    expect(ok.code).toBe(0);
    expect(ok.out).toContain('audit trail intact');

    const database = openDatabase(testDb.config);
    try {
      if (database.dialect === 'sqlite') await sql`DROP TRIGGER audit_entries_no_update`.execute(database.db);
      else await sql`DROP TRIGGER audit_entries_append_only ON audit_entries`.execute(database.db);
      await sql`UPDATE audit_entries SET actor_name = 'someone else' WHERE seq = 2`.execute(database.db);
    } finally {
      await database.close();
    }
    const bad = await cli(['audit', 'verify']);
    expect(bad.code).toBe(1);
    expect(bad.out).toContain('hash_mismatch');
    expect(bad.out).toContain('AUDIT TRAIL TAMPERED');
    const json = await cli(['audit', 'verify', '--json']);
    expect(JSON.parse(json.out)).toMatchObject({ ok: false });
  });

  it('a bad configuration value exits 2 naming the variable', async () => {
    const r = await cli(['migrate'], '', { DEFAULT_TIME_ZONE: 'Mars/Olympus' });
    expect(r.code).toBe(2);
    expect(r.err).toContain('DEFAULT_TIME_ZONE');
  });
});
