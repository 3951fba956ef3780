import { z } from 'zod';
import { ORGANISATION_KINDS, ROLES } from '../../domain/access/roles.ts';
import { Id, Instant, PageQuery, pageOf } from '../common/common.contract.ts';
import { NewPassword } from '../auth/auth.contract.ts';

export const USER_STATUSES = ['active', 'disabled'] as const;

export const UserResponse = z
  .object({
    id: Id,
    email: z.string(),
    displayName: z.string(),
    roles: z.array(z.enum(ROLES)),
    status: z.enum(USER_STATUSES),
    mustChangePassword: z.boolean(),
    organisationId: Id,
    organisationName: z.string(),
    organisationKind: z.enum(ORGANISATION_KINDS),
    lastLoginAt: Instant.nullable(),
    createdAt: Instant,
    updatedAt: Instant,
    version: z.number().int(),
  })
  .meta({ id: 'UserResponse' });
export type UserResponse = z.infer<typeof UserResponse>;

export const UserListQuery = z.strictObject({
  q: z.string().max(100).optional(),
  organisationId: Id.optional(),
  status: z.enum(USER_STATUSES).optional(),
  ...PageQuery,
});
// No OpenAPI id: query schemas are expanded into parameters, which a $ref would prevent.
export type UserListQuery = z.infer<typeof UserListQuery>;

export const UserListResponse = pageOf(UserResponse).meta({ id: 'UserListResponse' });
export type UserListResponse = z.infer<typeof UserListResponse>;

export const UserCreateBody = z
  .strictObject({
    email: z.email().max(254),
    displayName: z.string().trim().min(1).max(100),
    roles: z.array(z.enum(ROLES)).min(1),
    /** Defaults to the caller's organisation; a cbAdmin may name one of the CB's clients. */
    organisationId: Id.optional(),
    /** Omitted: a one-time temporary password is generated and must be changed at first login. */
    password: NewPassword.optional(),
  })
  .meta({ id: 'UserCreateBody' });
export type UserCreateBody = z.infer<typeof UserCreateBody>;

export const UserCreateResponse = z
  .object({ user: UserResponse, temporaryPassword: z.string().nullable() })
  .meta({ id: 'UserCreateResponse' });
export type UserCreateResponse = z.infer<typeof UserCreateResponse>;

export const UserUpdateBody = z
  .strictObject({
    displayName: z.string().trim().min(1).max(100).optional(),
    roles: z.array(z.enum(ROLES)).min(1).optional(),
    version: z.number().int().min(1),
  })
  .meta({ id: 'UserUpdateBody' });
export type UserUpdateBody = z.infer<typeof UserUpdateBody>;

export const PasswordResetResponse = z
  .object({ user: UserResponse, temporaryPassword: z.string() })
  .meta({ id: 'PasswordResetResponse' });
export type PasswordResetResponse = z.infer<typeof PasswordResetResponse>;
