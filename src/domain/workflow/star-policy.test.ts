/**
 * The body's star policy at the certification decision, worked through with the scheme's rule
 * (gbt27922.md §6: many bodies give stars only a year after first reaching 达标, unless the result is
 * outstanding). The policy feeds the engine through the evaluation document's context, so the frozen
 * document reproduces the granted level.
 */
import { describe, expect, it } from 'vitest';
import example from '../scoring/examples/23-stars-after-compliance-cap.json';
import { parseEvaluationDocument } from '../scoring/evaluation-input.ts';
import { scoreEvaluation } from '../scoring/score-evaluation.ts';
import { publishedBuiltin, testHash } from '../schemes/builtin.test-support.ts';
import { BodyOverlaySchema, deriveBodyVersion } from '../schemes/overlay.ts';
import { publishSchemeVersion } from '../schemes/publish.ts';
import {
  DEFAULT_WORKFLOW_POLICY,
  starPolicyContext,
  starPolicyOutcome,
  WorkflowPolicySchema,
} from './index.ts';

/** The example body version: stars only after 12 months at a certified level, outstanding overrides. */
const bodyScheme = publishSchemeVersion(
  deriveBodyVersion(publishedBuiltin().package, BodyOverlaySchema.parse(example.overlay), {
    referenceContentHash: publishedBuiltin().contentHash,
  }),
  testHash,
);
/** The example evaluation: every item conforms, score 100 → the engine alone gives five stars. */
const allConforming = (context: unknown) =>
  parseEvaluationDocument({ ...(example.evaluation as object), context });

const grading = bodyScheme.package.policies.grading;
const stars = DEFAULT_WORKFLOW_POLICY.stars;

describe('star policy (stars only after time at a certified level)', () => {
  it('holds stars back at the initial certification: no earlier grant, so 0 months', () => {
    const { context, basis } = starPolicyContext({
      grading,
      stars,
      earlierGrants: [],
      decisionDate: '2026-12-15',
      score: 100,
    });
    expect(context).toEqual({ monthsAtCompliant: null });
    expect(basis).toMatchObject({
      enabled: true,
      requiredMonths: 12,
      certifiedSince: null,
      outstanding: null,
    });
    const result = scoreEvaluation(bodyScheme, allConforming(context));
    const outcome = starPolicyOutcome(result);
    expect(outcome.engineLevel?.id).toBe('fiveStar');
    expect(outcome.grantedLevel?.id).toBe('compliant');
    expect(outcome.rule).toBe('starsCapped');
    expect(outcome.reason?.zh).toContain('12 个月');
  });

  it('grants the stars at the first surveillance once 12 whole months have passed since the first grant', () => {
    const earlierGrants = [{ decisionDate: '2026-12-15', levelId: 'compliant', stars: 0 }];
    const at11 = starPolicyContext({ grading, stars, earlierGrants, decisionDate: '2027-12-14', score: 100 });
    expect(at11.context.monthsAtCompliant).toBe(11);
    expect(scoreEvaluation(bodyScheme, allConforming(at11.context)).outcome.level?.id).toBe('compliant');
    const at12 = starPolicyContext({ grading, stars, earlierGrants, decisionDate: '2027-12-15', score: 100 });
    expect(at12.context.monthsAtCompliant).toBe(12);
    const result = scoreEvaluation(bodyScheme, allConforming(at12.context));
    expect(starPolicyOutcome(result)).toMatchObject({
      engineLevel: { id: 'fiveStar' },
      grantedLevel: { id: 'fiveStar' },
      rule: 'none',
    });
  });

  it('lets an outstanding result through: by the decision maker, or by a score at the body threshold', () => {
    const byPerson = starPolicyContext({
      grading,
      stars,
      earlierGrants: [],
      decisionDate: '2026-12-15',
      score: 100,
      outstandingJustification: '全国售后服务标杆企业',
    });
    expect(byPerson.basis.outstanding).toEqual({
      by: 'decisionMaker',
      justification: '全国售后服务标杆企业',
    });
    const r1 = scoreEvaluation(bodyScheme, allConforming(byPerson.context));
    expect(starPolicyOutcome(r1)).toMatchObject({
      grantedLevel: { id: 'fiveStar' },
      rule: 'outstandingOverride',
    });

    const body = WorkflowPolicySchema.parse({ stars: { outstandingMinScore: 98 } }).stars;
    const byScore = starPolicyContext({
      grading,
      stars: body,
      earlierGrants: [],
      decisionDate: '2026-12-15',
      score: 100,
    });
    expect(byScore.basis.outstanding?.by).toBe('score');
    expect(scoreEvaluation(bodyScheme, allConforming(byScore.context)).outcome.level?.id).toBe('fiveStar');
    const below = starPolicyContext({
      grading,
      stars: body,
      earlierGrants: [],
      decisionDate: '2026-12-15',
      score: 96,
    });
    expect(below.basis.outstanding).toBeNull();
  });

  it('ignores an outstanding claim when the scheme allows no override', () => {
    const strict = { starsAfterCompliance: { enabled: true, months: 12, outstandingOverride: false } };
    const { context, basis } = starPolicyContext({
      grading: strict,
      stars,
      earlierGrants: [],
      decisionDate: '2026-12-15',
      score: 100,
      outstandingJustification: '结果突出',
    });
    expect(basis.outstanding).toBeNull();
    expect(context).toEqual({ monthsAtCompliant: null });
  });

  it('changes nothing under the built-in reference (the rule is off by default)', () => {
    const builtin = publishedBuiltin();
    expect(builtin.package.policies.grading.starsAfterCompliance.enabled).toBe(false);
    const { context } = starPolicyContext({
      grading: builtin.package.policies.grading,
      stars,
      earlierGrants: [],
      decisionDate: '2026-12-15',
      score: 100,
    });
    const doc = parseEvaluationDocument({
      ...(example.evaluation as object),
      scheme: { urn: builtin.package.urn, version: builtin.package.version },
      context,
    });
    const outcome = starPolicyOutcome(scoreEvaluation(builtin, doc));
    expect(outcome).toMatchObject({
      engineLevel: { id: 'fiveStar' },
      grantedLevel: { id: 'fiveStar' },
      rule: 'none',
    });
  });

  it('counts from the first grant of the programme and ignores grants dated after the decision', () => {
    const { basis } = starPolicyContext({
      grading,
      stars,
      earlierGrants: [
        { decisionDate: '2027-12-20', levelId: 'threeStar', stars: 3 },
        { decisionDate: '2026-12-15', levelId: 'compliant', stars: 0 },
        { decisionDate: '2030-01-01', levelId: 'compliant', stars: 0 },
      ],
      decisionDate: '2028-12-10',
      score: 90,
    });
    expect(basis.certifiedSince).toBe('2026-12-15');
    expect(basis.monthsAtCompliant).toBe(23);
  });
});
