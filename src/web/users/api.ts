import type { VersionBody } from '../../modules/common/common.contract.ts';
import type {
  PasswordResetResponse,
  UserCreateBody,
  UserCreateResponse,
  UserListQuery,
  UserListResponse,
  UserResponse,
  UserUpdateBody,
} from '../../modules/users/users.contract.ts';
import { api } from '../api/client.ts';

export type UserListParams = Partial<UserListQuery>;

export const usersKeys = {
  all: ['users'] as const,
  list: (params: UserListParams) => ['users', 'list', params] as const,
  detail: (id: string) => ['users', 'detail', id] as const,
};

export const listUsers = (params: UserListParams, signal?: AbortSignal) =>
  api.get<UserListResponse>('/api/users', params, signal);
export const getUser = (id: string) => api.get<UserResponse>(`/api/users/${encodeURIComponent(id)}`);
export const createUser = (body: UserCreateBody) => api.post<UserCreateResponse>('/api/users', body);
export const updateUser = (id: string, body: UserUpdateBody) =>
  api.patch<UserResponse>(`/api/users/${encodeURIComponent(id)}`, body);
export const disableUser = (id: string, body: VersionBody) =>
  api.post<UserResponse>(`/api/users/${encodeURIComponent(id)}/disable`, body);
export const enableUser = (id: string, body: VersionBody) =>
  api.post<UserResponse>(`/api/users/${encodeURIComponent(id)}/enable`, body);
export const resetUserPassword = (id: string, body: VersionBody) =>
  api.post<PasswordResetResponse>(`/api/users/${encodeURIComponent(id)}/reset-password`, body);
