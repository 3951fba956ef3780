import type { Executor } from '../database.ts';
import type { OrganisationRow, OrganisationsTable } from '../schema.ts';

export const organisationsRepository = {
  get(db: Executor, cbId: string, id: string): Promise<OrganisationRow | undefined> {
    return db
      .selectFrom('organisations')
      .selectAll()
      .where('cbId', '=', cbId)
      .where('id', '=', id)
      .executeTakeFirst();
  },

  getAny(db: Executor, id: string): Promise<OrganisationRow | undefined> {
    return db.selectFrom('organisations').selectAll().where('id', '=', id).executeTakeFirst();
  },

  list(db: Executor, cbId: string): Promise<OrganisationRow[]> {
    return db
      .selectFrom('organisations')
      .selectAll()
      .where('cbId', '=', cbId)
      .orderBy('kind')
      .orderBy('name')
      .execute();
  },

  async create(db: Executor, row: OrganisationsTable): Promise<OrganisationRow> {
    await db.insertInto('organisations').values(row).execute();
    return row;
  },

  /** Updates only when `version` matches; answers the new row, or undefined when it was stale. */
  async update(
    db: Executor,
    cbId: string,
    id: string,
    version: number,
    changes: Partial<Pick<OrganisationsTable, 'name' | 'timeZone'>> & { updatedAt: string },
  ): Promise<OrganisationRow | undefined> {
    const r = await db
      .updateTable('organisations')
      .set({ ...changes, version: version + 1 })
      .where('cbId', '=', cbId)
      .where('id', '=', id)
      .where('version', '=', version)
      .executeTakeFirst();
    if (Number(r.numUpdatedRows) === 0) return undefined;
    return this.get(db, cbId, id);
  },

  countCertificationBodies(db: Executor): Promise<number> {
    return db
      .selectFrom('organisations')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .where('kind', '=', 'certificationBody')
      .executeTakeFirstOrThrow()
      .then((r) => Number(r.n));
  },
};
