import { sql, type Kysely } from 'kysely';

/**
 * Execution phases (issue 5 item 5): an evaluation in progress is in document review until the lead
 * completes it (`document_review_completed_at`, by whom), then on site. Nullable columns, portable to
 * SQLite and PostgreSQL.
 *
 * Evaluations already started before this migration (in progress or further on) are treated as on site
 * already: their completion time is set to their start time, by "migration", so nothing in flight gets
 * blocked and no answer already given becomes one that "should not have been possible".
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema.alterTable('evaluations').addColumn('document_review_completed_at', 'text').execute();
  await db.schema.alterTable('evaluations').addColumn('document_review_completed_by', 'text').execute();
  await sql`update evaluations
    set document_review_completed_at = started_at, document_review_completed_by = 'migration'
    where state <> 'planned' and started_at is not null`.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.alterTable('evaluations').dropColumn('document_review_completed_by').execute();
  await db.schema.alterTable('evaluations').dropColumn('document_review_completed_at').execute();
}
