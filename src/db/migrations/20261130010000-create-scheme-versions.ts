import { sql, type Kysely } from 'kysely';

export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('scheme_versions')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('cb_id', 'text', (c) => c.notNull().references('organisations.id'))
    .addColumn('urn', 'text', (c) => c.notNull())
    .addColumn('scheme_version', 'text', (c) => c.notNull())
    .addColumn('kind', 'text', (c) => c.notNull().check(sql`kind in ('reference', 'body')`))
    .addColumn('status', 'text', (c) => c.notNull().check(sql`status in ('draft', 'published')`))
    .addColumn('title_zh', 'text', (c) => c.notNull())
    .addColumn('title_en', 'text')
    .addColumn('category', 'text', (c) => c.notNull())
    .addColumn('builtin', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('package_json', 'text', (c) => c.notNull())
    .addColumn('overlay_json', 'text')
    .addColumn('derived_from_id', 'text', (c) => c.references('scheme_versions.id'))
    .addColumn('content_hash', 'text')
    .addColumn('published_at', 'text')
    .addColumn('published_by', 'text')
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .addColumn('version', 'integer', (c) => c.notNull().defaultTo(1))
    .addUniqueConstraint('scheme_versions_cb_urn_version', ['cb_id', 'urn', 'scheme_version'])
    .execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropTable('scheme_versions').ifExists().execute();
}
