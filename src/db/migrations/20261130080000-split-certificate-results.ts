import { sql, type Kysely } from 'kysely';

/**
 * The frozen scoring result of a certificate (about 14 KB of JSON) moves out of the certificates row
 * into certificate_results, one row per certificate. Stored inline, it pushed the columns after it
 * onto overflow pages: every public look-up and every list read several pages per certificate, and
 * a million certificates took 16 GB. The result is read only where it is shown (the certificate's
 * detail) and written once, when the certificate (or a new version) is issued.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('certificate_results')
    .addColumn('certificate_id', 'text', (c) => c.primaryKey().references('certificates.id'))
    .addColumn('cb_id', 'text', (c) => c.notNull().references('organisations.id'))
    .addColumn('result_json', 'text', (c) => c.notNull())
    .execute();
  await sql`insert into certificate_results (certificate_id, cb_id, result_json)
    select id, cb_id, result_json from certificates`.execute(db);
  await db.schema.alterTable('certificates').dropColumn('result_json').execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .alterTable('certificates')
    .addColumn('result_json', 'text', (c) => c.notNull().defaultTo('{}'))
    .execute();
  await sql`update certificates set result_json = (
    select r.result_json from certificate_results r where r.certificate_id = certificates.id)
    where exists (select 1 from certificate_results r where r.certificate_id = certificates.id)`.execute(db);
  await db.schema.dropTable('certificate_results').execute();
}
