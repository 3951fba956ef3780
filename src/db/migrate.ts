import { Migrator, NO_MIGRATIONS, type Kysely, type Migration, type MigrationResultSet } from 'kysely';
import * as createFoundation from './migrations/20261130000000-create-foundation.ts';
import * as createSchemeVersions from './migrations/20261130010000-create-scheme-versions.ts';
import * as createRegistry from './migrations/20261130020000-create-registry.ts';
import * as createWorkflow from './migrations/20261130030000-create-workflow.ts';
import * as createCertificates from './migrations/20261130040000-create-certificates.ts';
import * as createMysteryVisits from './migrations/20261130050000-create-mystery-visits.ts';
import * as createSurveys from './migrations/20261130060000-create-surveys.ts';
import * as evaluationPhases from './migrations/20261130070000-evaluation-phases.ts';
import * as splitCertificateResults from './migrations/20261130080000-split-certificate-results.ts';

// Migrations see the database untyped: they run against whatever schema version is there.
// eslint-disable-next-line @typescript-eslint/no-explicit-any
type AnyDb = Kysely<any>;

/**
 * The one migration set, for both databases. Listed here (not read from a folder) so that the bundle,
 * the CLI and the tests all see the same ordered list. Names: YYYYMMDDHHMMSS-verb-object.
 */
export const MIGRATIONS: Record<string, Migration> = {
  '20261130000000-create-foundation': createFoundation,
  '20261130010000-create-scheme-versions': createSchemeVersions,
  '20261130020000-create-registry': createRegistry,
  '20261130030000-create-workflow': createWorkflow,
  '20261130040000-create-certificates': createCertificates,
  '20261130050000-create-mystery-visits': createMysteryVisits,
  '20261130060000-create-surveys': createSurveys,
  '20261130070000-evaluation-phases': evaluationPhases,
  '20261130080000-split-certificate-results': splitCertificateResults,
};

function migratorFor(db: AnyDb): Migrator {
  return new Migrator({ db, provider: { getMigrations: async () => MIGRATIONS } });
}

export class MigrationError extends Error {}

function check(result: MigrationResultSet): string[] {
  if (result.error) {
    const failed = result.results?.find((r) => r.status === 'Error')?.migrationName;
    throw new MigrationError(
      `Migration ${failed ?? ''} failed: ${result.error instanceof Error ? result.error.message : String(result.error)}`,
    );
  }
  return (result.results ?? []).filter((r) => r.status === 'Success').map((r) => r.migrationName);
}

/**
 * Applies pending migrations, each in a transaction, and answers the names applied. Several processes
 * starting at once apply each migration exactly once: PostgreSQL through Kysely's advisory lock,
 * SQLite because its transactions take the write lock up front (sqlite-dialect.ts).
 */
export async function migrateToLatest(db: AnyDb): Promise<string[]> {
  return check(await migratorFor(db).migrateToLatest());
}

export async function migrateDownAll(db: AnyDb): Promise<string[]> {
  return check(await migratorFor(db).migrateTo(NO_MIGRATIONS));
}

/** Names of migrations not yet applied; empty when the schema is current. */
export async function pendingMigrations(db: AnyDb): Promise<string[]> {
  const all = await migratorFor(db).getMigrations();
  return all.filter((m) => !m.executedAt).map((m) => m.name);
}
