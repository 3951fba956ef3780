import { Command, CommanderError, Option } from 'commander';
import { z } from 'zod';
import { ROLES, type Role } from '../domain/access/roles.ts';
import { ConfigError, loadConfig, type Config } from '../config/config.ts';
import { openDatabase } from '../db/database.ts';
import { migrateToLatest } from '../db/migrate.ts';
import { systemClock } from '../db/time.ts';
import type { AppContext } from '../http/context.ts';
import { AppError } from '../http/errors.ts';
import { verifyAuditTrail } from '../modules/audit/audit.service.ts';
import { NewPassword } from '../modules/auth/auth.contract.ts';
import { createUserAsSystem, seedDemo } from '../modules/setup/setup.service.ts';
import { startServer } from './server.ts';
import { registerImportCommands } from './import-commands.ts';
import { registerSchemeCommands } from './scheme-commands.ts';
import { registerCertificateCommands } from './certificate-commands.ts';
import { DomainError } from '../domain/errors.ts';

/** Exit codes: 0 done, 1 the check or command failed, 2 invalid input or configuration. */
export class CliExit extends Error {
  constructor(
    public readonly code: number,
    message: string,
  ) {
    super(message);
  }
}

export interface CliIo {
  out: (text: string) => void;
  err: (text: string) => void;
  env: NodeJS.ProcessEnv;
  readStdin: () => Promise<string>;
}

async function withContext<T>(config: Config, fn: (ctx: AppContext) => Promise<T>): Promise<T> {
  const database = openDatabase(config.database);
  try {
    await migrateToLatest(database.db);
    return await fn({ db: database.db, dialect: database.dialect, config, clock: systemClock });
  } finally {
    await database.close();
  }
}

const UserCreateOptions = z.object({
  email: z.email(),
  name: z.string().trim().min(1).max(100),
  roles: z.array(z.enum(ROLES)).min(1),
  organisation: z.uuid().optional(),
  passwordStdin: z.boolean().optional(),
});

export function buildCli(io: CliIo): Command {
  const config = () => loadConfig(io.env);
  /** Runs work in one certification body: the one named by --cb, or the only one there is. */
  const withBody = <T>(cb: string | undefined, fn: (ctx: AppContext, cbId: string) => Promise<T>) =>
    withContext(config(), async (ctx) => {
      if (cb) return fn(ctx, cb);
      const cbs = await ctx.db
        .selectFrom('organisations')
        .select('id')
        .where('kind', '=', 'certificationBody')
        .execute();
      if (cbs.length !== 1)
        throw new CliExit(2, `--cb is required: there are ${cbs.length} certification bodies`);
      return fn(ctx, cbs[0]!.id);
    });
  const program = new Command('starmark')
    .description('Starmark 星标认证 — service certification for certification bodies')
    .exitOverride()
    .configureOutput({ writeOut: io.out, writeErr: io.err });

  program
    .command('serve')
    .description('start the web server (applies migrations; creates the demo body on first start)')
    .action(async () => {
      const server = await startServer(config(), io.out);
      await new Promise<void>((resolve) => {
        const shutdown = (signal: string) => {
          server.app.log.info({ signal }, 'shutting down');
          const timer = setTimeout(() => {
            io.err('shutdown timed out; exiting\n');
            process.exit(1);
          }, config().shutdownTimeoutMs);
          timer.unref();
          void server.stop().then(resolve);
        };
        process.once('SIGTERM', () => shutdown('SIGTERM'));
        process.once('SIGINT', () => shutdown('SIGINT'));
      });
    });

  program
    .command('migrate')
    .description('apply pending database migrations')
    .action(async () => {
      const database = openDatabase(config().database);
      try {
        const applied = await migrateToLatest(database.db);
        io.out(applied.length ? applied.map((m) => `applied ${m}\n`).join('') : 'database is up to date\n');
      } finally {
        await database.close();
      }
    });

  program
    .command('seed')
    .description('load seed data')
    .requiredOption('--demo', 'the demo certification body, its administrator and a demo client')
    .action(async () => {
      const result = await withContext(config(), (ctx) => seedDemo(ctx));
      if (!result.created) {
        io.out('the demo certification body already exists; nothing changed\n');
        return;
      }
      io.out(`created the demo certification body (${result.certificationBodyId})\n`);
      if (result.admin) io.out(`sign in as ${result.admin.email} with password ${result.admin.password}\n`);
    });

  const user = program.command('user').description('manage users');
  user
    .command('create')
    .description('create a user; prints a one-time password unless --password-stdin is given')
    .requiredOption('--email <email>', 'sign-in email')
    .requiredOption('--name <name>', 'display name')
    .addOption(
      new Option('--roles <roles>', `comma-separated roles: ${ROLES.join(', ')}`)
        .makeOptionMandatory()
        .argParser((v) =>
          v
            .split(',')
            .map((r) => r.trim())
            .filter(Boolean),
        ),
    )
    .option('--organisation <id>', 'organisation id (default: the only certification body)')
    .option('--password-stdin', 'read the password from standard input')
    .action(async (raw: unknown) => {
      const parsed = UserCreateOptions.safeParse(raw);
      if (!parsed.success) {
        throw new CliExit(
          2,
          parsed.error.issues.map((i) => `--${i.path.join('.')}: ${i.message}`).join('\n'),
        );
      }
      const opts = parsed.data;
      let password: string | undefined;
      if (opts.passwordStdin) {
        const pw = NewPassword.safeParse((await io.readStdin()).replace(/\r?\n$/, ''));
        if (!pw.success) throw new CliExit(2, `password: ${pw.error.issues[0]?.message}`);
        password = pw.data;
      }
      const result = await withContext(config(), async (ctx) => {
        let organisationId = opts.organisation;
        if (!organisationId) {
          const cbs = await ctx.db
            .selectFrom('organisations')
            .select('id')
            .where('kind', '=', 'certificationBody')
            .execute();
          if (cbs.length !== 1) {
            throw new CliExit(2, `--organisation is required: there are ${cbs.length} certification bodies`);
          }
          organisationId = cbs[0]!.id;
        }
        return createUserAsSystem(ctx, {
          organisationId,
          email: opts.email,
          displayName: opts.name,
          roles: opts.roles as Role[],
          password,
        });
      });
      io.out(`created user ${result.email} (${result.userId})\n`);
      if (result.generated) io.out(`one-time password: ${result.password}\n`);
    });

  const audit = program.command('audit').description('the audit trail');
  audit
    .command('verify')
    .description('recompute the hash chain; exits 1 if any entry was edited, removed or reordered')
    .option('--json', 'print the result as JSON')
    .action(async (opts: { json?: boolean }) => {
      const result = await withContext(config(), (ctx) => verifyAuditTrail(ctx.db));
      if (opts.json) io.out(JSON.stringify(result, null, 2) + '\n');
      else {
        io.out(`checked ${result.entries} entries in ${result.chains} chain(s)\n`);
        for (const p of result.problems)
          io.out(`  ✗ ${p.problem} (cb ${p.cbId}, entry ${p.seq ?? '-'}): ${p.message}\n`);
        io.out(result.ok ? 'audit trail intact\n' : 'AUDIT TRAIL TAMPERED\n');
      }
      if (!result.ok) throw new CliExit(1, '');
    });

  registerSchemeCommands(program, {
    out: io.out,
    fail: (code, message) => {
      throw new CliExit(code, message);
    },
    withBody,
  });

  registerCertificateCommands(program, {
    out: io.out,
    fail: (code, message) => {
      throw new CliExit(code, message);
    },
    withContext: (fn) => withContext(config(), fn),
    withBody,
  });

  registerImportCommands(program, {
    out: io.out,
    fail: (code, message) => {
      throw new CliExit(code, message);
    },
    withContext: (fn) => withContext(config(), fn),
  });

  return program;
}

/** Runs the CLI; answers the process exit code. */
export async function runCli(argv: string[], io: CliIo): Promise<number> {
  try {
    await buildCli(io).parseAsync(argv, { from: 'user' });
    return 0;
  } catch (e) {
    if (e instanceof CommanderError) return e.exitCode === 0 ? 0 : 2;
    if (e instanceof CliExit) {
      if (e.message) io.err(e.message + '\n');
      return e.code;
    }
    if (e instanceof DomainError) {
      const where = typeof e.details.path === 'string' ? ` (at ${e.details.path})` : '';
      io.err(`${e.code}${where}: ${e.message}\n`);
      return 2;
    }
    if (e instanceof ConfigError) {
      io.err(e.message + '\n');
      return 2;
    }
    if (e instanceof AppError) {
      io.err(`${e.code}: ${e.message}\n`);
      return e.status < 500 ? 2 : 1;
    }
    io.err(`error: ${e instanceof Error ? e.message : String(e)}\n`);
    return 1;
  }
}
