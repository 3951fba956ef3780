import type { z } from 'zod';
import type {
  ApiTokenCreateBody,
  ApiTokenCreateResponse,
  ApiTokenListResponse,
  ApiTokenResponse,
} from '../../modules/api-tokens/api-tokens.contract.ts';
import { api } from '../api/client.ts';

export type ApiTokenList = z.infer<typeof ApiTokenListResponse>;

export const apiTokensKeys = { all: ['api-tokens'] as const };

export const listApiTokens = (signal?: AbortSignal) =>
  api.get<ApiTokenList>('/api/api-tokens', undefined, signal);
export const createApiToken = (body: ApiTokenCreateBody) =>
  api.post<ApiTokenCreateResponse>('/api/api-tokens', body);
export const revokeApiToken = (id: string) =>
  api.post<ApiTokenResponse>(`/api/api-tokens/${encodeURIComponent(id)}/revoke`);
