import { sql, type Kysely } from 'kysely';
import { dialectOf } from '../dialect.ts';

/**
 * The certification workflow (issue 5): applications, their contract review, the programme (3-year
 * cycle), evaluations with their team, sites and checklists, findings and corrections, technical
 * reviews and certification decisions. Decisions are append-only: the frozen evaluation document and
 * engine result never change once written (a trigger refuses UPDATE and DELETE).
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('applications')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('cb_id', 'text', (c) => c.notNull().references('organisations.id'))
    .addColumn('client_id', 'text', (c) => c.notNull().references('organisations.id'))
    .addColumn('scheme_urn', 'text', (c) => c.notNull())
    .addColumn('scheme_version', 'text', (c) => c.notNull())
    .addColumn('enterprise_type', 'text', (c) =>
      c.notNull().check(sql`enterprise_type in ('production', 'salesService')`),
    )
    .addColumn('scope_zh', 'text', (c) => c.notNull())
    .addColumn('scope_en', 'text')
    .addColumn('product_categories', 'text', (c) => c.notNull().defaultTo('[]'))
    .addColumn('outlet_ids', 'text', (c) => c.notNull().defaultTo('[]'))
    .addColumn('system_operating_since', 'text')
    .addColumn('documents', 'text', (c) => c.notNull().defaultTo('[]'))
    .addColumn('eligibility', 'text')
    .addColumn('state', 'text', (c) =>
      c.notNull().check(sql`state in ('draft', 'submitted', 'accepted', 'declined', 'withdrawn')`),
    )
    .addColumn('state_reason', 'text')
    .addColumn('submitted_at', 'text')
    .addColumn('decided_at', 'text')
    .addColumn('created_by', 'text')
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .addColumn('version', 'integer', (c) => c.notNull().defaultTo(1))
    .execute();
  await db.schema
    .createIndex('applications_cb_client')
    .on('applications')
    .columns(['cb_id', 'client_id', 'created_at'])
    .execute();
  await db.schema
    .createIndex('applications_cb_state')
    .on('applications')
    .columns(['cb_id', 'state', 'created_at'])
    .execute();

  await db.schema
    .createTable('contract_reviews')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('cb_id', 'text', (c) => c.notNull().references('organisations.id'))
    .addColumn('application_id', 'text', (c) => c.notNull().unique().references('applications.id'))
    .addColumn('client_id', 'text', (c) => c.notNull().references('organisations.id'))
    .addColumn('stage', 'text', (c) => c.notNull())
    .addColumn('seed', 'text', (c) => c.notNull())
    .addColumn('employees', 'integer')
    .addColumn('effort_adjustments', 'text', (c) => c.notNull().defaultTo('[]'))
    .addColumn('sample_changes', 'text', (c) => c.notNull().defaultTo('[]'))
    .addColumn('techniques', 'text', (c) => c.notNull().defaultTo('{}'))
    .addColumn('effort_json', 'text', (c) => c.notNull())
    .addColumn('sample_json', 'text', (c) => c.notNull())
    .addColumn('quote', 'text', (c) => c.notNull())
    .addColumn('decision', 'text', (c) => c.check(sql`decision in ('accepted', 'declined')`))
    .addColumn('decision_reasons', 'text')
    .addColumn('decided_by', 'text')
    .addColumn('decided_at', 'text')
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .addColumn('version', 'integer', (c) => c.notNull().defaultTo(1))
    .execute();

  await db.schema
    .createTable('programmes')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('cb_id', 'text', (c) => c.notNull().references('organisations.id'))
    .addColumn('client_id', 'text', (c) => c.notNull().references('organisations.id'))
    .addColumn('application_id', 'text', (c) => c.notNull().unique().references('applications.id'))
    .addColumn('scheme_urn', 'text', (c) => c.notNull())
    .addColumn('scheme_version', 'text', (c) => c.notNull())
    .addColumn('state', 'text', (c) => c.notNull().check(sql`state in ('active', 'closed')`))
    .addColumn('decision_date', 'text')
    .addColumn('expiry_date', 'text')
    .addColumn('events', 'text', (c) => c.notNull().defaultTo('[]'))
    .addColumn('certificate_id', 'text')
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .addColumn('version', 'integer', (c) => c.notNull().defaultTo(1))
    .execute();
  await db.schema
    .createIndex('programmes_cb_client')
    .on('programmes')
    .columns(['cb_id', 'client_id', 'created_at'])
    .execute();

  await db.schema
    .createTable('evaluations')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('cb_id', 'text', (c) => c.notNull().references('organisations.id'))
    .addColumn('programme_id', 'text', (c) => c.notNull().references('programmes.id'))
    .addColumn('client_id', 'text', (c) => c.notNull().references('organisations.id'))
    .addColumn('stage', 'text', (c) => c.notNull())
    .addColumn('engine_stage', 'text', (c) =>
      c.notNull().check(sql`engine_stage in ('initial', 'surveillance', 'recertification')`),
    )
    .addColumn('reason', 'text')
    .addColumn('state', 'text', (c) =>
      c.notNull().check(sql`state in ('planned', 'inProgress', 'submitted', 'reviewed', 'decided')`),
    )
    .addColumn('scheme_urn', 'text', (c) => c.notNull())
    .addColumn('scheme_version', 'text', (c) => c.notNull())
    .addColumn('scheme_content_hash', 'text', (c) => c.notNull())
    .addColumn('lead_id', 'text', (c) => c.references('cb_personnel.id'))
    .addColumn('team', 'text', (c) => c.notNull().defaultTo('[]'))
    .addColumn('planned_start', 'text')
    .addColumn('planned_end', 'text')
    .addColumn('sites', 'text', (c) => c.notNull().defaultTo('[]'))
    .addColumn('sample_json', 'text')
    .addColumn('techniques', 'text', (c) => c.notNull().defaultTo('{}'))
    .addColumn('exclusions', 'text', (c) => c.notNull().defaultTo('[]'))
    .addColumn('bonuses', 'text', (c) => c.notNull().defaultTo('[]'))
    .addColumn('plan_sent_at', 'text')
    .addColumn('started_at', 'text')
    .addColumn('submitted_at', 'text')
    .addColumn('submitted_by', 'text')
    .addColumn('reviewed_at', 'text')
    .addColumn('decided_at', 'text')
    .addColumn('certificate_id', 'text')
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .addColumn('version', 'integer', (c) => c.notNull().defaultTo(1))
    .execute();
  await db.schema
    .createIndex('evaluations_cb_state')
    .on('evaluations')
    .columns(['cb_id', 'state', 'created_at'])
    .execute();
  await db.schema
    .createIndex('evaluations_client_lead')
    .on('evaluations')
    .columns(['cb_id', 'client_id', 'created_at'])
    .execute();
  await db.schema.createIndex('evaluations_programme').on('evaluations').column('programme_id').execute();

  await db.schema
    .createTable('checklist_entries')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('cb_id', 'text', (c) => c.notNull().references('organisations.id'))
    .addColumn('evaluation_id', 'text', (c) => c.notNull().references('evaluations.id'))
    .addColumn('site_id', 'text', (c) => c.notNull())
    .addColumn('node', 'text', (c) => c.notNull())
    .addColumn('method', 'text', (c) => c.notNull())
    .addColumn('position', 'integer', (c) => c.notNull())
    .addColumn('result', 'text')
    .addColumn('note', 'text')
    .addColumn('evidence', 'text', (c) => c.notNull().defaultTo('[]'))
    .addColumn('updated_by', 'text')
    .addColumn('updated_by_name', 'text')
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .addColumn('version', 'integer', (c) => c.notNull().defaultTo(1))
    .addUniqueConstraint('checklist_entries_site_node', ['evaluation_id', 'site_id', 'node'])
    .execute();

  await db.schema
    .createTable('findings')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('cb_id', 'text', (c) => c.notNull().references('organisations.id'))
    .addColumn('evaluation_id', 'text', (c) => c.notNull().references('evaluations.id'))
    .addColumn('client_id', 'text', (c) => c.notNull().references('organisations.id'))
    .addColumn('number', 'integer', (c) => c.notNull())
    .addColumn('node', 'text', (c) => c.notNull())
    .addColumn('site_id', 'text')
    .addColumn('severity', 'text', (c) =>
      c.notNull().check(sql`severity in ('specialDeduction', 'nonconformity', 'observation')`),
    )
    .addColumn('category', 'text')
    .addColumn('description', 'text', (c) => c.notNull())
    .addColumn('due_date', 'text', (c) => c.notNull())
    .addColumn('state', 'text', (c) =>
      c.notNull().check(sql`state in ('open', 'answered', 'accepted', 'reopened')`),
    )
    .addColumn('answer', 'text')
    .addColumn('answered_by', 'text')
    .addColumn('answered_at', 'text')
    .addColumn('events', 'text', (c) => c.notNull().defaultTo('[]'))
    .addColumn('created_by', 'text')
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .addColumn('version', 'integer', (c) => c.notNull().defaultTo(1))
    .addUniqueConstraint('findings_evaluation_number', ['evaluation_id', 'number'])
    .execute();
  await db.schema
    .createIndex('findings_cb_client')
    .on('findings')
    .columns(['cb_id', 'client_id', 'due_date'])
    .execute();

  await db.schema
    .createTable('evaluation_reviews')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('cb_id', 'text', (c) => c.notNull().references('organisations.id'))
    .addColumn('evaluation_id', 'text', (c) => c.notNull().references('evaluations.id'))
    .addColumn('reviewer_user_id', 'text', (c) => c.notNull())
    .addColumn('reviewer_personnel_id', 'text')
    .addColumn('reviewer_name', 'text', (c) => c.notNull())
    .addColumn('outcome', 'text', (c) => c.notNull().check(sql`outcome in ('approved', 'returned')`))
    .addColumn('comments', 'text')
    .addColumn('created_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema
    .createIndex('evaluation_reviews_evaluation')
    .on('evaluation_reviews')
    .columns(['evaluation_id', 'created_at'])
    .execute();

  await db.schema
    .createTable('certification_decisions')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('cb_id', 'text', (c) => c.notNull().references('organisations.id'))
    .addColumn('evaluation_id', 'text', (c) => c.notNull().references('evaluations.id'))
    .addColumn('client_id', 'text', (c) => c.notNull().references('organisations.id'))
    .addColumn('decision', 'text', (c) => c.notNull().check(sql`decision in ('grant', 'refuse', 'askMore')`))
    .addColumn('reasons', 'text')
    .addColumn('decided_by', 'text', (c) => c.notNull())
    .addColumn('decided_by_name', 'text', (c) => c.notNull())
    .addColumn('personnel_id', 'text')
    .addColumn('decision_date', 'text', (c) => c.notNull())
    .addColumn('score', 'double precision')
    .addColumn('score_text', 'text')
    .addColumn('level_id', 'text')
    .addColumn('level_title_zh', 'text')
    .addColumn('level_title_en', 'text')
    .addColumn('level_stars', 'integer')
    .addColumn('scheme_urn', 'text', (c) => c.notNull())
    .addColumn('scheme_version', 'text', (c) => c.notNull())
    .addColumn('scheme_content_hash', 'text', (c) => c.notNull())
    .addColumn('engine_version', 'text', (c) => c.notNull())
    .addColumn('document_json', 'text', (c) => c.notNull())
    .addColumn('result_json', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema
    .createIndex('certification_decisions_evaluation')
    .on('certification_decisions')
    .columns(['evaluation_id', 'created_at'])
    .execute();

  await db.schema
    .createTable('evidence_files')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('cb_id', 'text', (c) => c.notNull().references('organisations.id'))
    .addColumn('client_id', 'text', (c) => c.notNull().references('organisations.id'))
    .addColumn('context', 'text', (c) =>
      c.notNull().check(sql`context in ('application', 'evaluation', 'finding')`),
    )
    .addColumn('context_id', 'text', (c) => c.notNull())
    .addColumn('file_name', 'text', (c) => c.notNull())
    .addColumn('content_type', 'text', (c) => c.notNull())
    .addColumn('size_bytes', 'integer', (c) => c.notNull())
    .addColumn('sha256', 'text', (c) => c.notNull())
    .addColumn('storage_key', 'text', (c) => c.notNull())
    .addColumn('uploaded_by', 'text')
    .addColumn('uploaded_by_name', 'text')
    .addColumn('created_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema
    .createIndex('evidence_files_context')
    .on('evidence_files')
    .columns(['cb_id', 'context', 'context_id'])
    .execute();

  // A certification decision is a record of what was decided on which result: append-only.
  if (dialectOf(db) === 'sqlite') {
    for (const op of ['UPDATE', 'DELETE']) {
      await sql
        .raw(
          `CREATE TRIGGER certification_decisions_no_${op.toLowerCase()} BEFORE ${op} ON certification_decisions
           BEGIN SELECT RAISE(ABORT, 'certification_decisions is append-only'); END`,
        )
        .execute(db);
    }
  } else {
    await sql
      .raw(
        `CREATE FUNCTION certification_decisions_append_only() RETURNS trigger AS $$
         BEGIN RAISE EXCEPTION 'certification_decisions is append-only'; END $$ LANGUAGE plpgsql`,
      )
      .execute(db);
    await sql
      .raw(
        `CREATE TRIGGER certification_decisions_append_only BEFORE UPDATE OR DELETE ON certification_decisions
         FOR EACH ROW EXECUTE FUNCTION certification_decisions_append_only()`,
      )
      .execute(db);
  }
}

export async function down(db: Kysely<unknown>): Promise<void> {
  if (dialectOf(db) === 'postgres') {
    await sql
      .raw('DROP TRIGGER IF EXISTS certification_decisions_append_only ON certification_decisions')
      .execute(db);
    await sql.raw('DROP FUNCTION IF EXISTS certification_decisions_append_only()').execute(db);
  }
  for (const t of [
    'evidence_files',
    'certification_decisions',
    'evaluation_reviews',
    'findings',
    'checklist_entries',
    'evaluations',
    'programmes',
    'contract_reviews',
    'applications',
  ]) {
    await db.schema.dropTable(t).ifExists().execute();
  }
}
