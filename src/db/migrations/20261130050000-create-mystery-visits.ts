import { sql, type Kysely } from 'kysely';

/**
 * Mystery visits (issue 7): scenarios and their published versions (content frozen under a hash), the
 * visits (assignments) of an evaluation with their window, shopper, check-in and review, the answers,
 * the per-question audit log (timings, changed answers) and the evidence files' metadata (the files
 * themselves live under DATA_DIR/mystery-visits).
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('mystery_scenarios')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('cb_id', 'text', (c) => c.notNull().references('organisations.id'))
    .addColumn('code', 'text', (c) => c.notNull())
    .addColumn('scheme_urn', 'text', (c) => c.notNull())
    .addColumn('channel', 'text', (c) =>
      c.notNull().check(sql`channel in ('inStore', 'hotline', 'onlineChat', 'onSiteRepair')`),
    )
    .addColumn('title_zh', 'text', (c) => c.notNull())
    .addColumn('title_en', 'text')
    .addColumn('builtin', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('draft_content', 'text')
    .addColumn('latest_number', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('status', 'text', (c) => c.notNull().check(sql`status in ('active', 'retired')`))
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .addColumn('version', 'integer', (c) => c.notNull().defaultTo(1))
    .addUniqueConstraint('mystery_scenarios_cb_code', ['cb_id', 'code'])
    .execute();

  await db.schema
    .createTable('mystery_scenario_versions')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('cb_id', 'text', (c) => c.notNull().references('organisations.id'))
    .addColumn('scenario_id', 'text', (c) => c.notNull().references('mystery_scenarios.id'))
    .addColumn('number', 'integer', (c) => c.notNull())
    .addColumn('content', 'text', (c) => c.notNull())
    .addColumn('content_hash', 'text', (c) => c.notNull())
    .addColumn('published_by', 'text')
    .addColumn('published_at', 'text', (c) => c.notNull())
    .addUniqueConstraint('mystery_scenario_versions_number', ['scenario_id', 'number'])
    .execute();

  await db.schema
    .createTable('mystery_visits')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('cb_id', 'text', (c) => c.notNull().references('organisations.id'))
    .addColumn('evaluation_id', 'text', (c) => c.notNull().references('evaluations.id'))
    .addColumn('client_id', 'text', (c) => c.notNull().references('organisations.id'))
    .addColumn('number', 'integer', (c) => c.notNull())
    .addColumn('site_id', 'text', (c) => c.notNull())
    .addColumn('outlet_code', 'text', (c) => c.notNull())
    .addColumn('outlet_name', 'text', (c) => c.notNull())
    .addColumn('scenario_version_id', 'text', (c) => c.notNull().references('mystery_scenario_versions.id'))
    .addColumn('channel', 'text', (c) => c.notNull())
    .addColumn('shopper_id', 'text', (c) => c.notNull().references('users.id'))
    .addColumn('window_start', 'text', (c) => c.notNull())
    .addColumn('window_end', 'text', (c) => c.notNull())
    .addColumn('state', 'text', (c) =>
      c
        .notNull()
        .check(sql`state in ('assigned', 'inProgress', 'submitted', 'returned', 'approved', 'voided')`),
    )
    .addColumn('started_at', 'text')
    .addColumn('ended_at', 'text')
    .addColumn('gps_latitude', 'double precision')
    .addColumn('gps_longitude', 'double precision')
    .addColumn('gps_accuracy', 'double precision')
    .addColumn('gps_at', 'text')
    .addColumn('flags', 'text', (c) => c.notNull().defaultTo('[]'))
    .addColumn('submitted_at', 'text')
    .addColumn('review_note', 'text')
    .addColumn('reviewed_by', 'text')
    .addColumn('reviewed_at', 'text')
    .addColumn('void_reason', 'text')
    .addColumn('locked_samples', 'text')
    .addColumn('locked_content_hash', 'text')
    .addColumn('created_by', 'text')
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .addColumn('version', 'integer', (c) => c.notNull().defaultTo(1))
    .addUniqueConstraint('mystery_visits_evaluation_number', ['evaluation_id', 'number'])
    .execute();
  await db.schema
    .createIndex('mystery_visits_cb_evaluation')
    .on('mystery_visits')
    .columns(['cb_id', 'evaluation_id', 'state'])
    .execute();
  await db.schema
    .createIndex('mystery_visits_shopper')
    .on('mystery_visits')
    .columns(['cb_id', 'shopper_id', 'state'])
    .execute();

  await db.schema
    .createTable('mystery_visit_answers')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('cb_id', 'text', (c) => c.notNull().references('organisations.id'))
    .addColumn('visit_id', 'text', (c) => c.notNull().references('mystery_visits.id'))
    .addColumn('question_id', 'text', (c) => c.notNull())
    .addColumn('value', 'text', (c) => c.notNull())
    .addColumn('note', 'text')
    .addColumn('answered_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .addUniqueConstraint('mystery_visit_answers_question', ['visit_id', 'question_id'])
    .execute();

  await db.schema
    .createTable('mystery_visit_log')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('cb_id', 'text', (c) => c.notNull().references('organisations.id'))
    .addColumn('visit_id', 'text', (c) => c.notNull().references('mystery_visits.id'))
    .addColumn('seq', 'integer', (c) => c.notNull())
    .addColumn('event', 'text', (c) => c.notNull())
    .addColumn('question_id', 'text')
    .addColumn('old_value', 'text')
    .addColumn('new_value', 'text')
    .addColumn('reason', 'text')
    .addColumn('client_at', 'text')
    .addColumn('shown_at', 'text')
    .addColumn('actor_id', 'text')
    .addColumn('actor_role', 'text', (c) => c.notNull())
    .addColumn('at', 'text', (c) => c.notNull())
    .addUniqueConstraint('mystery_visit_log_seq', ['visit_id', 'seq'])
    .execute();

  await db.schema
    .createTable('mystery_visit_files')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('cb_id', 'text', (c) => c.notNull().references('organisations.id'))
    .addColumn('visit_id', 'text', (c) => c.notNull().references('mystery_visits.id'))
    .addColumn('evidence_key', 'text', (c) => c.notNull())
    .addColumn('kind', 'text', (c) => c.notNull().check(sql`kind in ('photo', 'audio')`))
    .addColumn('file_name', 'text', (c) => c.notNull())
    .addColumn('content_type', 'text', (c) => c.notNull())
    .addColumn('size_bytes', 'integer', (c) => c.notNull())
    .addColumn('sha256', 'text', (c) => c.notNull())
    .addColumn('storage_key', 'text', (c) => c.notNull())
    .addColumn('uploaded_by', 'text')
    .addColumn('created_at', 'text', (c) => c.notNull())
    .execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  for (const t of [
    'mystery_visit_files',
    'mystery_visit_log',
    'mystery_visit_answers',
    'mystery_visits',
    'mystery_scenario_versions',
    'mystery_scenarios',
  ]) {
    await db.schema.dropTable(t).ifExists().execute();
  }
}
