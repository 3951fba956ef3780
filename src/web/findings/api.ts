/** The findings API (src/modules/findings): raise, answer (client), accept or reopen (team). */
import type {
  FindingAnswerBody,
  FindingCreateBody,
  FindingListQuery,
  FindingListResponse,
  FindingResponse,
  FindingVerdictBody,
} from '../../modules/findings/findings.contract.ts';
import type {
  FINDING_SEVERITIES as ServerSeverities,
  FINDING_STATES as ServerStates,
} from '../../domain/workflow/index.ts';
import { api } from '../api/client.ts';
import type { EvidenceFile } from '../evaluations/api.ts';

export type Finding = FindingResponse;

export const FINDING_STATES: typeof ServerStates = ['open', 'answered', 'accepted', 'reopened'];
export type FindingState = (typeof FINDING_STATES)[number];
export const FINDING_SEVERITIES: typeof ServerSeverities = [
  'specialDeduction',
  'nonconformity',
  'observation',
];
export type FindingSeverity = (typeof FINDING_SEVERITIES)[number];

export const findingKeys = {
  all: ['findings'] as const,
  list: (q: Partial<FindingListQuery>) => ['findings', 'list', q] as const,
  evidence: (id: string) => ['findings', 'evidence', id] as const,
};

export const listFindings = (q: Partial<FindingListQuery>, signal?: AbortSignal) =>
  api.get<FindingListResponse>('/api/findings', q, signal);
export const createFinding = (evaluationId: string, body: FindingCreateBody) =>
  api.post<Finding>(`/api/evaluations/${evaluationId}/findings`, body);
export const answerFinding = (id: string, body: FindingAnswerBody) =>
  api.post<Finding>(`/api/findings/${id}/answer`, body);
export const acceptFinding = (id: string, body: FindingVerdictBody) =>
  api.post<Finding>(`/api/findings/${id}/accept`, body);
export const reopenFinding = (id: string, body: FindingVerdictBody) =>
  api.post<Finding>(`/api/findings/${id}/reopen`, body);
export function uploadFindingEvidence(id: string, file: File) {
  const form = new FormData();
  form.append('file', file);
  return api.upload<EvidenceFile>(`/api/findings/${id}/evidence`, form);
}
