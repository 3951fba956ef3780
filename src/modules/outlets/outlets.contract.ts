import { z } from 'zod';
import { CreditCode } from '../clients/clients.contract.ts';
import { Id, Instant } from '../common/common.contract.ts';
import {
  DivisionCode,
  DivisionRef,
  IsoDate,
  KeysetQuery,
  keysetPageOf,
} from '../common/registry.contract.ts';
import { CODE_PATTERN, OUTLET_CHANNELS, OUTLET_OWNERSHIPS, OUTLET_STATUSES } from './outlet-fields.ts';

const fields = {
  code: z.string().trim().min(1).max(64).regex(CODE_PATTERN, 'must not hold control characters'),
  name: z.string().trim().min(1).max(200),
  address: z.string().trim().max(500).nullable().optional(),
  divisionCode: DivisionCode.nullable().optional(),
  latitude: z.number().min(-90).max(90).nullable().optional(),
  longitude: z.number().min(-180).max(180).nullable().optional(),
  ownership: z.enum(OUTLET_OWNERSHIPS).optional(),
  /** Required when the outlet is contracted. */
  partnerName: z.string().trim().max(200).nullable().optional(),
  partnerCreditCode: CreditCode.nullable().optional(),
  agreementValidUntil: IsoDate.nullable().optional(),
  channels: z
    .array(z.enum(OUTLET_CHANNELS))
    .max(4)
    .transform((xs) => [...new Set(xs)])
    .optional(),
  staffCount: z.number().int().min(0).max(1_000_000).nullable().optional(),
  openedOn: IsoDate.nullable().optional(),
  phone: z.string().trim().max(40).nullable().optional(),
  status: z.enum(OUTLET_STATUSES).optional(),
};

export const OutletCreateBody = z.strictObject(fields).meta({ id: 'OutletCreateBody' });
export type OutletCreateBody = z.infer<typeof OutletCreateBody>;

export const OutletUpdateBody = z
  .strictObject({
    ...fields,
    code: fields.code.optional(),
    name: fields.name.optional(),
    version: z.number().int().min(1),
  })
  .meta({ id: 'OutletUpdateBody' });
export type OutletUpdateBody = z.infer<typeof OutletUpdateBody>;

export const OutletResponse = z
  .object({
    id: Id,
    clientId: Id,
    code: z.string(),
    name: z.string(),
    address: z.string().nullable(),
    division: DivisionRef.nullable(),
    latitude: z.number().nullable(),
    longitude: z.number().nullable(),
    ownership: z.enum(OUTLET_OWNERSHIPS),
    partnerName: z.string().nullable(),
    partnerCreditCode: z.string().nullable(),
    agreementValidUntil: z.string().nullable(),
    /** True for a contracted outlet whose agreement ended before today (in the CB's time zone). */
    agreementExpired: z.boolean(),
    channels: z.array(z.enum(OUTLET_CHANNELS)),
    staffCount: z.number().int().nullable(),
    openedOn: z.string().nullable(),
    phone: z.string().nullable(),
    status: z.enum(OUTLET_STATUSES),
    createdAt: Instant,
    updatedAt: Instant,
    version: z.number().int(),
  })
  .meta({ id: 'OutletResponse' });
export type OutletResponse = z.infer<typeof OutletResponse>;

export const OutletListQuery = z.strictObject({
  /** Part of the code, name or address. */
  q: z.string().trim().max(100).optional(),
  status: z.enum(OUTLET_STATUSES).optional(),
  ownership: z.enum(OUTLET_OWNERSHIPS).optional(),
  channel: z.enum(OUTLET_CHANNELS).optional(),
  /** A province (440000), prefecture (440300) or county (440305): the outlets within it. */
  divisionCode: z
    .string()
    .regex(/^\d{6}$/)
    .optional(),
  sort: z.enum(['code', 'name']).default('code'),
  ...KeysetQuery,
});
export type OutletListQuery = z.infer<typeof OutletListQuery>;

export const OutletListResponse = keysetPageOf(OutletResponse).meta({ id: 'OutletListResponse' });
export type OutletListResponse = z.infer<typeof OutletListResponse>;

export const OutletChangeResponse = z
  .object({
    id: Id,
    occurredAt: Instant,
    actor: z.object({ id: z.string().nullable(), name: z.string() }),
    action: z.enum(['create', 'update']),
    source: z.enum(['api', 'import']),
    importId: z.string().nullable(),
    /** The outlet's version after this change. */
    version: z.number().int(),
    changes: z.record(z.string(), z.object({ from: z.unknown(), to: z.unknown() })),
  })
  .meta({ id: 'OutletChangeResponse' });

export const OutletHistoryResponse = z
  .object({ items: z.array(OutletChangeResponse) })
  .meta({ id: 'OutletHistoryResponse' });
export type OutletHistoryResponse = z.infer<typeof OutletHistoryResponse>;

const RegionCount = z.object({
  code: z.string().nullable(),
  name: z.string(),
  total: z.number().int(),
  active: z.number().int(),
  contracted: z.number().int(),
  staff: z.number().int(),
});

export const OutletRegionsResponse = z
  .object({
    total: z.number().int(),
    active: z.number().int(),
    /** By province, each with its prefectures; outlets without a division code under code null. */
    provinces: z.array(RegionCount.extend({ cities: z.array(RegionCount) })),
  })
  .meta({ id: 'OutletRegionsResponse' });
export type OutletRegionsResponse = z.infer<typeof OutletRegionsResponse>;
