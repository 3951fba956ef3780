import type {
  LoginBody,
  PasswordChangeBody,
  PreferencesBody,
  SessionResponse,
} from '../../modules/auth/auth.contract.ts';
import { api, isApiError, rememberCsrfToken } from '../api/client.ts';

function remember(session: SessionResponse): SessionResponse {
  rememberCsrfToken(session.csrfToken);
  return session;
}

/** The current session, or null when nobody is signed in. */
export async function fetchSession(): Promise<SessionResponse | null> {
  try {
    return remember(await api.get<SessionResponse>('/api/auth/me'));
  } catch (error) {
    if (isApiError(error) && error.status === 401) {
      rememberCsrfToken(null);
      return null;
    }
    throw error;
  }
}

export async function login(body: LoginBody): Promise<SessionResponse> {
  return remember(await api.post<SessionResponse>('/api/auth/login', body));
}

export async function logout(): Promise<void> {
  try {
    await api.post<void>('/api/auth/logout');
  } finally {
    rememberCsrfToken(null);
  }
}

export function changePassword(body: PasswordChangeBody): Promise<void> {
  return api.post<void>('/api/auth/password', body);
}

export async function updatePreferences(body: PreferencesBody): Promise<SessionResponse> {
  return remember(await api.put<SessionResponse>('/api/auth/preferences', body));
}
