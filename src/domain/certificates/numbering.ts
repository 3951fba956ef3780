import { DomainError } from '../errors.ts';
import type { CertificateCategory } from './statuses.ts';

/**
 * Printed certificate numbers from a pattern configured per certification body, e.g.
 * `SM-{yyyy}-{cat}{seq:5}` → `SM-2026-S00001`. Tokens: `{yyyy}` / `{yy}` the year of issue, `{seq}` or
 * `{seq:N}` the sequence within the year (zero-padded to N digits), `{cat}` the category letter (S
 * service, M management system, P product). A pattern needs a year and the sequence, so that numbers
 * are unique; literal text is letters, digits and `- _ / .`, printed in upper case. At most 60 characters
 * (IAF CertSearch).
 */
export const DEFAULT_NUMBER_PATTERN = 'SM-{yyyy}-{cat}{seq:5}';

const CATEGORY_LETTER: Record<CertificateCategory, string> = {
  service: 'S',
  managementSystem: 'M',
  product: 'P',
};

type Part =
  { kind: 'literal'; text: string } | { kind: 'yyyy' | 'yy' | 'cat' } | { kind: 'seq'; width: number };

const invalid = (message: string) =>
  new DomainError('number_pattern_invalid', message, {
    ruleId: 'certificate.numbering',
    details: { path: 'numberPattern' },
  });

export function parseNumberPattern(pattern: string): Part[] {
  const parts: Part[] = [];
  const re = /\{([^}]*)\}|([^{}]+)|([{}])/g;
  let m: RegExpExecArray | null;
  while ((m = re.exec(pattern))) {
    if (m[3]) throw invalid(`Unbalanced "${m[3]}" in the number pattern.`);
    if (m[2] !== undefined) {
      if (!/^[A-Za-z0-9\-_/.]+$/.test(m[2])) {
        throw invalid(`"${m[2]}": literal text may hold letters, digits and - _ / . only.`);
      }
      parts.push({ kind: 'literal', text: m[2] });
      continue;
    }
    const token = m[1]!;
    if (token === 'yyyy' || token === 'yy' || token === 'cat') parts.push({ kind: token });
    else if (/^seq(:\d{1,2})?$/.test(token)) {
      const width = token.includes(':') ? Number(token.split(':')[1]) : 1;
      if (width < 1 || width > 12) throw invalid('{seq:N} needs 1 ≤ N ≤ 12.');
      parts.push({ kind: 'seq', width });
    } else throw invalid(`Unknown token {${token}}; use {yyyy}, {yy}, {seq}, {seq:N} or {cat}.`);
  }
  if (!parts.some((p) => p.kind === 'seq')) throw invalid('The number pattern needs {seq} or {seq:N}.');
  if (!parts.some((p) => p.kind === 'yyyy' || p.kind === 'yy')) {
    throw invalid('The number pattern needs the year ({yyyy} or {yy}): sequences restart every year.');
  }
  if (parts.filter((p) => p.kind === 'seq').length > 1) throw invalid('Use {seq} once.');
  return parts;
}

export function formatCertificateNumber(
  pattern: string,
  input: { year: number; seq: number; category: CertificateCategory },
): string {
  if (!Number.isInteger(input.seq) || input.seq < 1) throw invalid('The sequence starts at 1.');
  const out = parseNumberPattern(pattern)
    .map((p) => {
      switch (p.kind) {
        case 'literal':
          return p.text;
        case 'yyyy':
          return String(input.year).padStart(4, '0');
        case 'yy':
          return String(input.year % 100).padStart(2, '0');
        case 'cat':
          return CATEGORY_LETTER[input.category];
        case 'seq':
          return String(input.seq).padStart(p.width, '0');
      }
    })
    .join('')
    // CNCA reporting wants upper-case letters inside numbers; look-ups compare upper case too.
    .toUpperCase();
  if (out.length > 60) throw invalid(`Certificate number ${out} is longer than 60 characters.`);
  return out;
}
