/**
 * The worked examples under ./examples, each computed by hand (see its `handCalculation`) and citing the
 * clause it illustrates. The CLI reproduces the same files with `starmark score`.
 */
import { describe, expect, it } from 'vitest';
import { isDomainError } from '../errors.ts';
import { publishedBuiltin, testHash } from '../schemes/builtin.test-support.ts';
import { BodyOverlaySchema, deriveBodyVersion } from '../schemes/overlay.ts';
import { publishSchemeVersion } from '../schemes/publish.ts';
import { parseEvaluationDocument } from './evaluation-input.ts';
import { scoreEvaluation } from './score-evaluation.ts';

interface WorkedExample {
  id: string;
  clauses: string[];
  rules: string[];
  handCalculation: string[];
  overlay?: unknown;
  evaluation: unknown;
  expected: {
    error?: { code: string; path: string };
    status?: 'scored' | 'incomplete';
    applicablePoints?: number;
    achievedPoints?: number;
    exactUnrounded?: string;
    score?: number | null;
    scoreText?: string | null;
    level?: string | null;
    cappedFrom?: string;
    passed?: boolean | null;
    reasonCodes?: string[];
    lostPoints?: Record<string, number>;
    correctionsRequired?: string[];
    unscorable?: string[];
  };
}

const files = import.meta.glob<WorkedExample>('./examples/*.json', { eager: true, import: 'default' });
const examples = Object.entries(files).sort(([a], [b]) => a.localeCompare(b));

function schemeFor(example: WorkedExample) {
  const reference = publishedBuiltin();
  if (!example.overlay) return reference;
  const overlay = BodyOverlaySchema.parse(example.overlay);
  const derived = deriveBodyVersion(reference.package, overlay, {
    referenceContentHash: reference.contentHash,
  });
  return publishSchemeVersion(derived, testHash);
}

describe('worked examples', () => {
  it('has at least fifteen, each citing a clause and showing its calculation', () => {
    expect(examples.length).toBeGreaterThanOrEqual(15);
    for (const [, ex] of examples) {
      expect(ex.clauses.length).toBeGreaterThan(0);
      expect(ex.handCalculation.length).toBeGreaterThan(0);
    }
  });

  it('covers every scoring and grading rule', () => {
    const covered = new Set(examples.flatMap(([, ex]) => ex.rules));
    for (const rule of [
      'scoring.qualitative',
      'scoring.sampled',
      'scoring.metric',
      'scoring.staffing',
      'scoring.exclusion',
      'scoring.unscorable',
      'scoring.special_deduction',
      'scoring.special_bonus',
      'scoring.rounding',
      'scoring.normalisation',
      'grading.pass_mark',
      'grading.special_deduction_fail_count',
      'grading.level',
      'grading.stars_after_compliance',
    ]) {
      expect(covered, rule).toContain(rule);
    }
  });

  for (const [file, ex] of examples) {
    it(`${ex.id} (${file.replace('./examples/', '')})`, () => {
      const scheme = schemeFor(ex);
      const doc = parseEvaluationDocument(ex.evaluation);
      const want = ex.expected;
      if (want.error) {
        let caught: unknown;
        try {
          scoreEvaluation(scheme, doc);
        } catch (e) {
          caught = e;
        }
        expect(isDomainError(caught), 'a DomainError is thrown').toBe(true);
        if (isDomainError(caught)) {
          expect(caught.code).toBe(want.error.code);
          expect(caught.details.path).toBe(want.error.path);
        }
        return;
      }
      const result = scoreEvaluation(scheme, doc);
      expect(result.status).toBe(want.status);
      if (want.applicablePoints !== undefined)
        expect(result.totals.applicablePoints).toBe(want.applicablePoints);
      if (want.achievedPoints !== undefined) expect(result.totals.achievedPoints).toBe(want.achievedPoints);
      if (want.exactUnrounded !== undefined) expect(result.totals.exact.unrounded).toBe(want.exactUnrounded);
      expect(result.totals.score).toBe(want.score);
      expect(result.totals.scoreText).toBe(want.scoreText);
      expect(result.outcome.level?.id ?? null).toBe(want.level);
      expect(result.outcome.passed).toBe(want.passed);
      expect(result.outcome.cappedFrom?.id).toBe(want.cappedFrom);
      expect(result.outcome.reasons.map((r) => r.code)).toEqual(want.reasonCodes);
      for (const r of result.outcome.reasons) {
        expect(r.zh.length).toBeGreaterThan(0);
        expect(r.en.length).toBeGreaterThan(0);
      }
      if (want.lostPoints) {
        const lost: Record<string, number> = {};
        for (const l of result.trace.lostPoints) {
          if (l.ruleId === 'scoring.special_deduction') continue;
          lost[l.node!] = (lost[l.node!] ?? 0) + l.points;
        }
        expect(lost).toEqual(want.lostPoints);
      }
      expect(result.correctionsRequired).toEqual(want.correctionsRequired ?? []);
      if (want.unscorable) expect(result.unscorable.map((u) => u.node)).toEqual(want.unscorable);
    });
  }
});
