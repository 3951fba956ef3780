import { sql } from 'kysely';
import type { Executor } from '../database.ts';
import type { NewUser, UserRow, UserUpdate } from '../schema.ts';

export interface UserListFilter {
  cbId: string;
  /** Restricts to one organisation (a client's users see only their own). */
  organisationId?: string;
  q?: string;
  status?: 'active' | 'disabled';
  offset: number;
  limit: number;
}

export type UserWithOrganisation = UserRow & {
  organisationName: string;
  organisationKind: 'certificationBody' | 'client';
};

function withOrganisation(db: Executor) {
  return db
    .selectFrom('users')
    .innerJoin('organisations', 'organisations.id', 'users.organisationId')
    .selectAll('users')
    .select(['organisations.name as organisationName', 'organisations.kind as organisationKind']);
}

export const usersRepository = {
  get(db: Executor, cbId: string, id: string): Promise<UserWithOrganisation | undefined> {
    return withOrganisation(db).where('users.cbId', '=', cbId).where('users.id', '=', id).executeTakeFirst();
  },

  /** Login and session lookups are not yet tenant-scoped: they establish the tenant. */
  getById(db: Executor, id: string): Promise<UserRow | undefined> {
    return db.selectFrom('users').selectAll().where('id', '=', id).executeTakeFirst();
  },

  getByEmail(db: Executor, email: string): Promise<UserRow | undefined> {
    return db.selectFrom('users').selectAll().where('email', '=', email.toLowerCase()).executeTakeFirst();
  },

  async list(db: Executor, f: UserListFilter): Promise<{ items: UserWithOrganisation[]; total: number }> {
    let q = withOrganisation(db).where('users.cbId', '=', f.cbId);
    if (f.organisationId) q = q.where('users.organisationId', '=', f.organisationId);
    if (f.status) q = q.where('users.status', '=', f.status);
    if (f.q) {
      const like = `%${f.q.toLowerCase().replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
      q = q.where((eb) =>
        eb.or([
          sql<boolean>`lower(${sql.ref('users.email')}) like ${like} escape '\\'`,
          sql<boolean>`lower(${sql.ref('users.displayName')}) like ${like} escape '\\'`,
        ]),
      );
    }
    const [items, count] = await Promise.all([
      q.orderBy('users.createdAt', 'desc').orderBy('users.id').offset(f.offset).limit(f.limit).execute(),
      q
        .clearSelect()
        .select((eb) => eb.fn.countAll<number>().as('n'))
        .executeTakeFirstOrThrow(),
    ]);
    return { items, total: Number(count.n) };
  },

  async create(db: Executor, row: NewUser): Promise<void> {
    await db.insertInto('users').values(row).execute();
  },

  /** Optimistic update: answers false when the row's version moved on. */
  async update(
    db: Executor,
    cbId: string,
    id: string,
    version: number,
    changes: UserUpdate,
  ): Promise<boolean> {
    const r = await db
      .updateTable('users')
      .set({ ...changes, version: version + 1 })
      .where('cbId', '=', cbId)
      .where('id', '=', id)
      .where('version', '=', version)
      .executeTakeFirst();
    return Number(r.numUpdatedRows) > 0;
  },

  /** Login bookkeeping (failed attempts, lockout, last login): not an edit, so no version bump. */
  async setLoginState(
    db: Executor,
    id: string,
    state: Pick<UserUpdate, 'failedLoginCount' | 'lockedUntil' | 'lastLoginAt'>,
  ): Promise<void> {
    await db.updateTable('users').set(state).where('id', '=', id).execute();
  },
};
