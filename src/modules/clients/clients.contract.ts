import { z } from 'zod';
import { validateCreditCode } from '../../domain/registry/credit-code.ts';
import { Id, Instant } from '../common/common.contract.ts';
import {
  DivisionCode,
  DivisionRef,
  IndustryCode,
  IndustryRef,
  KeysetQuery,
  StringList,
  keysetPageOf,
} from '../common/registry.contract.ts';

export const ENTERPRISE_TYPES = ['production', 'salesService'] as const;

/** 统一社会信用代码: normalised (half-width, upper case) and checked against its check character. */
export const CreditCode = z
  .string()
  .max(40)
  .superRefine((v, ctx) => {
    const r = validateCreditCode(v);
    if (!r.valid) ctx.addIssue({ code: 'custom', message: `unified social credit code: ${r.message}` });
  })
  .transform((v) => validateCreditCode(v).code);

const Phone = z
  .string()
  .trim()
  .max(40)
  .regex(/^[+\d\s()*-]+(?:(?:转|ext\.?|x)\s*\d{1,6})?$/i, 'must be a phone number');

export const ContactBody = z.strictObject({
  name: z.string().trim().min(1).max(100),
  role: z.string().trim().max(100).optional(),
  email: z.email().max(254).optional(),
  /** Stored encrypted. Sending back the masked value you read keeps the stored number. */
  phone: Phone.optional(),
});

export const ContactResponse = z.object({
  name: z.string(),
  role: z.string().nullable(),
  email: z.string().nullable(),
  /** Masked (138****5678) unless the caller may read personal data. */
  phone: z.string().nullable(),
});

const clientFields = {
  legalNameZh: z.string().trim().min(1).max(200),
  legalNameEn: z.string().trim().max(300).nullable().optional(),
  creditCode: CreditCode,
  enterpriseType: z.enum(ENTERPRISE_TYPES),
  industryCode: IndustryCode.nullable().optional(),
  registeredAddress: z.string().trim().max(500).nullable().optional(),
  registeredDivisionCode: DivisionCode.nullable().optional(),
  operatingAddress: z.string().trim().max(500).nullable().optional(),
  operatingDivisionCode: DivisionCode.nullable().optional(),
  productCategories: StringList().optional(),
  serviceCategories: StringList().optional(),
  headcount: z.number().int().min(0).max(10_000_000).nullable().optional(),
  /** Service management staff (服务管理人员), the base of the 10 % 售后服务管理师 rule. */
  serviceManagementStaff: z.number().int().min(0).max(10_000_000).nullable().optional(),
  contacts: z.array(ContactBody).max(20).optional(),
};

export const ClientCreateBody = z
  .strictObject({
    /** An existing client organisation without a registry record; omitted: the organisation is created too. */
    organisationId: Id.optional(),
    ...clientFields,
  })
  .meta({ id: 'ClientCreateBody' });
export type ClientCreateBody = z.infer<typeof ClientCreateBody>;

export const ClientUpdateBody = z
  .strictObject({
    legalNameZh: clientFields.legalNameZh.optional(),
    legalNameEn: clientFields.legalNameEn,
    creditCode: CreditCode.optional(),
    enterpriseType: clientFields.enterpriseType.optional(),
    industryCode: clientFields.industryCode,
    registeredAddress: clientFields.registeredAddress,
    registeredDivisionCode: clientFields.registeredDivisionCode,
    operatingAddress: clientFields.operatingAddress,
    operatingDivisionCode: clientFields.operatingDivisionCode,
    productCategories: clientFields.productCategories,
    serviceCategories: clientFields.serviceCategories,
    headcount: clientFields.headcount,
    serviceManagementStaff: clientFields.serviceManagementStaff,
    contacts: clientFields.contacts,
    version: z.number().int().min(1),
  })
  .meta({ id: 'ClientUpdateBody' });
export type ClientUpdateBody = z.infer<typeof ClientUpdateBody>;

export const ClientResponse = z
  .object({
    id: Id,
    /** The client organisation (same id): its users, its portal. */
    organisationId: Id,
    legalNameZh: z.string(),
    legalNameEn: z.string().nullable(),
    creditCode: z.string(),
    enterpriseType: z.enum(ENTERPRISE_TYPES),
    industry: IndustryRef.nullable(),
    registeredAddress: z.string().nullable(),
    registeredDivision: DivisionRef.nullable(),
    operatingAddress: z.string().nullable(),
    operatingDivision: DivisionRef.nullable(),
    productCategories: z.array(z.string()),
    serviceCategories: z.array(z.string()),
    headcount: z.number().int().nullable(),
    serviceManagementStaff: z.number().int().nullable(),
    contacts: z.array(ContactResponse),
    outletCount: z.number().int(),
    /** True when personal numbers in this answer are masked for the caller. */
    personalDataMasked: z.boolean(),
    createdAt: Instant,
    updatedAt: Instant,
    version: z.number().int(),
  })
  .meta({ id: 'ClientResponse' });
export type ClientResponse = z.infer<typeof ClientResponse>;

export const ClientListQuery = z.strictObject({
  /** Part of the Chinese or English name, or the whole credit code. */
  q: z.string().trim().max(100).optional(),
  enterpriseType: z.enum(ENTERPRISE_TYPES).optional(),
  /** A GB/T 4754 section letter (all its divisions) or a division code. */
  industry: z.string().trim().max(3).optional(),
  /** Province of the operating (else registered) address, e.g. 440000. */
  provinceCode: z
    .string()
    .regex(/^\d{2}0000$/)
    .optional(),
  sort: z.enum(['name', 'recent']).default('name'),
  ...KeysetQuery,
});
export type ClientListQuery = z.infer<typeof ClientListQuery>;

export const ClientListResponse = keysetPageOf(ClientResponse).meta({ id: 'ClientListResponse' });
export type ClientListResponse = z.infer<typeof ClientListResponse>;
