import { z } from 'zod';
import { ROLES } from '../../domain/access/roles.ts';
import { Id, Instant } from '../common/common.contract.ts';

export const ApiTokenResponse = z
  .object({
    id: Id,
    name: z.string(),
    /** The first characters of the secret, to recognise a token; the secret itself is never stored. */
    prefix: z.string(),
    roles: z.array(z.enum(ROLES)),
    createdAt: Instant,
    expiresAt: Instant.nullable(),
    lastUsedAt: Instant.nullable(),
    revokedAt: Instant.nullable(),
  })
  .meta({ id: 'ApiTokenResponse' });
export type ApiTokenResponse = z.infer<typeof ApiTokenResponse>;

export const ApiTokenListResponse = z
  .object({ items: z.array(ApiTokenResponse) })
  .meta({ id: 'ApiTokenListResponse' });

export const ApiTokenCreateBody = z
  .strictObject({
    name: z.string().trim().min(1).max(100),
    /** A token acts with these roles, which must be a subset of the creator's. */
    roles: z.array(z.enum(ROLES)).min(1),
    expiresInDays: z.number().int().min(1).max(3650).optional(),
  })
  .meta({ id: 'ApiTokenCreateBody' });
export type ApiTokenCreateBody = z.infer<typeof ApiTokenCreateBody>;

export const ApiTokenCreateResponse = z
  .object({ token: ApiTokenResponse, secret: z.string() })
  .meta({ id: 'ApiTokenCreateResponse' });
export type ApiTokenCreateResponse = z.infer<typeof ApiTokenCreateResponse>;
