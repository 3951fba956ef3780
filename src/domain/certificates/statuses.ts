/**
 * Certificate statuses and reason codes (../shared/domain/certification.md §4, §9). Every status change
 * carries a reason code, an effective date and who decided. CNCA's own reason-code labels are
 * unconfirmed, so Starmark keeps its own stable codes with bilingual labels; the registry exports map
 * statuses (not reasons) onto the registries' vocabularies.
 */
import type { LocalizedLabel } from './labels.ts';

export const CERTIFICATE_STATUSES = [
  'active',
  'suspended',
  'withdrawn',
  'cancelled',
  'expired',
  'superseded',
] as const;
export type CertificateStatus = (typeof CERTIFICATE_STATUSES)[number];

export const CERTIFICATE_CATEGORIES = ['service', 'managementSystem', 'product'] as const;
export type CertificateCategory = (typeof CERTIFICATE_CATEGORIES)[number];

export const STATUS_LABELS: Record<CertificateStatus, LocalizedLabel> = {
  active: { zh: '有效', en: 'Valid' },
  suspended: { zh: '暂停', en: 'Suspended' },
  withdrawn: { zh: '撤销', en: 'Withdrawn' },
  cancelled: { zh: '注销', en: 'Cancelled' },
  expired: { zh: '过期失效', en: 'Expired' },
  superseded: { zh: '已换发新版', en: 'Superseded by a newer version' },
};

export const SUSPENSION_REASONS = {
  surveillance_overdue: { zh: '监督评价逾期未实施', en: 'Surveillance overdue' },
  surveillance_failed: { zh: '监督评价结果不满足要求', en: 'Surveillance result below requirements' },
  nonconformity_not_corrected: { zh: '不符合项未按期整改', en: 'Nonconformities not corrected in time' },
  major_complaint_or_accident: { zh: '发生重大投诉或事故', en: 'Major complaint or accident' },
  misuse_of_certificate: { zh: '误用证书或标志', en: 'Misuse of the certificate or mark' },
  refused_surveillance: { zh: '拒绝接受监督', en: 'Surveillance refused' },
  regulator_sampling_failure: { zh: '监督抽查不合格', en: 'Failed a regulator sampling inspection' },
  client_request: { zh: '获证组织申请暂停', en: 'At the client’s request' },
  other: { zh: '其他原因', en: 'Other reason' },
} as const satisfies Record<string, LocalizedLabel>;
export type SuspensionReason = keyof typeof SUSPENSION_REASONS;

export const WITHDRAWAL_REASONS = {
  suspension_unresolved: { zh: '暂停期满未恢复', en: 'Suspension period ended unresolved' },
  legal_status_lost: { zh: '丧失法人资格或经营资格', en: 'Legal status lost' },
  serious_dishonesty: { zh: '被列入严重失信名单', en: 'Listed for serious dishonesty' },
  refused_regulator_inspection: { zh: '拒绝监管部门检查', en: 'Regulator inspection refused' },
  major_accident: { zh: '发生重大质量安全事故', en: 'Major quality or safety accident' },
  system_not_operated: { zh: '售后服务体系未有效运行', en: 'Service system not operated' },
  misuse_not_corrected: { zh: '误用证书或标志且未纠正', en: 'Misuse not corrected' },
  fraud: { zh: '提供虚假信息或弄虚作假', en: 'False information or fraud' },
  other: { zh: '其他原因', en: 'Other reason' },
} as const satisfies Record<string, LocalizedLabel>;
export type WithdrawalReason = keyof typeof WITHDRAWAL_REASONS;

export const CANCELLATION_REASONS = {
  client_request: { zh: '获证组织申请注销', en: 'At the client’s request' },
  business_ceased: { zh: '获证组织停止相关经营', en: 'The client stopped the certified business' },
  other: { zh: '其他原因', en: 'Other reason' },
} as const satisfies Record<string, LocalizedLabel>;
export type CancellationReason = keyof typeof CANCELLATION_REASONS;

export const CHANGE_REASONS = {
  level_change: { zh: '等级变更', en: 'Level change' },
  scope_change: { zh: '范围变更', en: 'Scope change' },
  site_change: { zh: '网点（场所）变更', en: 'Change of sites' },
  recertification: { zh: '再认证换发新证', en: 'Renewed at recertification' },
} as const satisfies Record<string, LocalizedLabel>;
export type ChangeReason = keyof typeof CHANGE_REASONS;

export const OTHER_REASONS = {
  granted: { zh: '认证决定批准发证', en: 'Granted by a certification decision' },
  resolved: { zh: '暂停原因已消除，恢复证书', en: 'Suspension resolved; certificate restored' },
  validity_ended: { zh: '有效期届满', en: 'Validity period ended' },
} as const satisfies Record<string, LocalizedLabel>;

export type ReasonCode =
  SuspensionReason | WithdrawalReason | CancellationReason | ChangeReason | keyof typeof OTHER_REASONS;

/** Bilingual label of a reason code in the context of the status it led to. */
export function reasonLabel(status: CertificateStatus, code: string | null): LocalizedLabel | null {
  if (!code) return null;
  const table: Record<string, LocalizedLabel> =
    status === 'suspended'
      ? SUSPENSION_REASONS
      : status === 'withdrawn'
        ? WITHDRAWAL_REASONS
        : status === 'cancelled'
          ? CANCELLATION_REASONS
          : status === 'superseded'
            ? CHANGE_REASONS
            : OTHER_REASONS;
  return table[code] ?? { zh: code, en: code };
}

/** IAF CertSearch "Certification Status" (template 2.x vocabulary). */
export const IAF_STATUS: Record<
  CertificateStatus,
  'Active' | 'Suspended' | 'Withdrawn' | 'Cancelled' | 'Expired' | 'Inactive'
> = {
  active: 'Active',
  suspended: 'Suspended',
  withdrawn: 'Withdrawn',
  cancelled: 'Cancelled',
  expired: 'Expired',
  // A superseded version is replaced under the same Certification Identity Number by its successor.
  superseded: 'Inactive',
};

/**
 * CNCA status (certification.md §9, one body's code table: 01 有效 · 02 暂停 · 03 撤销 · 05 过期失效; 注销 has
 * no confirmed code, so it is reported by its label only).
 */
export const CNCA_STATUS: Record<CertificateStatus, { code: string | null; label: string }> = {
  active: { code: '01', label: '有效' },
  suspended: { code: '02', label: '暂停' },
  withdrawn: { code: '03', label: '撤销' },
  cancelled: { code: null, label: '注销' },
  expired: { code: '05', label: '过期失效' },
  superseded: { code: null, label: '换证' },
};

/** A certificate in one of these statuses may be shown and its mark used; all others are invalid. */
export const isValidStatus = (s: CertificateStatus) => s === 'active';
