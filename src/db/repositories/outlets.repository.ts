import { sql } from 'kysely';
import { bulkInsert } from '../bulk.ts';
import type { Executor } from '../database.ts';
import type { OutletChangesTable, OutletRow, OutletsTable } from '../schema.ts';
import { encodeCursor, likePattern } from './keyset.ts';

export interface OutletListFilter {
  cbId: string;
  clientId: string;
  q?: string;
  status?: OutletsTable['status'];
  ownership?: OutletsTable['ownership'];
  channel?: string;
  /** Province, prefecture or county code: outlets within it. */
  divisionCode?: string;
  sort: 'code' | 'name';
  after?: [string, string];
  limit: number;
}

const regionColumn = (code: string) =>
  code.endsWith('0000') ? 'provinceCode' : code.endsWith('00') ? 'cityCode' : 'divisionCode';

export const outletsRepository = {
  get(db: Executor, cbId: string, id: string): Promise<OutletRow | undefined> {
    return db
      .selectFrom('outlets')
      .selectAll()
      .where('cbId', '=', cbId)
      .where('id', '=', id)
      .executeTakeFirst();
  },

  byCodes(db: Executor, clientId: string, codes: string[]): Promise<OutletRow[]> {
    if (codes.length === 0) return Promise.resolve([]);
    return db
      .selectFrom('outlets')
      .selectAll()
      .where('clientId', '=', clientId)
      .where('code', 'in', codes)
      .execute();
  },

  /** The identity, version and content digest of outlets by code: enough to tell an unchanged import row. */
  keysByCodes(db: Executor, clientId: string, codes: string[]) {
    if (codes.length === 0) return Promise.resolve([]);
    return db
      .selectFrom('outlets')
      .select(['id', 'code', 'version', 'contentHash'])
      .where('clientId', '=', clientId)
      .where('code', 'in', codes)
      .execute();
  },

  byIds(db: Executor, clientId: string, ids: string[]): Promise<OutletRow[]> {
    if (ids.length === 0) return Promise.resolve([]);
    return db
      .selectFrom('outlets')
      .selectAll()
      .where('clientId', '=', clientId)
      .where('id', 'in', ids)
      .execute();
  },

  async insertMany(db: Executor, rows: OutletsTable[]): Promise<void> {
    await bulkInsert(db, 'outlets', rows);
  },

  /** Optimistic update: answers false when the row's version moved on. */
  async update(
    db: Executor,
    cbId: string,
    id: string,
    version: number,
    changes: Partial<OutletsTable>,
  ): Promise<boolean> {
    const r = await db
      .updateTable('outlets')
      .set({ ...changes, version: version + 1 })
      .where('cbId', '=', cbId)
      .where('id', '=', id)
      .where('version', '=', version)
      .executeTakeFirst();
    return Number(r.numUpdatedRows) > 0;
  },

  async addChanges(db: Executor, rows: OutletChangesTable[]): Promise<void> {
    await bulkInsert(db, 'outlet_changes', rows);
  },

  history(db: Executor, cbId: string, outletId: string) {
    return db
      .selectFrom('outletChanges')
      .selectAll()
      .where('cbId', '=', cbId)
      .where('outletId', '=', outletId)
      .orderBy('version', 'desc')
      .execute();
  },

  async list(
    db: Executor,
    f: OutletListFilter,
  ): Promise<{ items: OutletRow[]; total: number; next: string | null }> {
    let q = db.selectFrom('outlets').where('cbId', '=', f.cbId).where('clientId', '=', f.clientId);
    if (f.status) q = q.where('status', '=', f.status);
    if (f.ownership) q = q.where('ownership', '=', f.ownership);
    if (f.divisionCode) q = q.where(regionColumn(f.divisionCode), '=', f.divisionCode);
    if (f.channel) q = q.where('channels', 'like', `%"${f.channel}"%`);
    if (f.q) {
      const like = likePattern(f.q);
      q = q.where((eb) =>
        eb.or([
          sql<boolean>`lower(${sql.ref('code')}) like ${like} escape '\\'`,
          sql<boolean>`lower(${sql.ref('name')}) like ${like} escape '\\'`,
          sql<boolean>`lower(coalesce(${sql.ref('address')}, '')) like ${like} escape '\\'`,
        ]),
      );
    }
    const count = q.select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
    let page = q.selectAll();
    if (f.after) {
      const [v, id] = f.after;
      page = page.where((eb) => eb.or([eb(f.sort, '>', v), eb.and([eb(f.sort, '=', v), eb('id', '>', id)])]));
    }
    const rows = await page
      .orderBy(f.sort)
      .orderBy('id')
      .limit(f.limit + 1)
      .execute();
    const items = rows.slice(0, f.limit);
    const last = items[items.length - 1];
    return {
      items,
      total: Number((await count).n),
      next: rows.length > f.limit && last ? encodeCursor(last[f.sort], last.id) : null,
    };
  },

  /** All outlets of a client in code order, a page at a time (exports, sampling). */
  async *stream(db: Executor, cbId: string, clientId: string, pageSize = 2000): AsyncIterable<OutletRow> {
    let after: string | undefined;
    for (;;) {
      let q = db.selectFrom('outlets').selectAll().where('cbId', '=', cbId).where('clientId', '=', clientId);
      if (after !== undefined) q = q.where('code', '>', after);
      const rows = await q.orderBy('code').limit(pageSize).execute();
      yield* rows;
      if (rows.length < pageSize) return;
      after = rows[rows.length - 1]!.code;
    }
  },

  /** Counts by province and prefecture (active and all), for the region breakdown. */
  regions(db: Executor, cbId: string, clientId: string) {
    return db
      .selectFrom('outlets')
      .select(['provinceCode', 'cityCode'])
      .select((eb) => [
        eb.fn.countAll<number>().as('total'),
        eb.fn.sum<number>(eb.case().when('status', '=', 'active').then(1).else(0).end()).as('active'),
        eb.fn
          .sum<number>(eb.case().when('ownership', '=', 'contracted').then(1).else(0).end())
          .as('contracted'),
        eb.fn.sum<number>(eb.fn.coalesce('staffCount', sql.lit(0))).as('staff'),
      ])
      .where('cbId', '=', cbId)
      .where('clientId', '=', clientId)
      .groupBy(['provinceCode', 'cityCode'])
      .execute();
  },
};
