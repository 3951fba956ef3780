import { z } from 'zod';
import { IMPARTIALITY_RELATIONSHIPS } from '../../domain/registry/impartiality.ts';
import { Id, Instant } from '../common/common.contract.ts';
import {
  DivisionCode,
  DivisionRef,
  IndustryCode,
  IndustryRef,
  IsoDate,
  KeysetQuery,
  StringList,
  keysetPageOf,
} from '../common/registry.contract.ts';

export const QUALIFICATION_ROLES = ['lead', 'evaluator', 'expert'] as const;
export const PERSONNEL_STATUSES = ['active', 'inactive'] as const;

const Qualification = z.strictObject({
  /** The scheme the qualification is for, e.g. gbt27922 or a scheme URN. */
  scheme: z.string().trim().min(1).max(200),
  role: z.enum(QUALIFICATION_ROLES),
  registrationNo: z.string().trim().max(64).nullable().optional(),
  validFrom: IsoDate.nullable().optional(),
  validUntil: IsoDate.nullable().optional(),
});

const fields = {
  /** The person's user account in the certification body, if any. */
  userId: Id.nullable().optional(),
  name: z.string().trim().min(1).max(100),
  email: z.email().max(254).nullable().optional(),
  /** Stored encrypted; sending back the masked value you read keeps the stored number. */
  phone: z.string().trim().min(1).max(40).nullable().optional(),
  idNumber: z.string().trim().min(1).max(40).nullable().optional(),
  homeDivisionCode: DivisionCode.nullable().optional(),
  /** Languages the person works in, e.g. zh, en. */
  languages: StringList(20, 20).optional(),
  /** GB/T 4754 divisions (or sections) the person is competent in. */
  competenceCodes: z
    .array(IndustryCode)
    .max(100)
    .transform((xs) => [...new Set(xs)])
    .optional(),
  qualifications: z.array(Qualification).max(50).optional(),
  status: z.enum(PERSONNEL_STATUSES).optional(),
};

export const PersonnelCreateBody = z.strictObject(fields).meta({ id: 'PersonnelCreateBody' });
export type PersonnelCreateBody = z.infer<typeof PersonnelCreateBody>;

export const PersonnelUpdateBody = z
  .strictObject({ ...fields, name: fields.name.optional(), version: z.number().int().min(1) })
  .meta({ id: 'PersonnelUpdateBody' });
export type PersonnelUpdateBody = z.infer<typeof PersonnelUpdateBody>;

export const DeclarationResponse = z.object({
  id: Id,
  clientId: Id.nullable(),
  organisationName: z.string(),
  relationship: z.enum(IMPARTIALITY_RELATIONSHIPS),
  startedOn: z.string(),
  endedOn: z.string().nullable(),
  note: z.string().nullable(),
  createdAt: Instant,
  version: z.number().int(),
});

export const ImpartialityResponse = z.object({
  clientId: Id,
  on: z.string(),
  blocked: z.boolean(),
  /** Last blocked day; null when ongoing or not blocked. */
  blockedUntil: z.string().nullable(),
  ongoing: z.boolean(),
});

export const PersonnelResponse = z
  .object({
    id: Id,
    userId: Id.nullable(),
    name: z.string(),
    email: z.string().nullable(),
    phone: z.string().nullable(),
    idNumber: z.string().nullable(),
    homeDivision: DivisionRef.nullable(),
    languages: z.array(z.string()),
    competences: z.array(IndustryRef),
    qualifications: z.array(
      Qualification.extend({
        registrationNo: z.string().nullable(),
        validFrom: z.string().nullable(),
        validUntil: z.string().nullable(),
        /** On today's date in the CB's time zone. */
        current: z.boolean(),
      }),
    ),
    declarations: z.array(DeclarationResponse),
    /** Given when the list or record was asked for with clientId: whether the person may work for that client. */
    impartiality: ImpartialityResponse.nullable(),
    status: z.enum(PERSONNEL_STATUSES),
    personalDataMasked: z.boolean(),
    createdAt: Instant,
    updatedAt: Instant,
    version: z.number().int(),
  })
  .meta({ id: 'PersonnelResponse' });
export type PersonnelResponse = z.infer<typeof PersonnelResponse>;

export const PersonnelListQuery = z.strictObject({
  q: z.string().trim().max(100).optional(),
  status: z.enum(PERSONNEL_STATUSES).optional(),
  /** Holds a qualification for this scheme (current on `on`)… */
  scheme: z.string().trim().max(200).optional(),
  /** …in this role. */
  role: z.enum(QUALIFICATION_ROLES).optional(),
  /** Competent in this GB/T 4754 division or section. */
  competence: z.string().trim().max(3).optional(),
  /** Check impartiality towards this client (each item gets `impartiality`)… */
  clientId: Id.optional(),
  /** …and leave out anyone blocked from working for it. */
  excludeBlocked: z
    .enum(['true', 'false'])
    .transform((v) => v === 'true')
    .optional(),
  /** The day of the checks (default today). */
  on: IsoDate.optional(),
  ...KeysetQuery,
});
export type PersonnelListQuery = z.infer<typeof PersonnelListQuery>;

export const PersonnelListResponse = keysetPageOf(PersonnelResponse).meta({ id: 'PersonnelListResponse' });
export type PersonnelListResponse = z.infer<typeof PersonnelListResponse>;

export const PersonnelGetQuery = z.strictObject({ clientId: Id.optional(), on: IsoDate.optional() });
export type PersonnelGetQuery = z.infer<typeof PersonnelGetQuery>;

export const DeclarationCreateBody = z
  .strictObject({
    /** The client the relationship was with; or only a name, for an organisation outside the registry. */
    clientId: Id.nullable().optional(),
    organisationName: z.string().trim().min(1).max(200).optional(),
    relationship: z.enum(IMPARTIALITY_RELATIONSHIPS),
    startedOn: IsoDate,
    endedOn: IsoDate.nullable().optional(),
    note: z.string().trim().max(1000).nullable().optional(),
  })
  .meta({ id: 'DeclarationCreateBody' });
export type DeclarationCreateBody = z.infer<typeof DeclarationCreateBody>;

export const DeclarationUpdateBody = z
  .strictObject({
    relationship: z.enum(IMPARTIALITY_RELATIONSHIPS).optional(),
    startedOn: IsoDate.optional(),
    endedOn: IsoDate.nullable().optional(),
    note: z.string().trim().max(1000).nullable().optional(),
    version: z.number().int().min(1),
  })
  .meta({ id: 'DeclarationUpdateBody' });
export type DeclarationUpdateBody = z.infer<typeof DeclarationUpdateBody>;
