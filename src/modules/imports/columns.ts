import { FORMULA, type Cell } from './tabular-reader.ts';

/**
 * The columns of an import/export table and the cell parsers they share. Headers are bilingual,
 * "网点编码 (Outlet code)"; on import a header matches its Chinese name, its English name, its key or
 * the bilingual form, ignoring case, spaces and a trailing * (the template marks required columns).
 */
export interface ColumnSpec<K extends string = string> {
  key: K;
  zh: string;
  en: string;
  required?: boolean;
  /** Other headers people use for the same column. */
  aliases?: readonly string[];
  /** Help for the template's instruction sheet. */
  format: string;
  example: string;
}

export const headerOf = (c: ColumnSpec) => `${c.zh} (${c.en})`;

const norm = (h: string) =>
  h
    .normalize('NFKC')
    .replace(/[*＊]\s*$/, '')
    .replace(/\s+/g, '')
    .toLowerCase();

export interface HeaderMapping<K extends string> {
  /** For each column of the file: the column it fills, or null (empty header). */
  byIndex: (ColumnSpec<K> | null)[];
  missing: ColumnSpec<K>[];
  unknown: { index: number; header: string }[];
  duplicate: { index: number; header: string }[];
}

export function mapHeaders<K extends string>(
  columns: readonly ColumnSpec<K>[],
  header: Cell[],
): HeaderMapping<K> {
  const lookup = new Map<string, ColumnSpec<K>>();
  for (const c of columns) {
    for (const name of [c.key, c.zh, c.en, headerOf(c), `${c.zh}(${c.en})`, ...(c.aliases ?? [])]) {
      lookup.set(norm(name), c);
    }
  }
  const byIndex: (ColumnSpec<K> | null)[] = [];
  const seen = new Set<string>();
  const unknown: HeaderMapping<K>['unknown'] = [];
  const duplicate: HeaderMapping<K>['duplicate'] = [];
  header.forEach((cell, index) => {
    const text = typeof cell === 'string' ? cell.trim() : '';
    if (!text) {
      byIndex.push(null);
      return;
    }
    const col = lookup.get(norm(text));
    if (!col) unknown.push({ index, header: text });
    else if (seen.has(col.key)) duplicate.push({ index, header: text });
    else seen.add(col.key);
    byIndex.push(col && !duplicate.some((d) => d.index === index) ? col : null);
  });
  const missing = columns.filter((c) => c.required && !seen.has(c.key));
  return { byIndex, missing, unknown, duplicate };
}

/** Spreadsheet column letters: 0 → A, 26 → AA. */
export function columnLetter(index: number): string {
  let s = '';
  for (let n = index + 1; n > 0; n = Math.floor((n - 1) / 26))
    s = String.fromCharCode(65 + ((n - 1) % 26)) + s;
  return s;
}

// ── formula and script payloads ──

const DANGEROUS = /^[=+\-@\t\r]/;

/**
 * A text value a spreadsheet program could take for a formula (=, +, -, @, tab, CR first) is written with
 * a leading apostrophe, the usual defence against CSV/formula injection; nothing is ever evaluated.
 */
export const escapeCell = (v: string): string => (DANGEROUS.test(v) ? `'${v}` : v);

/** Undoes escapeCell on import, so an exported file round-trips unchanged. */
export const unescapeCell = (v: string): string =>
  v.startsWith("'") && DANGEROUS.test(v.slice(1)) ? v.slice(1) : v;

// ── cell parsers: text in, value or a reason out ──

/** Values a row error's message is built from (the web translates `code` with them). */
export type ProblemParams = Record<string, string | number>;
/**
 * What is wrong with a cell: a stable machine `code` (translated by the web), its `params`, and the
 * English `reason` for API users.
 */
export interface Problem {
  code: string;
  reason: string;
  params?: ProblemParams;
}
export type Parsed<T> = { ok: true; value: T } | ({ ok: false } & Problem);
const ok = <T>(value: T): Parsed<T> => ({ ok: true, value });
export const bad = (code: string, reason: string, params?: ProblemParams): Parsed<never> =>
  params ? { ok: false, code, reason, params } : { ok: false, code, reason };

// eslint-disable-next-line no-control-regex -- control characters are what is removed
const CONTROL = /[\u0000-\u0008\u000b\u000c\u000e-\u001f]/;
// eslint-disable-next-line no-control-regex
const CONTROLS = /[\u0000-\u0008\u000b\u000c\u000e-\u001f]/g;

/** The text of a cell, trimmed and unescaped; null for an empty cell. A formula cell is refused. */
export function cellText(cell: Cell | undefined): Parsed<string | null> {
  if (cell === FORMULA) return bad('formula_cell', 'formula cells are not accepted: enter the value itself');
  if (cell === null || cell === undefined) return ok(null);
  let v = unescapeCell(cell.trim());
  if (CONTROL.test(v)) v = v.replace(CONTROLS, '');
  return ok(v === '' ? null : v);
}

export function parseText(v: string | null, max: number, required = false): Parsed<string | null> {
  if (v === null) return required ? bad('required', 'is required') : ok(null);
  if (v.length > max) return bad('too_long', `is longer than ${max} characters`, { max });
  return ok(v);
}

export function parseInteger(v: string | null, min: number, max: number): Parsed<number | null> {
  if (v === null) return ok(null);
  const s = v.replace(/[,，\s]/g, '');
  if (!/^-?\d+(\.0+)?$/.test(s)) return bad('not_integer', 'must be a whole number');
  const n = Number.parseInt(s, 10);
  if (n < min || n > max) return bad('out_of_range', `must be between ${min} and ${max}`, { min, max });
  return ok(n);
}

export function parseDecimal(v: string | null, min: number, max: number): Parsed<number | null> {
  if (v === null) return ok(null);
  if (!/^-?\d+(\.\d+)?$/.test(v)) return bad('not_number', 'must be a number');
  const n = Number(v);
  if (n < min || n > max) return bad('out_of_range', `must be between ${min} and ${max}`, { min, max });
  return ok(n);
}

const EXCEL_EPOCH = Date.UTC(1899, 11, 30);

/** A date: 2024-01-05, 2024/1/5, 2024.1.5, 2024年1月5日, or an Excel date serial; answers YYYY-MM-DD. */
export function parseDate(v: string | null): Parsed<string | null> {
  if (v === null) return ok(null);
  let y: number, m: number, d: number;
  const t = /^(\d{4})[-/.年](\d{1,2})[-/.月](\d{1,2})日?(?:[ T].*)?$/.exec(v);
  if (t) {
    [y, m, d] = [Number(t[1]), Number(t[2]), Number(t[3])];
  } else if (/^\d{4,5}(\.\d+)?$/.test(v) && Number(v) > 1000 && Number(v) < 100000) {
    const date = new Date(EXCEL_EPOCH + Math.floor(Number(v)) * 86_400_000);
    [y, m, d] = [date.getUTCFullYear(), date.getUTCMonth() + 1, date.getUTCDate()];
  } else {
    return bad('invalid_date', 'must be a date such as 2024-01-31');
  }
  const date = new Date(Date.UTC(y, m - 1, d));
  if (date.getUTCFullYear() !== y || date.getUTCMonth() !== m - 1 || date.getUTCDate() !== d) {
    return bad('invalid_date', 'is not a real date');
  }
  return ok(`${String(y).padStart(4, '0')}-${String(m).padStart(2, '0')}-${String(d).padStart(2, '0')}`);
}

/** One of a fixed set: its key, or any of its labels (case-insensitive). */
export function parseEnum<T extends string>(
  v: string | null,
  labels: Record<T, readonly string[]>,
  fallback?: T,
): Parsed<T | null> {
  if (v === null) return ok(fallback ?? null);
  const x = v.trim().toLowerCase();
  for (const [key, names] of Object.entries(labels) as [T, readonly string[]][]) {
    if (key.toLowerCase() === x || names.some((n) => n.toLowerCase() === x)) return ok(key);
  }
  const allowed = (Object.entries(labels) as [T, readonly string[]][])
    .map(([k, n]) => `${n[0]} (${k})`)
    .join(', ');
  return bad('invalid_enum', `must be one of ${allowed}`, { allowed });
}

/** A list of set members separated by , ， 、 ; ； / | or spaces. */
export function parseEnumList<T extends string>(
  v: string | null,
  labels: Record<T, readonly string[]>,
): Parsed<T[]> {
  if (v === null) return ok([]);
  const out: T[] = [];
  for (const part of v.split(/[,，、;；/|\s]+/).filter(Boolean)) {
    const p = parseEnum(part, labels);
    if (!p.ok) return bad('invalid_enum_item', `“${part}” ${p.reason}`, { item: part, ...p.params });
    if (p.value && !out.includes(p.value)) out.push(p.value);
  }
  return ok(out);
}

export const YES_NO: Record<'yes' | 'no', readonly string[]> = {
  yes: ['是', 'Y', 'true', '1', '√'],
  no: ['否', 'N', 'false', '0', '×'],
};
