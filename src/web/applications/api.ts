/**
 * The application and contract-review API (src/modules/applications). Types come from the server's
 * contracts; enum lists are repeated here (the contracts pull in zod at run time) and kept equal to the
 * server's by their types.
 */
import type {
  AcceptResponse,
  ApplicationCreateBody,
  ApplicationListQuery,
  ApplicationListResponse,
  ApplicationResponse,
  ApplicationUpdateBody,
  ContractReviewResponse,
  ContractReviewUpdateBody,
  DOCUMENT_KINDS as ServerDocumentKinds,
  TransitionBody,
} from '../../modules/applications/applications.contract.ts';
import type { APPLICATION_STATES as ServerStates } from '../../domain/workflow/index.ts';
import type { z } from 'zod';
import { api } from '../api/client.ts';
import type { EvidenceFile } from '../evaluations/api.ts';

export type Application = ApplicationResponse;
export type ContractReview = ContractReviewResponse;
export type ApplicationDocument = Application['documents'][number];
export type Accepted = z.infer<typeof AcceptResponse>;

export const APPLICATION_STATES: typeof ServerStates = [
  'draft',
  'submitted',
  'accepted',
  'declined',
  'withdrawn',
];
export type ApplicationState = (typeof APPLICATION_STATES)[number];

export const DOCUMENT_KINDS: typeof ServerDocumentKinds = [
  'businessLicence',
  'permits',
  'organisationChart',
  'serviceManual',
  'outletList',
  'managerRoster',
  'satisfactionReports',
  'complaintRecords',
  'trainingRecords',
  'other',
];
export type DocumentKind = (typeof DOCUMENT_KINDS)[number];

export const applicationKeys = {
  all: ['applications'] as const,
  list: (q: Partial<ApplicationListQuery>) => ['applications', 'list', q] as const,
  one: (id: string) => ['applications', 'one', id] as const,
  review: (id: string) => ['applications', 'review', id] as const,
  evidence: (id: string) => ['applications', 'evidence', id] as const,
};

export const listApplications = (q: Partial<ApplicationListQuery>, signal?: AbortSignal) =>
  api.get<ApplicationListResponse>('/api/applications', q, signal);
export const getApplication = (id: string, signal?: AbortSignal) =>
  api.get<Application>(`/api/applications/${id}`, undefined, signal);
export const createApplication = (body: ApplicationCreateBody) =>
  api.post<Application>('/api/applications', body);
export const updateApplication = (id: string, body: ApplicationUpdateBody) =>
  api.patch<Application>(`/api/applications/${id}`, body);
export const submitApplication = (id: string, body: TransitionBody) =>
  api.post<Application>(`/api/applications/${id}/submit`, body);
export const withdrawApplication = (id: string, body: TransitionBody) =>
  api.post<Application>(`/api/applications/${id}/withdraw`, body);

export const getContractReview = (id: string, signal?: AbortSignal) =>
  api.get<ContractReview>(`/api/applications/${id}/contract-review`, undefined, signal);
export const updateContractReview = (id: string, body: ContractReviewUpdateBody) =>
  api.patch<ContractReview>(`/api/applications/${id}/contract-review`, body);
export const acceptApplication = (id: string, body: TransitionBody) =>
  api.post<Accepted>(`/api/applications/${id}/accept`, body);
export const declineApplication = (id: string, body: TransitionBody) =>
  api.post<Application>(`/api/applications/${id}/decline`, body);

export const listApplicationEvidence = (id: string, signal?: AbortSignal) =>
  api.get<EvidenceFile[]>(`/api/applications/${id}/evidence`, undefined, signal);
export function uploadApplicationEvidence(id: string, file: File) {
  const form = new FormData();
  form.append('file', file);
  return api.upload<EvidenceFile>(`/api/applications/${id}/evidence`, form);
}
