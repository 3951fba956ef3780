import { findDivision } from '../../domain/registry/divisions.ts';
import { INDUSTRY_SECTIONS } from '../../domain/registry/industries-gbt4754.ts';
import { randomUUID } from 'node:crypto';
import type { Executor } from '../../db/database.ts';
import { isUniqueViolation } from '../../db/database.ts';
import { toInstant } from '../../db/time.ts';
import {
  clientsRepository,
  decodeCursor,
  type ClientWithCounts,
} from '../../db/repositories/clients.repository.ts';
import { organisationsRepository } from '../../db/repositories/organisations.repository.ts';
import type { ClientRow, ClientsTable } from '../../db/schema.ts';
import type { AppContext } from '../../http/context.ts';
import { badRequest, conflict, notFound, versionConflict } from '../../http/errors.ts';
import { organisationScope, requirePermission, type Actor } from '../auth/actor.ts';
import { appendAudit } from '../audit/audit.service.ts';
import { divisionRef, industryRef, parseJsonList } from '../common/registry.present.ts';
import {
  mayReadPersonalData,
  personalDataCipher,
  sealPersonal,
  showPersonal,
  type PersonalDataCipher,
} from '../personal-data/personal-data.ts';
import type {
  ClientCreateBody,
  ClientListQuery,
  ClientListResponse,
  ClientResponse,
  ClientUpdateBody,
} from './clients.contract.ts';

interface StoredContact {
  name: string;
  role: string | null;
  email: string | null;
  phoneEnc: string | null;
  phoneMasked: string | null;
}

export function presentClient(
  row: ClientRow & { outletCount?: number },
  cipher: PersonalDataCipher,
  reveal: boolean,
): ClientResponse {
  const contacts = JSON.parse(row.contacts) as StoredContact[];
  return {
    id: row.id,
    organisationId: row.id,
    legalNameZh: row.legalNameZh,
    legalNameEn: row.legalNameEn,
    creditCode: row.creditCode,
    enterpriseType: row.enterpriseType,
    industry: industryRef(row.industryCode),
    registeredAddress: row.registeredAddress,
    registeredDivision: divisionRef(row.registeredDivisionCode),
    operatingAddress: row.operatingAddress,
    operatingDivision: divisionRef(row.operatingDivisionCode),
    productCategories: parseJsonList(row.productCategories),
    serviceCategories: parseJsonList(row.serviceCategories),
    headcount: row.headcount,
    serviceManagementStaff: row.serviceManagementStaff,
    contacts: contacts.map((c) => ({
      name: c.name,
      role: c.role,
      email: c.email,
      phone: showPersonal(cipher, reveal, c.phoneEnc, c.phoneMasked),
    })),
    outletCount: Number(row.outletCount ?? 0),
    personalDataMasked: !reveal,
    createdAt: row.createdAt,
    updatedAt: row.updatedAt,
    version: row.version,
  };
}

/** What the audit trail keeps of a client: no contact phone numbers. */
const auditView = (c: ClientRow) => ({
  legalNameZh: c.legalNameZh,
  legalNameEn: c.legalNameEn,
  creditCode: c.creditCode,
  enterpriseType: c.enterpriseType,
  industryCode: c.industryCode,
  registeredDivisionCode: c.registeredDivisionCode,
  operatingDivisionCode: c.operatingDivisionCode,
  headcount: c.headcount,
  serviceManagementStaff: c.serviceManagementStaff,
  contacts: (JSON.parse(c.contacts) as StoredContact[]).map((x) => ({ name: x.name, phone: x.phoneMasked })),
});

/**
 * Loads a client the actor may see: in the actor's certification body and, for a client's own users,
 * only their own. Anything else answers 404, so that existence does not leak.
 */
export async function visibleClient(db: Executor, actor: Actor, clientId: string): Promise<ClientRow> {
  const scope = organisationScope(actor);
  const client = await clientsRepository.get(db, actor.cbId, clientId);
  if (!client || (scope && scope !== client.id)) throw notFound('Client');
  return client;
}

function sealContacts(
  cipher: PersonalDataCipher,
  contacts: NonNullable<ClientCreateBody['contacts']>,
  previous: StoredContact[] = [],
): string {
  const stored: StoredContact[] = contacts.map((c) => {
    // The masked number read back unchanged keeps the stored number.
    const kept = c.phone?.includes('*') ? previous.find((p) => p.phoneMasked === c.phone) : undefined;
    if (c.phone?.includes('*') && !kept) {
      throw badRequest('masked_value', 'A contact phone number contains *: send the full number.', {
        field: 'contacts.phone',
      });
    }
    const sealed = kept
      ? { enc: kept.phoneEnc, masked: kept.phoneMasked }
      : sealPersonal(cipher, 'phone', c.phone);
    return {
      name: c.name,
      role: c.role ?? null,
      email: c.email ?? null,
      phoneEnc: sealed.enc,
      phoneMasked: sealed.masked,
    };
  });
  return JSON.stringify(stored);
}

const provinceOf = (operating: string | null | undefined, registered: string | null | undefined) => {
  const code = operating ?? registered;
  return code ? (findDivision(code)?.provinceCode ?? `${code.slice(0, 2)}0000`) : null;
};

export async function listClients(
  ctx: AppContext,
  actor: Actor,
  q: ClientListQuery,
): Promise<ClientListResponse> {
  requirePermission(actor, 'clients.read');
  const after = q.after ? decodeCursor(q.after) : undefined;
  if (q.after && !after)
    throw badRequest('invalid_cursor', 'The cursor is not valid; start from the first page.');
  let industryCode: string | undefined;
  let industrySection: string[] | undefined;
  if (q.industry) {
    const code = q.industry.toUpperCase();
    const section = INDUSTRY_SECTIONS.find((s) => s.code === code);
    if (section) industrySection = [section.code, ...section.divisions.map((d) => d.code)];
    else industryCode = code.replace(/^[A-T]/, '');
  }
  const { items, total, next } = await clientsRepository.list(ctx.db, {
    cbId: actor.cbId,
    onlyId: organisationScope(actor),
    q: q.q,
    enterpriseType: q.enterpriseType,
    industryCode,
    industrySection,
    provinceCode: q.provinceCode,
    sort: q.sort,
    after,
    limit: q.limit,
  });
  const cipher = personalDataCipher(ctx.config);
  const reveal = mayReadPersonalData(actor);
  return {
    items: items.map((c: ClientWithCounts) => presentClient(c, cipher, reveal)),
    total,
    nextCursor: next,
  };
}

async function withOutletCount(
  db: Executor,
  client: ClientRow,
): Promise<ClientRow & { outletCount: number }> {
  const r = await db
    .selectFrom('outlets')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where('clientId', '=', client.id)
    .executeTakeFirstOrThrow();
  return { ...client, outletCount: Number(r.n) };
}

export async function getClient(ctx: AppContext, actor: Actor, id: string): Promise<ClientResponse> {
  requirePermission(actor, 'clients.read');
  const client = await visibleClient(ctx.db, actor, id);
  return presentClient(
    await withOutletCount(ctx.db, client),
    personalDataCipher(ctx.config),
    mayReadPersonalData(actor),
  );
}

const creditCodeTaken = () =>
  conflict('credit_code_taken', 'A client with this unified social credit code already exists.', {
    field: 'creditCode',
  });

export async function createClient(
  ctx: AppContext,
  actor: Actor,
  body: ClientCreateBody,
  requestId: string,
): Promise<ClientResponse> {
  requirePermission(actor, 'clients.manage');
  const cipher = personalDataCipher(ctx.config);
  const now = ctx.clock();
  const at = toInstant(now);
  const audit = { actor, occurredAt: now, requestId };
  try {
    const id = await ctx.db.transaction().execute(async (trx) => {
      let organisationId = body.organisationId;
      if (organisationId) {
        const org = await organisationsRepository.get(trx, actor.cbId, organisationId);
        if (!org || org.kind !== 'client') throw notFound('Client organisation');
        if (await clientsRepository.get(trx, actor.cbId, org.id)) {
          throw conflict('client_exists', 'This organisation already has a client record.', {
            field: 'organisationId',
          });
        }
      } else {
        const cb = await organisationsRepository.get(trx, actor.cbId, actor.cbId);
        if (!cb) throw notFound('Certification body');
        organisationId = randomUUID();
        await organisationsRepository.create(trx, {
          id: organisationId,
          kind: 'client',
          name: body.legalNameZh,
          cbId: actor.cbId,
          timeZone: cb.timeZone,
          createdAt: at,
          updatedAt: at,
          version: 1,
        });
        await appendAudit(trx, audit, {
          action: 'organisation.create',
          entityType: 'organisation',
          entityId: organisationId,
          after: { name: body.legalNameZh, kind: 'client', timeZone: cb.timeZone },
        });
      }
      const row: ClientsTable = {
        id: organisationId,
        cbId: actor.cbId,
        legalNameZh: body.legalNameZh,
        legalNameEn: body.legalNameEn ?? null,
        creditCode: body.creditCode,
        enterpriseType: body.enterpriseType,
        industryCode: body.industryCode ?? null,
        registeredAddress: body.registeredAddress ?? null,
        registeredDivisionCode: body.registeredDivisionCode ?? null,
        operatingAddress: body.operatingAddress ?? null,
        operatingDivisionCode: body.operatingDivisionCode ?? null,
        provinceCode: provinceOf(body.operatingDivisionCode, body.registeredDivisionCode),
        productCategories: JSON.stringify(body.productCategories ?? []),
        serviceCategories: JSON.stringify(body.serviceCategories ?? []),
        headcount: body.headcount ?? null,
        serviceManagementStaff: body.serviceManagementStaff ?? null,
        contacts: sealContacts(cipher, body.contacts ?? []),
        createdAt: at,
        updatedAt: at,
        version: 1,
      };
      await clientsRepository.create(trx, row);
      await appendAudit(trx, audit, {
        action: 'client.create',
        entityType: 'client',
        entityId: row.id,
        after: auditView(row),
      });
      return row.id;
    });
    return getClient(ctx, actor, id);
  } catch (e) {
    if (isUniqueViolation(e)) throw creditCodeTaken();
    throw e;
  }
}

export async function updateClient(
  ctx: AppContext,
  actor: Actor,
  id: string,
  body: ClientUpdateBody,
  requestId: string,
): Promise<ClientResponse> {
  requirePermission(actor, 'clients.manage');
  const cipher = personalDataCipher(ctx.config);
  const now = ctx.clock();
  try {
    await ctx.db.transaction().execute(async (trx) => {
      const before = await visibleClient(trx, actor, id);
      if (before.version !== body.version) throw versionConflict('client', before.version);
      const changes: Partial<ClientsTable> = { updatedAt: toInstant(now) };
      const { version: _v, contacts, productCategories, serviceCategories, ...plain } = body;
      for (const [k, v] of Object.entries(plain)) {
        if (v !== undefined) (changes as Record<string, unknown>)[k] = v;
      }
      if (productCategories) changes.productCategories = JSON.stringify(productCategories);
      if (serviceCategories) changes.serviceCategories = JSON.stringify(serviceCategories);
      if (contacts)
        changes.contacts = sealContacts(cipher, contacts, JSON.parse(before.contacts) as StoredContact[]);
      if (body.operatingDivisionCode !== undefined || body.registeredDivisionCode !== undefined) {
        changes.provinceCode = provinceOf(
          body.operatingDivisionCode !== undefined
            ? body.operatingDivisionCode
            : before.operatingDivisionCode,
          body.registeredDivisionCode !== undefined
            ? body.registeredDivisionCode
            : before.registeredDivisionCode,
        );
      }
      if (!(await clientsRepository.update(trx, actor.cbId, id, body.version, changes)))
        throw versionConflict('client');
      if (body.legalNameZh && body.legalNameZh !== before.legalNameZh) {
        // The organisation carries the client's name everywhere else (users, audit, sign-in).
        const org = await organisationsRepository.get(trx, actor.cbId, id);
        if (org) {
          await organisationsRepository.update(trx, actor.cbId, id, org.version, {
            name: body.legalNameZh,
            updatedAt: toInstant(now),
          });
        }
      }
      const after = (await clientsRepository.get(trx, actor.cbId, id))!;
      await appendAudit(
        trx,
        { actor, occurredAt: now, requestId },
        {
          action: 'client.update',
          entityType: 'client',
          entityId: id,
          before: auditView(before),
          after: auditView(after),
        },
      );
    });
  } catch (e) {
    if (isUniqueViolation(e)) throw creditCodeTaken();
    throw e;
  }
  return getClient(ctx, actor, id);
}
