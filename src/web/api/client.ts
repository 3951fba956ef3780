/**
 * The typed HTTP client of the web app. Every call goes to the same origin (the Starmark server, or
 * the Vite dev server which proxies /api), sends and receives JSON, and turns every error answer
 * `{ error: { code, message, details, requestId } }` into an {@link ApiError}.
 *
 * Cookie-authenticated writes must echo the session's CSRF token: the token of the last
 * SessionResponse is remembered here (see {@link rememberCsrfToken}) and sent on every non-GET request.
 */
import type { CSRF_HEADER as ServerCsrfHeader } from '../../modules/auth/auth.contract.ts';
import type { ErrorResponse } from '../../modules/common/common.contract.ts';

/** Kept equal to the server's constant by the type: a change there fails the type check here. */
export const CSRF_HEADER: typeof ServerCsrfHeader = 'x-csrf-token';

let csrfToken: string | null = null;

/** Remember the CSRF token of the latest SessionResponse (login, `GET /api/auth/me`, preferences). */
export function rememberCsrfToken(token: string | null): void {
  csrfToken = token;
}

/** An error answer of the API, or a network failure (status 0, code `network_error`). */
export class ApiError extends Error {
  override readonly name = 'ApiError';
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly details?: unknown,
    readonly requestId?: string,
  ) {
    super(message);
  }
}

export function isApiError(error: unknown, code?: string): error is ApiError {
  return error instanceof ApiError && (code === undefined || error.code === code);
}

export type QueryValue = string | number | boolean | null | undefined;
export type Query = Record<string, QueryValue>;

export interface RequestOptions {
  query?: Query;
  body?: unknown;
  signal?: AbortSignal;
}

export type HttpMethod = 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';

/** Build `/api/...?a=1&b=2`, leaving out empty values. */
export function buildUrl(path: string, query?: Query): string {
  if (!query) return path;
  const params = new URLSearchParams();
  for (const [key, value] of Object.entries(query)) {
    if (value === undefined || value === null || value === '') continue;
    params.append(key, String(value));
  }
  const qs = params.toString();
  return qs ? `${path}?${qs}` : path;
}

function isErrorResponse(body: unknown): body is ErrorResponse {
  if (typeof body !== 'object' || body === null || !('error' in body)) return false;
  const error = (body as { error: unknown }).error;
  return (
    typeof error === 'object' &&
    error !== null &&
    typeof (error as { code?: unknown }).code === 'string' &&
    typeof (error as { message?: unknown }).message === 'string'
  );
}

/** Send one request and return its parsed JSON body (undefined for 204). Throws {@link ApiError}. */
export async function request<T>(method: HttpMethod, path: string, options: RequestOptions = {}): Promise<T> {
  const headers: Record<string, string> = { accept: 'application/json' };
  const init: RequestInit = { method, credentials: 'same-origin', headers };
  if (options.signal) init.signal = options.signal;
  if (options.body instanceof FormData) {
    // A file upload: the browser sets the multipart content type with its boundary.
    init.body = options.body;
  } else if (options.body !== undefined) {
    headers['content-type'] = 'application/json';
    init.body = JSON.stringify(options.body);
  }
  if (method !== 'GET' && csrfToken) headers[CSRF_HEADER] = csrfToken;

  let response: Response;
  try {
    response = await fetch(buildUrl(path, options.query), init);
  } catch (cause) {
    if (cause instanceof DOMException && cause.name === 'AbortError') throw cause;
    throw new ApiError(0, 'network_error', cause instanceof Error ? cause.message : 'Network error');
  }

  if (response.status === 204) return undefined as T;
  const text = await response.text();
  let body: unknown = undefined;
  if (text) {
    try {
      body = JSON.parse(text);
    } catch {
      body = undefined;
    }
  }
  if (!response.ok) {
    if (isErrorResponse(body)) {
      const { code, message, details, requestId } = body.error;
      throw new ApiError(response.status, code, message, details, requestId);
    }
    // Not the error shape (e.g. a 422 import answer with its issues): keep the body as the details.
    throw new ApiError(
      response.status,
      `http_${response.status}`,
      response.statusText || `HTTP ${response.status}`,
      body,
    );
  }
  return body as T;
}

export const api = {
  get: <T>(path: string, query?: Query, signal?: AbortSignal) =>
    request<T>('GET', path, { ...(query ? { query } : {}), ...(signal ? { signal } : {}) }),
  post: <T>(path: string, body?: unknown) => request<T>('POST', path, body === undefined ? {} : { body }),
  put: <T>(path: string, body?: unknown) => request<T>('PUT', path, body === undefined ? {} : { body }),
  patch: <T>(path: string, body?: unknown) => request<T>('PATCH', path, body === undefined ? {} : { body }),
  delete: <T>(path: string) => request<T>('DELETE', path),
  /** POST a multipart form (a file upload), e.g. `form.append('file', file)`. */
  upload: <T>(path: string, form: FormData, query?: Query) =>
    request<T>('POST', path, { body: form, ...(query ? { query } : {}) }),
};
