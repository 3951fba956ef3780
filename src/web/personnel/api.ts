/** CB personnel (evaluators, technical experts) and their impartiality declarations. */
import type {
  DeclarationCreateBody,
  PersonnelCreateBody,
  PersonnelListQuery,
  PersonnelListResponse,
  PersonnelResponse,
  PersonnelUpdateBody,
  PERSONNEL_STATUSES as ServerStatuses,
  QUALIFICATION_ROLES as ServerRoles,
} from '../../modules/cb-personnel/cb-personnel.contract.ts';
import type { IMPARTIALITY_RELATIONSHIPS as ServerRelationships } from '../../domain/registry/impartiality.ts';
import { api } from '../api/client.ts';

export type Person = PersonnelResponse;
export type Declaration = Person['declarations'][number];
export type PersonnelListParams = Partial<Omit<PersonnelListQuery, 'after' | 'excludeBlocked'>>;

export const QUALIFICATION_ROLES: typeof ServerRoles = ['lead', 'evaluator', 'expert'];
export type QualificationRole = (typeof QUALIFICATION_ROLES)[number];
export const PERSONNEL_STATUSES: typeof ServerStatuses = ['active', 'inactive'];
export type PersonnelStatus = (typeof PERSONNEL_STATUSES)[number];
export const RELATIONSHIPS: typeof ServerRelationships = ['consulting', 'employment', 'other'];
export type Relationship = (typeof RELATIONSHIPS)[number];

export const personnelKeys = {
  all: ['personnel'] as const,
  list: (params: PersonnelListParams, after?: string) => ['personnel', 'list', params, after] as const,
};

export const listPersonnel = (params: PersonnelListParams, after: string | undefined, signal?: AbortSignal) =>
  api.get<PersonnelListResponse>('/api/cb-personnel', { ...params, after }, signal);

export const addDeclaration = (personId: string, body: DeclarationCreateBody) =>
  api.post<PersonnelResponse>(`/api/cb-personnel/${encodeURIComponent(personId)}/declarations`, body);

export const getPerson = (id: string) =>
  api.get<PersonnelResponse>(`/api/cb-personnel/${encodeURIComponent(id)}`);
export const createPerson = (body: PersonnelCreateBody) =>
  api.post<PersonnelResponse>('/api/cb-personnel', body);
export const updatePerson = (id: string, body: PersonnelUpdateBody) =>
  api.patch<PersonnelResponse>(`/api/cb-personnel/${encodeURIComponent(id)}`, body);
