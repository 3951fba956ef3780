/**
 * Questionnaires of customer-experience surveys (顾客体验评价): rating scales, CSI dimensions with weights,
 * NPS (0–10), single and multiple choice, free text; texts in Chinese and English; conditional questions.
 * A questionnaire's content is versioned under a content hash; a campaign pins one version.
 */
import { z } from 'zod';
import { DomainError, formatPath } from '../errors.ts';
import { canonicalJson, type HashFunction } from '../schemes/publish.ts';

export const SurveyTextSchema = z
  .object({ zh: z.string().min(1).max(500), en: z.string().max(500).optional() })
  .strict();
export type SurveyText = z.infer<typeof SurveyTextSchema>;

const Id = z
  .string()
  .regex(/^[a-z][a-z0-9_]{0,39}$/, 'lower-case letters, digits and _, starting with a letter');

const OptionSchema = z.object({ value: Id, text: SurveyTextSchema }).strict();

/** Shown only when an earlier question's answer is one of `anyOf` (choice values or numbers). */
export const ShowIfSchema = z
  .object({ question: Id, anyOf: z.array(z.union([z.string(), z.number()])).min(1) })
  .strict();

const Base = {
  id: Id,
  text: SurveyTextSchema,
  required: z.boolean().default(false),
  showIf: ShowIfSchema.optional(),
};

export const QuestionSchema = z.discriminatedUnion('kind', [
  z
    .object({
      ...Base,
      kind: z.literal('rating'),
      scale: z.number().int().min(3).max(10).default(5),
      /** The CSI dimension the rating feeds, if any. */
      dimension: Id.optional(),
      lowLabel: SurveyTextSchema.optional(),
      highLabel: SurveyTextSchema.optional(),
    })
    .strict(),
  z.object({ ...Base, kind: z.literal('nps') }).strict(),
  z.object({ ...Base, kind: z.literal('single'), options: z.array(OptionSchema).min(2).max(30) }).strict(),
  z.object({ ...Base, kind: z.literal('multiple'), options: z.array(OptionSchema).min(2).max(30) }).strict(),
  z
    .object({ ...Base, kind: z.literal('text'), maxLength: z.number().int().min(1).max(4000).default(1000) })
    .strict(),
]);
export type Question = z.infer<typeof QuestionSchema>;

export const DimensionSchema = z
  .object({ id: Id, title: SurveyTextSchema, weight: z.number().positive().max(1000) })
  .strict();

export const QuestionnaireContentSchema = z
  .object({
    title: SurveyTextSchema,
    intro: SurveyTextSchema.optional(),
    /** CSI dimensions and their weights (normalised over the dimensions answered). */
    dimensions: z.array(DimensionSchema).max(20).default([]),
    questions: z.array(QuestionSchema).min(1).max(100),
  })
  .strict();
export type QuestionnaireContent = z.infer<typeof QuestionnaireContentSchema>;

/**
 * Parses and checks a questionnaire: unique question ids, dimensions that exist and are used, conditions
 * that refer to an EARLIER question and to values it can take.
 * @throws DomainError `questionnaire_invalid` with the issues.
 */
export function parseQuestionnaire(input: unknown): QuestionnaireContent {
  const parsed = QuestionnaireContentSchema.safeParse(input);
  if (!parsed.success) {
    throw DomainError.fromIssues(
      parsed.error.issues.map((i) => ({
        code: 'questionnaire_invalid',
        path: formatPath(i.path),
        message: i.message,
      })),
      'The questionnaire is not valid',
    );
  }
  const q = parsed.data;
  const issues: { code: string; path: string; message: string }[] = [];
  const seen = new Map<string, Question>();
  const dims = new Set(q.dimensions.map((d) => d.id));
  if (dims.size !== q.dimensions.length)
    issues.push({ code: 'duplicate_dimension', path: 'dimensions', message: 'Dimension ids must be unique' });
  const used = new Set<string>();
  q.questions.forEach((question, i) => {
    if (seen.has(question.id))
      issues.push({
        code: 'duplicate_question',
        path: `questions[${i}].id`,
        message: `Question ${question.id} twice`,
      });
    if (question.kind === 'rating' && question.dimension) {
      if (!dims.has(question.dimension))
        issues.push({
          code: 'unknown_dimension',
          path: `questions[${i}].dimension`,
          message: `No dimension ${question.dimension}`,
        });
      used.add(question.dimension);
    }
    if (question.showIf) {
      const target = seen.get(question.showIf.question);
      if (!target)
        issues.push({
          code: 'condition_not_earlier',
          path: `questions[${i}].showIf.question`,
          message: `A condition must refer to an earlier question (${question.showIf.question})`,
        });
      else if (target.kind === 'text')
        issues.push({
          code: 'condition_on_text',
          path: `questions[${i}].showIf.question`,
          message: 'A condition cannot depend on free text',
        });
    }
    seen.set(question.id, question);
  });
  q.dimensions.forEach((d, i) => {
    if (!used.has(d.id))
      issues.push({
        code: 'unused_dimension',
        path: `dimensions[${i}]`,
        message: `No rating question feeds ${d.id}`,
      });
  });
  if (issues.length) throw DomainError.fromIssues(issues, 'The questionnaire is not valid');
  return q;
}

/** The content hash a version is stored and pinned under (sha-256 of the canonical JSON, by the caller). */
export const questionnaireHash = (content: QuestionnaireContent, hash: HashFunction): string =>
  hash(canonicalJson(content));

/** The NPS question (the first one), if the questionnaire has one. */
export const npsQuestion = (q: QuestionnaireContent) => q.questions.find((x) => x.kind === 'nps');
