import type { FastifyInstance } from 'fastify';
import type { Config } from '../config/config.ts';
import { openDatabase, type Database } from '../db/database.ts';
import { migrateToLatest } from '../db/migrate.ts';
import { systemClock } from '../db/time.ts';
import { buildApp } from '../http/app.ts';
import { bootstrapOnFirstStart, type DemoSeedResult } from '../modules/setup/setup.service.ts';
import { startCertificateScheduler } from '../modules/certificates/certificate-jobs.ts';
import { personalDataKey } from '../modules/personal-data/personal-data.ts';

export interface RunningServer {
  app: FastifyInstance;
  database: Database;
  url: string;
  stop(): Promise<void>;
}

/** Opens the database, applies migrations, creates the demo body on first start, then listens. */
export async function startServer(config: Config, print: (line: string) => void): Promise<RunningServer> {
  const database = openDatabase(config.database);
  try {
    const applied = await migrateToLatest(database.db);
    // Reads PERSONAL_DATA_KEY, or on first start generates DATA_DIR/personal-data.key.
    personalDataKey(config);
    const app = await buildApp({ config, database });
    for (const name of applied) app.log.info({ migration: name }, 'migration applied');
    const seeded = await bootstrapOnFirstStart({
      db: database.db,
      dialect: database.dialect,
      config,
      clock: systemClock,
    });
    await app.listen({ port: config.port, host: config.host });
    // Certificate jobs (expiry, overdue surveillance, reminders) in-process; safe with several processes.
    const scheduler =
      config.jobsIntervalMs > 0
        ? startCertificateScheduler(
            { db: database.db, dialect: database.dialect, config, clock: systemClock },
            config.jobsIntervalMs,
            app.log,
          )
        : null;
    const address = app.server.address();
    const port = typeof address === 'object' && address ? address.port : config.port;
    const url = `http://${config.host === '0.0.0.0' || config.host === '127.0.0.1' ? 'localhost' : config.host}:${port}`;
    print(banner(url, config, database, seeded));
    let stopping: Promise<void> | undefined;
    const stop = () =>
      (stopping ??= (async () => {
        await scheduler?.stop();
        await app.close(); // waits for in-flight requests, refuses new ones with 503
        await database.close();
      })());
    return { app, database, url, stop };
  } catch (e) {
    await database.close();
    throw e;
  }
}

function banner(url: string, config: Config, database: Database, seeded: DemoSeedResult | undefined): string {
  const lines = [
    '',
    `  Starmark 星标认证 is running at ${url}`,
    `  Database: ${database.dialect === 'sqlite' && config.database.dialect === 'sqlite' ? config.database.file : 'PostgreSQL'}`,
    `  API docs: ${url}/api/docs`,
  ];
  if (seeded?.created && seeded.admin) {
    lines.push(
      '',
      '  First start: created the demo certification body 星标演示认证中心.',
      `  Sign in as ${seeded.admin.email} with password ${seeded.admin.password}`,
      seeded.admin.generated ? '  (a one-time password: you will be asked to choose your own)' : '',
    );
    if (seeded.clientAdmin) {
      lines.push(`  Demo client administrator: ${seeded.clientAdmin.email} / ${seeded.clientAdmin.password}`);
    }
    lines.push(
      `  Demo staff for the certification journey sign in with ${seeded.admin.password}:`,
      '    programme@ lead@ evaluator@ reviewer@ decision@ consultant@starmark.local',
      `  A second demo client's evaluation is under way (lead@ runs it): retail.admin@starmark.local / ${seeded.admin.password}`,
      `  A third demo client holds a certificate (PDF, star mark, /verify): certified.admin@starmark.local / ${seeded.admin.password}`,
    );
  }
  return lines.filter((l, i, a) => l !== '' || a[i - 1] !== '').join('\n') + '\n';
}
