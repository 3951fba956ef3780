import { z } from 'zod';
import { DomainError, type DomainIssue } from '../errors.ts';
import type { SchemePackage } from '../schemes/package-schema.ts';
import { canonicalJson, type HashFunction } from '../schemes/publish.ts';
import { schemeIndexOf } from '../schemes/tree.ts';

/**
 * A mystery-visit scenario (暗访场景): the channel a mystery customer uses, the script they follow, the
 * evidence they bring back and the questions they answer. Each question maps to a sampled item of the
 * scheme and says which answer counts as a conforming sample; every other answer (except "not
 * applicable") is a non-conforming sample. Published content is frozen under a content hash; a visit pins
 * the version it used.
 */
export const CHANNELS = ['inStore', 'hotline', 'onlineChat', 'onSiteRepair'] as const;
export type Channel = (typeof CHANNELS)[number];

const Text = z.strictObject({ zh: z.string().min(1).max(2000), en: z.string().max(2000).optional() });

export const EvidenceRequirementSchema = z.strictObject({
  key: z.string().regex(/^[a-z][a-zA-Z0-9]{0,39}$/),
  kind: z.enum(['photo', 'audio']),
  label: Text,
  required: z.boolean(),
});

export const QuestionSchema = z.strictObject({
  id: z.string().regex(/^[A-Za-z][A-Za-z0-9_-]{0,39}$/),
  /** Question group, e.g. reception, diagnosis; rows of the heat map. */
  group: z.string().min(1).max(40),
  text: Text,
  /** The scheme item (code) this question samples. */
  node: z.string().min(1),
  answer: z.discriminatedUnion('type', [
    /** Yes/no: `conformingWhen` is the conforming answer. */
    z.strictObject({ type: z.literal('yesNo'), conformingWhen: z.enum(['yes', 'no']) }),
    /** Rating 1..scale: conforming at or above `conformingMin`. */
    z.strictObject({
      type: z.literal('rating'),
      scale: z.number().int().min(2).max(10),
      conformingMin: z.number().int().min(1).max(10),
    }),
  ]),
  required: z.boolean().default(true),
  /** Whether "not applicable" is allowed; such an answer is no sample at all. */
  naAllowed: z.boolean().default(false),
});

export const ScenarioContentSchema = z.strictObject({
  channel: z.enum(CHANNELS),
  title: Text,
  script: Text,
  /** Shown to the shopper before recording (e.g. call recording consent); configurable per scenario. */
  consentNotice: Text.nullable().default(null),
  /** Window in which answers are expected, in minutes (used to flag implausibly short or long visits). */
  expectedMinutes: z.strictObject({ min: z.number().int().min(0), max: z.number().int().min(1) }),
  evidence: z.array(EvidenceRequirementSchema).max(20),
  questions: z.array(QuestionSchema).min(1).max(200),
});
export type ScenarioContent = z.infer<typeof ScenarioContentSchema>;
export type ScenarioQuestion = ScenarioContent['questions'][number];
export type AnswerValue = 'yes' | 'no' | 'na' | number;

/** Parses scenario content, with every issue listed. @throws DomainError `invalid_scenario` */
export function parseScenarioContent(input: unknown): ScenarioContent {
  const parsed = ScenarioContentSchema.safeParse(input);
  const issues: DomainIssue[] = [];
  if (!parsed.success) {
    for (const i of parsed.error.issues) {
      issues.push({
        code: 'invalid_scenario',
        path: i.path.map(String).join('.'),
        message: i.message,
      });
    }
    throw DomainError.fromIssues(issues, 'The scenario is not valid');
  }
  const content = parsed.data;
  const ids = new Set<string>();
  content.questions.forEach((q, i) => {
    if (ids.has(q.id))
      issues.push({
        code: 'duplicate_question',
        path: `questions[${i}].id`,
        message: `Question ${q.id} twice`,
      });
    ids.add(q.id);
    if (q.answer.type === 'rating' && q.answer.conformingMin > q.answer.scale)
      issues.push({
        code: 'invalid_scenario',
        path: `questions[${i}].answer.conformingMin`,
        message: 'conformingMin exceeds the scale',
      });
  });
  const keys = new Set<string>();
  content.evidence.forEach((e, i) => {
    if (keys.has(e.key))
      issues.push({
        code: 'duplicate_evidence',
        path: `evidence[${i}].key`,
        message: `Evidence ${e.key} twice`,
      });
    keys.add(e.key);
  });
  if (content.expectedMinutes.min > content.expectedMinutes.max)
    issues.push({ code: 'invalid_scenario', path: 'expectedMinutes', message: 'min exceeds max' });
  if (issues.length) throw DomainError.fromIssues(issues, 'The scenario is not valid');
  return content;
}

/** The content hash a published version is frozen under. */
export function scenarioContentHash(content: ScenarioContent, hash: HashFunction): string {
  return hash(canonicalJson(content));
}

/**
 * Checks that every question maps to a leaf item of the scheme that is scored by samples and that
 * admits the mystery-visit technique (`mysteryVisit`), so that its samples can enter the score.
 * @throws DomainError `question_node_unknown`, `question_node_not_sampled`, `question_node_no_mystery_visits`
 */
export function checkScenarioAgainstScheme(content: ScenarioContent, pkg: SchemePackage): void {
  const index = schemeIndexOf(pkg);
  const issues: DomainIssue[] = [];
  content.questions.forEach((q, i) => {
    const entry = index.byCode.get(q.node) ?? index.byUrn.get(q.node);
    const path = `questions[${i}].node`;
    if (!entry || !entry.isLeaf) {
      issues.push({
        code: 'question_node_unknown',
        path,
        message: `No item ${q.node} in ${pkg.urn} ${pkg.version}`,
        details: { node: q.node },
      });
    } else if (entry.method?.kind !== 'sampled') {
      issues.push({
        code: 'question_node_not_sampled',
        path,
        message: `Item ${q.node} is not scored by samples`,
        details: { node: q.node },
      });
    } else if (!(entry.node.techniques ?? []).includes('mysteryVisit')) {
      issues.push({
        code: 'question_node_no_mystery_visits',
        path,
        message: `Item ${q.node} does not admit mystery visits as evidence`,
        details: { node: q.node },
      });
    }
  });
  if (issues.length) throw DomainError.fromIssues(issues, 'The scenario does not fit the scheme');
}

/** Whether an answer is valid for a question. */
export function answerFits(q: ScenarioQuestion, value: AnswerValue): boolean {
  if (value === 'na') return q.naAllowed;
  if (q.answer.type === 'yesNo') return value === 'yes' || value === 'no';
  return typeof value === 'number' && Number.isInteger(value) && value >= 1 && value <= q.answer.scale;
}

/** How an answer counts: a conforming sample, a non-conforming one, or none ("not applicable"). */
export function sampleOf(q: ScenarioQuestion, value: AnswerValue): 'conforming' | 'nonConforming' | 'none' {
  if (value === 'na') return 'none';
  if (q.answer.type === 'yesNo') return value === q.answer.conformingWhen ? 'conforming' : 'nonConforming';
  return typeof value === 'number' && value >= q.answer.conformingMin ? 'conforming' : 'nonConforming';
}
