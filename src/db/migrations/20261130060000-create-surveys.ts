import { sql, type Kysely } from 'kysely';

/**
 * Customer-experience surveys (issue 8): questionnaires and their content-hashed versions, campaigns per
 * evaluation pinned to a version (anonymity fixed at launch), the outlets in scope with a quota each,
 * personal invitations (only a hash of the link token is stored), responses and their answers.
 * Responses have no column for an address or a user agent: anonymity is a property of the schema.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('survey_questionnaires')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('cb_id', 'text', (c) => c.notNull().references('organisations.id'))
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('latest_number', 'integer', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .addColumn('version', 'integer', (c) => c.notNull().defaultTo(1))
    .execute();
  await db.schema
    .createIndex('survey_questionnaires_cb')
    .on('survey_questionnaires')
    .column('cb_id')
    .execute();

  await db.schema
    .createTable('survey_questionnaire_versions')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('cb_id', 'text', (c) => c.notNull().references('organisations.id'))
    .addColumn('questionnaire_id', 'text', (c) => c.notNull().references('survey_questionnaires.id'))
    .addColumn('number', 'integer', (c) => c.notNull())
    .addColumn('content', 'text', (c) => c.notNull())
    .addColumn('content_hash', 'text', (c) => c.notNull())
    .addColumn('created_by', 'text')
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addUniqueConstraint('survey_questionnaire_versions_number', ['questionnaire_id', 'number'])
    .execute();

  await db.schema
    .createTable('survey_campaigns')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('cb_id', 'text', (c) => c.notNull().references('organisations.id'))
    .addColumn('evaluation_id', 'text', (c) => c.notNull().references('evaluations.id'))
    .addColumn('client_id', 'text', (c) => c.notNull().references('organisations.id'))
    .addColumn('questionnaire_version_id', 'text', (c) =>
      c.notNull().references('survey_questionnaire_versions.id'),
    )
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('state', 'text', (c) => c.notNull().check(sql`state in ('draft', 'live', 'closed')`))
    .addColumn('anonymity', 'text', (c) => c.notNull().check(sql`anonymity in ('anonymous', 'identified')`))
    .addColumn('score_node', 'text')
    .addColumn('min_responses', 'integer', (c) => c.notNull())
    .addColumn('target_margin', 'double precision', (c) => c.notNull())
    .addColumn('cap_at_quota', 'integer', (c) => c.notNull())
    .addColumn('link_ttl_days', 'integer', (c) => c.notNull())
    .addColumn('open_token', 'text', (c) => c.notNull().unique())
    .addColumn('launched_at', 'text')
    .addColumn('closed_at', 'text')
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .addColumn('version', 'integer', (c) => c.notNull().defaultTo(1))
    .execute();
  await db.schema
    .createIndex('survey_campaigns_evaluation')
    .on('survey_campaigns')
    .columns(['cb_id', 'evaluation_id'])
    .execute();

  await db.schema
    .createTable('survey_campaign_outlets')
    .addColumn('campaign_id', 'text', (c) => c.notNull().references('survey_campaigns.id'))
    .addColumn('site_id', 'text', (c) => c.notNull())
    .addColumn('code', 'text', (c) => c.notNull())
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('quota', 'integer', (c) => c.notNull())
    .addColumn('population', 'integer')
    .addColumn('poster_token', 'text', (c) => c.notNull().unique())
    .addPrimaryKeyConstraint('survey_campaign_outlets_pk', ['campaign_id', 'site_id'])
    .execute();

  await db.schema
    .createTable('survey_invitations')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('cb_id', 'text', (c) => c.notNull().references('organisations.id'))
    .addColumn('campaign_id', 'text', (c) => c.notNull().references('survey_campaigns.id'))
    .addColumn('site_id', 'text', (c) => c.notNull())
    .addColumn('token_hash', 'text', (c) => c.notNull().unique())
    .addColumn('customer_ref', 'text')
    .addColumn('contact_masked', 'text')
    .addColumn('expires_at', 'text', (c) => c.notNull())
    .addColumn('used_on', 'text')
    .addColumn('reminded_at', 'text')
    .addColumn('created_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema
    .createIndex('survey_invitations_campaign')
    .on('survey_invitations')
    .columns(['campaign_id', 'site_id'])
    .execute();

  await db.schema
    .createTable('survey_responses')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('cb_id', 'text', (c) => c.notNull().references('organisations.id'))
    .addColumn('campaign_id', 'text', (c) => c.notNull().references('survey_campaigns.id'))
    .addColumn('site_id', 'text', (c) => c.notNull())
    .addColumn('channel', 'text', (c) =>
      c.notNull().check(sql`channel in ('open', 'poster', 'personal', 'phone', 'import')`),
    )
    .addColumn('invitation_id', 'text')
    .addColumn('interviewer_id', 'text')
    .addColumn('import_batch', 'text')
    .addColumn('submitted_at', 'text', (c) => c.notNull())
    .addColumn('csi', 'double precision')
    .addColumn('nps', 'integer')
    .execute();
  await db.schema
    .createIndex('survey_responses_campaign')
    .on('survey_responses')
    .columns(['campaign_id', 'site_id'])
    .execute();

  await db.schema
    .createTable('survey_answers')
    .addColumn('response_id', 'text', (c) => c.notNull())
    .addColumn('question_id', 'text', (c) => c.notNull())
    .addColumn('value', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('survey_answers_pk', ['response_id', 'question_id'])
    .execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  for (const t of [
    'survey_answers',
    'survey_responses',
    'survey_invitations',
    'survey_campaign_outlets',
    'survey_campaigns',
    'survey_questionnaire_versions',
    'survey_questionnaires',
  ]) {
    await db.schema.dropTable(t).ifExists().execute();
  }
}
