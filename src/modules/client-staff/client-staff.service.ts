import { randomUUID } from 'node:crypto';
import type { Executor } from '../../db/database.ts';
import { isUniqueViolation } from '../../db/database.ts';
import { toInstant } from '../../db/time.ts';
import { decodeCursor } from '../../db/repositories/keyset.ts';
import {
  clientStaffRepository,
  serviceManagersRepository,
  type StaffWithOutlet,
} from '../../db/repositories/client-staff.repository.ts';
import { organisationsRepository } from '../../db/repositories/organisations.repository.ts';
import { outletsRepository } from '../../db/repositories/outlets.repository.ts';
import type {
  ClientStaffRow,
  ClientStaffTable,
  ServiceManagerRow,
  ServiceManagersTable,
} from '../../db/schema.ts';
import { validateIdNumber, validatePhone } from '../../domain/registry/personal-data.ts';
import { certificateState, checkServiceManagerStaffing } from '../../domain/registry/staffing.ts';
import type { AppContext } from '../../http/context.ts';
import { badRequest, conflict, notFound, versionConflict } from '../../http/errors.ts';
import { requirePermission, type Actor } from '../auth/actor.ts';
import { appendAudit } from '../audit/audit.service.ts';
import { visibleClient } from '../clients/clients.service.ts';
import { localDate } from '../common/registry.present.ts';
import type { BatchError, ImportSpec } from '../imports/import-engine.ts';
import {
  mayReadPersonalData,
  personalDataCipher,
  sealPersonal,
  showPersonal,
  type PersonalDataCipher,
  type PersonalKind,
} from '../personal-data/personal-data.ts';
import type {
  ServiceManagerCreateBody,
  ServiceManagerListResponse,
  ServiceManagerResponse,
  ServiceManagerUpdateBody,
  StaffCreateBody,
  StaffingQuery,
  StaffingResponse,
  StaffListQuery,
  StaffListResponse,
  StaffResponse,
  StaffUpdateBody,
} from './client-staff.contract.ts';
import { STAFF_COLUMNS, type StaffField, type StaffValues, staffRowSpec } from './staff-fields.ts';

export function presentStaff(
  row: StaffWithOutlet,
  cipher: PersonalDataCipher,
  reveal: boolean,
): StaffResponse {
  return {
    id: row.id,
    clientId: row.clientId,
    staffNo: row.staffNo,
    name: row.name,
    idNumber: showPersonal(cipher, reveal, row.idNumberEnc, row.idNumberMasked),
    phone: showPersonal(cipher, reveal, row.phoneEnc, row.phoneMasked),
    outlet: row.outletId
      ? { id: row.outletId, code: row.outletCode ?? '', name: row.outletName ?? '' }
      : null,
    position: row.position,
    department: row.department,
    serviceManagement: row.serviceManagement === 1,
    qualifications: row.qualifications,
    employedSince: row.employedSince,
    status: row.status,
    personalDataMasked: !reveal,
    createdAt: row.createdAt,
    updatedAt: row.updatedAt,
    version: row.version,
  };
}

/** What the audit trail keeps of a staff member: personal numbers only masked. */
const staffAudit = (r: ClientStaffRow) => ({
  staffNo: r.staffNo,
  name: r.name,
  idNumber: r.idNumberMasked,
  phone: r.phoneMasked,
  outletId: r.outletId,
  position: r.position,
  serviceManagement: r.serviceManagement === 1,
  status: r.status,
});

const checks: Record<
  PersonalKind,
  (s: string) => { valid: true; value: string } | { valid: false; message: string }
> = {
  idNumber: validateIdNumber,
  phone: validatePhone,
};

/**
 * The stored pair for a personal value sent to the API: undefined keeps it, null clears it, the masked
 * copy read back keeps it, anything else is validated and sealed.
 */
function personalChange(
  cipher: PersonalDataCipher,
  kind: PersonalKind,
  field: string,
  value: string | null | undefined,
  current: { enc: string | null; masked: string | null },
): { enc: string | null; masked: string | null } | undefined {
  if (value === undefined) return undefined;
  if (value === null) return { enc: null, masked: null };
  if (value.includes('*')) {
    if (value === current.masked) return undefined;
    throw badRequest(
      'masked_value',
      `${field} contains *: send the full number, or the masked value you read to keep it.`,
      { field },
    );
  }
  const r = checks[kind](value);
  if (!r.valid)
    throw badRequest('validation_failed', `Invalid request: body.${field}: ${r.message}`, {
      issues: [{ field: `body.${field}`, message: r.message }],
    });
  return sealPersonal(cipher, kind, r.value);
}

async function resolveOutlet(
  db: Executor,
  actor: Actor,
  clientId: string,
  outletId: string | null | undefined,
) {
  if (!outletId) return outletId;
  const o = await outletsRepository.get(db, actor.cbId, outletId);
  if (!o || o.clientId !== clientId)
    throw badRequest('unknown_outlet', 'The outlet is not one of this client’s outlets.', {
      field: 'outletId',
    });
  return o.id;
}

async function visibleStaff(db: Executor, actor: Actor, id: string): Promise<StaffWithOutlet> {
  const s = await clientStaffRepository.get(db, actor.cbId, id);
  if (!s) throw notFound('Staff member');
  try {
    await visibleClient(db, actor, s.clientId);
  } catch {
    throw notFound('Staff member');
  }
  return s;
}

const staffNoTaken = () =>
  conflict('staff_no_taken', 'The client already has a staff member with this number.', { field: 'staffNo' });

export async function listStaff(
  ctx: AppContext,
  actor: Actor,
  clientId: string,
  q: StaffListQuery,
): Promise<StaffListResponse> {
  requirePermission(actor, 'clients.read');
  await visibleClient(ctx.db, actor, clientId);
  const after = q.after ? decodeCursor(q.after) : undefined;
  if (q.after && !after)
    throw badRequest('invalid_cursor', 'The cursor is not valid; start from the first page.');
  const r = await clientStaffRepository.list(ctx.db, {
    cbId: actor.cbId,
    clientId,
    q: q.q,
    status: q.status,
    outletId: q.outletId,
    serviceManagement: q.serviceManagement,
    after,
    limit: q.limit,
  });
  const cipher = personalDataCipher(ctx.config);
  const reveal = mayReadPersonalData(actor);
  return { items: r.items.map((s) => presentStaff(s, cipher, reveal)), total: r.total, nextCursor: r.next };
}

async function getStaff(ctx: AppContext, actor: Actor, id: string): Promise<StaffResponse> {
  return presentStaff(
    await visibleStaff(ctx.db, actor, id),
    personalDataCipher(ctx.config),
    mayReadPersonalData(actor),
  );
}

export async function createStaff(
  ctx: AppContext,
  actor: Actor,
  clientId: string,
  body: StaffCreateBody,
  requestId: string,
) {
  requirePermission(actor, 'staff.manage');
  const cipher = personalDataCipher(ctx.config);
  const now = ctx.clock();
  const at = toInstant(now);
  const id = randomUUID();
  const none = { enc: null, masked: null };
  try {
    await ctx.db.transaction().execute(async (trx) => {
      await visibleClient(trx, actor, clientId);
      const idn = personalChange(cipher, 'idNumber', 'idNumber', body.idNumber, none) ?? none;
      const phone = personalChange(cipher, 'phone', 'phone', body.phone, none) ?? none;
      const row: ClientStaffTable = {
        id,
        cbId: actor.cbId,
        clientId,
        outletId: (await resolveOutlet(trx, actor, clientId, body.outletId)) ?? null,
        staffNo: body.staffNo,
        name: body.name,
        idNumberEnc: idn.enc,
        idNumberMasked: idn.masked,
        phoneEnc: phone.enc,
        phoneMasked: phone.masked,
        position: body.position ?? null,
        department: body.department ?? null,
        serviceManagement: body.serviceManagement ? 1 : 0,
        qualifications: body.qualifications ?? null,
        employedSince: body.employedSince ?? null,
        status: body.status ?? 'active',
        createdAt: at,
        updatedAt: at,
        version: 1,
      };
      await clientStaffRepository.insertMany(trx, [row]);
      await appendAudit(
        trx,
        { actor, occurredAt: now, requestId },
        { action: 'staff.create', entityType: 'clientStaff', entityId: id, after: staffAudit(row) },
      );
    });
  } catch (e) {
    if (isUniqueViolation(e)) throw staffNoTaken();
    throw e;
  }
  return getStaff(ctx, actor, id);
}

export async function updateStaff(
  ctx: AppContext,
  actor: Actor,
  id: string,
  body: StaffUpdateBody,
  requestId: string,
) {
  requirePermission(actor, 'staff.manage');
  const cipher = personalDataCipher(ctx.config);
  const now = ctx.clock();
  try {
    await ctx.db.transaction().execute(async (trx) => {
      const before = await visibleStaff(trx, actor, id);
      if (before.version !== body.version) throw versionConflict('staff member', before.version);
      const changes: Partial<ClientStaffTable> = { updatedAt: toInstant(now) };
      const { version: _v, idNumber, phone, outletId, serviceManagement, ...plain } = body;
      for (const [k, v] of Object.entries(plain))
        if (v !== undefined) (changes as Record<string, unknown>)[k] = v;
      if (serviceManagement !== undefined) changes.serviceManagement = serviceManagement ? 1 : 0;
      if (outletId !== undefined)
        changes.outletId = (await resolveOutlet(trx, actor, before.clientId, outletId)) ?? null;
      const idn = personalChange(cipher, 'idNumber', 'idNumber', idNumber, {
        enc: before.idNumberEnc,
        masked: before.idNumberMasked,
      });
      if (idn) Object.assign(changes, { idNumberEnc: idn.enc, idNumberMasked: idn.masked });
      const ph = personalChange(cipher, 'phone', 'phone', phone, {
        enc: before.phoneEnc,
        masked: before.phoneMasked,
      });
      if (ph) Object.assign(changes, { phoneEnc: ph.enc, phoneMasked: ph.masked });
      if (!(await clientStaffRepository.update(trx, actor.cbId, id, body.version, changes)))
        throw versionConflict('staff member');
      const after = (await clientStaffRepository.get(trx, actor.cbId, id))!;
      await appendAudit(
        trx,
        { actor, occurredAt: now, requestId },
        {
          action: 'staff.update',
          entityType: 'clientStaff',
          entityId: id,
          before: staffAudit(before),
          after: staffAudit(after),
        },
      );
    });
  } catch (e) {
    if (isUniqueViolation(e)) throw staffNoTaken();
    throw e;
  }
  return getStaff(ctx, actor, id);
}

// ── service managers and the 10 % check ──

async function today(ctx: AppContext, db: Executor, cbId: string) {
  const cb = await organisationsRepository.get(db, cbId, cbId);
  return localDate(ctx.clock(), cb?.timeZone ?? ctx.config.defaultTimeZone);
}

export function presentManager(
  row: ServiceManagerRow,
  cipher: PersonalDataCipher,
  reveal: boolean,
  on: string,
  days = 90,
): ServiceManagerResponse {
  return {
    id: row.id,
    clientId: row.clientId,
    staffId: row.staffId,
    name: row.name,
    idNumber: showPersonal(cipher, reveal, row.idNumberEnc, row.idNumberMasked),
    certificateNo: row.certificateNo,
    level: row.level,
    issuer: row.issuer,
    issuedOn: row.issuedOn,
    validUntil: row.validUntil,
    status: row.status,
    certificateState: certificateState(
      { validFrom: row.issuedOn, validUntil: row.validUntil, withdrawn: row.status === 'withdrawn' },
      on,
      days,
    ),
    personalDataMasked: !reveal,
    createdAt: row.createdAt,
    updatedAt: row.updatedAt,
    version: row.version,
  };
}

const managerAudit = (r: ServiceManagerRow | ServiceManagersTable) => ({
  name: r.name,
  idNumber: r.idNumberMasked,
  certificateNo: r.certificateNo,
  level: r.level,
  issuer: r.issuer,
  issuedOn: r.issuedOn,
  validUntil: r.validUntil,
  status: r.status,
  staffId: r.staffId,
});

const certificateTaken = () =>
  conflict('certificate_no_taken', 'The client already has a service manager with this certificate number.', {
    field: 'certificateNo',
  });

async function resolveStaff(
  db: Executor,
  actor: Actor,
  clientId: string,
  staffId: string | null | undefined,
) {
  if (!staffId) return staffId;
  const s = await clientStaffRepository.get(db, actor.cbId, staffId);
  if (!s || s.clientId !== clientId)
    throw badRequest('unknown_staff', 'The staff member is not on this client’s roster.', {
      field: 'staffId',
    });
  return s.id;
}

export async function listManagers(
  ctx: AppContext,
  actor: Actor,
  clientId: string,
): Promise<ServiceManagerListResponse> {
  requirePermission(actor, 'clients.read');
  await visibleClient(ctx.db, actor, clientId);
  const on = await today(ctx, ctx.db, actor.cbId);
  const cipher = personalDataCipher(ctx.config);
  const reveal = mayReadPersonalData(actor);
  const rows = await serviceManagersRepository.list(ctx.db, actor.cbId, clientId);
  return { items: rows.map((r) => presentManager(r, cipher, reveal, on)) };
}

async function visibleManager(db: Executor, actor: Actor, id: string) {
  const m = await serviceManagersRepository.get(db, actor.cbId, id);
  if (!m) throw notFound('Service manager');
  try {
    await visibleClient(db, actor, m.clientId);
  } catch {
    throw notFound('Service manager');
  }
  return m;
}

async function getManager(ctx: AppContext, actor: Actor, id: string) {
  const m = await visibleManager(ctx.db, actor, id);
  return presentManager(
    m,
    personalDataCipher(ctx.config),
    mayReadPersonalData(actor),
    await today(ctx, ctx.db, actor.cbId),
  );
}

export async function createManager(
  ctx: AppContext,
  actor: Actor,
  clientId: string,
  body: ServiceManagerCreateBody,
  requestId: string,
) {
  requirePermission(actor, 'staff.manage');
  const cipher = personalDataCipher(ctx.config);
  const now = ctx.clock();
  const at = toInstant(now);
  const id = randomUUID();
  try {
    await ctx.db.transaction().execute(async (trx) => {
      await visibleClient(trx, actor, clientId);
      const idn = personalChange(cipher, 'idNumber', 'idNumber', body.idNumber, {
        enc: null,
        masked: null,
      }) ?? { enc: null, masked: null };
      const row: ServiceManagersTable = {
        id,
        cbId: actor.cbId,
        clientId,
        staffId: (await resolveStaff(trx, actor, clientId, body.staffId)) ?? null,
        name: body.name,
        idNumberEnc: idn.enc,
        idNumberMasked: idn.masked,
        certificateNo: body.certificateNo,
        level: body.level ?? null,
        issuer: body.issuer ?? null,
        issuedOn: body.issuedOn ?? null,
        validUntil: body.validUntil,
        status: body.status ?? 'active',
        createdAt: at,
        updatedAt: at,
        version: 1,
      };
      await serviceManagersRepository.create(trx, row);
      await appendAudit(
        trx,
        { actor, occurredAt: now, requestId },
        {
          action: 'serviceManager.create',
          entityType: 'serviceManager',
          entityId: id,
          after: managerAudit(row),
        },
      );
    });
  } catch (e) {
    if (isUniqueViolation(e)) throw certificateTaken();
    throw e;
  }
  return getManager(ctx, actor, id);
}

export async function updateManager(
  ctx: AppContext,
  actor: Actor,
  id: string,
  body: ServiceManagerUpdateBody,
  requestId: string,
) {
  requirePermission(actor, 'staff.manage');
  const cipher = personalDataCipher(ctx.config);
  const now = ctx.clock();
  try {
    await ctx.db.transaction().execute(async (trx) => {
      const before = await visibleManager(trx, actor, id);
      if (before.version !== body.version) throw versionConflict('service manager', before.version);
      const changes: Partial<ServiceManagersTable> = { updatedAt: toInstant(now) };
      const { version: _v, idNumber, staffId, ...plain } = body;
      for (const [k, v] of Object.entries(plain))
        if (v !== undefined) (changes as Record<string, unknown>)[k] = v;
      if (staffId !== undefined)
        changes.staffId = (await resolveStaff(trx, actor, before.clientId, staffId)) ?? null;
      const idn = personalChange(cipher, 'idNumber', 'idNumber', idNumber, {
        enc: before.idNumberEnc,
        masked: before.idNumberMasked,
      });
      if (idn) Object.assign(changes, { idNumberEnc: idn.enc, idNumberMasked: idn.masked });
      if (!(await serviceManagersRepository.update(trx, actor.cbId, id, body.version, changes)))
        throw versionConflict('service manager');
      const after = (await serviceManagersRepository.get(trx, actor.cbId, id))!;
      await appendAudit(
        trx,
        { actor, occurredAt: now, requestId },
        {
          action: 'serviceManager.update',
          entityType: 'serviceManager',
          entityId: id,
          before: managerAudit(before),
          after: managerAudit(after),
        },
      );
    });
  } catch (e) {
    if (isUniqueViolation(e)) throw certificateTaken();
    throw e;
  }
  return getManager(ctx, actor, id);
}

/** The 10 % check, computed live from the client's record, its roster and its managers' certificates. */
export async function staffing(
  ctx: AppContext,
  actor: Actor,
  clientId: string,
  q: StaffingQuery,
): Promise<StaffingResponse> {
  requirePermission(actor, 'clients.read');
  const client = await visibleClient(ctx.db, actor, clientId);
  const on = q.on ?? (await today(ctx, ctx.db, actor.cbId));
  const managers = await serviceManagersRepository.list(ctx.db, actor.cbId, clientId);
  const roster = await clientStaffRepository.countServiceManagement(ctx.db, actor.cbId, clientId);
  const declared = client.serviceManagementStaff;
  const base = declared ?? roster;
  const check = checkServiceManagerStaffing(
    base,
    managers.map((m) => ({
      validFrom: m.issuedOn,
      validUntil: m.validUntil,
      withdrawn: m.status === 'withdrawn',
    })),
    { on, ratio: q.ratio, minimum: q.minimum, expiringWithinDays: q.expiringWithinDays },
  );
  const cipher = personalDataCipher(ctx.config);
  const reveal = mayReadPersonalData(actor);
  const { states, ...rest } = check;
  return {
    clientId,
    ...rest,
    serviceManagementStaffSource: declared === null ? 'roster' : 'declared',
    declaredServiceManagementStaff: declared,
    rosterServiceManagementStaff: roster,
    scoringInput: { serviceManagementStaff: base, certifiedManagers: check.held },
    managers: managers.map((m, i) => ({
      ...presentManager(m, cipher, reveal, on, q.expiringWithinDays),
      certificateState: states[i]!,
    })),
  };
}

// ── import ──

const sameStored = (cipher: PersonalDataCipher, enc: string | null, plain: string | null) =>
  (enc === null ? null : cipher.decrypt(enc)) === plain;

/** The staff import: keyed by staff number within one client; the outlet is named by its code. */
export function staffImportSpec(
  ctx: AppContext,
  actor: Actor,
  clientId: string,
  at: string,
): ImportSpec<StaffField, Partial<StaffValues>> {
  const cipher = personalDataCipher(ctx.config);
  // The client's certified managers by certificate number, read once and kept up to date by the import
  // (the whole import runs in one transaction, so nobody else changes them meanwhile).
  let managers: Map<string, ServiceManagerRow> | undefined;
  return {
    ...staffRowSpec,
    async applyBatch(db, batch, present, write) {
      const existing = new Map(
        (
          await clientStaffRepository.byStaffNos(
            db,
            clientId,
            batch.map((b) => b.value.staffNo!),
          )
        ).map((s) => [s.staffNo, s]),
      );
      const codes = [...new Set(batch.map((b) => b.value.outletCode).filter((c): c is string => !!c))];
      const outlets = new Map(
        (await outletsRepository.byCodes(db, clientId, codes)).map((o) => [o.code, o.id]),
      );
      const outcome = {
        created: 0,
        updated: 0,
        unchanged: 0,
        errors: [] as BatchError[],
      };
      const inserts: ClientStaffTable[] = [];
      if (present.has('managerCertificateNo') && !managers) {
        managers = new Map(
          (await serviceManagersRepository.list(db, actor.cbId, clientId)).map((m) => [m.certificateNo, m]),
        );
      }
      const managerInserts: ServiceManagersTable[] = [];
      const managerUpdates: { id: string; version: number; changes: Partial<ServiceManagersTable> }[] = [];
      for (const { row, value } of batch) {
        const current = existing.get(value.staffNo!);
        const changes: Partial<ClientStaffTable> = {};
        const set = <F extends keyof ClientStaffTable>(f: F, v: ClientStaffTable[F]) => {
          if (!current || current[f] !== v) changes[f] = v;
        };
        let bad = false;
        if (value.name !== undefined) set('name', value.name);
        for (const f of ['position', 'department', 'qualifications', 'employedSince'] as const)
          if (value[f] !== undefined) set(f, value[f]);
        if (value.status !== undefined) set('status', value.status);
        if (value.serviceManagement !== undefined) set('serviceManagement', value.serviceManagement ? 1 : 0);
        if (value.outletCode !== undefined) {
          const outletId = value.outletCode === null ? null : outlets.get(value.outletCode);
          if (outletId === undefined) {
            outcome.errors.push({
              row,
              column: 'outletCode',
              code: 'unknown_outlet',
              reason: 'no outlet of this client has this code',
              value: value.outletCode,
            });
            bad = true;
          } else set('outletId', outletId);
        }
        for (const kind of ['idNumber', 'phone'] as const) {
          const v = value[kind];
          if (v === undefined) continue;
          const encCol = kind === 'idNumber' ? 'idNumberEnc' : 'phoneEnc';
          const maskCol = kind === 'idNumber' ? 'idNumberMasked' : 'phoneMasked';
          if (v !== null && typeof v === 'object') {
            if (!current || current[maskCol] !== v.masked) {
              outcome.errors.push({
                row,
                column: kind,
                code: 'masked_number',
                reason: 'is masked (contains *): give the full number',
              });
              bad = true;
            }
            continue;
          }
          if (current && sameStored(cipher, current[encCol], v)) continue;
          const sealed = sealPersonal(cipher, kind, v);
          changes[encCol] = sealed.enc;
          changes[maskCol] = sealed.masked;
        }
        if (bad) continue;
        if (!current) {
          if (!present.has('name')) {
            outcome.errors.push({
              row,
              column: 'name',
              code: 'required_for_new',
              reason: 'is required for a new staff member',
            });
            continue;
          }
        }
        const staffId = current?.id ?? randomUUID();
        let managerChanged = false;
        const certificateNo = value.managerCertificateNo;
        if (certificateNo && managers) {
          const m = managers.get(certificateNo);
          if (m && m.staffId !== null && m.staffId !== staffId) {
            outcome.errors.push({
              row,
              column: 'managerCertificateNo',
              code: 'certificate_taken',
              reason: 'this certificate number belongs to another person of the client',
              value: certificateNo,
            });
            continue;
          }
          // The manager is the staff member: name and (encrypted) ID number come from the staff row.
          const desired: Partial<ServiceManagersTable> = {
            staffId,
            name: changes.name ?? current?.name ?? value.name!,
            idNumberEnc: 'idNumberEnc' in changes ? changes.idNumberEnc : (current?.idNumberEnc ?? null),
            idNumberMasked:
              'idNumberMasked' in changes ? changes.idNumberMasked : (current?.idNumberMasked ?? null),
            validUntil: value.managerValidUntil!,
          };
          if (value.managerLevel !== undefined) desired.level = value.managerLevel;
          if (value.managerIssuer !== undefined) desired.issuer = value.managerIssuer;
          if (!m) {
            const created: ServiceManagersTable = {
              id: randomUUID(),
              cbId: actor.cbId,
              clientId,
              staffId,
              name: desired.name!,
              idNumberEnc: desired.idNumberEnc ?? null,
              idNumberMasked: desired.idNumberMasked ?? null,
              certificateNo,
              level: desired.level ?? null,
              issuer: desired.issuer ?? null,
              issuedOn: null,
              validUntil: desired.validUntil!,
              status: 'active',
              createdAt: at,
              updatedAt: at,
              version: 1,
            };
            managerInserts.push(created);
            managers.set(certificateNo, created);
            managerChanged = true;
          } else {
            const diff = Object.fromEntries(
              Object.entries(desired).filter(([k, v]) => m[k as keyof ServiceManagerRow] !== v),
            ) as Partial<ServiceManagersTable>;
            if (Object.keys(diff).length) {
              managerUpdates.push({ id: m.id, version: m.version, changes: diff });
              managers.set(certificateNo, { ...m, ...diff, version: m.version + 1 });
              managerChanged = true;
            }
          }
        }
        if (!current) {
          outcome.created++;
          if (write) {
            inserts.push({
              id: staffId,
              cbId: actor.cbId,
              clientId,
              outletId: null,
              staffNo: value.staffNo!,
              name: value.name!,
              idNumberEnc: null,
              idNumberMasked: null,
              phoneEnc: null,
              phoneMasked: null,
              position: null,
              department: null,
              serviceManagement: 0,
              qualifications: null,
              employedSince: null,
              status: 'active',
              ...changes,
              createdAt: at,
              updatedAt: at,
              version: 1,
            });
          }
          continue;
        }
        if (Object.keys(changes).length === 0 && !managerChanged) {
          outcome.unchanged++;
          continue;
        }
        outcome.updated++;
        if (
          write &&
          Object.keys(changes).length > 0 &&
          !(await clientStaffRepository.update(db, actor.cbId, current.id, current.version, {
            ...changes,
            updatedAt: at,
          }))
        ) {
          throw versionConflict('staff member');
        }
      }
      if (write) {
        await clientStaffRepository.insertMany(db, inserts);
        for (const m of managerInserts) await serviceManagersRepository.create(db, m);
        for (const u of managerUpdates) {
          const done = await serviceManagersRepository.update(db, actor.cbId, u.id, u.version, {
            ...u.changes,
            updatedAt: at,
          });
          if (!done) throw versionConflict('certified manager');
        }
      }
      return outcome;
    },
  };
}

/**
 * Export cells of a staff member, in column order; personal numbers masked unless `reveal`. The
 * certificate columns hold the person's certified-manager entry, when there is one.
 */
export function staffCells(
  s: StaffWithOutlet,
  cipher: PersonalDataCipher,
  reveal: boolean,
  manager?: ServiceManagerRow,
): (string | number | null)[] {
  return STAFF_COLUMNS.map((c) => {
    switch (c.key) {
      case 'managerCertificateNo':
        return manager?.certificateNo ?? null;
      case 'managerLevel':
        return manager?.level ?? null;
      case 'managerIssuer':
        return manager?.issuer ?? null;
      case 'managerValidUntil':
        return manager?.validUntil ?? null;
      case 'idNumber':
        return showPersonal(cipher, reveal, s.idNumberEnc, s.idNumberMasked);
      case 'phone':
        return showPersonal(cipher, reveal, s.phoneEnc, s.phoneMasked);
      case 'outletCode':
        return s.outletCode;
      case 'serviceManagement':
        return s.serviceManagement === 1 ? '是' : '否';
      case 'status':
        return s.status === 'active' ? '在职' : '离职';
      default:
        return s[c.key];
    }
  });
}
