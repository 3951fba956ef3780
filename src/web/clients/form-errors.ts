import type { FormInstance } from 'antd';
import type { TFunction } from 'i18next';
import { creditCodeCheckCharacter, validateCreditCode } from '../../domain/registry/credit-code.ts';
import { isApiError } from '../api/client.ts';

/** Codes answered with `details.field`, shown under that field. */
const FIELD_CODES = ['credit_code_taken', 'outlet_code_taken', 'staff_no_taken', 'certificate_no_taken'];

/**
 * The server's message for a rejected credit code is English prose; the problem it names is recomputed
 * here with the same domain function, so that the message can be shown in the interface language.
 */
export function creditCodeMessage(t: TFunction, value: string, fallback: string): string {
  const r = validateCreditCode(value ?? '');
  if (r.valid) return fallback;
  const check = r.code.length === 18 ? creditCodeCheckCharacter(r.code.slice(0, 17)) : undefined;
  return t(`clients.credit_code.${r.problem}`, {
    length: r.code.length,
    expected: check ?? '',
    got: r.code.length === 18 ? r.code.slice(17) : '',
  });
}

/**
 * Put the API's field errors under the form's fields (`validation_failed` issues `body.<field>`, or a
 * `details.field` conflict). Returns true when at least one field got its message.
 */
export function showFieldErrors(
  form: FormInstance,
  error: unknown,
  t: TFunction,
  fieldNames: readonly string[],
  /** API field → form field, where the form names a field differently (divisionCode → division). */
  rename: Record<string, string> = {},
): boolean {
  if (!isApiError(error)) return false;
  const fields: { name: string; errors: string[] }[] = [];
  const details = error.details as
    { field?: unknown; issues?: { field?: unknown; message?: unknown }[] } | undefined;
  if (error.code === 'validation_failed' && Array.isArray(details?.issues)) {
    for (const issue of details.issues) {
      if (typeof issue.field !== 'string') continue;
      const apiName = issue.field.replace(/^body\./, '').split('.')[0] ?? '';
      const name = rename[apiName] ?? apiName;
      if (!fieldNames.includes(name)) continue;
      const message = String(issue.message ?? '');
      const text =
        name === 'creditCode' || name === 'partnerCreditCode'
          ? creditCodeMessage(t, String(form.getFieldValue(name) ?? ''), message)
          : message;
      fields.push({ name, errors: [text] });
    }
  } else if (FIELD_CODES.includes(error.code) && typeof details?.field === 'string') {
    if (fieldNames.includes(details.field))
      fields.push({ name: details.field, errors: [t(`errors.${error.code}`)] });
  }
  if (fields.length) form.setFields(fields);
  return fields.length > 0;
}
