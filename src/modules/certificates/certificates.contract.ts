import { z } from 'zod';
import {
  CANCELLATION_REASONS,
  CERTIFICATE_CATEGORIES,
  CERTIFICATE_STATUSES,
  SUSPENSION_REASONS,
  WITHDRAWAL_REASONS,
  isCivilDate,
} from '../../domain/certificates/index.ts';
import type { CHANGE_REASONS } from '../../domain/certificates/index.ts';
import { Id, Instant, PageQuery, pageOf } from '../common/common.contract.ts';

export const CivilDateSchema = z.string().refine(isCivilDate, { message: 'must be a date YYYY-MM-DD' });
const keys = <T extends Record<string, unknown>>(o: T) =>
  Object.keys(o) as [keyof T & string, ...(keyof T & string)[]];
const Label = z.object({ zh: z.string(), en: z.string() });
const text = (max: number) => z.string().trim().min(1).max(max);

export const CertificateSite = z.strictObject({
  name: text(200),
  address: text(500),
  scopeZh: text(2000).optional(),
  scopeEn: text(2000).optional(),
});
export type CertificateSite = z.infer<typeof CertificateSite>;

export const EntityAddress = z.strictObject({
  country: z.string().trim().length(2).default('CN').describe('ISO 3166-1 alpha-2'),
  province: z.string().trim().max(100).optional(),
  city: z.string().trim().max(100).optional(),
  street: text(500),
  postcode: z.string().trim().max(20).optional(),
});
export type EntityAddress = z.infer<typeof EntityAddress>;

export const CertificateIssueBody = z
  .strictObject({
    clientId: Id,
    scheme: z.strictObject({ urn: z.string().min(1), version: z.string().min(1) }),
    /** The evaluation document (docs/scoring.md) the result is computed and frozen from. */
    evaluation: z.record(z.string(), z.unknown()),
    /** Defaults come from the client's registry record (legal name, credit code, address). */
    entity: z
      .strictObject({
        nameZh: text(200).optional(),
        nameEn: text(300).optional(),
        creditCode: z.string().trim().min(1).max(45).optional(),
        address: EntityAddress.optional(),
      })
      .optional(),
    scopeZh: text(4000),
    scopeEn: text(4000).optional(),
    sites: z.array(CertificateSite).max(10_000).default([]),
    decisionDate: CivilDateSchema.optional(),
    issueDate: CivilDateSchema.optional(),
    confidential: z.boolean().default(false),
  })
  .meta({ id: 'CertificateIssueBody' });
export type CertificateIssueBody = z.infer<typeof CertificateIssueBody>;

export const CertificateReviseBody = z
  .strictObject({
    version: z.number().int().min(1),
    /** A renewal (recertification) comes only from a recertification grant, never by hand. */
    reasonCode: z.enum([
      'level_change',
      'scope_change',
      'site_change',
    ] satisfies (keyof typeof CHANGE_REASONS)[]),
    /** Required for a level change: the new evaluation, scored and frozen with the new version. */
    evaluation: z.record(z.string(), z.unknown()).optional(),
    scopeZh: text(4000).optional(),
    scopeEn: text(4000).optional(),
    sites: z.array(CertificateSite).max(10_000).optional(),
    issueDate: CivilDateSchema.optional(),
  })
  .meta({ id: 'CertificateReviseBody' });
export type CertificateReviseBody = z.infer<typeof CertificateReviseBody>;

const note = z.string().trim().max(2000).optional();
export const SuspendBody = z
  .strictObject({
    version: z.number().int().min(1),
    reasonCode: z.enum(keys(SUSPENSION_REASONS)),
    /** Last day of the suspension; default and maximum: the suspension period of the scheme/CB. */
    until: CivilDateSchema.optional(),
    note,
  })
  .meta({ id: 'CertificateSuspendBody' });
export const RestoreBody = z
  .strictObject({ version: z.number().int().min(1), note })
  .meta({ id: 'CertificateRestoreBody' });
export const WithdrawBody = z
  .strictObject({ version: z.number().int().min(1), reasonCode: z.enum(keys(WITHDRAWAL_REASONS)), note })
  .meta({ id: 'CertificateWithdrawBody' });
export const CancelBody = z
  .strictObject({
    version: z.number().int().min(1),
    reasonCode: z.enum(keys(CANCELLATION_REASONS)).default('client_request'),
    note,
  })
  .meta({ id: 'CertificateCancelBody' });
export const SurveillanceBody = z
  .strictObject({ version: z.number().int().min(1), completedOn: CivilDateSchema })
  .meta({ id: 'CertificateSurveillanceBody' });
export const CertificatePatchBody = z
  .strictObject({ version: z.number().int().min(1), confidential: z.boolean() })
  .meta({ id: 'CertificatePatchBody' });

export const StatusHistoryEntry = z.object({
  seq: z.number().int(),
  from: z.enum(CERTIFICATE_STATUSES).nullable(),
  to: z.enum(CERTIFICATE_STATUSES),
  event: z.string(),
  reasonCode: z.string(),
  reason: Label.nullable(),
  note: z.string().nullable(),
  effectiveDate: z.string(),
  suspendedUntil: z.string().nullable(),
  occurredAt: Instant,
  actor: z.string().nullable(),
});

export const CertificateResponse = z
  .object({
    id: Id,
    identityNumber: z.string(),
    revision: z.number().int(),
    supersedesId: Id.nullable(),
    supersededById: Id.nullable(),
    category: z.enum(CERTIFICATE_CATEGORIES),
    certificateNumber: z.string(),
    clientId: Id,
    entity: z.object({
      nameZh: z.string(),
      nameEn: z.string().nullable(),
      creditCode: z.string(),
      address: z.record(z.string(), z.unknown()),
    }),
    sites: z.array(z.record(z.string(), z.unknown())),
    scopeZh: z.string(),
    scopeEn: z.string().nullable(),
    scheme: z.object({
      id: Id,
      urn: z.string(),
      version: z.string(),
      contentHash: z.string(),
      title: z.object({ zh: z.string(), en: z.string().nullable() }),
      standards: z.array(z.string()),
    }),
    engineVersion: z.string(),
    evaluationId: z.string().nullable(),
    score: z.number(),
    scoreText: z.string(),
    level: z.object({ id: z.string(), stars: z.number().int(), title: Label }),
    decisionDate: z.string(),
    originalIssueDate: z.string(),
    issueDate: z.string(),
    expiryDate: z.string(),
    status: z.enum(CERTIFICATE_STATUSES),
    statusLabel: Label,
    statusReason: z.string().nullable(),
    statusReasonLabel: Label.nullable(),
    statusDate: z.string(),
    suspendedUntil: z.string().nullable(),
    withdrawalProposedAt: Instant.nullable(),
    surveillanceDueOn: z.string().nullable(),
    lastSurveillanceOn: z.string().nullable(),
    confidential: z.boolean(),
    verificationUrl: z.string(),
    history: z.array(StatusHistoryEntry),
    createdAt: Instant,
    updatedAt: Instant,
    version: z.number().int(),
  })
  .meta({ id: 'CertificateResponse' });
export type CertificateResponse = z.infer<typeof CertificateResponse>;

export const CertificateDetailResponse = CertificateResponse.extend({
  /** The frozen engine result (docs/scoring.md). */
  result: z.record(z.string(), z.unknown()),
}).meta({ id: 'CertificateDetailResponse' });
export type CertificateDetailResponse = z.infer<typeof CertificateDetailResponse>;

export const CertificateListQuery = z.strictObject({
  status: z.enum(CERTIFICATE_STATUSES).optional(),
  category: z.enum(CERTIFICATE_CATEGORIES).optional(),
  clientId: Id.optional(),
  q: z.string().max(100).optional(),
  /** By default only the current version of each certificate; true lists superseded versions too. */
  allRevisions: z.enum(['true', 'false']).optional(),
  ...PageQuery,
});
export type CertificateListQuery = z.infer<typeof CertificateListQuery>;
export const CertificateListResponse = pageOf(CertificateResponse).meta({ id: 'CertificateListResponse' });
export type CertificateListResponse = z.infer<typeof CertificateListResponse>;

export const CertificateSettingsBody = z
  .strictObject({
    version: z.number().int().min(1),
    numberPattern: z.string().min(1).max(100).optional(),
    cbNameEn: z.string().trim().max(300).nullable().optional(),
    cbAddress: z.string().trim().max(500).nullable().optional(),
    cncaApprovalNo: z.string().trim().max(60).nullable().optional(),
    accreditationBody: z.string().trim().max(100).nullable().optional(),
    accreditationNo: z.string().trim().max(100).nullable().optional(),
    accreditationMarkCode: z
      .string()
      .trim()
      .regex(/^\d{2}(;\d{2})*$/)
      .nullable()
      .optional(),
    auditPlanPrefix: z
      .string()
      .trim()
      .regex(/^RF?0[0-9A-Z]{4,5}$/)
      .nullable()
      .optional(),
    verificationBaseUrl: z
      .url({ protocol: /^https?$/ })
      .nullable()
      .optional(),
    logoSvg: z.string().max(200_000).nullable().optional(),
    suspensionMaxMonths: z.number().int().min(1).max(24).optional(),
    surveillanceGraceDays: z.number().int().min(0).max(366).optional(),
    reminderLeadDays: z.array(z.number().int().min(1).max(730)).max(10).optional(),
    cncaReport: z
      .strictObject({
        sheets: z
          .array(
            z.strictObject({
              name: text(31),
              columns: z
                .array(z.strictObject({ header: text(100), field: text(60) }))
                .min(1)
                .max(200),
            }),
          )
          .min(1)
          .max(10),
      })
      .nullable()
      .optional(),
  })
  .meta({ id: 'CertificateSettingsBody' });
export type CertificateSettingsBody = z.infer<typeof CertificateSettingsBody>;

export const CertificateSettingsResponse = z
  .object({
    numberPattern: z.string(),
    cbNameEn: z.string().nullable(),
    cbAddress: z.string().nullable(),
    cncaApprovalNo: z.string().nullable(),
    accreditationBody: z.string().nullable(),
    accreditationNo: z.string().nullable(),
    accreditationMarkCode: z.string().nullable(),
    auditPlanPrefix: z.string().nullable(),
    verificationBaseUrl: z.string().nullable(),
    logoSvg: z.string().nullable(),
    suspensionMaxMonths: z.number().int(),
    surveillanceGraceDays: z.number().int(),
    reminderLeadDays: z.array(z.number().int()),
    cncaReport: z.record(z.string(), z.unknown()),
    signingKey: z.object({ kid: z.string(), publicKeyPem: z.string() }).nullable(),
    version: z.number().int(),
  })
  .meta({ id: 'CertificateSettingsResponse' });
export type CertificateSettingsResponse = z.infer<typeof CertificateSettingsResponse>;

export const NoticeResponse = z.object({
  id: Id,
  certificateId: Id,
  kind: z.enum(['reminder', 'withdrawalProposal']),
  audience: z.enum(['cb', 'client', 'decisionMaker']),
  due: z.string().nullable(),
  dueDate: z.string().nullable(),
  leadDays: z.number().int().nullable(),
  message: Label,
  createdAt: Instant,
});
export const NoticeListResponse = z
  .object({ items: z.array(NoticeResponse) })
  .meta({ id: 'CertificateNoticeListResponse' });
export type NoticeListResponse = z.infer<typeof NoticeListResponse>;

export const JobRunResponse = z
  .object({
    certificationBodies: z.number().int(),
    examined: z.number().int(),
    expired: z.number().int(),
    suspended: z.number().int(),
    withdrawalProposals: z.number().int(),
    reminders: z.number().int(),
  })
  .meta({ id: 'CertificateJobRunResponse' });
export type JobRunResponse = z.infer<typeof JobRunResponse>;

export const MonthQuery = z.strictObject({
  month: z.string().regex(/^\d{4}-(0[1-9]|1[0-2])$/, 'must be YYYY-MM'),
});

// ── public verification ───────────────────────────────────────────────────────────────────────────

/** Everything the public may see of a certificate: an allow-list, nothing else leaves. */
export const PublicCertificate = z
  .strictObject({
    certificateNumber: z.string(),
    revision: z.number().int(),
    category: z.enum(CERTIFICATE_CATEGORIES),
    confidential: z.boolean(),
    /** Null when the certificate is confidential. */
    entityName: z.string().nullable(),
    entityNameEn: z.string().nullable(),
    scheme: z.strictObject({
      title: z.strictObject({ zh: z.string(), en: z.string().nullable() }),
      standards: z.array(z.string()),
    }),
    level: z.strictObject({ id: z.string(), stars: z.number().int(), title: Label }),
    scopeZh: z.string(),
    scopeEn: z.string().nullable(),
    /** Empty when the certificate is confidential. */
    sites: z.array(z.strictObject({ name: z.string(), address: z.string(), scopeZh: z.string().nullable() })),
    originalIssueDate: z.string(),
    issueDate: z.string(),
    expiryDate: z.string(),
    status: z.enum(CERTIFICATE_STATUSES),
    statusLabel: Label,
    statusReason: Label.nullable(),
    statusDate: z.string(),
    suspendedUntil: z.string().nullable(),
    valid: z.boolean(),
    certificationBody: z.strictObject({
      name: z.string(),
      nameEn: z.string().nullable(),
      cncaApprovalNo: z.string().nullable(),
      accreditation: z.string().nullable(),
    }),
    verificationUrl: z.string(),
  })
  .meta({ id: 'PublicCertificate' });
export type PublicCertificate = z.infer<typeof PublicCertificate>;

export const PublicLookupQuery = z.strictObject({
  no: z.string().trim().min(1).max(60).optional(),
  name: z.string().trim().min(1).max(100).optional(),
});
export const PublicLookupResponse = z
  .strictObject({ items: z.array(PublicCertificate), truncated: z.boolean() })
  .meta({ id: 'PublicLookupResponse' });
export type PublicLookupResponse = z.infer<typeof PublicLookupResponse>;

export const PublicTokenQuery = z.strictObject({ token: z.string().min(10).max(2000) });
export const PublicTokenResponse = z
  .strictObject({
    signatureValid: z.boolean(),
    /** What the QR code says (only when the signature is valid). */
    signed: z
      .strictObject({
        kid: z.string(),
        certificateNumber: z.string(),
        revision: z.number().int(),
        entityName: z.string(),
        levelId: z.string(),
        stars: z.number().int(),
        issueDate: z.string(),
        expiryDate: z.string(),
      })
      .nullable(),
    /** The certificate's current record (null when unknown or the signature fails). */
    certificate: PublicCertificate.nullable(),
    /** True when the signed revision is still the current one. */
    current: z.boolean(),
    problem: z.string().nullable(),
  })
  .meta({ id: 'PublicTokenResponse' });
export type PublicTokenResponse = z.infer<typeof PublicTokenResponse>;

export const PublicSigningKey = z.strictObject({
  kid: z.string(),
  algorithm: z.literal('Ed25519'),
  publicKeyPem: z.string(),
  certificationBody: z.string(),
  status: z.enum(['active', 'retired']),
  createdAt: Instant,
  retiredAt: Instant.nullable(),
});
export const PublicSigningKeysResponse = z
  .strictObject({ items: z.array(PublicSigningKey) })
  .meta({ id: 'PublicSigningKeysResponse' });
export const KidParams = z.strictObject({ kid: z.string().regex(/^[0-9a-f]{16}$/) });
