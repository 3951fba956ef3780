import { z } from 'zod';
import { ORGANISATION_KINDS, PERMISSIONS, ROLES } from '../../domain/access/roles.ts';
import { Id, Locale } from '../common/common.contract.ts';

export const LoginBody = z
  .strictObject({
    email: z.email().max(254),
    password: z.string().min(1).max(256),
  })
  .meta({ id: 'LoginBody' });
export type LoginBody = z.infer<typeof LoginBody>;

export const CurrentUser = z
  .object({
    id: Id,
    email: z.string(),
    displayName: z.string(),
    locale: Locale,
    roles: z.array(z.enum(ROLES)),
    permissions: z.array(z.enum(PERMISSIONS)),
    mustChangePassword: z.boolean(),
    organisation: z.object({ id: Id, name: z.string(), kind: z.enum(ORGANISATION_KINDS) }),
    certificationBody: z.object({ id: Id, name: z.string(), timeZone: z.string() }),
  })
  .meta({ id: 'CurrentUser' });
export type CurrentUser = z.infer<typeof CurrentUser>;

/** Answer to login and to `GET /api/auth/me`: the user and the CSRF token for cookie-authenticated writes. */
export const SessionResponse = z
  .object({ user: CurrentUser, csrfToken: z.string() })
  .meta({ id: 'SessionResponse' });
export type SessionResponse = z.infer<typeof SessionResponse>;

export const PASSWORD_MIN_LENGTH = 10;
export const NewPassword = z.string().min(PASSWORD_MIN_LENGTH).max(256);

export const PasswordChangeBody = z
  .strictObject({ currentPassword: z.string().min(1).max(256), newPassword: NewPassword })
  .meta({ id: 'PasswordChangeBody' });
export type PasswordChangeBody = z.infer<typeof PasswordChangeBody>;

export const PreferencesBody = z.strictObject({ locale: Locale }).meta({ id: 'PreferencesBody' });
export type PreferencesBody = z.infer<typeof PreferencesBody>;

/** Cookie-authenticated writes must echo the session's CSRF token in this header. */
export const CSRF_HEADER = 'x-csrf-token';
export const SESSION_COOKIE = 'starmark_session';
