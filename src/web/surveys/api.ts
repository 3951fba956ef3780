/** The surveys API (src/modules/surveys): questionnaires, campaigns per evaluation, imports, metrics. */
import type { z } from 'zod';
import type {
  CampaignResponse,
  CreatedResponse,
  ImportReport,
  InterviewListResponse,
  InvitationImportReport,
  MetricsResponse,
  QuestionnaireListResponse,
  QuestionnaireResponse,
} from '../../modules/surveys/surveys.contract.ts';
import type { EvaluationListResponse } from '../../modules/evaluations/evaluations.contract.ts';
import { api } from '../api/client.ts';

export type Campaign = z.infer<typeof CampaignResponse>;
export type Metrics = z.infer<typeof MetricsResponse>;
export type OutletMetrics = Metrics['outlets'][number];
export type Report = z.infer<typeof ImportReport>;
export type InvitationReport = z.infer<typeof InvitationImportReport>;
export type Questionnaire = z.infer<typeof QuestionnaireResponse>;
export type Interview = z.infer<typeof InterviewListResponse>['items'][number];
export type QuestionnaireSummary = z.infer<typeof QuestionnaireListResponse>['items'][number];

export const surveyKeys = {
  all: ['surveys'] as const,
  questionnaires: ['surveys', 'questionnaires'] as const,
  questionnaire: (id: string) => ['surveys', 'questionnaire', id] as const,
  evaluations: ['surveys', 'evaluations'] as const,
  evaluation: (id: string) => ['surveys', 'evaluation', id] as const,
  campaigns: (evaluationId: string) => ['surveys', 'campaigns', evaluationId] as const,
  campaign: (id: string) => ['surveys', 'campaign', id] as const,
  metrics: (id: string) => ['surveys', 'metrics', id] as const,
  interviews: ['surveys', 'interviews'] as const,
};

export const listQuestionnaires = (signal?: AbortSignal) =>
  api.get<{ items: QuestionnaireSummary[] }>('/api/survey-questionnaires', undefined, signal);
export const getQuestionnaire = (id: string, signal?: AbortSignal) =>
  api.get<Questionnaire>(`/api/survey-questionnaires/${id}`, undefined, signal);
export const createQuestionnaire = (name: string) =>
  api.post<Questionnaire>('/api/survey-questionnaires', { name, template: 'afterSales' });
export const addVersion = (id: string, version: number, content: unknown) =>
  api.post<Questionnaire>(`/api/survey-questionnaires/${id}/versions`, { version, content });

export const listEvaluations = (signal?: AbortSignal) =>
  api.get<EvaluationListResponse>('/api/evaluations', { pageSize: 100 }, signal);
export interface EvaluationSites {
  id: string;
  sites: { id: string; kind: string; code: string; name: string }[];
}
export const getEvaluation = (id: string, signal?: AbortSignal) =>
  api.get<EvaluationSites>(`/api/evaluations/${id}`, undefined, signal);

export const listCampaigns = (evaluationId: string, signal?: AbortSignal) =>
  api.get<{ items: Campaign[] }>(`/api/evaluations/${evaluationId}/survey-campaigns`, undefined, signal);
export const createCampaign = (evaluationId: string, body: unknown) =>
  api.post<Campaign>(`/api/evaluations/${evaluationId}/survey-campaigns`, body);
export const getCampaign = (id: string, signal?: AbortSignal) =>
  api.get<Campaign>(`/api/survey-campaigns/${id}`, undefined, signal);
export const updateCampaign = (id: string, body: unknown) =>
  api.patch<Campaign>(`/api/survey-campaigns/${id}`, body);
export const launchCampaign = (id: string, version: number) =>
  api.post<Campaign>(`/api/survey-campaigns/${id}/launch`, { version });
export const closeCampaign = (id: string, version: number) =>
  api.post<Campaign>(`/api/survey-campaigns/${id}/close`, { version });
export const getMetrics = (id: string, signal?: AbortSignal) =>
  api.get<Metrics>(`/api/survey-campaigns/${id}/metrics`, undefined, signal);
export const remind = (id: string) =>
  api.post<{ items: InvitationReport['links'] }>(`/api/survey-campaigns/${id}/reminders`);

export const listInterviews = (signal?: AbortSignal) =>
  api.get<{ items: Interview[] }>('/api/survey-interviews', undefined, signal);
export const enterPhoneResponse = (id: string, siteId: string, answers: unknown) =>
  api.post<z.infer<typeof CreatedResponse>>(`/api/survey-campaigns/${id}/responses`, { siteId, answers });

function form(file: File) {
  const f = new FormData();
  f.append('file', file);
  return f;
}
export const importInvitations = (id: string, file: File) =>
  api.upload<InvitationReport>(`/api/survey-campaigns/${id}/invitations/import`, form(file));
export const importResponses = (id: string, file: File, mode: 'allOrNothing' | 'validOnly') =>
  api.upload<Report>(`/api/survey-campaigns/${id}/responses/import`, form(file), { mode });
export const posterUrl = (id: string, siteId: string) =>
  `/api/survey-campaigns/${id}/outlets/${encodeURIComponent(siteId)}/poster`;
