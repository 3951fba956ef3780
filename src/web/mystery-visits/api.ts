/** The mystery-visits API (src/modules/mystery-visits): scenarios, planning, field capture, review, results. */
import type {
  CaptureBody,
  PlanVisitsBody,
  ResultsResponse,
  ReviewBody,
  ReviewEditBody,
  ScenarioResponse,
  VisitEvaluationList,
  VisitResponse,
} from '../../modules/mystery-visits/mystery-visits.contract.ts';
import type { EvaluationListResponse } from '../../modules/evaluations/evaluations.contract.ts';
import type { EvaluationResult } from '../../domain/scoring/result.ts';
import type { ScenarioContent } from '../../domain/mystery-visits/scenario.ts';
import { api } from '../api/client.ts';

export type Visit = VisitResponse;
export type Scenario = ScenarioResponse;
export type Results = ResultsResponse;
export type { ScenarioContent };
export type Question = ScenarioContent['questions'][number];
export type AnswerValue = 'yes' | 'no' | 'na' | number;

/** Limits the server enforces; checked here before a file is sent. */
export const EVIDENCE_LIMITS = {
  photo: {
    maxBytes: 10 * 1024 * 1024,
    accept: 'image/jpeg,image/png,image/webp,image/heic,.jpg,.jpeg,.png,.webp,.heic,.heif',
    ext: ['.jpg', '.jpeg', '.png', '.webp', '.heic', '.heif'],
  },
  audio: {
    maxBytes: 30 * 1024 * 1024,
    accept: 'audio/*,.mp3,.m4a,.mp4,.aac,.wav,.ogg,.oga,.opus,.webm,.amr',
    ext: ['.mp3', '.m4a', '.mp4', '.aac', '.wav', '.ogg', '.oga', '.opus', '.webm', '.amr'],
  },
} as const;

export const mysteryKeys = {
  all: ['mystery'] as const,
  mine: ['mystery', 'mine'] as const,
  myVisit: (id: string) => ['mystery', 'mine', id] as const,
  visits: (evaluationId: string) => ['mystery', 'visits', evaluationId] as const,
  visit: (id: string) => ['mystery', 'visit', id] as const,
  results: (evaluationId: string) => ['mystery', 'results', evaluationId] as const,
  scenarios: ['mystery', 'scenarios'] as const,
  shoppers: ['mystery', 'shoppers'] as const,
  evaluations: ['mystery', 'evaluations'] as const,
  visitEvaluations: ['mystery', 'visit-evaluations'] as const,
  evaluation: (id: string) => ['mystery', 'evaluation', id] as const,
  score: (id: string) => ['mystery', 'score', id] as const,
};

export const listMyVisits = (signal?: AbortSignal) =>
  api.get<{ items: Visit[] }>('/api/my/mystery-visits', undefined, signal);
export const getMyVisit = (id: string, signal?: AbortSignal) =>
  api.get<Visit>(`/api/my/mystery-visits/${id}`, undefined, signal);
export const startVisit = (id: string, version: number) =>
  api.post<Visit>(`/api/my/mystery-visits/${id}/start`, { version, at: new Date().toISOString() });
export const captureVisit = (id: string, body: CaptureBody) =>
  api.patch<Visit>(`/api/my/mystery-visits/${id}`, body);
export const submitVisit = (id: string, version: number) =>
  api.post<Visit>(`/api/my/mystery-visits/${id}/submit`, { version });
export function uploadVisitEvidence(id: string, key: string, file: File) {
  const form = new FormData();
  form.append('file', file);
  return api.upload<Visit>(`/api/my/mystery-visits/${id}/evidence`, form, { key });
}

export const listVisits = (evaluationId: string, signal?: AbortSignal) =>
  api.get<{ items: Visit[] }>(`/api/evaluations/${evaluationId}/mystery-visits`, undefined, signal);
export const getVisit = (id: string, signal?: AbortSignal) =>
  api.get<Visit>(`/api/mystery-visits/${id}`, undefined, signal);
export const planVisits = (evaluationId: string, body: PlanVisitsBody) =>
  api.post<{ items: Visit[] }>(`/api/evaluations/${evaluationId}/mystery-visits`, body);
export const reviewVisit = (id: string, body: ReviewBody) =>
  api.post<Visit>(`/api/mystery-visits/${id}/review`, body);
export const editAnswer = (id: string, body: ReviewEditBody) =>
  api.patch<Visit>(`/api/mystery-visits/${id}/answers`, body);
export const getResults = (evaluationId: string, signal?: AbortSignal) =>
  api.get<Results>(`/api/evaluations/${evaluationId}/mystery-results`, undefined, signal);
export const evidenceFileUrl = (visitId: string, fileId: string) =>
  `/api/mystery-visits/${visitId}/evidence/${fileId}`;

export const listScenarios = (signal?: AbortSignal) =>
  api.get<{ items: Scenario[] }>('/api/mystery-scenarios', undefined, signal);
export const updateScenario = (id: string, version: number, content: unknown) =>
  api.patch<Scenario>(`/api/mystery-scenarios/${id}`, { version, content });
export const publishScenario = (id: string, version: number) =>
  api.post<Scenario>(`/api/mystery-scenarios/${id}/publish`, { version });
export const listShoppers = (signal?: AbortSignal) =>
  api.get<{ items: { id: string; displayName: string }[] }>('/api/mystery-shoppers', undefined, signal);

/** Evaluations to plan visits for (CB staff), and the one chosen with its sites and live score. */
export const listOpenEvaluations = (signal?: AbortSignal) =>
  api.get<EvaluationListResponse>('/api/evaluations', { pageSize: 100 }, signal);
/** Evaluations whose visits the caller reads (a client: its own with approved visits). */
export const listVisitEvaluations = (signal?: AbortSignal) =>
  api.get<VisitEvaluationList>('/api/mystery-evaluations', undefined, signal);
export interface EvaluationSites {
  id: string;
  version: number;
  state: string;
  client: { name: string };
  sites: { id: string; kind: 'headquarters' | 'outlet'; code: string; name: string }[];
}
export const getEvaluationSites = (id: string, signal?: AbortSignal) =>
  api.get<EvaluationSites>(`/api/evaluations/${id}`, undefined, signal);
export const getLiveScore = (id: string, signal?: AbortSignal) =>
  api.get<EvaluationResult>(`/api/evaluations/${id}/score`, undefined, signal);

/** i18n key segments (snake_case) for the API's camelCase values. */
export const CHANNEL_KEY: Record<Visit['channel'], string> = {
  inStore: 'in_store',
  hotline: 'hotline',
  onlineChat: 'online_chat',
  onSiteRepair: 'on_site_repair',
};
export const STATE_KEY: Record<Visit['state'], string> = {
  assigned: 'assigned',
  inProgress: 'in_progress',
  submitted: 'submitted',
  returned: 'returned',
  approved: 'approved',
  voided: 'voided',
};
export const STATE_COLOUR: Record<Visit['state'], string> = {
  assigned: 'default',
  inProgress: 'processing',
  submitted: 'gold',
  returned: 'orange',
  approved: 'green',
  voided: 'red',
};
