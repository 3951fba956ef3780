/**
 * Personal numbers: validation of Chinese resident identity numbers (GB 11643-1999, check character)
 * and masking of identity and phone numbers for display and exports.
 */

const ID_WEIGHTS = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2] as const;
const ID_CHECK = '10X98765432';

/** Removes spaces and turns full-width digits and letters half-width; upper-cases a trailing x. */
export function normalisePersonalNumber(input: string): string {
  return input
    .replace(/[\uFF10-\uFF19\uFF21-\uFF3A\uFF41-\uFF5A]/g, (c) =>
      String.fromCharCode(c.charCodeAt(0) - 0xfee0),
    )
    .replace(/[\s\u3000]/g, '')
    .toUpperCase();
}

export type IdNumberCheck =
  { valid: true; value: string; kind: 'residentId' | 'other' } | { valid: false; message: string };

/**
 * An identity document number: an 18-character resident identity number must carry a correct check
 * character and a plausible birth date; other documents (passports, Hong Kong/Macau/Taiwan permits)
 * are 5–30 letters and digits.
 */
export function validateIdNumber(input: string): IdNumberCheck {
  const value = normalisePersonalNumber(input);
  if (/^\d{17}[\dX]$/.test(value)) {
    let sum = 0;
    for (let i = 0; i < 17; i++) sum += Number(value[i]) * ID_WEIGHTS[i]!;
    if (ID_CHECK[sum % 11] !== value[17])
      return { valid: false, message: 'resident identity number: check character is wrong' };
    const birth = `${value.slice(6, 10)}-${value.slice(10, 12)}-${value.slice(12, 14)}`;
    const t = Date.parse(`${birth}T00:00:00Z`);
    if (Number.isNaN(t) || new Date(t).toISOString().slice(0, 10) !== birth || value.slice(6, 8) < '18') {
      return { valid: false, message: 'resident identity number: the birth date in it is not a date' };
    }
    return { valid: true, value, kind: 'residentId' };
  }
  if (/^\d{15,17}$/.test(value))
    return { valid: false, message: 'resident identity number must have 18 characters' };
  if (/^[A-Z0-9()（）-]{5,30}$/.test(value)) return { valid: true, value, kind: 'other' };
  return { valid: false, message: 'must be an identity document number (letters and digits)' };
}

export type PhoneCheck = { valid: true; value: string } | { valid: false; message: string };

/** A phone number: digits with an optional leading +, spaces, hyphens and an extension; 5–20 digits. */
export function validatePhone(input: string): PhoneCheck {
  const value = input.trim().replace(/\s+/g, ' ');
  if (!/^\+?[\d\s()-]+(?:(?:转|ext\.?|x)\s*\d{1,6})?$/i.test(value))
    return { valid: false, message: 'must be a phone number' };
  const digits = value.replace(/\D/g, '').length;
  if (digits < 5 || digits > 20) return { valid: false, message: 'must have 5 to 20 digits' };
  return { valid: true, value };
}

/** 110105199001011234 → 110***********1234; short numbers keep only their first and last character. */
export function maskIdNumber(value: string): string {
  const v = value.trim();
  if (v.length >= 10) return `${v.slice(0, 3)}${'*'.repeat(v.length - 7)}${v.slice(-4)}`;
  if (v.length >= 3) return `${v[0]}${'*'.repeat(v.length - 2)}${v[v.length - 1]}`;
  return '*'.repeat(v.length);
}

/**
 * 13812345678 → 138****5678; +86 138 1234 5678 → +86 138 **** 5678; 010-88886666 → 010-****6666.
 * Digits other than the first three and the last four are starred; separators stay.
 */
export function maskPhone(value: string): string {
  const v = value.trim();
  const positions = [...v].map((c, i) => (/\d/.test(c) ? i : -1)).filter((i) => i >= 0);
  const country = /^\+\d{1,3}[\s-]/.exec(v);
  const skip = country ? country[0].replace(/\D/g, '').length : 0;
  const local = positions.slice(skip);
  if (local.length <= 7) {
    const keep = new Set(local.slice(-2));
    return [...v].map((c, i) => (local.includes(i) && !keep.has(i) ? '*' : c)).join('');
  }
  const hide = new Set(local.slice(3, local.length - 4));
  return [...v].map((c, i) => (hide.has(i) ? '*' : c)).join('');
}
