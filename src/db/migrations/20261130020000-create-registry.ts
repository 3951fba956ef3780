import { sql, type Kysely } from 'kysely';

/**
 * The registry (issue 4): clients (the registry record of a client organisation), their outlets with a
 * history of changes, their after-sales staff and certified service managers (售后服务管理师), and the
 * certification body's personnel (evaluators, experts) with qualifications and impartiality
 * declarations. Personal numbers are stored encrypted (`*_enc`) beside a masked copy (`*_masked`).
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('clients')
    .addColumn('id', 'text', (c) => c.primaryKey().references('organisations.id'))
    .addColumn('cb_id', 'text', (c) => c.notNull().references('organisations.id'))
    .addColumn('legal_name_zh', 'text', (c) => c.notNull())
    .addColumn('legal_name_en', 'text')
    .addColumn('credit_code', 'text', (c) => c.notNull())
    .addColumn('enterprise_type', 'text', (c) =>
      c.notNull().check(sql`enterprise_type in ('production', 'salesService')`),
    )
    .addColumn('industry_code', 'text')
    .addColumn('registered_address', 'text')
    .addColumn('registered_division_code', 'text')
    .addColumn('operating_address', 'text')
    .addColumn('operating_division_code', 'text')
    .addColumn('province_code', 'text')
    .addColumn('product_categories', 'text', (c) => c.notNull().defaultTo('[]'))
    .addColumn('service_categories', 'text', (c) => c.notNull().defaultTo('[]'))
    .addColumn('headcount', 'integer')
    .addColumn('service_management_staff', 'integer')
    .addColumn('contacts', 'text', (c) => c.notNull().defaultTo('[]'))
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .addColumn('version', 'integer', (c) => c.notNull().defaultTo(1))
    .addUniqueConstraint('clients_cb_credit_code', ['cb_id', 'credit_code'])
    .execute();
  await db.schema
    .createIndex('clients_cb_name')
    .on('clients')
    .columns(['cb_id', 'legal_name_zh', 'id'])
    .execute();
  await db.schema
    .createIndex('clients_cb_created')
    .on('clients')
    .columns(['cb_id', 'created_at', 'id'])
    .execute();

  await db.schema
    .createTable('outlets')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('cb_id', 'text', (c) => c.notNull().references('organisations.id'))
    .addColumn('client_id', 'text', (c) => c.notNull().references('clients.id'))
    .addColumn('code', 'text', (c) => c.notNull())
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('address', 'text')
    .addColumn('division_code', 'text')
    .addColumn('province_code', 'text')
    .addColumn('city_code', 'text')
    .addColumn('latitude', 'double precision')
    .addColumn('longitude', 'double precision')
    .addColumn('ownership', 'text', (c) => c.notNull().check(sql`ownership in ('owned', 'contracted')`))
    .addColumn('partner_name', 'text')
    .addColumn('partner_credit_code', 'text')
    .addColumn('agreement_valid_until', 'text')
    .addColumn('channels', 'text', (c) => c.notNull().defaultTo('[]'))
    .addColumn('staff_count', 'integer')
    .addColumn('opened_on', 'text')
    .addColumn('phone', 'text')
    .addColumn('status', 'text', (c) => c.notNull().check(sql`status in ('active', 'closed')`))
    .addColumn('content_hash', 'text', (c) => c.notNull())
    .addColumn('created_by_id', 'text')
    .addColumn('created_by_name', 'text')
    .addColumn('created_source', 'text', (c) => c.notNull().check(sql`created_source in ('api', 'import')`))
    .addColumn('created_import_id', 'text')
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .addColumn('version', 'integer', (c) => c.notNull().defaultTo(1))
    .addUniqueConstraint('outlets_client_code', ['client_id', 'code'])
    .execute();
  await db.schema
    .createIndex('outlets_client_name')
    .on('outlets')
    .columns(['client_id', 'name', 'id'])
    .execute();
  await db.schema
    .createIndex('outlets_client_region')
    .on('outlets')
    .columns(['client_id', 'province_code', 'city_code', 'division_code'])
    .execute();

  await db.schema
    .createTable('outlet_changes')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('cb_id', 'text', (c) => c.notNull().references('organisations.id'))
    .addColumn('client_id', 'text', (c) => c.notNull().references('clients.id'))
    .addColumn('outlet_id', 'text', (c) => c.notNull().references('outlets.id'))
    .addColumn('occurred_at', 'text', (c) => c.notNull())
    .addColumn('actor_id', 'text')
    .addColumn('actor_name', 'text')
    .addColumn('action', 'text', (c) => c.notNull().check(sql`action in ('create', 'update')`))
    .addColumn('source', 'text', (c) => c.notNull().check(sql`source in ('api', 'import')`))
    .addColumn('import_id', 'text')
    .addColumn('version', 'integer', (c) => c.notNull())
    .addColumn('changes', 'text', (c) => c.notNull())
    .execute();
  await db.schema
    .createIndex('outlet_changes_outlet')
    .on('outlet_changes')
    .columns(['outlet_id', 'version'])
    .execute();

  await db.schema
    .createTable('client_staff')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('cb_id', 'text', (c) => c.notNull().references('organisations.id'))
    .addColumn('client_id', 'text', (c) => c.notNull().references('clients.id'))
    .addColumn('outlet_id', 'text', (c) => c.references('outlets.id'))
    .addColumn('staff_no', 'text', (c) => c.notNull())
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('id_number_enc', 'text')
    .addColumn('id_number_masked', 'text')
    .addColumn('phone_enc', 'text')
    .addColumn('phone_masked', 'text')
    .addColumn('position', 'text')
    .addColumn('department', 'text')
    .addColumn('service_management', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('qualifications', 'text')
    .addColumn('employed_since', 'text')
    .addColumn('status', 'text', (c) => c.notNull().check(sql`status in ('active', 'left')`))
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .addColumn('version', 'integer', (c) => c.notNull().defaultTo(1))
    .addUniqueConstraint('client_staff_client_no', ['client_id', 'staff_no'])
    .execute();
  await db.schema
    .createIndex('client_staff_client_name')
    .on('client_staff')
    .columns(['client_id', 'name', 'id'])
    .execute();

  await db.schema
    .createTable('service_managers')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('cb_id', 'text', (c) => c.notNull().references('organisations.id'))
    .addColumn('client_id', 'text', (c) => c.notNull().references('clients.id'))
    .addColumn('staff_id', 'text', (c) => c.references('client_staff.id'))
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('id_number_enc', 'text')
    .addColumn('id_number_masked', 'text')
    .addColumn('certificate_no', 'text', (c) => c.notNull())
    .addColumn('level', 'text')
    .addColumn('issuer', 'text')
    .addColumn('issued_on', 'text')
    .addColumn('valid_until', 'text', (c) => c.notNull())
    .addColumn('status', 'text', (c) => c.notNull().check(sql`status in ('active', 'withdrawn')`))
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .addColumn('version', 'integer', (c) => c.notNull().defaultTo(1))
    .addUniqueConstraint('service_managers_client_cert', ['client_id', 'certificate_no'])
    .execute();

  await db.schema
    .createTable('cb_personnel')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('cb_id', 'text', (c) => c.notNull().references('organisations.id'))
    .addColumn('user_id', 'text', (c) => c.references('users.id'))
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('email', 'text')
    .addColumn('phone_enc', 'text')
    .addColumn('phone_masked', 'text')
    .addColumn('id_number_enc', 'text')
    .addColumn('id_number_masked', 'text')
    .addColumn('home_division_code', 'text')
    .addColumn('languages', 'text', (c) => c.notNull().defaultTo('[]'))
    .addColumn('competence_codes', 'text', (c) => c.notNull().defaultTo('[]'))
    .addColumn('status', 'text', (c) => c.notNull().check(sql`status in ('active', 'inactive')`))
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .addColumn('version', 'integer', (c) => c.notNull().defaultTo(1))
    .execute();
  await db.schema
    .createIndex('cb_personnel_cb_name')
    .on('cb_personnel')
    .columns(['cb_id', 'name', 'id'])
    .execute();

  await db.schema
    .createTable('personnel_qualifications')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('cb_id', 'text', (c) => c.notNull().references('organisations.id'))
    .addColumn('personnel_id', 'text', (c) => c.notNull().references('cb_personnel.id'))
    .addColumn('scheme', 'text', (c) => c.notNull())
    .addColumn('role', 'text', (c) => c.notNull().check(sql`role in ('lead', 'evaluator', 'expert')`))
    .addColumn('registration_no', 'text')
    .addColumn('valid_from', 'text')
    .addColumn('valid_until', 'text')
    .addColumn('position', 'integer', (c) => c.notNull())
    .execute();
  await db.schema
    .createIndex('personnel_qualifications_personnel')
    .on('personnel_qualifications')
    .column('personnel_id')
    .execute();

  await db.schema
    .createTable('impartiality_declarations')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('cb_id', 'text', (c) => c.notNull().references('organisations.id'))
    .addColumn('personnel_id', 'text', (c) => c.notNull().references('cb_personnel.id'))
    .addColumn('client_id', 'text', (c) => c.references('clients.id'))
    .addColumn('organisation_name', 'text', (c) => c.notNull())
    .addColumn('relationship', 'text', (c) =>
      c.notNull().check(sql`relationship in ('consulting', 'employment', 'other')`),
    )
    .addColumn('started_on', 'text', (c) => c.notNull())
    .addColumn('ended_on', 'text')
    .addColumn('note', 'text')
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .addColumn('version', 'integer', (c) => c.notNull().defaultTo(1))
    .execute();
  await db.schema
    .createIndex('impartiality_declarations_personnel')
    .on('impartiality_declarations')
    .column('personnel_id')
    .execute();
  await db.schema
    .createIndex('impartiality_declarations_client')
    .on('impartiality_declarations')
    .columns(['cb_id', 'client_id'])
    .execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  for (const t of [
    'impartiality_declarations',
    'personnel_qualifications',
    'cb_personnel',
    'service_managers',
    'client_staff',
    'outlet_changes',
    'outlets',
    'clients',
  ]) {
    await db.schema.dropTable(t).ifExists().execute();
  }
}
