/**
 * The evaluation API (src/modules/evaluations, findings and evidence): plan, team, checklist, score,
 * review, decision, report. Types come from the server's contracts.
 */
import type { z } from 'zod';
import type {
  CandidatesResponse,
  ChecklistEntryBody,
  ChecklistEntryResponse,
  ChecklistResponse,
  ChecklistResult,
  DecisionBody,
  DecisionResponse,
  EvaluationListQuery,
  EvaluationListResponse,
  EvaluationResponse,
  PlanBody,
  ReviewBody,
  SpecialsBody,
  TeamBody,
} from '../../modules/evaluations/evaluations.contract.ts';
import type { EVALUATION_STATES as ServerStates } from '../../domain/workflow/index.ts';
import type { EvidenceFileResponse } from '../../modules/evidence/evidence.routes.ts';
import { api } from '../api/client.ts';

export type Evaluation = EvaluationResponse;
export type EvaluationSite = Evaluation['sites'][number];
export type Candidates = z.infer<typeof CandidatesResponse>;
export type Candidate = Candidates['items'][number];
export type AssignmentBlock = Candidate['blocks'][number];
export type Checklist = ChecklistResponse;
export type ChecklistEntry = ChecklistEntryResponse;
export type Result = ChecklistResult;
export type Decision = DecisionResponse;
export type EvidenceFile = z.infer<typeof EvidenceFileResponse>;
export type TeamRole = 'lead' | 'evaluator' | 'expert';
export type Label = { zh: string; en: string };

/** The engine's result (GET /api/evaluations/:id/score); only the parts the web app shows. */
export interface ScoreResult {
  engineVersion: string;
  status: string;
  totals: {
    maxPoints: number;
    excludedPoints: number;
    applicablePoints: number;
    achievedPoints: number;
    specialDeductions: { count: number; total: number };
    specialBonus: { count: number; total: number };
    score: number | null;
    scoreText: string | null;
  };
  outcome: {
    passed: boolean | null;
    level: { id: string; title: Label; stars: number } | null;
    reasons: { code: string; zh: string; en: string }[];
  };
  unscorable: { node: string }[];
  trace: {
    nodes: {
      code: string;
      level: number;
      title: Label;
      isLeaf: boolean;
      maxPoints: number;
      applicablePoints: number;
      achievedPoints: number | null;
      status: string;
    }[];
  };
}

export const EVALUATION_STATES: typeof ServerStates = [
  'planned',
  'inProgress',
  'submitted',
  'reviewed',
  'decided',
];
export type EvaluationState = (typeof EVALUATION_STATES)[number];

export const evaluationKeys = {
  all: ['evaluations'] as const,
  list: (q: Partial<EvaluationListQuery>) => ['evaluations', 'list', q] as const,
  one: (id: string) => ['evaluations', 'one', id] as const,
  candidates: (id: string, role: TeamRole) => ['evaluations', 'candidates', id, role] as const,
  checklist: (id: string) => ['evaluations', 'checklist', id] as const,
  score: (id: string) => ['evaluations', 'score', id] as const,
  decisions: (id: string) => ['evaluations', 'decisions', id] as const,
  evidence: (id: string) => ['evaluations', 'evidence', id] as const,
};

export const listEvaluations = (q: Partial<EvaluationListQuery>, signal?: AbortSignal) =>
  api.get<EvaluationListResponse>('/api/evaluations', q, signal);
export const getEvaluation = (id: string, signal?: AbortSignal) =>
  api.get<Evaluation>(`/api/evaluations/${id}`, undefined, signal);
export const getCandidates = (id: string, role: TeamRole, signal?: AbortSignal) =>
  api.get<Candidates>(`/api/evaluations/${id}/candidates`, { role }, signal);
export const putTeam = (id: string, body: TeamBody) =>
  api.put<Evaluation>(`/api/evaluations/${id}/team`, body);
export const patchPlan = (id: string, body: PlanBody) =>
  api.patch<Evaluation>(`/api/evaluations/${id}/plan`, body);
export const sendPlan = (id: string, version: number) =>
  api.post<Evaluation>(`/api/evaluations/${id}/send-plan`, { version });
export const startEvaluation = (id: string, version: number) =>
  api.post<Evaluation>(`/api/evaluations/${id}/start`, { version });
export const completeDocumentReview = (id: string, version: number) =>
  api.post<Evaluation>(`/api/evaluations/${id}/complete-document-review`, { version });
export const getChecklist = (id: string, signal?: AbortSignal) =>
  api.get<Checklist>(`/api/evaluations/${id}/checklist`, undefined, signal);
export const patchEntry = (entryId: string, body: ChecklistEntryBody) =>
  api.patch<ChecklistEntry>(`/api/checklist-entries/${entryId}`, body);
export const putSpecials = (id: string, body: SpecialsBody) =>
  api.put<Evaluation>(`/api/evaluations/${id}/specials`, body);
export const getScore = (id: string, signal?: AbortSignal) =>
  api.get<ScoreResult>(`/api/evaluations/${id}/score`, undefined, signal);
export const submitEvaluation = (id: string, version: number) =>
  api.post<Evaluation>(`/api/evaluations/${id}/submit`, { version });
export const reviewEvaluation = (id: string, body: ReviewBody) =>
  api.post<Evaluation>(`/api/evaluations/${id}/review`, body);
export const decideEvaluation = (id: string, body: DecisionBody) =>
  api.post<Decision>(`/api/evaluations/${id}/decision`, body);
export const listDecisions = (id: string, signal?: AbortSignal) =>
  api.get<Decision[]>(`/api/evaluations/${id}/decisions`, undefined, signal);
export const reportUrl = (id: string, lang: 'zh-CN' | 'en') => `/api/evaluations/${id}/report?lang=${lang}`;
/** The evaluation plan PDF (team, dates, sites and why, techniques). */
export const planUrl = (id: string, lang: 'zh-CN' | 'en') => `/api/evaluations/${id}/plan?lang=${lang}`;
export const documentUrl = (id: string) => `/api/evaluations/${id}/document`;
export const evidenceUrl = (
  context: 'applications' | 'evaluations' | 'findings',
  id: string,
  fileId: string,
) => `/api/${context}/${id}/evidence/${fileId}`;

export const listEvaluationEvidence = (id: string, signal?: AbortSignal) =>
  api.get<EvidenceFile[]>(`/api/evaluations/${id}/evidence`, undefined, signal);
export function uploadEvaluationEvidence(id: string, file: File) {
  const form = new FormData();
  form.append('file', file);
  return api.upload<EvidenceFile>(`/api/evaluations/${id}/evidence`, form);
}
