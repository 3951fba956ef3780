import type { Executor } from '../database.ts';
import type {
  ApplicationRow,
  ApplicationsTable,
  CertificationDecisionRow,
  CertificationDecisionsTable,
  ChecklistEntriesTable,
  ChecklistEntryRow,
  ContractReviewRow,
  ContractReviewsTable,
  EvaluationReviewRow,
  EvaluationReviewsTable,
  EvaluationRow,
  EvaluationsTable,
  EvidenceFileRow,
  EvidenceFilesTable,
  FindingRow,
  FindingsTable,
  ProgrammeRow,
  ProgrammesTable,
} from '../schema.ts';

/**
 * The certification workflow's tables. Every method is scoped by the tenant key first; updates are
 * optimistic (`WHERE version = :expected`, then `version + 1`) and answer false when the row moved on.
 */
const changed = (r: { numUpdatedRows: bigint }) => Number(r.numUpdatedRows) > 0;

export const applicationsRepository = {
  get(db: Executor, cbId: string, id: string): Promise<ApplicationRow | undefined> {
    return db
      .selectFrom('applications')
      .selectAll()
      .where('cbId', '=', cbId)
      .where('id', '=', id)
      .executeTakeFirst();
  },
  async create(db: Executor, row: ApplicationsTable): Promise<void> {
    await db.insertInto('applications').values(row).execute();
  },
  async update(
    db: Executor,
    cbId: string,
    id: string,
    version: number,
    changes: Partial<ApplicationsTable>,
  ): Promise<boolean> {
    return changed(
      await db
        .updateTable('applications')
        .set({ ...changes, version: version + 1 })
        .where('cbId', '=', cbId)
        .where('id', '=', id)
        .where('version', '=', version)
        .executeTakeFirstOrThrow(),
    );
  },
  list(
    db: Executor,
    f: { cbId: string; clientId?: string; state?: ApplicationRow['state']; limit: number; offset: number },
  ) {
    let q = db.selectFrom('applications').where('cbId', '=', f.cbId);
    if (f.clientId) q = q.where('clientId', '=', f.clientId);
    if (f.state) q = q.where('state', '=', f.state);
    return Promise.all([
      q.selectAll().orderBy('createdAt', 'desc').orderBy('id').limit(f.limit).offset(f.offset).execute(),
      q.select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow(),
    ]).then(([items, c]) => ({ items, total: Number(c.n) }));
  },
};

export const contractReviewsRepository = {
  byApplication(db: Executor, cbId: string, applicationId: string): Promise<ContractReviewRow | undefined> {
    return db
      .selectFrom('contractReviews')
      .selectAll()
      .where('cbId', '=', cbId)
      .where('applicationId', '=', applicationId)
      .executeTakeFirst();
  },
  async create(db: Executor, row: ContractReviewsTable): Promise<void> {
    await db.insertInto('contractReviews').values(row).execute();
  },
  async update(
    db: Executor,
    cbId: string,
    id: string,
    version: number,
    changes: Partial<ContractReviewsTable>,
  ): Promise<boolean> {
    return changed(
      await db
        .updateTable('contractReviews')
        .set({ ...changes, version: version + 1 })
        .where('cbId', '=', cbId)
        .where('id', '=', id)
        .where('version', '=', version)
        .executeTakeFirstOrThrow(),
    );
  },
};

export const programmesRepository = {
  get(db: Executor, cbId: string, id: string): Promise<ProgrammeRow | undefined> {
    return db
      .selectFrom('programmes')
      .selectAll()
      .where('cbId', '=', cbId)
      .where('id', '=', id)
      .executeTakeFirst();
  },
  async create(db: Executor, row: ProgrammesTable): Promise<void> {
    await db.insertInto('programmes').values(row).execute();
  },
  async update(
    db: Executor,
    cbId: string,
    id: string,
    version: number,
    changes: Partial<ProgrammesTable>,
  ): Promise<boolean> {
    return changed(
      await db
        .updateTable('programmes')
        .set({ ...changes, version: version + 1 })
        .where('cbId', '=', cbId)
        .where('id', '=', id)
        .where('version', '=', version)
        .executeTakeFirstOrThrow(),
    );
  },
  list(db: Executor, f: { cbId: string; clientId?: string; limit: number; offset: number }) {
    let q = db.selectFrom('programmes').where('cbId', '=', f.cbId);
    if (f.clientId) q = q.where('clientId', '=', f.clientId);
    return Promise.all([
      q.selectAll().orderBy('createdAt', 'desc').orderBy('id').limit(f.limit).offset(f.offset).execute(),
      q.select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow(),
    ]).then(([items, c]) => ({ items, total: Number(c.n) }));
  },
};

export const evaluationsRepository = {
  get(db: Executor, cbId: string, id: string): Promise<EvaluationRow | undefined> {
    return db
      .selectFrom('evaluations')
      .selectAll()
      .where('cbId', '=', cbId)
      .where('id', '=', id)
      .executeTakeFirst();
  },
  async create(db: Executor, row: EvaluationsTable): Promise<void> {
    await db.insertInto('evaluations').values(row).execute();
  },
  async update(
    db: Executor,
    cbId: string,
    id: string,
    version: number,
    changes: Partial<EvaluationsTable>,
  ): Promise<boolean> {
    return changed(
      await db
        .updateTable('evaluations')
        .set({ ...changes, version: version + 1 })
        .where('cbId', '=', cbId)
        .where('id', '=', id)
        .where('version', '=', version)
        .executeTakeFirstOrThrow(),
    );
  },
  byProgramme(db: Executor, cbId: string, programmeId: string): Promise<EvaluationRow[]> {
    return db
      .selectFrom('evaluations')
      .selectAll()
      .where('cbId', '=', cbId)
      .where('programmeId', '=', programmeId)
      .orderBy('createdAt')
      .orderBy('id')
      .execute();
  },
  /** Leads of a client's earlier evaluations, oldest first (for rotation). */
  async previousLeads(db: Executor, cbId: string, clientId: string, exceptId: string): Promise<string[]> {
    const rows = await db
      .selectFrom('evaluations')
      .select(['leadId'])
      .where('cbId', '=', cbId)
      .where('clientId', '=', clientId)
      .where('id', '!=', exceptId)
      .where('leadId', 'is not', null)
      .orderBy('createdAt')
      .orderBy('id')
      .execute();
    return rows.map((r) => r.leadId!);
  },
  list(
    db: Executor,
    f: {
      cbId: string;
      clientId?: string;
      state?: EvaluationRow['state'];
      personnelId?: string;
      limit: number;
      offset: number;
    },
  ) {
    let q = db.selectFrom('evaluations').where('cbId', '=', f.cbId);
    if (f.clientId) q = q.where('clientId', '=', f.clientId);
    if (f.state) q = q.where('state', '=', f.state);
    if (f.personnelId) q = q.where('team', 'like', `%"personnelId":"${f.personnelId}"%`);
    return Promise.all([
      q.selectAll().orderBy('createdAt', 'desc').orderBy('id').limit(f.limit).offset(f.offset).execute(),
      q.select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow(),
    ]).then(([items, c]) => ({ items, total: Number(c.n) }));
  },
};

export const checklistRepository = {
  get(db: Executor, cbId: string, id: string): Promise<ChecklistEntryRow | undefined> {
    return db
      .selectFrom('checklistEntries')
      .selectAll()
      .where('cbId', '=', cbId)
      .where('id', '=', id)
      .executeTakeFirst();
  },
  async insertMany(db: Executor, rows: ChecklistEntriesTable[]): Promise<void> {
    // Chunks keep each statement under the databases' bound-parameter limits.
    for (let i = 0; i < rows.length; i += 200) {
      await db
        .insertInto('checklistEntries')
        .values(rows.slice(i, i + 200))
        .execute();
    }
  },
  async update(
    db: Executor,
    cbId: string,
    id: string,
    version: number,
    changes: Partial<ChecklistEntriesTable>,
  ): Promise<boolean> {
    return changed(
      await db
        .updateTable('checklistEntries')
        .set({ ...changes, version: version + 1 })
        .where('cbId', '=', cbId)
        .where('id', '=', id)
        .where('version', '=', version)
        .executeTakeFirstOrThrow(),
    );
  },
  ofEvaluation(
    db: Executor,
    cbId: string,
    evaluationId: string,
    siteId?: string,
  ): Promise<ChecklistEntryRow[]> {
    let q = db
      .selectFrom('checklistEntries')
      .selectAll()
      .where('cbId', '=', cbId)
      .where('evaluationId', '=', evaluationId);
    if (siteId) q = q.where('siteId', '=', siteId);
    return q.orderBy('position').orderBy('id').execute();
  },
};

export const findingsRepository = {
  get(db: Executor, cbId: string, id: string): Promise<FindingRow | undefined> {
    return db
      .selectFrom('findings')
      .selectAll()
      .where('cbId', '=', cbId)
      .where('id', '=', id)
      .executeTakeFirst();
  },
  async create(db: Executor, row: FindingsTable): Promise<void> {
    await db.insertInto('findings').values(row).execute();
  },
  async nextNumber(db: Executor, cbId: string, evaluationId: string): Promise<number> {
    const r = await db
      .selectFrom('findings')
      .select((eb) => eb.fn.max<number>('number').as('n'))
      .where('cbId', '=', cbId)
      .where('evaluationId', '=', evaluationId)
      .executeTakeFirst();
    return Number(r?.n ?? 0) + 1;
  },
  async update(
    db: Executor,
    cbId: string,
    id: string,
    version: number,
    changes: Partial<FindingsTable>,
  ): Promise<boolean> {
    return changed(
      await db
        .updateTable('findings')
        .set({ ...changes, version: version + 1 })
        .where('cbId', '=', cbId)
        .where('id', '=', id)
        .where('version', '=', version)
        .executeTakeFirstOrThrow(),
    );
  },
  ofEvaluation(db: Executor, cbId: string, evaluationId: string): Promise<FindingRow[]> {
    return db
      .selectFrom('findings')
      .selectAll()
      .where('cbId', '=', cbId)
      .where('evaluationId', '=', evaluationId)
      .orderBy('number')
      .execute();
  },
  list(
    db: Executor,
    f: {
      cbId: string;
      clientId?: string;
      evaluationId?: string;
      state?: FindingRow['state'];
      overdueOn?: string;
      limit: number;
      offset: number;
    },
  ) {
    let q = db.selectFrom('findings').where('cbId', '=', f.cbId);
    if (f.clientId) q = q.where('clientId', '=', f.clientId);
    if (f.evaluationId) q = q.where('evaluationId', '=', f.evaluationId);
    if (f.state) q = q.where('state', '=', f.state);
    if (f.overdueOn) q = q.where('state', '!=', 'accepted').where('dueDate', '<', f.overdueOn);
    return Promise.all([
      q
        .selectAll()
        .orderBy('dueDate')
        .orderBy('number')
        .orderBy('id')
        .limit(f.limit)
        .offset(f.offset)
        .execute(),
      q.select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow(),
    ]).then(([items, c]) => ({ items, total: Number(c.n) }));
  },
};

export const reviewsRepository = {
  async create(db: Executor, row: EvaluationReviewsTable): Promise<void> {
    await db.insertInto('evaluationReviews').values(row).execute();
  },
  ofEvaluation(db: Executor, cbId: string, evaluationId: string): Promise<EvaluationReviewRow[]> {
    return db
      .selectFrom('evaluationReviews')
      .selectAll()
      .where('cbId', '=', cbId)
      .where('evaluationId', '=', evaluationId)
      .orderBy('createdAt')
      .orderBy('id')
      .execute();
  },
};

export const decisionsRepository = {
  async create(db: Executor, row: CertificationDecisionsTable): Promise<void> {
    await db.insertInto('certificationDecisions').values(row).execute();
  },
  ofEvaluation(db: Executor, cbId: string, evaluationId: string): Promise<CertificationDecisionRow[]> {
    return db
      .selectFrom('certificationDecisions')
      .selectAll()
      .where('cbId', '=', cbId)
      .where('evaluationId', '=', evaluationId)
      .orderBy('createdAt')
      .orderBy('id')
      .execute();
  },
};

export const evidenceFilesRepository = {
  get(db: Executor, cbId: string, id: string): Promise<EvidenceFileRow | undefined> {
    return db
      .selectFrom('evidenceFiles')
      .selectAll()
      .where('cbId', '=', cbId)
      .where('id', '=', id)
      .executeTakeFirst();
  },
  async create(db: Executor, row: EvidenceFilesTable): Promise<void> {
    await db.insertInto('evidenceFiles').values(row).execute();
  },
  ofContext(db: Executor, cbId: string, context: EvidenceFileRow['context'], contextId: string) {
    return db
      .selectFrom('evidenceFiles')
      .selectAll()
      .where('cbId', '=', cbId)
      .where('context', '=', context)
      .where('contextId', '=', contextId)
      .orderBy('createdAt')
      .execute();
  },
};
