import { useCallback } from 'react';
import { useTranslation } from 'react-i18next';
import type { TFunction, i18n as I18n } from 'i18next';
import { isApiError } from '../api/client.ts';

/** The first field named by an error's details: `{ field }` or `{ issues: [{ field }] }`. */
function fieldOf(details: unknown): string | undefined {
  if (typeof details !== 'object' || details === null) return undefined;
  const { field, issues } = details as { field?: unknown; issues?: unknown };
  if (typeof field === 'string') return field;
  if (Array.isArray(issues)) {
    const first: unknown = issues[0];
    if (
      typeof first === 'object' &&
      first !== null &&
      typeof (first as { field?: unknown }).field === 'string'
    ) {
      return (first as { field: string }).field;
    }
  }
  return undefined;
}

/**
 * The message to show for an error: the translation `errors.<code>` when there is one (with the field
 * and the request id available to it), otherwise the server's own message.
 */
export function describeError(error: unknown, t: TFunction, i18n: I18n): string {
  if (isApiError(error)) {
    const key = `errors.${error.code}`;
    if (i18n.exists(key)) {
      return t(key, { field: fieldOf(error.details) ?? '—', requestId: error.requestId ?? '—' });
    }
    return error.message || t('errors.unknown');
  }
  if (error instanceof Error && error.message) return error.message;
  return t('errors.unknown');
}

export function useErrorMessage(): (error: unknown) => string {
  const { t, i18n } = useTranslation();
  return useCallback((error: unknown) => describeError(error, t, i18n), [t, i18n]);
}
