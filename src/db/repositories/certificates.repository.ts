import { randomUUID } from 'node:crypto';
import type { Insertable, Updateable } from 'kysely';
import type { Executor } from '../database.ts';
import { dialectOf } from '../dialect.ts';
import type {
  CertificateNoticesTable,
  CertificateRow,
  CertificateSettingsRow,
  CertificateSettingsTable,
  CertificateStatusHistoryRow,
  CertificatesTable,
  CertificateStatusHistoryTable,
} from '../schema.ts';

/** Certificates, their history, numbering and notices. Every method is scoped by the tenant key first. */
export const certificatesRepository = {
  get(db: Executor, cbId: string, id: string): Promise<CertificateRow | undefined> {
    return db
      .selectFrom('certificates')
      .selectAll()
      .where('cbId', '=', cbId)
      .where('id', '=', id)
      .executeTakeFirst();
  },

  /** Locks the row for the rest of the transaction (PostgreSQL; SQLite transactions hold the write lock). */
  async getForUpdate(
    db: Executor,
    cbId: string,
    id: string,
    opts: { skipLocked?: boolean } = {},
  ): Promise<CertificateRow | undefined> {
    let q = db.selectFrom('certificates').selectAll().where('cbId', '=', cbId).where('id', '=', id);
    if (dialectOf(db) === 'postgres') q = opts.skipLocked ? q.forUpdate().skipLocked() : q.forUpdate();
    return q.executeTakeFirst();
  },

  /** A new certificate (or version) with its frozen engine result. */
  async insert(db: Executor, row: Insertable<CertificatesTable>, resultJson: string): Promise<void> {
    await db.insertInto('certificates').values(row).execute();
    await db
      .insertInto('certificateResults')
      .values({ certificateId: row.id, cbId: row.cbId, resultJson })
      .execute();
  },

  /** The frozen engine result of a certificate (JSON text). */
  async result(db: Executor, cbId: string, id: string): Promise<string> {
    const r = await db
      .selectFrom('certificateResults')
      .select('resultJson')
      .where('cbId', '=', cbId)
      .where('certificateId', '=', id)
      .executeTakeFirstOrThrow();
    return r.resultJson;
  },

  /** Updates only when `version` matches and sets version + 1; false when the row was stale. */
  async update(
    db: Executor,
    cbId: string,
    id: string,
    version: number,
    changes: Updateable<CertificatesTable>,
  ): Promise<boolean> {
    const r = await db
      .updateTable('certificates')
      .set({ ...changes, version: version + 1 })
      .where('cbId', '=', cbId)
      .where('id', '=', id)
      .where('version', '=', version)
      .executeTakeFirst();
    return Number(r.numUpdatedRows) === 1;
  },

  async appendHistory(
    db: Executor,
    entry: Omit<Insertable<CertificateStatusHistoryTable>, 'id' | 'seq'>,
  ): Promise<void> {
    const last = await db
      .selectFrom('certificateStatusHistory')
      .select((eb) => eb.fn.max('seq').as('seq'))
      .where('certificateId', '=', entry.certificateId)
      .executeTakeFirst();
    await db
      .insertInto('certificateStatusHistory')
      .values({ ...entry, id: randomUUID(), seq: Number(last?.seq ?? 0) + 1 })
      .execute();
  },

  history(db: Executor, cbId: string, certificateIds: string[]): Promise<CertificateStatusHistoryRow[]> {
    if (certificateIds.length === 0) return Promise.resolve([]);
    return db
      .selectFrom('certificateStatusHistory')
      .selectAll()
      .where('cbId', '=', cbId)
      .where('certificateId', 'in', certificateIds)
      .orderBy('occurredAt')
      .orderBy('seq')
      .execute();
  },

  /**
   * The next number of a certification body's yearly sequence, inside the issuing transaction: the
   * counter row is created if missing, locked (FOR UPDATE on PostgreSQL; SQLite's BEGIN IMMEDIATE
   * already serialises writers) and incremented. A rolled-back issue rolls the counter back too, so
   * the numbers of a year have no gaps.
   */
  async nextNumber(db: Executor, cbId: string, year: number): Promise<number> {
    await db
      .insertInto('certificateNumberSequences')
      .values({ cbId, year, lastValue: 0 })
      .onConflict((oc) => oc.columns(['cbId', 'year']).doNothing())
      .execute();
    let q = db
      .selectFrom('certificateNumberSequences')
      .select('lastValue')
      .where('cbId', '=', cbId)
      .where('year', '=', year);
    if (dialectOf(db) === 'postgres') q = q.forUpdate();
    const row = await q.executeTakeFirstOrThrow();
    const next = row.lastValue + 1;
    await db
      .updateTable('certificateNumberSequences')
      .set({ lastValue: next })
      .where('cbId', '=', cbId)
      .where('year', '=', year)
      .execute();
    return next;
  },

  settings(db: Executor, cbId: string): Promise<CertificateSettingsRow | undefined> {
    return db.selectFrom('certificateSettings').selectAll().where('cbId', '=', cbId).executeTakeFirst();
  },

  async insertSettings(db: Executor, row: CertificateSettingsTable): Promise<void> {
    await db
      .insertInto('certificateSettings')
      .values(row)
      .onConflict((oc) => oc.column('cbId').doNothing())
      .execute();
  },

  async updateSettings(
    db: Executor,
    cbId: string,
    version: number,
    changes: Updateable<CertificateSettingsTable>,
  ): Promise<boolean> {
    const r = await db
      .updateTable('certificateSettings')
      .set({ ...changes, version: version + 1 })
      .where('cbId', '=', cbId)
      .where('version', '=', version)
      .executeTakeFirst();
    return Number(r.numUpdatedRows) === 1;
  },

  /** Inserts a notice once: a second insert with the same dedup key (another process, a later run) is a no-op. */
  async insertNotice(db: Executor, row: Omit<CertificateNoticesTable, 'id'>): Promise<boolean> {
    const r = await db
      .insertInto('certificateNotices')
      .values({ ...row, id: randomUUID() })
      .onConflict((oc) => oc.column('dedupKey').doNothing())
      .executeTakeFirst();
    return Number(r.numInsertedOrUpdatedRows ?? 0) === 1;
  },
};
