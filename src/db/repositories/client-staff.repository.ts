import { sql } from 'kysely';
import type { Executor } from '../database.ts';
import type { ClientStaffRow, ClientStaffTable, ServiceManagerRow, ServiceManagersTable } from '../schema.ts';
import { encodeCursor, likePattern } from './keyset.ts';

export interface StaffListFilter {
  cbId: string;
  clientId: string;
  q?: string;
  status?: ClientStaffTable['status'];
  outletId?: string;
  serviceManagement?: boolean;
  after?: [string, string];
  limit: number;
}

export type StaffWithOutlet = ClientStaffRow & { outletCode: string | null; outletName: string | null };

function withOutlet(db: Executor) {
  return db
    .selectFrom('clientStaff')
    .leftJoin('outlets', 'outlets.id', 'clientStaff.outletId')
    .selectAll('clientStaff')
    .select(['outlets.code as outletCode', 'outlets.name as outletName']);
}

export const clientStaffRepository = {
  get(db: Executor, cbId: string, id: string): Promise<StaffWithOutlet | undefined> {
    return withOutlet(db)
      .where('clientStaff.cbId', '=', cbId)
      .where('clientStaff.id', '=', id)
      .executeTakeFirst();
  },

  byStaffNos(db: Executor, clientId: string, nos: string[]): Promise<ClientStaffRow[]> {
    if (nos.length === 0) return Promise.resolve([]);
    return db
      .selectFrom('clientStaff')
      .selectAll()
      .where('clientId', '=', clientId)
      .where('staffNo', 'in', nos)
      .execute();
  },

  async insertMany(db: Executor, rows: ClientStaffTable[]): Promise<void> {
    if (rows.length) await db.insertInto('clientStaff').values(rows).execute();
  },

  async update(
    db: Executor,
    cbId: string,
    id: string,
    version: number,
    changes: Partial<ClientStaffTable>,
  ): Promise<boolean> {
    const r = await db
      .updateTable('clientStaff')
      .set({ ...changes, version: version + 1 })
      .where('cbId', '=', cbId)
      .where('id', '=', id)
      .where('version', '=', version)
      .executeTakeFirst();
    return Number(r.numUpdatedRows) > 0;
  },

  async list(
    db: Executor,
    f: StaffListFilter,
  ): Promise<{ items: StaffWithOutlet[]; total: number; next: string | null }> {
    let q = withOutlet(db)
      .where('clientStaff.cbId', '=', f.cbId)
      .where('clientStaff.clientId', '=', f.clientId);
    if (f.status) q = q.where('clientStaff.status', '=', f.status);
    if (f.outletId) q = q.where('clientStaff.outletId', '=', f.outletId);
    if (f.serviceManagement !== undefined)
      q = q.where('clientStaff.serviceManagement', '=', f.serviceManagement ? 1 : 0);
    if (f.q) {
      const like = likePattern(f.q);
      q = q.where((eb) =>
        eb.or([
          sql<boolean>`lower(${sql.ref('clientStaff.staffNo')}) like ${like} escape '\\'`,
          sql<boolean>`lower(${sql.ref('clientStaff.name')}) like ${like} escape '\\'`,
        ]),
      );
    }
    const count = q
      .clearSelect()
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .executeTakeFirstOrThrow();
    let page = q;
    if (f.after) {
      const [v, id] = f.after;
      page = page.where((eb) =>
        eb.or([
          eb('clientStaff.staffNo', '>', v),
          eb.and([eb('clientStaff.staffNo', '=', v), eb('clientStaff.id', '>', id)]),
        ]),
      );
    }
    const rows = await page
      .orderBy('clientStaff.staffNo')
      .orderBy('clientStaff.id')
      .limit(f.limit + 1)
      .execute();
    const items = rows.slice(0, f.limit);
    const last = items[items.length - 1];
    return {
      items,
      total: Number((await count).n),
      next: rows.length > f.limit && last ? encodeCursor(last.staffNo, last.id) : null,
    };
  },

  async *stream(
    db: Executor,
    cbId: string,
    clientId: string,
    pageSize = 2000,
  ): AsyncIterable<StaffWithOutlet> {
    let after: string | undefined;
    for (;;) {
      let q = withOutlet(db)
        .where('clientStaff.cbId', '=', cbId)
        .where('clientStaff.clientId', '=', clientId);
      if (after !== undefined) q = q.where('clientStaff.staffNo', '>', after);
      const rows = await q.orderBy('clientStaff.staffNo').limit(pageSize).execute();
      yield* rows;
      if (rows.length < pageSize) return;
      after = rows[rows.length - 1]!.staffNo;
    }
  },

  /** Active staff counted as service management staff (the roster's view of the 10 % base). */
  async countServiceManagement(db: Executor, cbId: string, clientId: string): Promise<number> {
    const r = await db
      .selectFrom('clientStaff')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .where('cbId', '=', cbId)
      .where('clientId', '=', clientId)
      .where('status', '=', 'active')
      .where('serviceManagement', '=', 1)
      .executeTakeFirstOrThrow();
    return Number(r.n);
  },
};

export const serviceManagersRepository = {
  get(db: Executor, cbId: string, id: string): Promise<ServiceManagerRow | undefined> {
    return db
      .selectFrom('serviceManagers')
      .selectAll()
      .where('cbId', '=', cbId)
      .where('id', '=', id)
      .executeTakeFirst();
  },

  list(db: Executor, cbId: string, clientId: string): Promise<ServiceManagerRow[]> {
    return db
      .selectFrom('serviceManagers')
      .selectAll()
      .where('cbId', '=', cbId)
      .where('clientId', '=', clientId)
      .orderBy('validUntil', 'desc')
      .orderBy('id')
      .execute();
  },

  async create(db: Executor, row: ServiceManagersTable): Promise<void> {
    await db.insertInto('serviceManagers').values(row).execute();
  },

  async update(
    db: Executor,
    cbId: string,
    id: string,
    version: number,
    changes: Partial<ServiceManagersTable>,
  ): Promise<boolean> {
    const r = await db
      .updateTable('serviceManagers')
      .set({ ...changes, version: version + 1 })
      .where('cbId', '=', cbId)
      .where('id', '=', id)
      .where('version', '=', version)
      .executeTakeFirst();
    return Number(r.numUpdatedRows) > 0;
  },
};
