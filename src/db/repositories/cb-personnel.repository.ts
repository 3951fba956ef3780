import type { Executor } from '../database.ts';
import type {
  CbPersonnelRow,
  CbPersonnelTable,
  ImpartialityDeclarationRow,
  ImpartialityDeclarationsTable,
  PersonnelQualificationRow,
  PersonnelQualificationsTable,
} from '../schema.ts';
import { encodeCursor, likePattern } from './keyset.ts';
import { sql } from 'kysely';

export interface PersonnelListFilter {
  cbId: string;
  q?: string;
  status?: CbPersonnelTable['status'];
  scheme?: string;
  role?: PersonnelQualificationsTable['role'];
  /** Any of these codes in competence_codes. */
  competence?: string[];
  on: string;
  /** Leave out people with a relationship to this client that is ongoing or ended on or after `blockedSince`. */
  excludeBlockedFor?: { clientId: string; blockedSince: string };
  after?: [string, string];
  limit: number;
}

export const cbPersonnelRepository = {
  get(db: Executor, cbId: string, id: string): Promise<CbPersonnelRow | undefined> {
    return db
      .selectFrom('cbPersonnel')
      .selectAll()
      .where('cbId', '=', cbId)
      .where('id', '=', id)
      .executeTakeFirst();
  },

  async create(db: Executor, row: CbPersonnelTable): Promise<void> {
    await db.insertInto('cbPersonnel').values(row).execute();
  },

  async update(
    db: Executor,
    cbId: string,
    id: string,
    version: number,
    changes: Partial<CbPersonnelTable>,
  ): Promise<boolean> {
    const r = await db
      .updateTable('cbPersonnel')
      .set({ ...changes, version: version + 1 })
      .where('cbId', '=', cbId)
      .where('id', '=', id)
      .where('version', '=', version)
      .executeTakeFirst();
    return Number(r.numUpdatedRows) > 0;
  },

  async replaceQualifications(
    db: Executor,
    cbId: string,
    personnelId: string,
    rows: PersonnelQualificationsTable[],
  ): Promise<void> {
    await db
      .deleteFrom('personnelQualifications')
      .where('cbId', '=', cbId)
      .where('personnelId', '=', personnelId)
      .execute();
    if (rows.length) await db.insertInto('personnelQualifications').values(rows).execute();
  },

  qualificationsOf(db: Executor, cbId: string, ids: string[]): Promise<PersonnelQualificationRow[]> {
    if (!ids.length) return Promise.resolve([]);
    return db
      .selectFrom('personnelQualifications')
      .selectAll()
      .where('cbId', '=', cbId)
      .where('personnelId', 'in', ids)
      .orderBy('position')
      .execute();
  },

  declarationsOf(db: Executor, cbId: string, ids: string[]): Promise<ImpartialityDeclarationRow[]> {
    if (!ids.length) return Promise.resolve([]);
    return db
      .selectFrom('impartialityDeclarations')
      .selectAll()
      .where('cbId', '=', cbId)
      .where('personnelId', 'in', ids)
      .orderBy('startedOn', 'desc')
      .orderBy('id')
      .execute();
  },

  getDeclaration(db: Executor, cbId: string, id: string): Promise<ImpartialityDeclarationRow | undefined> {
    return db
      .selectFrom('impartialityDeclarations')
      .selectAll()
      .where('cbId', '=', cbId)
      .where('id', '=', id)
      .executeTakeFirst();
  },

  async createDeclaration(db: Executor, row: ImpartialityDeclarationsTable): Promise<void> {
    await db.insertInto('impartialityDeclarations').values(row).execute();
  },

  async updateDeclaration(
    db: Executor,
    cbId: string,
    id: string,
    version: number,
    changes: Partial<ImpartialityDeclarationsTable>,
  ): Promise<boolean> {
    const r = await db
      .updateTable('impartialityDeclarations')
      .set({ ...changes, version: version + 1 })
      .where('cbId', '=', cbId)
      .where('id', '=', id)
      .where('version', '=', version)
      .executeTakeFirst();
    return Number(r.numUpdatedRows) > 0;
  },

  async list(
    db: Executor,
    f: PersonnelListFilter,
  ): Promise<{ items: CbPersonnelRow[]; total: number; next: string | null }> {
    let q = db.selectFrom('cbPersonnel').where('cbPersonnel.cbId', '=', f.cbId);
    if (f.status) q = q.where('cbPersonnel.status', '=', f.status);
    if (f.q) {
      const like = likePattern(f.q);
      q = q.where((eb) =>
        eb.or([
          sql<boolean>`lower(${sql.ref('cbPersonnel.name')}) like ${like} escape '\\'`,
          sql<boolean>`lower(coalesce(${sql.ref('cbPersonnel.email')}, '')) like ${like} escape '\\'`,
        ]),
      );
    }
    if (f.scheme || f.role) {
      q = q.where(({ exists, selectFrom }) => {
        let sub = selectFrom('personnelQualifications as pq')
          .select('pq.id')
          .whereRef('pq.personnelId', '=', 'cbPersonnel.id')
          .where((eb) => eb.or([eb('pq.validUntil', 'is', null), eb('pq.validUntil', '>=', f.on)]))
          .where((eb) => eb.or([eb('pq.validFrom', 'is', null), eb('pq.validFrom', '<=', f.on)]));
        if (f.scheme) sub = sub.where('pq.scheme', '=', f.scheme);
        if (f.role) sub = sub.where('pq.role', '=', f.role);
        return exists(sub);
      });
    }
    if (f.competence?.length) {
      const codes = f.competence;
      q = q.where((eb) => eb.or(codes.map((c) => eb('cbPersonnel.competenceCodes', 'like', `%"${c}"%`))));
    }
    if (f.excludeBlockedFor) {
      const { clientId, blockedSince } = f.excludeBlockedFor;
      q = q.where(({ not, exists, selectFrom }) =>
        not(
          exists(
            selectFrom('impartialityDeclarations as d')
              .select('d.id')
              .whereRef('d.personnelId', '=', 'cbPersonnel.id')
              .where('d.clientId', '=', clientId)
              .where('d.startedOn', '<=', f.on)
              .where((eb) => eb.or([eb('d.endedOn', 'is', null), eb('d.endedOn', '>=', blockedSince)])),
          ),
        ),
      );
    }
    const count = q.select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
    let page = q.selectAll('cbPersonnel');
    if (f.after) {
      const [v, id] = f.after;
      page = page.where((eb) =>
        eb.or([
          eb('cbPersonnel.name', '>', v),
          eb.and([eb('cbPersonnel.name', '=', v), eb('cbPersonnel.id', '>', id)]),
        ]),
      );
    }
    const rows = await page
      .orderBy('cbPersonnel.name')
      .orderBy('cbPersonnel.id')
      .limit(f.limit + 1)
      .execute();
    const items = rows.slice(0, f.limit);
    const last = items[items.length - 1];
    return {
      items,
      total: Number((await count).n),
      next: rows.length > f.limit && last ? encodeCursor(last.name, last.id) : null,
    };
  },
};
