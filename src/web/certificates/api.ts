/**
 * The certificates API (issue 6): list and detail, lifecycle actions, documents and registry exports.
 * Types come from the server's contracts; enum lists are repeated here and kept equal by their types.
 */
import type {
  CertificateListResponse,
  CertificateResponse,
} from '../../modules/certificates/certificates.contract.ts';
import type {
  CANCELLATION_REASONS as ServerCancellation,
  CERTIFICATE_CATEGORIES as ServerCategories,
  CERTIFICATE_STATUSES as ServerStatuses,
  SUSPENSION_REASONS as ServerSuspension,
  WITHDRAWAL_REASONS as ServerWithdrawal,
} from '../../domain/certificates/statuses.ts';
import { api } from '../api/client.ts';

export type Certificate = CertificateResponse;
export type CertificateList = CertificateListResponse;
export type HistoryEntry = Certificate['history'][number];

export const CERTIFICATE_STATUSES: typeof ServerStatuses = [
  'active',
  'suspended',
  'withdrawn',
  'cancelled',
  'expired',
  'superseded',
];
export type CertificateStatus = (typeof CERTIFICATE_STATUSES)[number];
export const CERTIFICATE_CATEGORIES: typeof ServerCategories = ['service', 'managementSystem', 'product'];
export type CertificateCategory = (typeof CERTIFICATE_CATEGORIES)[number];

export const SUSPENSION_REASONS = [
  'surveillance_overdue',
  'surveillance_failed',
  'nonconformity_not_corrected',
  'major_complaint_or_accident',
  'misuse_of_certificate',
  'refused_surveillance',
  'regulator_sampling_failure',
  'client_request',
  'other',
] as const satisfies readonly (keyof typeof ServerSuspension)[];
export const WITHDRAWAL_REASONS = [
  'suspension_unresolved',
  'legal_status_lost',
  'serious_dishonesty',
  'refused_regulator_inspection',
  'major_accident',
  'system_not_operated',
  'misuse_not_corrected',
  'fraud',
  'other',
] as const satisfies readonly (keyof typeof ServerWithdrawal)[];
export const CANCELLATION_REASONS = [
  'client_request',
  'business_ceased',
  'other',
] as const satisfies readonly (keyof typeof ServerCancellation)[];

export interface CertificateListParams {
  status?: CertificateStatus;
  category?: CertificateCategory;
  q?: string;
  allRevisions?: 'true';
  page: number;
  pageSize: number;
}

export const certificateKeys = {
  all: ['certificates'] as const,
  list: (p: CertificateListParams) => ['certificates', 'list', p] as const,
  detail: (id: string) => ['certificates', 'detail', id] as const,
  versions: (number: string) => ['certificates', 'versions', number] as const,
};

export const listCertificates = (p: CertificateListParams, signal?: AbortSignal) =>
  api.get<CertificateList>('/api/certificates', { ...p }, signal);

export const getCertificate = (id: string, signal?: AbortSignal) =>
  api.get<Certificate>(`/api/certificates/${id}`, undefined, signal);

/** Every version of a certificate (same number and identity), newest first. */
export async function listVersions(c: Certificate, signal?: AbortSignal): Promise<Certificate[]> {
  const page = await api.get<CertificateList>(
    '/api/certificates',
    { q: c.certificateNumber, allRevisions: 'true', pageSize: 200 },
    signal,
  );
  return page.items
    .filter((v) => v.identityNumber === c.identityNumber)
    .sort((a, b) => b.revision - a.revision);
}

export type LifecycleAction = 'suspend' | 'restore' | 'withdraw' | 'cancel';

export const changeStatus = (
  id: string,
  action: LifecycleAction,
  body: { version: number; reasonCode?: string; until?: string; note?: string },
) => api.post<Certificate>(`/api/certificates/${id}/${action}`, body);

export const pdfUrl = (id: string) => `/api/certificates/${id}/pdf`;
export const markUrl = (id: string, format: 'svg' | 'png') => `/api/certificates/${id}/mark.${format}`;
export const IAF_EXPORT_URL = '/api/certificate-exports/iaf-certsearch';
export const cncaExportUrl = (month: string) => `/api/certificate-exports/cnca-monthly?month=${month}`;
