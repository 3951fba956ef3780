import { randomUUID } from 'node:crypto';
import { toInstant } from '../../db/time.ts';
import { organisationsRepository } from '../../db/repositories/organisations.repository.ts';
import type { OrganisationRow } from '../../db/schema.ts';
import type { AppContext } from '../../http/context.ts';
import { notFound, versionConflict } from '../../http/errors.ts';
import { requirePermission, type Actor } from '../auth/actor.ts';
import { appendAudit } from '../audit/audit.service.ts';
import type {
  OrganisationCreateBody,
  OrganisationResponse,
  OrganisationUpdateBody,
} from './organisations.contract.ts';

export function presentOrganisation(row: OrganisationRow): OrganisationResponse {
  return {
    id: row.id,
    name: row.name,
    kind: row.kind,
    certificationBodyId: row.kind === 'client' ? row.cbId : null,
    timeZone: row.timeZone,
    createdAt: row.createdAt,
    updatedAt: row.updatedAt,
    version: row.version,
  };
}

const auditView = (o: OrganisationRow) => ({ name: o.name, kind: o.kind, timeZone: o.timeZone });

export async function listOrganisations(ctx: AppContext, actor: Actor): Promise<OrganisationResponse[]> {
  requirePermission(actor, 'organisations.read');
  return (await organisationsRepository.list(ctx.db, actor.cbId)).map(presentOrganisation);
}

export async function createClientOrganisation(
  ctx: AppContext,
  actor: Actor,
  body: OrganisationCreateBody,
  requestId: string,
): Promise<OrganisationResponse> {
  requirePermission(actor, 'organisations.manage');
  const now = ctx.clock();
  const cb = await organisationsRepository.get(ctx.db, actor.cbId, actor.cbId);
  if (!cb) throw notFound('Certification body');
  const row: OrganisationRow = {
    id: randomUUID(),
    kind: 'client',
    name: body.name,
    cbId: actor.cbId,
    timeZone: cb.timeZone,
    createdAt: toInstant(now),
    updatedAt: toInstant(now),
    version: 1,
  };
  await ctx.db.transaction().execute(async (trx) => {
    await organisationsRepository.create(trx, row);
    await appendAudit(
      trx,
      { actor, occurredAt: now, requestId },
      { action: 'organisation.create', entityType: 'organisation', entityId: row.id, after: auditView(row) },
    );
  });
  return presentOrganisation(row);
}

export async function updateOrganisation(
  ctx: AppContext,
  actor: Actor,
  id: string,
  body: OrganisationUpdateBody,
  requestId: string,
): Promise<OrganisationResponse> {
  requirePermission(actor, 'organisations.manage');
  return ctx.db.transaction().execute(async (trx) => {
    const before = await organisationsRepository.get(trx, actor.cbId, id);
    if (!before) throw notFound('Organisation');
    if (before.version !== body.version) throw versionConflict('organisation', before.version);
    const changes: { name?: string; timeZone?: string; updatedAt: string } = {
      updatedAt: toInstant(ctx.clock()),
    };
    if (body.name !== undefined) changes.name = body.name;
    if (body.timeZone !== undefined) changes.timeZone = body.timeZone;
    const after = await organisationsRepository.update(trx, actor.cbId, id, body.version, changes);
    if (!after) throw versionConflict('organisation');
    await appendAudit(
      trx,
      { actor, occurredAt: ctx.clock(), requestId },
      {
        action: 'organisation.update',
        entityType: 'organisation',
        entityId: id,
        before: auditView(before),
        after: auditView(after),
      },
    );
    return presentOrganisation(after);
  });
}
