/**
 * The scheme library API (src/modules/schemes/schemes.routes.ts). The contract types the package, the
 * overlay and the diff as open records; here they are given their domain types (src/domain/schemes/).
 */
import type { z } from 'zod';
import type { VersionBody } from '../../modules/common/common.contract.ts';
import type {
  SchemeDeriveBody,
  SchemeImportResponse,
  SchemeIssueResponse,
  SchemeOverlayBody,
  SchemeVersionDetail,
  SchemeVersionListResponse,
  SchemeVersionSummary,
} from '../../modules/schemes/schemes.contract.ts';
import type { BodyOverlay, OverlayChange } from '../../domain/schemes/overlay.ts';
import type { SchemeDiff } from '../../domain/schemes/diff.ts';
import type { SchemePackage } from '../../domain/schemes/package-schema.ts';
import { api, isApiError } from '../api/client.ts';

export type SchemeSummary = SchemeVersionSummary;
export type SchemeIssue = SchemeIssueResponse;
export type SchemeList = z.infer<typeof SchemeVersionListResponse>;

/** One scheme version with its package, overlay and issues typed. */
export interface SchemeDetail {
  summary: SchemeSummary;
  package: SchemePackage;
  overlay: BodyOverlay | null;
  issues: SchemeIssue[];
}

export interface SchemeDiffResult {
  from: SchemeSummary;
  to: SchemeSummary;
  diff: SchemeDiff;
}

export const schemesKeys = {
  all: ['schemes'] as const,
  list: () => ['schemes', 'list'] as const,
  detail: (id: string) => ['schemes', 'detail', id] as const,
  diff: (id: string, against: string) => ['schemes', 'diff', id, against] as const,
};

const path = (id: string) => `/api/schemes/${encodeURIComponent(id)}`;

const typed = (detail: SchemeVersionDetail): SchemeDetail => ({
  summary: detail.summary,
  package: detail.package as unknown as SchemePackage,
  overlay: detail.overlay as unknown as BodyOverlay | null,
  issues: detail.issues,
});

export const listSchemes = (signal?: AbortSignal) => api.get<SchemeList>('/api/schemes', undefined, signal);

export const getScheme = async (id: string, signal?: AbortSignal) =>
  typed(await api.get<SchemeVersionDetail>(path(id), undefined, signal));

/**
 * Import a package from YAML. A package that does not validate answers 422 with the same body shape
 * (`ok: false`, every issue with its line): that answer is returned, not thrown.
 */
export const importScheme = async (yaml: string): Promise<SchemeImportResponse> => {
  try {
    return await api.post<SchemeImportResponse>('/api/schemes/import', { yaml });
  } catch (e) {
    const rejected = importRejection(e);
    if (rejected) return rejected;
    throw e;
  }
};

/** A 422 import answer is not the `{ error }` shape: the client keeps its body as the error's details. */
function importRejection(e: unknown): SchemeImportResponse | null {
  if (!isApiError(e) || e.status !== 422) return null;
  const body = e.details as Partial<SchemeImportResponse> | undefined;
  return body && body.ok === false && Array.isArray(body.issues)
    ? { ok: false, issues: body.issues, scheme: null }
    : null;
}

export const deriveScheme = (id: string, body: SchemeDeriveBody) =>
  api.post<SchemeSummary>(`${path(id)}/derive`, body);

export const updateOverlay = async (
  id: string,
  body: Omit<SchemeOverlayBody, 'changes'> & { changes: OverlayChange[] },
) => typed(await api.put<SchemeVersionDetail>(`${path(id)}/overlay`, body));

export const publishScheme = (id: string, body: VersionBody) =>
  api.post<SchemeSummary>(`${path(id)}/publish`, body);

export const diffSchemes = async (id: string, against: string, signal?: AbortSignal) =>
  (await api.get<SchemeDiffResult>(`${path(id)}/diff`, { against }, signal)) as SchemeDiffResult;

/** The YAML download (the server names the file). */
export const exportUrl = (id: string) => `${path(id)}/export`;
