import type { z } from 'zod';
import type {
  OrganisationCreateBody,
  OrganisationListResponse,
  OrganisationResponse,
  OrganisationUpdateBody,
} from '../../modules/organisations/organisations.contract.ts';
import { api } from '../api/client.ts';

export type OrganisationList = z.infer<typeof OrganisationListResponse>;

export const organisationsKeys = { all: ['organisations'] as const };

export const listOrganisations = (signal?: AbortSignal) =>
  api.get<OrganisationList>('/api/organisations', undefined, signal);
export const createOrganisation = (body: OrganisationCreateBody) =>
  api.post<OrganisationResponse>('/api/organisations', body);
export const updateOrganisation = (id: string, body: OrganisationUpdateBody) =>
  api.patch<OrganisationResponse>(`/api/organisations/${encodeURIComponent(id)}`, body);
