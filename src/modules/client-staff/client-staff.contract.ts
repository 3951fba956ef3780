import { z } from 'zod';
import { Id, Instant } from '../common/common.contract.ts';
import { IsoDate, KeysetQuery, keysetPageOf } from '../common/registry.contract.ts';
import { STAFF_STATUSES } from './staff-fields.ts';

const IdNumberInput = z.string().trim().min(1).max(40);
const PhoneInput = z.string().trim().min(1).max(40);

const staffFields = {
  staffNo: z.string().trim().min(1).max(64),
  name: z.string().trim().min(1).max(100),
  /** Stored encrypted; sending back the masked value you read keeps the stored number. */
  idNumber: IdNumberInput.nullable().optional(),
  phone: PhoneInput.nullable().optional(),
  /** One of the client's outlets; null: headquarters. */
  outletId: Id.nullable().optional(),
  position: z.string().trim().max(100).nullable().optional(),
  department: z.string().trim().max(100).nullable().optional(),
  /** Counts toward the service management staff of the 10 % 售后服务管理师 rule. */
  serviceManagement: z.boolean().optional(),
  qualifications: z.string().trim().max(500).nullable().optional(),
  employedSince: IsoDate.nullable().optional(),
  status: z.enum(STAFF_STATUSES).optional(),
};

export const StaffCreateBody = z.strictObject(staffFields).meta({ id: 'StaffCreateBody' });
export type StaffCreateBody = z.infer<typeof StaffCreateBody>;

export const StaffUpdateBody = z
  .strictObject({
    ...staffFields,
    staffNo: staffFields.staffNo.optional(),
    name: staffFields.name.optional(),
    version: z.number().int().min(1),
  })
  .meta({ id: 'StaffUpdateBody' });
export type StaffUpdateBody = z.infer<typeof StaffUpdateBody>;

export const StaffResponse = z
  .object({
    id: Id,
    clientId: Id,
    staffNo: z.string(),
    name: z.string(),
    /** Masked (110***********002X) unless the caller may read personal data. */
    idNumber: z.string().nullable(),
    phone: z.string().nullable(),
    outlet: z.object({ id: Id, code: z.string(), name: z.string() }).nullable(),
    position: z.string().nullable(),
    department: z.string().nullable(),
    serviceManagement: z.boolean(),
    qualifications: z.string().nullable(),
    employedSince: z.string().nullable(),
    status: z.enum(STAFF_STATUSES),
    personalDataMasked: z.boolean(),
    createdAt: Instant,
    updatedAt: Instant,
    version: z.number().int(),
  })
  .meta({ id: 'StaffResponse' });
export type StaffResponse = z.infer<typeof StaffResponse>;

export const StaffListQuery = z.strictObject({
  /** Part of the staff number or name. */
  q: z.string().trim().max(100).optional(),
  status: z.enum(STAFF_STATUSES).optional(),
  outletId: Id.optional(),
  serviceManagement: z
    .enum(['true', 'false'])
    .transform((v) => v === 'true')
    .optional(),
  ...KeysetQuery,
});
export type StaffListQuery = z.infer<typeof StaffListQuery>;

export const StaffListResponse = keysetPageOf(StaffResponse).meta({ id: 'StaffListResponse' });
export type StaffListResponse = z.infer<typeof StaffListResponse>;

// ── certified after-sales service managers (售后服务管理师) ──

const managerFields = {
  /** The roster entry of the manager, when there is one. */
  staffId: Id.nullable().optional(),
  name: z.string().trim().min(1).max(100),
  idNumber: IdNumberInput.nullable().optional(),
  certificateNo: z.string().trim().min(1).max(64),
  level: z.string().trim().max(50).nullable().optional(),
  issuer: z.string().trim().max(200).nullable().optional(),
  issuedOn: IsoDate.nullable().optional(),
  validUntil: IsoDate,
  status: z.enum(['active', 'withdrawn']).optional(),
};

export const ServiceManagerCreateBody = z
  .strictObject(managerFields)
  .meta({ id: 'ServiceManagerCreateBody' });
export type ServiceManagerCreateBody = z.infer<typeof ServiceManagerCreateBody>;

export const ServiceManagerUpdateBody = z
  .strictObject({
    staffId: managerFields.staffId,
    name: managerFields.name.optional(),
    idNumber: managerFields.idNumber,
    certificateNo: managerFields.certificateNo.optional(),
    level: managerFields.level,
    issuer: managerFields.issuer,
    issuedOn: managerFields.issuedOn,
    validUntil: managerFields.validUntil.optional(),
    status: managerFields.status,
    version: z.number().int().min(1),
  })
  .meta({ id: 'ServiceManagerUpdateBody' });
export type ServiceManagerUpdateBody = z.infer<typeof ServiceManagerUpdateBody>;

export const CERTIFICATE_STATES = ['valid', 'expiringSoon', 'expired', 'notYetValid', 'withdrawn'] as const;

export const ServiceManagerResponse = z
  .object({
    id: Id,
    clientId: Id,
    staffId: Id.nullable(),
    name: z.string(),
    idNumber: z.string().nullable(),
    certificateNo: z.string(),
    level: z.string().nullable(),
    issuer: z.string().nullable(),
    issuedOn: z.string().nullable(),
    validUntil: z.string(),
    status: z.enum(['active', 'withdrawn']),
    /** On today's date in the CB's time zone, with the default 90-day window. */
    certificateState: z.enum(CERTIFICATE_STATES),
    personalDataMasked: z.boolean(),
    createdAt: Instant,
    updatedAt: Instant,
    version: z.number().int(),
  })
  .meta({ id: 'ServiceManagerResponse' });
export type ServiceManagerResponse = z.infer<typeof ServiceManagerResponse>;

export const ServiceManagerListResponse = z
  .object({ items: z.array(ServiceManagerResponse) })
  .meta({ id: 'ServiceManagerListResponse' });
export type ServiceManagerListResponse = z.infer<typeof ServiceManagerListResponse>;

export const StaffingQuery = z.strictObject({
  /** The day of the check (default: today in the CB's time zone). */
  on: IsoDate.optional(),
  ratio: z.coerce.number().min(0).max(1).default(0.1),
  minimum: z.coerce.number().int().min(0).max(1000).default(1),
  expiringWithinDays: z.coerce.number().int().min(0).max(3650).default(90),
});
export type StaffingQuery = z.infer<typeof StaffingQuery>;

export const StaffingResponse = z
  .object({
    clientId: Id,
    on: z.string(),
    ratio: z.number(),
    minimum: z.number().int(),
    expiringWithinDays: z.number().int(),
    /** The base used: the client's declared count, else the roster's active service management staff. */
    serviceManagementStaff: z.number().int(),
    serviceManagementStaffSource: z.enum(['declared', 'roster']),
    declaredServiceManagementStaff: z.number().int().nullable(),
    rosterServiceManagementStaff: z.number().int(),
    required: z.number().int(),
    held: z.number().int(),
    expiringSoon: z.number().int(),
    expired: z.number().int(),
    shortfall: z.number().int(),
    heldAfterExpiring: z.number().int(),
    met: z.boolean(),
    /** What the scoring engine's staffing item (5.1.2.2) takes. */
    scoringInput: z.object({ serviceManagementStaff: z.number().int(), certifiedManagers: z.number().int() }),
    managers: z.array(ServiceManagerResponse.extend({ certificateState: z.enum(CERTIFICATE_STATES) })),
  })
  .meta({ id: 'StaffingResponse' });
export type StaffingResponse = z.infer<typeof StaffingResponse>;
