import { sql, type Kysely } from 'kysely';
import { dialectOf } from '../dialect.ts';

/**
 * Certificates (issue 6): the certificate record with its frozen scoring result, its status history,
 * the per-CB per-year number sequence, the CBs' Ed25519 signing keys, the CBs' certificate settings
 * and the notices the scheduled jobs write (reminders, withdrawal proposals).
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('certificate_settings')
    .addColumn('cb_id', 'text', (c) => c.primaryKey().references('organisations.id'))
    .addColumn('number_pattern', 'text', (c) => c.notNull())
    .addColumn('cb_name_en', 'text')
    .addColumn('cb_address', 'text')
    .addColumn('cnca_approval_no', 'text')
    .addColumn('accreditation_body', 'text')
    .addColumn('accreditation_no', 'text')
    .addColumn('accreditation_mark_code', 'text')
    .addColumn('audit_plan_prefix', 'text')
    .addColumn('verification_base_url', 'text')
    .addColumn('logo_svg', 'text')
    .addColumn('suspension_max_months', 'integer', (c) => c.notNull())
    .addColumn('surveillance_grace_days', 'integer', (c) => c.notNull())
    .addColumn('reminder_lead_days', 'text', (c) => c.notNull())
    .addColumn('cnca_report', 'text')
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .addColumn('version', 'integer', (c) => c.notNull().defaultTo(1))
    .execute();

  await db.schema
    .createTable('certificate_number_sequences')
    .addColumn('cb_id', 'text', (c) => c.notNull().references('organisations.id'))
    .addColumn('year', 'integer', (c) => c.notNull())
    .addColumn('last_value', 'integer', (c) => c.notNull())
    .addPrimaryKeyConstraint('certificate_number_sequences_pk', ['cb_id', 'year'])
    .execute();

  await db.schema
    .createTable('cb_signing_keys')
    .addColumn('kid', 'text', (c) => c.primaryKey())
    .addColumn('cb_id', 'text', (c) => c.notNull().references('organisations.id'))
    .addColumn('algorithm', 'text', (c) => c.notNull())
    .addColumn('public_key_pem', 'text', (c) => c.notNull())
    .addColumn('private_key_enc', 'text', (c) => c.notNull())
    .addColumn('status', 'text', (c) => c.notNull().check(sql`status in ('active', 'retired')`))
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('retired_at', 'text')
    .execute();
  // One active key per certification body, even when two processes create it at once.
  await db.schema
    .createIndex('cb_signing_keys_one_active')
    .on('cb_signing_keys')
    .column('cb_id')
    .unique()
    .where(sql.ref('status'), '=', 'active')
    .execute();

  await db.schema
    .createTable('certificates')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('cb_id', 'text', (c) => c.notNull().references('organisations.id'))
    .addColumn('client_id', 'text', (c) => c.notNull().references('organisations.id'))
    .addColumn('identity_number', 'text', (c) => c.notNull())
    .addColumn('revision', 'integer', (c) => c.notNull())
    .addColumn('supersedes_id', 'text', (c) => c.references('certificates.id'))
    .addColumn('superseded_by_id', 'text')
    .addColumn('category', 'text', (c) =>
      c.notNull().check(sql`category in ('service', 'managementSystem', 'product')`),
    )
    .addColumn('certificate_number', 'text', (c) => c.notNull())
    .addColumn('number_year', 'integer', (c) => c.notNull())
    .addColumn('number_seq', 'integer', (c) => c.notNull())
    .addColumn('entity_name_zh', 'text', (c) => c.notNull())
    .addColumn('entity_name_en', 'text')
    .addColumn('entity_name_search', 'text', (c) => c.notNull())
    .addColumn('entity_credit_code', 'text', (c) => c.notNull())
    .addColumn('entity_address', 'text', (c) => c.notNull())
    .addColumn('sites', 'text', (c) => c.notNull())
    .addColumn('scope_zh', 'text', (c) => c.notNull())
    .addColumn('scope_en', 'text')
    .addColumn('scheme_version_id', 'text', (c) => c.notNull().references('scheme_versions.id'))
    .addColumn('scheme_urn', 'text', (c) => c.notNull())
    .addColumn('scheme_version', 'text', (c) => c.notNull())
    .addColumn('scheme_content_hash', 'text', (c) => c.notNull())
    .addColumn('scheme_title_zh', 'text', (c) => c.notNull())
    .addColumn('scheme_title_en', 'text')
    .addColumn('standards', 'text', (c) => c.notNull())
    .addColumn('engine_version', 'text', (c) => c.notNull())
    .addColumn('evaluation_id', 'text')
    .addColumn('score', 'real', (c) => c.notNull())
    .addColumn('score_text', 'text', (c) => c.notNull())
    .addColumn('level_id', 'text', (c) => c.notNull())
    .addColumn('level_stars', 'integer', (c) => c.notNull())
    .addColumn('level_title_zh', 'text', (c) => c.notNull())
    .addColumn('level_title_en', 'text', (c) => c.notNull())
    .addColumn('result_json', 'text', (c) => c.notNull())
    .addColumn('timings', 'text', (c) => c.notNull())
    .addColumn('accreditation', 'text')
    .addColumn('decision_date', 'text', (c) => c.notNull())
    .addColumn('original_issue_date', 'text', (c) => c.notNull())
    .addColumn('issue_date', 'text', (c) => c.notNull())
    .addColumn('expiry_date', 'text', (c) => c.notNull())
    .addColumn('status', 'text', (c) =>
      c
        .notNull()
        .check(sql`status in ('active', 'suspended', 'withdrawn', 'cancelled', 'expired', 'superseded')`),
    )
    .addColumn('status_reason', 'text')
    .addColumn('status_date', 'text', (c) => c.notNull())
    .addColumn('status_changed_at', 'text', (c) => c.notNull())
    .addColumn('suspended_until', 'text')
    .addColumn('withdrawal_proposed_at', 'text')
    .addColumn('surveillance_due_on', 'text')
    .addColumn('last_surveillance_on', 'text')
    .addColumn('confidential', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('signing_kid', 'text', (c) => c.notNull().references('cb_signing_keys.kid'))
    .addColumn('signed_token', 'text', (c) => c.notNull())
    .addColumn('created_by', 'text')
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .addColumn('version', 'integer', (c) => c.notNull().defaultTo(1))
    .addUniqueConstraint('certificates_cb_number_revision', ['cb_id', 'certificate_number', 'revision'])
    .addUniqueConstraint('certificates_identity_revision', ['identity_number', 'revision'])
    .execute();
  await db.schema
    .createIndex('certificates_number')
    .on('certificates')
    .column('certificate_number')
    .execute();
  // Name look-ups by prefix: a range scan on SQLite; on PostgreSQL LIKE 'x%' needs pattern ops.
  if (dialectOf(db) === 'postgres') {
    await sql
      .raw('CREATE INDEX certificates_name_search ON certificates (entity_name_search text_pattern_ops, id)')
      .execute(db);
  } else {
    await db.schema
      .createIndex('certificates_name_search')
      .on('certificates')
      .columns(['entity_name_search', 'id'])
      .execute();
  }
  await db.schema
    .createIndex('certificates_cb_client')
    .on('certificates')
    .columns(['cb_id', 'client_id', 'created_at'])
    .execute();
  await db.schema.createIndex('certificates_jobs').on('certificates').columns(['status', 'cb_id']).execute();
  await db.schema
    .createIndex('certificates_cb_changed')
    .on('certificates')
    .columns(['cb_id', 'status_changed_at'])
    .execute();

  await db.schema
    .createTable('certificate_status_history')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('cb_id', 'text', (c) => c.notNull().references('organisations.id'))
    .addColumn('certificate_id', 'text', (c) => c.notNull().references('certificates.id'))
    .addColumn('seq', 'integer', (c) => c.notNull())
    .addColumn('from_status', 'text')
    .addColumn('to_status', 'text', (c) => c.notNull())
    .addColumn('event', 'text', (c) => c.notNull())
    .addColumn('reason_code', 'text', (c) => c.notNull())
    .addColumn('note', 'text')
    .addColumn('effective_date', 'text', (c) => c.notNull())
    .addColumn('suspended_until', 'text')
    .addColumn('occurred_at', 'text', (c) => c.notNull())
    .addColumn('actor_id', 'text')
    .addColumn('actor_name', 'text')
    .addUniqueConstraint('certificate_status_history_seq', ['certificate_id', 'seq'])
    .execute();
  await db.schema
    .createIndex('certificate_status_history_cb_time')
    .on('certificate_status_history')
    .columns(['cb_id', 'occurred_at'])
    .execute();

  await db.schema
    .createTable('certificate_notices')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('cb_id', 'text', (c) => c.notNull().references('organisations.id'))
    .addColumn('certificate_id', 'text', (c) => c.notNull().references('certificates.id'))
    .addColumn('client_id', 'text', (c) => c.notNull())
    .addColumn('kind', 'text', (c) => c.notNull().check(sql`kind in ('reminder', 'withdrawalProposal')`))
    .addColumn('audience', 'text', (c) =>
      c.notNull().check(sql`audience in ('cb', 'client', 'decisionMaker')`),
    )
    .addColumn('due', 'text')
    .addColumn('due_date', 'text')
    .addColumn('lead_days', 'integer')
    .addColumn('dedup_key', 'text', (c) => c.notNull().unique())
    .addColumn('message_zh', 'text', (c) => c.notNull())
    .addColumn('message_en', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema
    .createIndex('certificate_notices_cb')
    .on('certificate_notices')
    .columns(['cb_id', 'created_at'])
    .execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  for (const t of [
    'certificate_notices',
    'certificate_status_history',
    'certificates',
    'cb_signing_keys',
    'certificate_number_sequences',
    'certificate_settings',
  ]) {
    await db.schema.dropTable(t).ifExists().execute();
  }
}
