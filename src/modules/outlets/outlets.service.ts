import { randomUUID } from 'node:crypto';
import type { Executor } from '../../db/database.ts';
import { isUniqueViolation } from '../../db/database.ts';
import { toInstant } from '../../db/time.ts';
import { decodeCursor } from '../../db/repositories/keyset.ts';
import { organisationsRepository } from '../../db/repositories/organisations.repository.ts';
import { outletsRepository } from '../../db/repositories/outlets.repository.ts';
import type { OutletChangesTable, OutletRow, OutletsTable } from '../../db/schema.ts';
import { findDivision } from '../../domain/registry/divisions.ts';
import type { AppContext } from '../../http/context.ts';
import { badRequest, conflict, notFound, versionConflict } from '../../http/errors.ts';
import { requirePermission, type Actor } from '../auth/actor.ts';
import { appendAudit } from '../audit/audit.service.ts';
import { visibleClient } from '../clients/clients.service.ts';
import { divisionRef, localDate } from '../common/registry.present.ts';
import type { BatchError, ImportSpec, ParsedRow } from '../imports/import-engine.ts';
import {
  columnsOf,
  DEFAULT_OUTLET,
  outletRowSpec,
  withDefaults,
  diffOutlet,
  OUTLET_COLUMNS,
  outletHash,
  outletRuleErrors,
  valuesOf,
  type OutletField,
  type OutletValues,
} from './outlet-fields.ts';
import type {
  OutletCreateBody,
  OutletHistoryResponse,
  OutletListQuery,
  OutletListResponse,
  OutletRegionsResponse,
  OutletResponse,
  OutletUpdateBody,
} from './outlets.contract.ts';

export function presentOutlet(row: OutletRow, today: string): OutletResponse {
  const v = valuesOf(row);
  return {
    id: row.id,
    clientId: row.clientId,
    ...v,
    division: divisionRef(row.divisionCode),
    agreementExpired:
      v.ownership === 'contracted' && v.agreementValidUntil !== null && v.agreementValidUntil < today,
    createdAt: row.createdAt,
    updatedAt: row.updatedAt,
    version: row.version,
  };
}

async function todayFor(ctx: AppContext, db: Executor, cbId: string): Promise<string> {
  const cb = await organisationsRepository.get(db, cbId, cbId);
  return localDate(ctx.clock(), cb?.timeZone ?? ctx.config.defaultTimeZone);
}

/** An outlet the actor may see: its client must be visible to the actor (tenant, and own client for client users). */
async function visibleOutlet(db: Executor, actor: Actor, id: string): Promise<OutletRow> {
  const outlet = await outletsRepository.get(db, actor.cbId, id);
  if (!outlet) throw notFound('Outlet');
  try {
    await visibleClient(db, actor, outlet.clientId);
  } catch {
    throw notFound('Outlet');
  }
  return outlet;
}

const actorRef = (actor: Actor) => ({ actorId: actor.userId, actorName: actor.displayName });

function changeRow(
  actor: Actor,
  outlet: Pick<OutletsTable, 'id' | 'cbId' | 'clientId'>,
  at: string,
  action: 'create' | 'update',
  version: number,
  changes: Record<string, { from: unknown; to: unknown }>,
  importId: string | null,
): OutletChangesTable {
  return {
    id: randomUUID(),
    cbId: outlet.cbId,
    clientId: outlet.clientId,
    outletId: outlet.id,
    occurredAt: at,
    ...actorRef(actor),
    action,
    source: importId ? 'import' : 'api',
    importId,
    version,
    changes: JSON.stringify(changes),
  };
}

/** Who created an outlet and how: kept on the outlet itself, its first history entry. */
const createdBy = (actor: Actor, at: string, importId: string | null) => ({
  createdById: actor.userId,
  createdByName: actor.displayName,
  createdSource: importId ? ('import' as const) : ('api' as const),
  createdImportId: importId,
  createdAt: at,
});

const codeTaken = () =>
  conflict('outlet_code_taken', 'The client already has an outlet with this code.', { field: 'code' });

function checkRules(v: OutletValues): void {
  const errors = outletRuleErrors(v);
  if (errors.length) {
    throw badRequest(
      'validation_failed',
      `Invalid request: body.${errors[0]!.column}: ${errors[0]!.reason}`,
      {
        issues: errors.map((e) => ({ field: `body.${e.column}`, message: e.reason })),
      },
    );
  }
}

export async function listOutlets(
  ctx: AppContext,
  actor: Actor,
  clientId: string,
  q: OutletListQuery,
): Promise<OutletListResponse> {
  requirePermission(actor, 'clients.read');
  await visibleClient(ctx.db, actor, clientId);
  const after = q.after ? decodeCursor(q.after) : undefined;
  if (q.after && !after)
    throw badRequest('invalid_cursor', 'The cursor is not valid; start from the first page.');
  const { items, total, next } = await outletsRepository.list(ctx.db, {
    cbId: actor.cbId,
    clientId,
    q: q.q,
    status: q.status,
    ownership: q.ownership,
    channel: q.channel,
    divisionCode: q.divisionCode,
    sort: q.sort,
    after,
    limit: q.limit,
  });
  const today = await todayFor(ctx, ctx.db, actor.cbId);
  return { items: items.map((o) => presentOutlet(o, today)), total, nextCursor: next };
}

export async function getOutlet(ctx: AppContext, actor: Actor, id: string): Promise<OutletResponse> {
  requirePermission(actor, 'clients.read');
  const outlet = await visibleOutlet(ctx.db, actor, id);
  return presentOutlet(outlet, await todayFor(ctx, ctx.db, actor.cbId));
}

export async function createOutlet(
  ctx: AppContext,
  actor: Actor,
  clientId: string,
  body: OutletCreateBody,
  requestId: string,
): Promise<OutletResponse> {
  requirePermission(actor, 'outlets.manage');
  const values: OutletValues = { ...DEFAULT_OUTLET, ...stripUndefined(body) } as OutletValues;
  checkRules(values);
  const now = ctx.clock();
  const at = toInstant(now);
  const id = randomUUID();
  try {
    await ctx.db.transaction().execute(async (trx) => {
      const client = await visibleClient(trx, actor, clientId);
      const row: OutletsTable = {
        id,
        cbId: actor.cbId,
        clientId: client.id,
        ...columnsOf(values),
        ...createdBy(actor, at, null),
        updatedAt: at,
        version: 1,
      };
      await outletsRepository.insertMany(trx, [row]);
      await appendAudit(
        trx,
        { actor, occurredAt: now, requestId },
        {
          action: 'outlet.create',
          entityType: 'outlet',
          entityId: id,
          after: { clientId, ...values, phone: undefined },
        },
      );
    });
  } catch (e) {
    if (isUniqueViolation(e)) throw codeTaken();
    throw e;
  }
  return getOutlet(ctx, actor, id);
}

function stripUndefined<T extends object>(o: T): Partial<T> {
  return Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined)) as Partial<T>;
}

export async function updateOutlet(
  ctx: AppContext,
  actor: Actor,
  id: string,
  body: OutletUpdateBody,
  requestId: string,
): Promise<OutletResponse> {
  requirePermission(actor, 'outlets.manage');
  const now = ctx.clock();
  const at = toInstant(now);
  try {
    await ctx.db.transaction().execute(async (trx) => {
      const outlet = await visibleOutlet(trx, actor, id);
      if (outlet.version !== body.version) throw versionConflict('outlet', outlet.version);
      const before = valuesOf(outlet);
      const { version: _v, ...change } = body;
      const after: OutletValues = { ...before, ...stripUndefined(change) } as OutletValues;
      checkRules(after);
      const changes = diffOutlet(before, after);
      if (Object.keys(changes).length === 0) return;
      if (
        !(await outletsRepository.update(trx, actor.cbId, id, body.version, {
          ...columnsOf(after),
          updatedAt: at,
        }))
      ) {
        throw versionConflict('outlet');
      }
      await outletsRepository.addChanges(trx, [
        changeRow(actor, outlet, at, 'update', body.version + 1, changes, null),
      ]);
      await appendAudit(
        trx,
        { actor, occurredAt: now, requestId },
        {
          action: 'outlet.update',
          entityType: 'outlet',
          entityId: id,
          before: { code: before.code },
          after: changes,
        },
      );
    });
  } catch (e) {
    if (isUniqueViolation(e)) throw codeTaken();
    throw e;
  }
  return getOutlet(ctx, actor, id);
}

export async function outletHistory(
  ctx: AppContext,
  actor: Actor,
  id: string,
): Promise<OutletHistoryResponse> {
  requirePermission(actor, 'clients.read');
  const outlet = await visibleOutlet(ctx.db, actor, id);
  const rows = await outletsRepository.history(ctx.db, actor.cbId, id);
  const items: OutletHistoryResponse['items'] = rows.map((r) => ({
    id: r.id,
    occurredAt: r.occurredAt,
    actor: { id: r.actorId, name: r.actorName ?? '' },
    action: r.action,
    source: r.source,
    importId: r.importId,
    version: r.version,
    changes: JSON.parse(r.changes) as Record<string, { from: unknown; to: unknown }>,
  }));
  // The creation, from the outlet itself: its first values are today's with every later change undone.
  const initial: Record<string, unknown> = { ...valuesOf(outlet) };
  for (const item of items) for (const [field, c] of Object.entries(item.changes)) initial[field] = c.from;
  items.push({
    id: outlet.id,
    occurredAt: outlet.createdAt,
    actor: { id: outlet.createdById, name: outlet.createdByName ?? '' },
    action: 'create',
    source: outlet.createdSource,
    importId: outlet.createdImportId,
    version: 1,
    changes: Object.fromEntries(
      Object.entries(initial)
        .filter(([, v]) => v !== null && !(Array.isArray(v) && v.length === 0))
        .map(([k, to]) => [k, { from: null, to }]),
    ),
  });
  return { items };
}

export async function outletRegions(
  ctx: AppContext,
  actor: Actor,
  clientId: string,
): Promise<OutletRegionsResponse> {
  requirePermission(actor, 'clients.read');
  await visibleClient(ctx.db, actor, clientId);
  const rows = await outletsRepository.regions(ctx.db, actor.cbId, clientId);
  const provinces = new Map<string | null, OutletRegionsResponse['provinces'][number]>();
  let total = 0;
  let active = 0;
  for (const r of rows) {
    const counts = {
      total: Number(r.total),
      active: Number(r.active ?? 0),
      contracted: Number(r.contracted ?? 0),
      staff: Number(r.staff ?? 0),
    };
    total += counts.total;
    active += counts.active;
    const pCode = r.provinceCode;
    let p = provinces.get(pCode);
    if (!p) {
      p = {
        code: pCode,
        name: pCode ? (findDivision(pCode)?.name ?? pCode) : '未填写区划',
        total: 0,
        active: 0,
        contracted: 0,
        staff: 0,
        cities: [],
      };
      provinces.set(pCode, p);
    }
    p.total += counts.total;
    p.active += counts.active;
    p.contracted += counts.contracted;
    p.staff += counts.staff;
    if (pCode) {
      p.cities.push({
        code: r.cityCode,
        name: r.cityCode ? (findDivision(r.cityCode)?.name ?? r.cityCode) : p.name,
        ...counts,
      });
    }
  }
  const list = [...provinces.values()].sort((a, b) => (a.code ?? '999999').localeCompare(b.code ?? '999999'));
  for (const p of list) p.cities.sort((a, b) => (a.code ?? '').localeCompare(b.code ?? ''));
  return { total, active, provinces: list };
}

// ── import ──

/** The outlet import: keyed by outlet code within one client; rows not in the file are left alone. */
let lastMs = 0;
let seq = 0;
/**
 * A UUIDv7 (RFC 9562): the time in milliseconds first, then a counter within the millisecond, then
 * random bits. Imported outlets get these, so 100,000 new rows append to the primary-key index
 * instead of landing on random pages of it (as random v4 ids do).
 */
export function orderedUuid(): string {
  const now = Date.now();
  if (now > lastMs) {
    lastMs = now;
    seq = 0;
  } else if (++seq > 0xfff) {
    lastMs++;
    seq = 0;
  }
  // The random part comes from randomUUID (Node keeps a pool of entropy for it): cheaper than
  // randomBytes per id. Its version nibble is replaced by 7 and the variant stays RFC 9562's.
  const r = randomUUID();
  const hex = (lastMs.toString(16).padStart(12, '0') + (0x7000 | seq).toString(16)).slice(-16);
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${r.slice(19)}`;
}

export function outletImportSpec(
  actor: Actor,
  clientId: string,
  importId: string,
  at: string,
): ImportSpec<OutletField, Partial<OutletValues>> {
  return {
    ...outletRowSpec,
    async applyBatch(db, batch: ParsedRow<Partial<OutletValues>>[], present, write) {
      const keys = new Map(
        (
          await outletsRepository.keysByCodes(
            db,
            clientId,
            batch.map((b) => b.value.code!),
          )
        ).map((k) => [k.code, k]),
      );
      // With every column in the file, an unchanged row is told by its digest alone; otherwise (or when the
      // digest differs) the stored outlet is read to merge and diff.
      const complete = present.size === OUTLET_COLUMNS.length;
      const after = new Map<number, OutletValues>();
      const toRead: string[] = [];
      for (const { row, value } of batch) {
        const key = keys.get(value.code!);
        if (!key) continue;
        if (complete) {
          const v = withDefaults(value);
          after.set(row, v);
          if (outletHash(v) === key.contentHash) continue;
        }
        toRead.push(key.id);
      }
      const current = new Map((await outletsRepository.byIds(db, clientId, toRead)).map((o) => [o.code, o]));
      const inserts: OutletsTable[] = [];
      // The columns every outlet this import creates shares.
      const fixed = {
        cbId: actor.cbId,
        clientId,
        ...createdBy(actor, at, importId),
        updatedAt: at,
        version: 1,
      };
      const changes: OutletChangesTable[] = [];
      const outcome = {
        created: 0,
        updated: 0,
        unchanged: 0,
        errors: [] as BatchError[],
      };
      for (const { row, value } of batch) {
        const key = keys.get(value.code!);
        const stored = current.get(value.code!);
        const before = stored ? valuesOf(stored) : undefined;
        const next = before
          ? ({ ...before, ...value } as OutletValues)
          : (after.get(row) ?? withDefaults(value));
        const ruleErrors = outletRuleErrors(next);
        if (ruleErrors.length) {
          for (const e of ruleErrors) outcome.errors.push({ row, ...e });
          continue;
        }
        if (!key) {
          outcome.created++;
          if (write) {
            // Built on columnsOf's object rather than spread into a new one: this runs for every new row.
            inserts.push(Object.assign(columnsOf(next), { id: orderedUuid() }, fixed));
          }
          continue;
        }
        const diff = before ? diffOutlet(before, next) : {};
        if (Object.keys(diff).length === 0) {
          outcome.unchanged++;
          continue;
        }
        outcome.updated++;
        if (!write) continue;
        if (
          !(await outletsRepository.update(db, actor.cbId, stored!.id, stored!.version, {
            ...columnsOf(next),
            updatedAt: at,
          }))
        ) {
          throw versionConflict('outlet');
        }
        changes.push(changeRow(actor, stored!, at, 'update', stored!.version + 1, diff, importId));
      }
      if (write) {
        await outletsRepository.insertMany(db, inserts);
        await outletsRepository.addChanges(db, changes);
      }
      return outcome;
    },
  };
}
