import { z } from 'zod';
import { ORGANISATION_KINDS } from '../../domain/access/roles.ts';
import { isTimeZone } from '../../domain/time/time-zone.ts';
import { Id, Instant } from '../common/common.contract.ts';

export const OrganisationResponse = z
  .object({
    id: Id,
    name: z.string(),
    kind: z.enum(ORGANISATION_KINDS),
    /** For a client: the certification body it belongs to. Null for a certification body. */
    certificationBodyId: Id.nullable(),
    timeZone: z.string(),
    createdAt: Instant,
    updatedAt: Instant,
    version: z.number().int(),
  })
  .meta({ id: 'OrganisationResponse' });
export type OrganisationResponse = z.infer<typeof OrganisationResponse>;

export const OrganisationListResponse = z
  .object({ items: z.array(OrganisationResponse) })
  .meta({ id: 'OrganisationListResponse' });

/** A certification body creates its client organisations. */
export const OrganisationCreateBody = z
  .strictObject({ name: z.string().trim().min(1).max(200) })
  .meta({ id: 'OrganisationCreateBody' });
export type OrganisationCreateBody = z.infer<typeof OrganisationCreateBody>;

export const OrganisationUpdateBody = z
  .strictObject({
    name: z.string().trim().min(1).max(200).optional(),
    /** IANA time zone in which the certification body's times are shown. */
    timeZone: z
      .string()
      .max(64)
      .refine(isTimeZone, { message: 'must be an IANA time zone such as Asia/Shanghai' })
      .optional(),
    version: z.number().int().min(1),
  })
  .meta({ id: 'OrganisationUpdateBody' });
export type OrganisationUpdateBody = z.infer<typeof OrganisationUpdateBody>;
