import { sql } from 'kysely';
import type { Executor } from '../database.ts';
import type { ClientRow, ClientsTable } from '../schema.ts';
import { decodeCursor, encodeCursor, likePattern } from './keyset.ts';

export interface ClientListFilter {
  cbId: string;
  /** A client's users see only their own record. */
  onlyId?: string;
  q?: string;
  enterpriseType?: ClientsTable['enterpriseType'];
  /** A section letter or a division code. */
  industrySection?: string[];
  industryCode?: string;
  provinceCode?: string;
  sort: 'name' | 'recent';
  after?: [string, string];
  limit: number;
}

export type ClientWithCounts = ClientRow & { outletCount: number };

export const clientsRepository = {
  get(db: Executor, cbId: string, id: string): Promise<ClientRow | undefined> {
    return db
      .selectFrom('clients')
      .selectAll()
      .where('cbId', '=', cbId)
      .where('id', '=', id)
      .executeTakeFirst();
  },

  async create(db: Executor, row: ClientsTable): Promise<void> {
    await db.insertInto('clients').values(row).execute();
  },

  /** Optimistic update: answers false when the row's version moved on. */
  async update(
    db: Executor,
    cbId: string,
    id: string,
    version: number,
    changes: Partial<ClientsTable>,
  ): Promise<boolean> {
    const r = await db
      .updateTable('clients')
      .set({ ...changes, version: version + 1 })
      .where('cbId', '=', cbId)
      .where('id', '=', id)
      .where('version', '=', version)
      .executeTakeFirst();
    return Number(r.numUpdatedRows) > 0;
  },

  async list(
    db: Executor,
    f: ClientListFilter,
  ): Promise<{ items: ClientWithCounts[]; total: number; next: string | null }> {
    let q = db.selectFrom('clients').where('clients.cbId', '=', f.cbId);
    if (f.onlyId) q = q.where('clients.id', '=', f.onlyId);
    if (f.enterpriseType) q = q.where('clients.enterpriseType', '=', f.enterpriseType);
    if (f.industryCode) q = q.where('clients.industryCode', '=', f.industryCode);
    if (f.industrySection) q = q.where('clients.industryCode', 'in', f.industrySection);
    if (f.provinceCode) q = q.where('clients.provinceCode', '=', f.provinceCode);
    if (f.q) {
      const like = likePattern(f.q);
      const code = f.q.trim().toUpperCase();
      q = q.where((eb) =>
        eb.or([
          sql<boolean>`lower(${sql.ref('clients.legalNameZh')}) like ${like} escape '\\'`,
          sql<boolean>`lower(coalesce(${sql.ref('clients.legalNameEn')}, '')) like ${like} escape '\\'`,
          eb('clients.creditCode', '=', code),
        ]),
      );
    }
    const count = q.select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
    const sortCol = f.sort === 'name' ? 'clients.legalNameZh' : 'clients.createdAt';
    const dir = f.sort === 'name' ? 'asc' : 'desc';
    let page = q.selectAll('clients').select((eb) =>
      eb
        .selectFrom('outlets')
        .select((e) => e.fn.countAll<number>().as('n'))
        .whereRef('outlets.clientId', '=', 'clients.id')
        .as('outletCount'),
    );
    if (f.after) {
      const [v, id] = f.after;
      const op = dir === 'asc' ? '>' : '<';
      page = page.where((eb) =>
        eb.or([eb(sortCol, op, v), eb.and([eb(sortCol, '=', v), eb('clients.id', op, id)])]),
      );
    }
    const rows = await page
      .orderBy(sortCol, dir)
      .orderBy('clients.id', dir)
      .limit(f.limit + 1)
      .execute();
    const items = rows.slice(0, f.limit).map((r) => ({ ...r, outletCount: Number(r.outletCount ?? 0) }));
    const last = items[items.length - 1];
    const next =
      rows.length > f.limit && last
        ? encodeCursor(f.sort === 'name' ? last.legalNameZh : last.createdAt, last.id)
        : null;
    return { items, total: Number((await count).n), next };
  },
};

export { decodeCursor };
