import { randomUUID } from 'node:crypto';
import type { Executor } from '../../db/database.ts';
import { toInstant } from '../../db/time.ts';
import { cbPersonnelRepository } from '../../db/repositories/cb-personnel.repository.ts';
import { clientsRepository } from '../../db/repositories/clients.repository.ts';
import { decodeCursor } from '../../db/repositories/keyset.ts';
import { organisationsRepository } from '../../db/repositories/organisations.repository.ts';
import { usersRepository } from '../../db/repositories/users.repository.ts';
import type {
  CbPersonnelRow,
  CbPersonnelTable,
  ImpartialityDeclarationRow,
  PersonnelQualificationRow,
} from '../../db/schema.ts';
import { checkImpartiality } from '../../domain/registry/impartiality.ts';
import { INDUSTRY_SECTIONS } from '../../domain/registry/industries-gbt4754.ts';
import { validateIdNumber, validatePhone } from '../../domain/registry/personal-data.ts';
import type { AppContext } from '../../http/context.ts';
import { badRequest, notFound, versionConflict } from '../../http/errors.ts';
import { requirePermission, type Actor } from '../auth/actor.ts';
import { appendAudit } from '../audit/audit.service.ts';
import { divisionRef, industryRef, localDate, parseJsonList } from '../common/registry.present.ts';
import {
  mayReadPersonalData,
  personalDataCipher,
  sealPersonal,
  showPersonal,
  type PersonalDataCipher,
} from '../personal-data/personal-data.ts';
import type {
  DeclarationCreateBody,
  DeclarationUpdateBody,
  PersonnelCreateBody,
  PersonnelGetQuery,
  PersonnelListQuery,
  PersonnelListResponse,
  PersonnelResponse,
  PersonnelUpdateBody,
} from './cb-personnel.contract.ts';

/** Blocked for this many years after a consulting or employment relationship with a client ended. */
export const IMPARTIALITY_YEARS = 2;

function minusYears(isoDate: string, years: number): string {
  const [y, m, d] = isoDate.split('-').map(Number) as [number, number, number];
  const t = new Date(Date.UTC(y - years, m - 1, d));
  if (t.getUTCMonth() !== m - 1) t.setUTCDate(0);
  return t.toISOString().slice(0, 10);
}

async function today(ctx: AppContext, db: Executor, cbId: string) {
  const cb = await organisationsRepository.get(db, cbId, cbId);
  return localDate(ctx.clock(), cb?.timeZone ?? ctx.config.defaultTimeZone);
}

function present(
  row: CbPersonnelRow,
  quals: PersonnelQualificationRow[],
  decls: ImpartialityDeclarationRow[],
  cipher: PersonalDataCipher,
  reveal: boolean,
  on: string,
  clientId: string | undefined,
): PersonnelResponse {
  const check = clientId ? checkImpartiality(decls, clientId, on, IMPARTIALITY_YEARS) : undefined;
  return {
    id: row.id,
    userId: row.userId,
    name: row.name,
    email: row.email,
    phone: showPersonal(cipher, reveal, row.phoneEnc, row.phoneMasked),
    idNumber: showPersonal(cipher, reveal, row.idNumberEnc, row.idNumberMasked),
    homeDivision: divisionRef(row.homeDivisionCode),
    languages: parseJsonList(row.languages),
    competences: parseJsonList(row.competenceCodes).flatMap((c) => industryRef(c) ?? []),
    qualifications: quals.map((q) => ({
      scheme: q.scheme,
      role: q.role,
      registrationNo: q.registrationNo,
      validFrom: q.validFrom,
      validUntil: q.validUntil,
      current: (!q.validFrom || q.validFrom <= on) && (!q.validUntil || q.validUntil >= on),
    })),
    declarations: decls.map((d) => ({
      id: d.id,
      clientId: d.clientId,
      organisationName: d.organisationName,
      relationship: d.relationship,
      startedOn: d.startedOn,
      endedOn: d.endedOn,
      note: d.note,
      createdAt: d.createdAt,
      version: d.version,
    })),
    impartiality:
      clientId && check
        ? { clientId, on, blocked: check.blocked, blockedUntil: check.blockedUntil, ongoing: check.ongoing }
        : null,
    status: row.status,
    personalDataMasked: !reveal,
    createdAt: row.createdAt,
    updatedAt: row.updatedAt,
    version: row.version,
  };
}

async function presentMany(
  ctx: AppContext,
  actor: Actor,
  rows: CbPersonnelRow[],
  on: string,
  clientId?: string,
) {
  const ids = rows.map((r) => r.id);
  const [quals, decls] = await Promise.all([
    cbPersonnelRepository.qualificationsOf(ctx.db, actor.cbId, ids),
    cbPersonnelRepository.declarationsOf(ctx.db, actor.cbId, ids),
  ]);
  const cipher = personalDataCipher(ctx.config);
  const reveal = mayReadPersonalData(actor);
  return rows.map((r) =>
    present(
      r,
      quals.filter((q) => q.personnelId === r.id),
      decls.filter((d) => d.personnelId === r.id),
      cipher,
      reveal,
      on,
      clientId,
    ),
  );
}

const auditView = (r: CbPersonnelRow | CbPersonnelTable) => ({
  name: r.name,
  email: r.email,
  phone: r.phoneMasked,
  idNumber: r.idNumberMasked,
  homeDivisionCode: r.homeDivisionCode,
  languages: parseJsonList(r.languages),
  competenceCodes: parseJsonList(r.competenceCodes),
  status: r.status,
  userId: r.userId,
});

function personal(
  cipher: PersonalDataCipher,
  kind: 'idNumber' | 'phone',
  value: string | null | undefined,
  current: { enc: string | null; masked: string | null },
) {
  if (value === undefined) return undefined;
  if (value === null) return { enc: null, masked: null };
  if (value.includes('*')) {
    if (value === current.masked) return undefined;
    throw badRequest(
      'masked_value',
      `${kind} contains *: send the full number, or the masked value you read to keep it.`,
      { field: kind },
    );
  }
  const r = kind === 'idNumber' ? validateIdNumber(value) : validatePhone(value);
  if (!r.valid)
    throw badRequest('validation_failed', `Invalid request: body.${kind}: ${r.message}`, {
      issues: [{ field: `body.${kind}`, message: r.message }],
    });
  return sealPersonal(cipher, kind, r.value);
}

async function checkUser(db: Executor, actor: Actor, userId: string | null | undefined) {
  if (!userId) return;
  const u = await usersRepository.get(db, actor.cbId, userId);
  if (!u || u.organisationKind !== 'certificationBody') {
    throw badRequest('unknown_user', 'The user is not a member of this certification body.', {
      field: 'userId',
    });
  }
}

export async function listPersonnel(
  ctx: AppContext,
  actor: Actor,
  q: PersonnelListQuery,
): Promise<PersonnelListResponse> {
  requirePermission(actor, 'personnel.read');
  const after = q.after ? decodeCursor(q.after) : undefined;
  if (q.after && !after)
    throw badRequest('invalid_cursor', 'The cursor is not valid; start from the first page.');
  const on = q.on ?? (await today(ctx, ctx.db, actor.cbId));
  let competence: string[] | undefined;
  if (q.competence) {
    const c = q.competence.toUpperCase();
    const section = INDUSTRY_SECTIONS.find((s) => s.code === c);
    competence = section
      ? [section.code, ...section.divisions.map((d) => d.code)]
      : [c.replace(/^[A-T]/, '')];
  }
  const r = await cbPersonnelRepository.list(ctx.db, {
    cbId: actor.cbId,
    q: q.q,
    status: q.status,
    scheme: q.scheme,
    role: q.role,
    competence,
    on,
    excludeBlockedFor:
      q.clientId && q.excludeBlocked
        ? { clientId: q.clientId, blockedSince: minusYears(on, IMPARTIALITY_YEARS) }
        : undefined,
    after,
    limit: q.limit,
  });
  return {
    items: await presentMany(ctx, actor, r.items, on, q.clientId),
    total: r.total,
    nextCursor: r.next,
  };
}

async function found(db: Executor, actor: Actor, id: string) {
  const row = await cbPersonnelRepository.get(db, actor.cbId, id);
  if (!row) throw notFound('Person');
  return row;
}

export async function getPersonnel(
  ctx: AppContext,
  actor: Actor,
  id: string,
  q: PersonnelGetQuery = {},
): Promise<PersonnelResponse> {
  requirePermission(actor, 'personnel.read');
  const row = await found(ctx.db, actor, id);
  const on = q.on ?? (await today(ctx, ctx.db, actor.cbId));
  return (await presentMany(ctx, actor, [row], on, q.clientId))[0]!;
}

const qualificationRows = (
  cbId: string,
  personnelId: string,
  list: NonNullable<PersonnelCreateBody['qualifications']>,
) =>
  list.map((q, position) => ({
    id: randomUUID(),
    cbId,
    personnelId,
    scheme: q.scheme,
    role: q.role,
    registrationNo: q.registrationNo ?? null,
    validFrom: q.validFrom ?? null,
    validUntil: q.validUntil ?? null,
    position,
  }));

export async function createPersonnel(
  ctx: AppContext,
  actor: Actor,
  body: PersonnelCreateBody,
  requestId: string,
) {
  requirePermission(actor, 'personnel.manage');
  const cipher = personalDataCipher(ctx.config);
  const now = ctx.clock();
  const at = toInstant(now);
  const id = randomUUID();
  const none = { enc: null, masked: null };
  await ctx.db.transaction().execute(async (trx) => {
    await checkUser(trx, actor, body.userId);
    const phone = personal(cipher, 'phone', body.phone, none) ?? none;
    const idn = personal(cipher, 'idNumber', body.idNumber, none) ?? none;
    const row: CbPersonnelTable = {
      id,
      cbId: actor.cbId,
      userId: body.userId ?? null,
      name: body.name,
      email: body.email ?? null,
      phoneEnc: phone.enc,
      phoneMasked: phone.masked,
      idNumberEnc: idn.enc,
      idNumberMasked: idn.masked,
      homeDivisionCode: body.homeDivisionCode ?? null,
      languages: JSON.stringify(body.languages ?? []),
      competenceCodes: JSON.stringify(body.competenceCodes ?? []),
      status: body.status ?? 'active',
      createdAt: at,
      updatedAt: at,
      version: 1,
    };
    await cbPersonnelRepository.create(trx, row);
    await cbPersonnelRepository.replaceQualifications(
      trx,
      actor.cbId,
      id,
      qualificationRows(actor.cbId, id, body.qualifications ?? []),
    );
    await appendAudit(
      trx,
      { actor, occurredAt: now, requestId },
      {
        action: 'personnel.create',
        entityType: 'personnel',
        entityId: id,
        after: { ...auditView(row), qualifications: body.qualifications ?? [] },
      },
    );
  });
  return getPersonnel(ctx, actor, id);
}

export async function updatePersonnel(
  ctx: AppContext,
  actor: Actor,
  id: string,
  body: PersonnelUpdateBody,
  requestId: string,
) {
  requirePermission(actor, 'personnel.manage');
  const cipher = personalDataCipher(ctx.config);
  const now = ctx.clock();
  await ctx.db.transaction().execute(async (trx) => {
    const before = await found(trx, actor, id);
    if (before.version !== body.version) throw versionConflict('person', before.version);
    const { version: _v, phone, idNumber, languages, competenceCodes, qualifications, ...plain } = body;
    if (plain.userId !== undefined) await checkUser(trx, actor, plain.userId);
    const changes: Partial<CbPersonnelTable> = { updatedAt: toInstant(now) };
    for (const [k, v] of Object.entries(plain))
      if (v !== undefined) (changes as Record<string, unknown>)[k] = v;
    if (languages) changes.languages = JSON.stringify(languages);
    if (competenceCodes) changes.competenceCodes = JSON.stringify(competenceCodes);
    const p = personal(cipher, 'phone', phone, { enc: before.phoneEnc, masked: before.phoneMasked });
    if (p) Object.assign(changes, { phoneEnc: p.enc, phoneMasked: p.masked });
    const i = personal(cipher, 'idNumber', idNumber, {
      enc: before.idNumberEnc,
      masked: before.idNumberMasked,
    });
    if (i) Object.assign(changes, { idNumberEnc: i.enc, idNumberMasked: i.masked });
    if (!(await cbPersonnelRepository.update(trx, actor.cbId, id, body.version, changes)))
      throw versionConflict('person');
    if (qualifications) {
      await cbPersonnelRepository.replaceQualifications(
        trx,
        actor.cbId,
        id,
        qualificationRows(actor.cbId, id, qualifications),
      );
    }
    const after = (await cbPersonnelRepository.get(trx, actor.cbId, id))!;
    await appendAudit(
      trx,
      { actor, occurredAt: now, requestId },
      {
        action: 'personnel.update',
        entityType: 'personnel',
        entityId: id,
        before: auditView(before),
        after: { ...auditView(after), ...(qualifications ? { qualifications } : {}) },
      },
    );
  });
  return getPersonnel(ctx, actor, id);
}

export async function addDeclaration(
  ctx: AppContext,
  actor: Actor,
  personnelId: string,
  body: DeclarationCreateBody,
  requestId: string,
) {
  requirePermission(actor, 'personnel.manage');
  if (body.endedOn && body.endedOn < body.startedOn) {
    throw badRequest('validation_failed', 'Invalid request: body.endedOn: must not be before startedOn', {
      issues: [{ field: 'body.endedOn', message: 'must not be before startedOn' }],
    });
  }
  const now = ctx.clock();
  const at = toInstant(now);
  const id = randomUUID();
  await ctx.db.transaction().execute(async (trx) => {
    await found(trx, actor, personnelId);
    let name = body.organisationName;
    if (body.clientId) {
      const client = await clientsRepository.get(trx, actor.cbId, body.clientId);
      if (!client)
        throw badRequest('unknown_client', 'The client is not one of this certification body’s clients.', {
          field: 'clientId',
        });
      name ??= client.legalNameZh;
    }
    if (!name)
      throw badRequest(
        'validation_failed',
        'Invalid request: body.organisationName: give a client or an organisation name',
        { issues: [{ field: 'body.organisationName', message: 'required without clientId' }] },
      );
    const row = {
      id,
      cbId: actor.cbId,
      personnelId,
      clientId: body.clientId ?? null,
      organisationName: name,
      relationship: body.relationship,
      startedOn: body.startedOn,
      endedOn: body.endedOn ?? null,
      note: body.note ?? null,
      createdAt: at,
      updatedAt: at,
      version: 1,
    };
    await cbPersonnelRepository.createDeclaration(trx, row);
    await appendAudit(
      trx,
      { actor, occurredAt: now, requestId },
      {
        action: 'personnel.declaration.create',
        entityType: 'personnel',
        entityId: personnelId,
        after: { ...row, note: undefined },
      },
    );
  });
  return getPersonnel(ctx, actor, personnelId);
}

export async function updateDeclaration(
  ctx: AppContext,
  actor: Actor,
  id: string,
  body: DeclarationUpdateBody,
  requestId: string,
) {
  requirePermission(actor, 'personnel.manage');
  const now = ctx.clock();
  const personnelId = await ctx.db.transaction().execute(async (trx) => {
    const before = await cbPersonnelRepository.getDeclaration(trx, actor.cbId, id);
    if (!before) throw notFound('Declaration');
    if (before.version !== body.version) throw versionConflict('declaration', before.version);
    const { version: _v, ...rest } = body;
    const changes = Object.fromEntries(Object.entries(rest).filter(([, v]) => v !== undefined));
    const startedOn = body.startedOn ?? before.startedOn;
    const endedOn = body.endedOn !== undefined ? body.endedOn : before.endedOn;
    if (endedOn && endedOn < startedOn) {
      throw badRequest('validation_failed', 'Invalid request: body.endedOn: must not be before startedOn', {
        issues: [{ field: 'body.endedOn', message: 'must not be before startedOn' }],
      });
    }
    if (
      !(await cbPersonnelRepository.updateDeclaration(trx, actor.cbId, id, body.version, {
        ...changes,
        updatedAt: toInstant(now),
      }))
    ) {
      throw versionConflict('declaration');
    }
    await appendAudit(
      trx,
      { actor, occurredAt: now, requestId },
      {
        action: 'personnel.declaration.update',
        entityType: 'personnel',
        entityId: before.personnelId,
        before: {
          declarationId: id,
          relationship: before.relationship,
          startedOn: before.startedOn,
          endedOn: before.endedOn,
        },
        after: {
          declarationId: id,
          relationship: body.relationship ?? before.relationship,
          startedOn,
          endedOn,
        },
      },
    );
    return before.personnelId;
  });
  return getPersonnel(ctx, actor, personnelId);
}
