/** The programme API (src/modules/programmes): the 3-year cycle and its evaluations. */
import type { z } from 'zod';
import type {
  ProgrammeEvaluationBody,
  ProgrammeEvaluationResponse,
  ProgrammeListQuery,
  ProgrammeListResponse,
  ProgrammeResponse,
} from '../../modules/programmes/programmes.contract.ts';
import { api } from '../api/client.ts';

export type Programme = ProgrammeResponse;
export type ProgrammeEvent = Programme['events'][number];

export const programmeKeys = {
  all: ['programmes'] as const,
  list: (q: Partial<ProgrammeListQuery>) => ['programmes', 'list', q] as const,
  one: (id: string) => ['programmes', 'one', id] as const,
};

export const listProgrammes = (q: Partial<ProgrammeListQuery>, signal?: AbortSignal) =>
  api.get<ProgrammeListResponse>('/api/programmes', q, signal);
export const getProgramme = (id: string, signal?: AbortSignal) =>
  api.get<Programme>(`/api/programmes/${id}`, undefined, signal);
export const createProgrammeEvaluation = (id: string, body: ProgrammeEvaluationBody) =>
  api.post<z.infer<typeof ProgrammeEvaluationResponse>>(`/api/programmes/${id}/evaluations`, body);
