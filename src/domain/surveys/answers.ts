import { DomainError, type DomainIssue } from '../errors.ts';
import type { Question, QuestionnaireContent } from './questionnaire.ts';

/** An answer as stored: a number (rating, NPS), an option value, several option values, or text. */
export type AnswerValue = number | string | string[];
export type Answers = Record<string, AnswerValue>;
/** Raw input: a form (strings, repeated fields as arrays) or JSON. */
export type RawAnswers = Record<string, unknown>;

const blank = (v: unknown) =>
  v === undefined ||
  v === null ||
  (typeof v === 'string' && v.trim() === '') ||
  (Array.isArray(v) && v.length === 0);

function asInt(v: unknown): number | null {
  if (typeof v === 'number') return Number.isInteger(v) ? v : null;
  if (typeof v === 'string' && /^\s*-?\d{1,3}\s*$/.test(v)) return Number(v);
  return null;
}

type Read = { ok: AnswerValue } | { error: string };

function readOne(q: Question, raw: unknown): Read {
  const first = Array.isArray(raw) ? raw[0] : raw;
  switch (q.kind) {
    case 'rating': {
      const n = asInt(first);
      return n !== null && n >= 1 && n <= q.scale
        ? { ok: n }
        : { error: `a whole number from 1 to ${q.scale}` };
    }
    case 'nps': {
      const n = asInt(first);
      return n !== null && n >= 0 && n <= 10 ? { ok: n } : { error: 'a whole number from 0 to 10' };
    }
    case 'single': {
      const v = String(first).trim();
      return q.options.some((o) => o.value === v)
        ? { ok: v }
        : { error: `one of ${q.options.map((o) => o.value).join(', ')}` };
    }
    case 'multiple': {
      const list = (Array.isArray(raw) ? raw : String(raw).split(/[;|,]/))
        .map((x) => String(x).trim())
        .filter(Boolean);
      const allowed = q.options.map((o) => o.value);
      return list.every((v) => allowed.includes(v))
        ? { ok: allowed.filter((v) => list.includes(v)) }
        : { error: `values among ${allowed.join(', ')}` };
    }
    case 'text': {
      const v = String(Array.isArray(raw) ? raw.join(' ') : raw).trim();
      return v.length <= q.maxLength ? { ok: v } : { error: `at most ${q.maxLength} characters` };
    }
  }
}

/** Whether a question is shown, given the answers so far (conditions refer to earlier questions). */
export function isVisible(q: Question, answers: Answers, visible: ReadonlySet<string>): boolean {
  if (!q.showIf) return true;
  if (!visible.has(q.showIf.question)) return false;
  const a = answers[q.showIf.question];
  if (a === undefined) return false;
  const values = Array.isArray(a) ? a : [a];
  return values.some((v) => q.showIf!.anyOf.some((w) => String(w) === String(v)));
}

/**
 * Validates answers against a questionnaire version: every shown required question answered, every answer
 * of the question's kind and range; answers to hidden or unknown questions are dropped.
 * @throws DomainError `answers_invalid` with one issue per question (`answer_required`, `answer_invalid`).
 */
export function validateAnswers(q: QuestionnaireContent, raw: RawAnswers): Answers {
  const out: Answers = {};
  const visible = new Set<string>();
  const issues: DomainIssue[] = [];
  for (const question of q.questions) {
    if (!isVisible(question, out, visible)) continue;
    visible.add(question.id);
    const value = raw[question.id];
    if (blank(value)) {
      if (question.required)
        issues.push({
          code: 'answer_required',
          path: question.id,
          message: `Question ${question.id} needs an answer`,
        });
      continue;
    }
    const read = readOne(question, value);
    if ('error' in read) {
      issues.push({
        code: 'answer_invalid',
        path: question.id,
        message: `Question ${question.id} takes ${read.error}`,
      });
      continue;
    }
    out[question.id] = read.ok;
  }
  if (issues.length) throw DomainError.fromIssues(issues, 'The answers are not valid');
  return out;
}

/**
 * The CSI of one response on 0–100: each rating of a dimension scaled to 0–100 ((r − 1) ÷ (scale − 1) ×
 * 100), averaged per dimension, then the weighted mean over the dimensions answered (weights renormalised).
 * Null when no dimension was answered; rounded to six decimals.
 */
export function responseCsi(q: QuestionnaireContent, answers: Answers): number | null {
  const sums = new Map<string, { total: number; n: number }>();
  for (const question of q.questions) {
    if (question.kind !== 'rating' || !question.dimension) continue;
    const a = answers[question.id];
    if (typeof a !== 'number') continue;
    const s = sums.get(question.dimension) ?? { total: 0, n: 0 };
    s.total += ((a - 1) / (question.scale - 1)) * 100;
    s.n += 1;
    sums.set(question.dimension, s);
  }
  let weighted = 0;
  let weights = 0;
  for (const d of q.dimensions) {
    const s = sums.get(d.id);
    if (!s) continue;
    weighted += (s.total / s.n) * d.weight;
    weights += d.weight;
  }
  // Rounded to 1e-6 so that binary fractions of the weights (0.2 + 0.25 …) do not show as 99.99999….
  return weights > 0 ? Math.round((weighted / weights) * 1e6) / 1e6 : null;
}

/** The NPS answer (0–10) of one response, or null. */
export function responseNps(q: QuestionnaireContent, answers: Answers): number | null {
  const question = q.questions.find((x) => x.kind === 'nps');
  const a = question ? answers[question.id] : undefined;
  return typeof a === 'number' ? a : null;
}
