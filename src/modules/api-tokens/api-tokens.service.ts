import { randomBytes, randomUUID } from 'node:crypto';
import type { Role } from '../../domain/access/roles.ts';
import { toInstant } from '../../db/time.ts';
import type { ApiTokenRow } from '../../db/schema.ts';
import type { AppContext } from '../../http/context.ts';
import { badRequest, notFound } from '../../http/errors.ts';
import { userIdOf, type Actor } from '../auth/actor.ts';
import { parseRoles, sha256 } from '../auth/auth.service.ts';
import { appendAudit } from '../audit/audit.service.ts';
import type { ApiTokenCreateBody, ApiTokenCreateResponse, ApiTokenResponse } from './api-tokens.contract.ts';

/** Secrets look like `smk_<43 url-safe chars>`; the prefix shown in lists is the first 8 of them. */
export const TOKEN_PREFIX = 'smk_';

function present(row: ApiTokenRow): ApiTokenResponse {
  return {
    id: row.id,
    name: row.name,
    prefix: row.prefix,
    roles: parseRoles(row.roles),
    createdAt: row.createdAt,
    expiresAt: row.expiresAt,
    lastUsedAt: row.lastUsedAt,
    revokedAt: row.revokedAt,
  };
}

export async function listApiTokens(ctx: AppContext, actor: Actor): Promise<ApiTokenResponse[]> {
  const rows = await ctx.db
    .selectFrom('apiTokens')
    .selectAll()
    .where('cbId', '=', actor.cbId)
    .where('organisationId', '=', actor.organisationId)
    .orderBy('createdAt', 'desc')
    .execute();
  return rows.map(present);
}

export async function createApiToken(
  ctx: AppContext,
  actor: Actor,
  body: ApiTokenCreateBody,
  requestId: string,
): Promise<ApiTokenCreateResponse> {
  const extra = body.roles.filter((r) => !actor.roles.includes(r));
  if (extra.length > 0) {
    throw badRequest('roles_not_held', 'A token can only carry roles you hold yourself.', {
      field: 'roles',
      roles: extra,
    });
  }
  const now = ctx.clock();
  const secret = TOKEN_PREFIX + randomBytes(32).toString('base64url');
  const row: ApiTokenRow = {
    id: randomUUID(),
    cbId: actor.cbId,
    organisationId: actor.organisationId,
    userId: userIdOf(actor),
    name: body.name,
    prefix: secret.slice(0, TOKEN_PREFIX.length + 8),
    secretHash: sha256(secret),
    roles: JSON.stringify([...new Set(body.roles)]),
    createdAt: toInstant(now),
    expiresAt: body.expiresInDays
      ? toInstant(new Date(now.getTime() + body.expiresInDays * 86_400_000))
      : null,
    lastUsedAt: null,
    revokedAt: null,
    version: 1,
  };
  await ctx.db.transaction().execute(async (trx) => {
    await trx.insertInto('apiTokens').values(row).execute();
    await appendAudit(
      trx,
      { actor, occurredAt: now, requestId },
      {
        action: 'apiToken.create',
        entityType: 'apiToken',
        entityId: row.id,
        after: { name: row.name, prefix: row.prefix, roles: body.roles, expiresAt: row.expiresAt },
      },
    );
  });
  return { token: present(row), secret };
}

export async function revokeApiToken(
  ctx: AppContext,
  actor: Actor,
  id: string,
  requestId: string,
): Promise<ApiTokenResponse> {
  const now = ctx.clock();
  return ctx.db.transaction().execute(async (trx) => {
    const row = await trx
      .selectFrom('apiTokens')
      .selectAll()
      .where('cbId', '=', actor.cbId)
      .where('organisationId', '=', actor.organisationId)
      .where('id', '=', id)
      .executeTakeFirst();
    if (!row) throw notFound('API token');
    if (row.revokedAt) return present(row);
    const revokedAt = toInstant(now);
    await trx
      .updateTable('apiTokens')
      .set({ revokedAt, version: row.version + 1 })
      .where('id', '=', id)
      .execute();
    await appendAudit(
      trx,
      { actor, occurredAt: now, requestId },
      { action: 'apiToken.revoke', entityType: 'apiToken', entityId: id, after: { revokedAt } },
    );
    return present({ ...row, revokedAt });
  });
}

/**
 * The actor behind a bearer secret. A token acts for the user who made it, with its own roles
 * narrowed to those the user still holds; a disabled user's tokens stop working.
 */
export async function resolveApiToken(ctx: AppContext, secret: string): Promise<Actor | undefined> {
  if (!secret.startsWith(TOKEN_PREFIX)) return undefined;
  const now = ctx.clock();
  const row = await ctx.db
    .selectFrom('apiTokens')
    .innerJoin('users', 'users.id', 'apiTokens.userId')
    .innerJoin('organisations', 'organisations.id', 'apiTokens.organisationId')
    .select([
      'apiTokens.id',
      'apiTokens.roles',
      'apiTokens.expiresAt',
      'apiTokens.revokedAt',
      'apiTokens.lastUsedAt',
      'apiTokens.organisationId',
      'apiTokens.cbId',
      'users.id as userId',
      'users.displayName',
      'users.status',
      'users.roles as userRoles',
      'organisations.kind as organisationKind',
    ])
    .where('apiTokens.secretHash', '=', sha256(secret))
    .executeTakeFirst();
  if (!row || row.revokedAt || row.status !== 'active') return undefined;
  if (row.expiresAt && row.expiresAt <= toInstant(now)) return undefined;
  // Recording every use would make each request a write; once a minute is enough to see activity.
  if (!row.lastUsedAt || now.getTime() - Date.parse(row.lastUsedAt) > 60_000) {
    await ctx.db
      .updateTable('apiTokens')
      .set({ lastUsedAt: toInstant(now) })
      .where('id', '=', row.id)
      .execute();
  }
  const held = new Set<Role>(parseRoles(row.userRoles));
  return {
    via: 'apiToken',
    apiTokenId: row.id,
    userId: row.userId,
    displayName: row.displayName,
    organisationId: row.organisationId,
    organisationKind: row.organisationKind,
    cbId: row.cbId,
    roles: parseRoles(row.roles).filter((r) => held.has(r)),
  };
}
