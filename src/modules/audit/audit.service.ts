import { randomUUID } from 'node:crypto';
import { sql } from 'kysely';
import type { Db, Executor } from '../../db/database.ts';
import { dialectOf } from '../../db/dialect.ts';
import { toInstant } from '../../db/time.ts';
import type { Actor } from '../auth/actor.ts';
import type { AuditEntryResponse, AuditListQuery, AuditListResponse } from './audit.contract.ts';
import { GENESIS_HASH, hashEntry, type ChainedFields } from './audit-chain.ts';

export interface AuditEvent {
  action: string;
  entityType: string;
  entityId: string | null;
  /** Allow-listed fields only: never a password, a secret or an unmasked personal number. */
  before?: unknown;
  after?: unknown;
}

export interface AuditContext {
  actor: Pick<Actor, 'userId' | 'displayName' | 'cbId'> | { userId: null; displayName: string; cbId: string };
  occurredAt: Date;
  requestId: string | null;
}

/**
 * Appends one entry to the tenant's hash chain. Call it inside the transaction that makes the change,
 * so the change and its record commit or roll back together. The chain head row is locked for the
 * rest of the transaction (FOR UPDATE on PostgreSQL; SQLite serialises writers), so concurrent
 * writers never fork the chain.
 */
export async function appendAudit(trx: Executor, ctx: AuditContext, event: AuditEvent): Promise<void> {
  const cbId = ctx.actor.cbId;
  await trx
    .insertInto('auditChains')
    .values({ cbId, lastSeq: 0, lastHash: GENESIS_HASH })
    .onConflict((oc) => oc.column('cbId').doNothing())
    .execute();
  let head = trx.selectFrom('auditChains').selectAll().where('cbId', '=', cbId);
  if (dialectOf(trx) === 'postgres') head = head.forUpdate();
  const chain = await head.executeTakeFirstOrThrow();

  const fields: ChainedFields = {
    cbId,
    seq: chain.lastSeq + 1,
    occurredAt: toInstant(ctx.occurredAt),
    actorId: ctx.actor.userId,
    actorName: ctx.actor.displayName,
    action: event.action,
    entityType: event.entityType,
    entityId: event.entityId,
    summary: JSON.stringify({ before: event.before, after: event.after }),
    requestId: ctx.requestId,
  };
  const hash = hashEntry(chain.lastHash, fields);
  await trx
    .insertInto('auditEntries')
    .values({ id: randomUUID(), ...fields, prevHash: chain.lastHash, hash })
    .execute();
  await trx
    .updateTable('auditChains')
    .set({ lastSeq: fields.seq, lastHash: hash })
    .where('cbId', '=', cbId)
    .execute();
}

export interface ChainProblem {
  cbId: string;
  seq: number | null;
  problem: 'hash_mismatch' | 'broken_link' | 'sequence_gap' | 'head_mismatch';
  message: string;
}

export interface VerifyResult {
  ok: boolean;
  chains: number;
  entries: number;
  problems: ChainProblem[];
}

/**
 * Recomputes every chain. Edited entry → hash_mismatch; removed or reordered entry → sequence_gap or
 * broken_link; removed tail → head_mismatch. Reads in pages so a long trail never sits in memory.
 */
export async function verifyAuditTrail(db: Db, pageSize = 5000): Promise<VerifyResult> {
  const result: VerifyResult = { ok: true, chains: 0, entries: 0, problems: [] };
  const heads = await db.selectFrom('auditChains').selectAll().orderBy('cbId').execute();
  const seen = new Set<string>();
  for (const head of heads) {
    seen.add(head.cbId);
    result.chains++;
    let prevHash = GENESIS_HASH;
    let expectedSeq = 1;
    let afterSeq = 0;
    for (;;) {
      const rows = await db
        .selectFrom('auditEntries')
        .selectAll()
        .where('cbId', '=', head.cbId)
        .where('seq', '>', afterSeq)
        .orderBy('seq')
        .limit(pageSize)
        .execute();
      for (const row of rows) {
        result.entries++;
        const problem = (p: ChainProblem['problem'], message: string) =>
          result.problems.push({ cbId: head.cbId, seq: row.seq, problem: p, message });
        if (row.seq !== expectedSeq) {
          problem(
            'sequence_gap',
            `expected entry ${expectedSeq}, found ${row.seq}: entries removed or renumbered`,
          );
        }
        if (row.prevHash !== prevHash) {
          problem('broken_link', `entry ${row.seq} does not follow the entry before it`);
        }
        if (hashEntry(row.prevHash, row) !== row.hash) {
          problem('hash_mismatch', `entry ${row.seq} was changed after it was written`);
        }
        prevHash = row.hash;
        expectedSeq = row.seq + 1;
      }
      if (rows.length < pageSize) break;
      afterSeq = rows[rows.length - 1]!.seq;
    }
    if (expectedSeq - 1 !== head.lastSeq || prevHash !== head.lastHash) {
      result.problems.push({
        cbId: head.cbId,
        seq: head.lastSeq,
        problem: 'head_mismatch',
        message: `the chain should end at entry ${head.lastSeq}; entries at its end were removed or changed`,
      });
    }
  }
  const orphans = await db.selectFrom('auditEntries').select('cbId').distinct().execute();
  for (const o of orphans) {
    if (!seen.has(o.cbId)) {
      result.problems.push({
        cbId: o.cbId,
        seq: null,
        problem: 'head_mismatch',
        message: 'entries without a chain head',
      });
    }
  }
  result.ok = result.problems.length === 0;
  return result;
}

export async function listAudit(db: Db, cbId: string, q: AuditListQuery): Promise<AuditListResponse> {
  let query = db.selectFrom('auditEntries').where('cbId', '=', cbId);
  if (q.entityType) query = query.where('entityType', '=', q.entityType);
  if (q.entityId) query = query.where('entityId', '=', q.entityId);
  if (q.action) query = query.where('action', '=', q.action);
  if (q.actorId) query = query.where('actorId', '=', q.actorId);
  if (q.from) query = query.where('occurredAt', '>=', toInstant(new Date(q.from)));
  if (q.to) query = query.where('occurredAt', '<=', toInstant(new Date(q.to)));
  const [rows, count] = await Promise.all([
    query
      .selectAll()
      .orderBy('seq', 'desc')
      .offset((q.page - 1) * q.pageSize)
      .limit(q.pageSize)
      .execute(),
    query.select(sql<number>`count(*)`.as('n')).executeTakeFirstOrThrow(),
  ]);
  const items: AuditEntryResponse[] = rows.map((r) => ({
    id: r.id,
    seq: r.seq,
    occurredAt: r.occurredAt,
    actor: r.actorId ? { id: r.actorId, name: r.actorName ?? '' } : null,
    action: r.action,
    entityType: r.entityType,
    entityId: r.entityId,
    summary: JSON.parse(r.summary) as AuditEntryResponse['summary'],
    requestId: r.requestId,
  }));
  return { items, total: Number(count.n), page: q.page, pageSize: q.pageSize };
}
