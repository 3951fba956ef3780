import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import { permissionsOf, type Role } from '../../domain/access/roles.ts';
import { toInstant } from '../../db/time.ts';
import { usersRepository } from '../../db/repositories/users.repository.ts';
import { organisationsRepository } from '../../db/repositories/organisations.repository.ts';
import type { UserRow } from '../../db/schema.ts';
import { AppError, badRequest, unauthenticated } from '../../http/errors.ts';
import type { AppContext } from '../../http/context.ts';
import { appendAudit } from '../audit/audit.service.ts';
import { userIdOf, type Actor } from './actor.ts';
import type {
  CurrentUser,
  LoginBody,
  PasswordChangeBody,
  PreferencesBody,
  SessionResponse,
} from './auth.contract.ts';
import { dummyPasswordHash, hashPassword, verifyPassword } from './passwords.ts';

export const sha256 = (s: string) => createHash('sha256').update(s).digest('hex');

export function safeEqual(a: string, b: string): boolean {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
}

export const parseRoles = (json: string) => JSON.parse(json) as Role[];

export interface LoginResult {
  sessionSecret: string;
  expiresAt: Date;
  response: SessionResponse;
}

/**
 * Password login. Wrong passwords count towards a temporary lockout; a locked or disabled account
 * is refused even with the right password. Unknown emails cost the same time as known ones.
 */
export async function login(ctx: AppContext, body: LoginBody, requestId: string): Promise<LoginResult> {
  const now = ctx.clock();
  const user = await usersRepository.getByEmail(ctx.db, body.email);
  if (!user) {
    await verifyPassword(await dummyPasswordHash(), body.password);
    throw new AppError(401, 'invalid_credentials', 'The email or password is wrong.');
  }
  if (user.lockedUntil && user.lockedUntil > toInstant(now)) {
    throw new AppError(423, 'account_locked', 'Too many failed sign-ins. Try again later.', {
      lockedUntil: user.lockedUntil,
    });
  }
  const ok = await verifyPassword(user.passwordHash, body.password);
  if (!ok) {
    const failed = user.failedLoginCount + 1;
    const lock = failed >= ctx.config.login.maxAttempts;
    await ctx.db.transaction().execute(async (trx) => {
      await usersRepository.setLoginState(trx, user.id, {
        failedLoginCount: lock ? 0 : failed,
        lockedUntil: lock
          ? toInstant(new Date(now.getTime() + ctx.config.login.lockoutMs))
          : user.lockedUntil,
      });
      if (lock) {
        await appendAudit(
          trx,
          { actor: { userId: null, displayName: 'system', cbId: user.cbId }, occurredAt: now, requestId },
          { action: 'auth.lockout', entityType: 'user', entityId: user.id, after: { email: user.email } },
        );
      }
    });
    throw new AppError(401, 'invalid_credentials', 'The email or password is wrong.');
  }
  if (user.status !== 'active') {
    throw new AppError(403, 'account_disabled', 'This account is disabled. Ask your administrator.');
  }

  const sessionSecret = randomBytes(32).toString('base64url');
  const csrfToken = randomBytes(32).toString('base64url');
  const expiresAt = new Date(now.getTime() + ctx.config.sessionTtlMs);
  await ctx.db.transaction().execute(async (trx) => {
    await trx
      .insertInto('sessions')
      .values({
        id: sha256(sessionSecret),
        userId: user.id,
        csrfToken,
        createdAt: toInstant(now),
        expiresAt: toInstant(expiresAt),
        lastSeenAt: toInstant(now),
      })
      .execute();
    await usersRepository.setLoginState(trx, user.id, {
      failedLoginCount: 0,
      lockedUntil: null,
      lastLoginAt: toInstant(now),
    });
    await appendAudit(
      trx,
      {
        actor: { userId: user.id, displayName: user.displayName, cbId: user.cbId },
        occurredAt: now,
        requestId,
      },
      { action: 'auth.login', entityType: 'user', entityId: user.id },
    );
  });
  return { sessionSecret, expiresAt, response: { user: await currentUser(ctx, user), csrfToken } };
}

export interface ResolvedSession {
  actor: Actor;
  csrfToken: string;
}

/** The actor behind a session cookie, or undefined when the session is unknown, expired or disabled. */
export async function resolveSession(ctx: AppContext, secret: string): Promise<ResolvedSession | undefined> {
  const now = toInstant(ctx.clock());
  const row = await ctx.db
    .selectFrom('sessions')
    .innerJoin('users', 'users.id', 'sessions.userId')
    .innerJoin('organisations', 'organisations.id', 'users.organisationId')
    .select([
      'sessions.id as sessionId',
      'sessions.csrfToken',
      'sessions.expiresAt',
      'sessions.lastSeenAt',
      'users.id as userId',
      'users.displayName',
      'users.organisationId',
      'users.cbId',
      'users.roles',
      'users.status',
      'organisations.kind as organisationKind',
    ])
    .where('sessions.id', '=', sha256(secret))
    .executeTakeFirst();
  if (!row || row.expiresAt <= now || row.status !== 'active') return undefined;
  return {
    csrfToken: row.csrfToken,
    actor: {
      via: 'session',
      sessionId: row.sessionId,
      userId: row.userId,
      displayName: row.displayName,
      organisationId: row.organisationId,
      organisationKind: row.organisationKind,
      cbId: row.cbId,
      roles: parseRoles(row.roles),
    },
  };
}

export async function logout(ctx: AppContext, actor: Actor, requestId: string): Promise<void> {
  if (!actor.sessionId) return;
  const sessionId = actor.sessionId;
  await ctx.db.transaction().execute(async (trx) => {
    await trx.deleteFrom('sessions').where('id', '=', sessionId).execute();
    await appendAudit(
      trx,
      { actor, occurredAt: ctx.clock(), requestId },
      { action: 'auth.logout', entityType: 'user', entityId: actor.userId },
    );
  });
}

export async function currentUser(ctx: AppContext, user: UserRow): Promise<CurrentUser> {
  const org = await organisationsRepository.getAny(ctx.db, user.organisationId);
  const cb = org && org.id === user.cbId ? org : await organisationsRepository.getAny(ctx.db, user.cbId);
  if (!org || !cb) throw new Error(`organisation of user ${user.id} missing`);
  const roles = parseRoles(user.roles);
  return {
    id: user.id,
    email: user.email,
    displayName: user.displayName,
    locale: user.locale,
    roles,
    permissions: [...permissionsOf(roles)],
    mustChangePassword: user.mustChangePassword === 1,
    organisation: { id: org.id, name: org.name, kind: org.kind },
    certificationBody: { id: cb.id, name: cb.name, timeZone: cb.timeZone },
  };
}

export async function sessionResponse(
  ctx: AppContext,
  actor: Actor,
  csrfToken: string,
): Promise<SessionResponse> {
  const user = await usersRepository.getById(ctx.db, userIdOf(actor));
  if (!user) throw unauthenticated();
  const me = await currentUser(ctx, user);
  // An API token acts with its own (narrower) roles, not its creator's.
  return { user: { ...me, roles: actor.roles, permissions: [...permissionsOf(actor.roles)] }, csrfToken };
}

/** Changing the password ends every other session of the user. */
export async function changePassword(
  ctx: AppContext,
  actor: Actor,
  body: PasswordChangeBody,
  requestId: string,
): Promise<void> {
  const user = await usersRepository.getById(ctx.db, userIdOf(actor));
  if (!user) throw unauthenticated();
  if (!(await verifyPassword(user.passwordHash, body.currentPassword))) {
    throw badRequest('invalid_current_password', 'The current password is wrong.', {
      field: 'currentPassword',
    });
  }
  if (body.currentPassword === body.newPassword) {
    throw badRequest('password_unchanged', 'The new password must differ from the current one.', {
      field: 'newPassword',
    });
  }
  const passwordHash = await hashPassword(body.newPassword);
  const now = ctx.clock();
  await ctx.db.transaction().execute(async (trx) => {
    await trx
      .updateTable('users')
      .set({
        passwordHash,
        mustChangePassword: 0,
        passwordChangedAt: toInstant(now),
        updatedAt: toInstant(now),
        version: user.version + 1,
      })
      .where('id', '=', user.id)
      .execute();
    let others = trx.deleteFrom('sessions').where('userId', '=', user.id);
    if (actor.sessionId) others = others.where('id', '!=', actor.sessionId);
    await others.execute();
    await appendAudit(
      trx,
      { actor, occurredAt: now, requestId },
      { action: 'auth.password_change', entityType: 'user', entityId: user.id },
    );
  });
}

export async function setPreferences(
  ctx: AppContext,
  actor: Actor,
  body: PreferencesBody,
  requestId: string,
): Promise<void> {
  const user = await usersRepository.getById(ctx.db, userIdOf(actor));
  if (!user) throw unauthenticated();
  if (user.locale === body.locale) return;
  await ctx.db.transaction().execute(async (trx) => {
    await trx.updateTable('users').set({ locale: body.locale }).where('id', '=', user.id).execute();
    await appendAudit(
      trx,
      { actor, occurredAt: ctx.clock(), requestId },
      {
        action: 'user.preferences',
        entityType: 'user',
        entityId: user.id,
        before: { locale: user.locale },
        after: { locale: body.locale },
      },
    );
  });
}
