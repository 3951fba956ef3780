import type { AuditListQuery, AuditListResponse } from '../../modules/audit/audit.contract.ts';
import { api } from '../api/client.ts';

export type AuditListParams = Partial<AuditListQuery>;

export const auditKeys = {
  all: ['audit'] as const,
  list: (params: AuditListParams) => ['audit', 'list', params] as const,
};

export const listAudit = (params: AuditListParams, signal?: AbortSignal) =>
  api.get<AuditListResponse>('/api/audit', params, signal);
