import { z } from 'zod';
import { Id, Instant, PageQuery, pageOf } from '../common/common.contract.ts';

export const AuditEntryResponse = z
  .object({
    id: Id,
    seq: z.number().int(),
    occurredAt: Instant,
    actor: z.object({ id: Id, name: z.string() }).nullable(),
    /** e.g. user.create, user.update, auth.login, organisation.create */
    action: z.string(),
    entityType: z.string(),
    entityId: z.string().nullable(),
    /** Before/after summary of the change; personal data masked. */
    summary: z.object({ before: z.unknown().optional(), after: z.unknown().optional() }),
    requestId: z.string().nullable(),
  })
  .meta({ id: 'AuditEntryResponse' });
export type AuditEntryResponse = z.infer<typeof AuditEntryResponse>;

export const AuditListQuery = z.strictObject({
  entityType: z.string().max(64).optional(),
  entityId: z.string().max(64).optional(),
  action: z.string().max(64).optional(),
  actorId: Id.optional(),
  from: z.iso.datetime({ offset: true }).optional(),
  to: z.iso.datetime({ offset: true }).optional(),
  ...PageQuery,
});
// No OpenAPI id: query schemas are expanded into parameters, which a $ref would prevent.
export type AuditListQuery = z.infer<typeof AuditListQuery>;

export const AuditListResponse = pageOf(AuditEntryResponse).meta({ id: 'AuditListResponse' });
export type AuditListResponse = z.infer<typeof AuditListResponse>;
