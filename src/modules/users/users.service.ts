import { randomUUID } from 'node:crypto';
import { rolesFitOrganisation, type Role } from '../../domain/access/roles.ts';
import type { Executor } from '../../db/database.ts';
import { isUniqueViolation } from '../../db/database.ts';
import { toInstant } from '../../db/time.ts';
import { organisationsRepository } from '../../db/repositories/organisations.repository.ts';
import { usersRepository, type UserWithOrganisation } from '../../db/repositories/users.repository.ts';
import type { OrganisationRow } from '../../db/schema.ts';
import type { AppContext } from '../../http/context.ts';
import { badRequest, conflict, forbidden, notFound, versionConflict } from '../../http/errors.ts';
import { organisationScope, requirePermission, type Actor } from '../auth/actor.ts';
import { parseRoles } from '../auth/auth.service.ts';
import { generateTemporaryPassword, hashPassword } from '../auth/passwords.ts';
import { appendAudit } from '../audit/audit.service.ts';
import type {
  PasswordResetResponse,
  UserCreateBody,
  UserCreateResponse,
  UserListQuery,
  UserListResponse,
  UserResponse,
  UserUpdateBody,
} from './users.contract.ts';

export function presentUser(row: UserWithOrganisation): UserResponse {
  return {
    id: row.id,
    email: row.email,
    displayName: row.displayName,
    roles: parseRoles(row.roles),
    status: row.status,
    mustChangePassword: row.mustChangePassword === 1,
    organisationId: row.organisationId,
    organisationName: row.organisationName,
    organisationKind: row.organisationKind,
    lastLoginAt: row.lastLoginAt,
    createdAt: row.createdAt,
    updatedAt: row.updatedAt,
    version: row.version,
  };
}

/** What the audit trail keeps of a user: no password hash, no login bookkeeping. */
const auditView = (
  u: Pick<UserWithOrganisation, 'email' | 'displayName' | 'roles' | 'status' | 'organisationId'>,
) => ({
  email: u.email,
  displayName: u.displayName,
  roles: typeof u.roles === 'string' ? parseRoles(u.roles) : u.roles,
  status: u.status,
  organisationId: u.organisationId,
});

/** Loads a user the actor may see; another tenant's or another client's user is "not found". */
async function visibleUser(db: Executor, actor: Actor, id: string): Promise<UserWithOrganisation> {
  const user = await usersRepository.get(db, actor.cbId, id);
  const scope = organisationScope(actor);
  if (!user || (scope && user.organisationId !== scope)) throw notFound('User');
  return user;
}

function checkRoles(roles: readonly Role[], org: Pick<OrganisationRow, 'kind'>): void {
  if (!rolesFitOrganisation(roles, org.kind)) {
    throw badRequest(
      'roles_not_allowed',
      org.kind === 'client'
        ? 'Users of a client organisation can only be clientAdmin or clientUser.'
        : 'Users of a certification body cannot hold client roles.',
      { field: 'roles' },
    );
  }
}

export async function listUsers(ctx: AppContext, actor: Actor, q: UserListQuery): Promise<UserListResponse> {
  requirePermission(actor, 'users.read');
  const scope = organisationScope(actor);
  if (scope && q.organisationId && q.organisationId !== scope) {
    return { items: [], total: 0, page: q.page, pageSize: q.pageSize };
  }
  const { items, total } = await usersRepository.list(ctx.db, {
    cbId: actor.cbId,
    organisationId: scope ?? q.organisationId,
    q: q.q,
    status: q.status,
    offset: (q.page - 1) * q.pageSize,
    limit: q.pageSize,
  });
  return { items: items.map(presentUser), total, page: q.page, pageSize: q.pageSize };
}

export async function getUser(ctx: AppContext, actor: Actor, id: string): Promise<UserResponse> {
  requirePermission(actor, 'users.read');
  return presentUser(await visibleUser(ctx.db, actor, id));
}

export async function createUser(
  ctx: AppContext,
  actor: Actor,
  body: UserCreateBody,
  requestId: string,
): Promise<UserCreateResponse> {
  requirePermission(actor, 'users.manage');
  const organisationId = body.organisationId ?? actor.organisationId;
  const scope = organisationScope(actor);
  const org = await organisationsRepository.get(ctx.db, actor.cbId, organisationId);
  if (!org || (scope && org.id !== scope)) throw notFound('Organisation');
  const roles = [...new Set(body.roles)];
  checkRoles(roles, org);

  const temporaryPassword = body.password ? null : generateTemporaryPassword();
  const passwordHash = await hashPassword(body.password ?? temporaryPassword!);
  const now = toInstant(ctx.clock());
  const id = randomUUID();
  try {
    await ctx.db.transaction().execute(async (trx) => {
      await usersRepository.create(trx, {
        id,
        organisationId: org.id,
        cbId: actor.cbId,
        email: body.email.toLowerCase(),
        displayName: body.displayName,
        passwordHash,
        roles: JSON.stringify(roles),
        status: 'active',
        mustChangePassword: temporaryPassword ? 1 : 0,
        locale: 'zh-CN',
        failedLoginCount: 0,
        lockedUntil: null,
        lastLoginAt: null,
        passwordChangedAt: now,
        createdAt: now,
        updatedAt: now,
        version: 1,
      });
      await appendAudit(
        trx,
        { actor, occurredAt: ctx.clock(), requestId },
        {
          action: 'user.create',
          entityType: 'user',
          entityId: id,
          after: auditView({
            email: body.email.toLowerCase(),
            displayName: body.displayName,
            roles: JSON.stringify(roles),
            status: 'active',
            organisationId: org.id,
          }),
        },
      );
    });
  } catch (e) {
    if (isUniqueViolation(e))
      throw conflict('email_taken', 'A user with this email already exists.', { field: 'email' });
    throw e;
  }
  return { user: presentUser((await usersRepository.get(ctx.db, actor.cbId, id))!), temporaryPassword };
}

/**
 * Applies one edit under optimistic concurrency: the change is based on `version`, and a stale version
 * answers 409 without writing anything.
 */
async function editUser(
  ctx: AppContext,
  actor: Actor,
  id: string,
  version: number,
  action: string,
  requestId: string,
  change: (user: UserWithOrganisation) => Parameters<typeof usersRepository.update>[4],
  after?: (db: Executor, user: UserWithOrganisation) => Promise<void>,
): Promise<UserResponse> {
  requirePermission(actor, 'users.manage');
  return ctx.db.transaction().execute(async (trx) => {
    const user = await visibleUser(trx, actor, id);
    if (user.version !== version) throw versionConflict('user', user.version);
    const changes = { ...change(user), updatedAt: toInstant(ctx.clock()) };
    if (!(await usersRepository.update(trx, actor.cbId, id, version, changes))) {
      throw versionConflict('user');
    }
    const updated = (await usersRepository.get(trx, actor.cbId, id))!;
    await after?.(trx, updated);
    await appendAudit(
      trx,
      { actor, occurredAt: ctx.clock(), requestId },
      { action, entityType: 'user', entityId: id, before: auditView(user), after: auditView(updated) },
    );
    return presentUser(updated);
  });
}

const endSessions = async (db: Executor, user: { id: string }) => {
  await db.deleteFrom('sessions').where('userId', '=', user.id).execute();
};

export function updateUser(
  ctx: AppContext,
  actor: Actor,
  id: string,
  body: UserUpdateBody,
  requestId: string,
) {
  return editUser(ctx, actor, id, body.version, 'user.update', requestId, (user) => {
    const changes: { displayName?: string; roles?: string } = {};
    if (body.displayName !== undefined) changes.displayName = body.displayName;
    if (body.roles !== undefined) {
      const roles = [...new Set(body.roles)];
      checkRoles(roles, { kind: user.organisationKind });
      if (
        user.id === actor.userId &&
        parseRoles(user.roles).includes('cbAdmin') &&
        !roles.includes('cbAdmin')
      ) {
        throw forbidden('You cannot remove your own administrator role.');
      }
      changes.roles = JSON.stringify(roles);
    }
    return changes;
  });
}

export function disableUser(ctx: AppContext, actor: Actor, id: string, version: number, requestId: string) {
  if (id === actor.userId) throw forbidden('You cannot disable your own account.');
  return editUser(
    ctx,
    actor,
    id,
    version,
    'user.disable',
    requestId,
    () => ({ status: 'disabled' }),
    endSessions,
  );
}

export function enableUser(ctx: AppContext, actor: Actor, id: string, version: number, requestId: string) {
  return editUser(ctx, actor, id, version, 'user.enable', requestId, () => ({
    status: 'active',
    failedLoginCount: 0,
    lockedUntil: null,
  }));
}

/** Issues a one-time password, unlocks the account and ends its sessions. */
export async function resetPassword(
  ctx: AppContext,
  actor: Actor,
  id: string,
  version: number,
  requestId: string,
): Promise<PasswordResetResponse> {
  const temporaryPassword = generateTemporaryPassword();
  const passwordHash = await hashPassword(temporaryPassword);
  const user = await editUser(
    ctx,
    actor,
    id,
    version,
    'user.reset_password',
    requestId,
    () => ({
      passwordHash,
      mustChangePassword: 1,
      failedLoginCount: 0,
      lockedUntil: null,
      passwordChangedAt: toInstant(ctx.clock()),
    }),
    endSessions,
  );
  return { user, temporaryPassword };
}
